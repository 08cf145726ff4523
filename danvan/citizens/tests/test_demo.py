from io import StringIO

from django.core.management import call_command

from danvan.audit.services import verify_chain
from danvan.citizens.models import Dialogue, Petition, ReceptionSession


def test_load_demo_loads_every_part_once(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo data loaded." in out.getvalue()
    assert Petition.objects.count() == 5
    assert Petition.objects.filter(answer_public=True).count() == 1
    assert ReceptionSession.objects.count() == 1 and Dialogue.objects.count() == 1
    counts = Petition.objects.count(), ReceptionSession.objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert (Petition.objects.count(), ReceptionSession.objects.count()) == counts
    assert verify_chain()[0]
