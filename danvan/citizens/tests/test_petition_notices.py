import datetime

from danvan.citizens import services
from danvan.citizens.models import Petition
from danvan.citizens.tests.petition_helpers import accepted, handler_of, petition
from danvan.core.models import Notification, OutgoingEmail


def test_each_decision_tells_the_unit_head_and_the_handler(tree, people, django_capture_on_commit_callbacks):
    handler = handler_of(tree["commune"])
    with django_capture_on_commit_callbacks(execute=True):
        p = accepted(people["owner"], petition(people["owner"], tree["commune"]), handler)
        services.petition_resolve(by=handler, petition=p, decision_number="12/QĐ-UBND",
                                  decision_date=datetime.date(2025, 10, 20), answer="Giữ nguyên quyết định.")
        services.petition_close(by=handler, petition=p)
    head_notes = list(Notification.objects.filter(recipient=people["member"]).values_list("subject", flat=True))
    assert any(s.startswith("Đã giải quyết") for s in head_notes)
    assert any(s.startswith("Đã đóng") for s in head_notes)
    assert Notification.objects.filter(recipient=handler, subject__startswith="Đã giải quyết").exists()


def test_the_petitioner_is_mailed_each_public_step(tree, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = petition(people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK, name="", address="",
                     email="dan@example.vn", subject="Đèn đường hỏng")
    mails = OutgoingEmail.objects.filter(to="dan@example.vn")
    assert mails.count() == 1
    assert p.tracking_code in mails.get().subject and "/portal/" in mails.get().body
