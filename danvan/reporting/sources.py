"""Indicator sources owned by the plans side of the loop (registered in core.sources)."""

from django.utils.translation import gettext_lazy as _

from danvan.core import sources
from danvan.plans.models import Plan


@sources.register("plans.unit_plans_issued", _("Implementation plans issued by the unit"))
def unit_plans_issued(unit, data_from, data_to) -> int:
    """Implementation plans the unit issued up to the end of the window (in the window's year)."""
    return Plan.objects.filter(
        issuer=unit, parent__isnull=False, status=Plan.Status.ISSUED, issued_on__lte=data_to,
        issued_on__year=data_to.year,
    ).count()
