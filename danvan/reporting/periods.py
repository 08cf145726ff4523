"""Reporting periods: the defaults of the Nghị định 09/2019/NĐ-CP scheme, overridable per plan.

Data windows run from 15 December of the previous year to the 14th of the period's last month (quarterly,
six-month, nine-month and annual reports; 6M, 9M and YEAR are cumulative from the start of the year). The
default due date is the 20th of that month, as in the seed plan; every plan can override both (the seed's
annual report is due 25/11, before the standard 14/12 cut-off).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, created, diff, snapshot
from danvan.core.text import nfc
from danvan.reporting.models import Period

LAST_MONTH = {Period.Kind.Q1: 3, Period.Kind.H1: 6, Period.Kind.M9: 9, Period.Kind.YEAR: 12}
DEFAULT_DUE_DAY = 20
PERIOD_FIELDS = ["kind", "label", "data_from", "data_to", "due_date", "recipient", "revision_days"]


@dataclass(frozen=True)
class PeriodDefaults:
    kind: str
    data_from: datetime.date
    data_to: datetime.date
    due_date: datetime.date


def default_period(kind: str, year: int) -> PeriodDefaults:
    if kind not in LAST_MONTH:
        raise ValueError(f"no default window for {kind}")
    month = LAST_MONTH[kind]
    return PeriodDefaults(
        kind=kind,
        data_from=datetime.date(year - 1, 12, 15),
        data_to=datetime.date(year, month, 14),
        due_date=datetime.date(year, month, DEFAULT_DUE_DAY),
    )


def default_periods(year: int) -> list[PeriodDefaults]:
    return [default_period(kind, year) for kind in LAST_MONTH]


def _check(period: Period) -> None:
    if period.data_to < period.data_from:
        raise ValidationError({"data_to": _("The data window ends before it starts.")})
    if period.due_date < period.data_to:
        raise ValidationError({"due_date": _("The due date comes before the end of the data window.")})
    if period.kind != Period.Kind.AD_HOC:
        clash = Period.objects.filter(plan=period.plan, kind=period.kind).exclude(pk=period.pk)
        if clash.exists():
            raise ValidationError({"kind": _("This plan already has a period of this kind.")})


@transaction.atomic
def period_create(*, by, plan, kind: str, data_from=None, data_to=None, due_date=None, recipient: str = "",
                  label: str = "", revision_days: int = 5) -> Period:
    """A period of a plan; windows and due date default to the Nghị định 09 scheme for the plan's year."""
    if kind not in Period.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of period.")})
    if kind != Period.Kind.AD_HOC:
        defaults = default_period(kind, plan.year)
        data_from = data_from or defaults.data_from
        data_to = data_to or defaults.data_to
        due_date = due_date or defaults.due_date
    elif not (data_from and data_to and due_date):
        raise ValidationError(_("An ad hoc period needs its data window and due date."))
    period = Period(plan=plan, kind=kind, label=nfc(label), data_from=data_from, data_to=data_to, due_date=due_date,
                    recipient=nfc(recipient), revision_days=revision_days)
    _check(period)
    period.full_clean()
    period.save()
    audit_record(actor=by, action="period_created", obj=period, unit=plan.issuer,
                 changes=created(period, PERIOD_FIELDS))
    return period


@transaction.atomic
def period_update(*, by, period: Period, data_from, data_to, due_date, recipient: str, label: str = "",
                  revision_days: int | None = None) -> Period:
    before = snapshot(period, PERIOD_FIELDS)
    period.data_from, period.data_to, period.due_date = data_from, data_to, due_date
    period.recipient, period.label = nfc(recipient), nfc(label)
    if revision_days is not None:
        period.revision_days = revision_days
    _check(period)
    period.full_clean()
    period.save()
    audit_record(actor=by, action="period_updated", obj=period, unit=period.plan.issuer,
                 changes=diff(before, snapshot(period, PERIOD_FIELDS)))
    return period
