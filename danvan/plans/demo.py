"""Demo data for plans: the seed plan of Bình Định for 2025, imported as a draft for the coordinator to check
and issue in the browser (journey 1)."""

from django.db import transaction

from danvan.core.models import DataLoad
from danvan.org.models import Unit
from danvan.plans import interchange

ISSUER_NAME = "Tỉnh Bình Định"


@transaction.atomic
def load_plan_demo(stdout=None) -> bool:
    """Import the seed plan once, as a draft of "Tỉnh Bình Định". Returns False when it was already there.

    Needs the organisation demo (`danvan.org.demo.load_org_demo`) first."""
    if DataLoad.objects.filter(name="demo-plan").exists():
        return False
    issuer = Unit.objects.filter(name=ISSUER_NAME, kind=Unit.Kind.PROVINCE).order_by("valid_from").first()
    if issuer is None:
        raise LookupError(f"No unit named {ISSUER_NAME!r}: load the organisation demo first.")
    plan = interchange.import_plan(interchange.load(interchange.SEED_PATH), by=None, issuer=issuer)
    DataLoad.objects.create(name="demo-plan")
    if stdout:
        stdout.write(f"Plan “{plan.title}” imported as a draft ({plan.tasks.count()} tasks, "
                     f"{plan.periods.count()} reporting periods)")
    return True
