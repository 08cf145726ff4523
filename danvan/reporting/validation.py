"""Rules a report's figures must keep before it can be sent (a draft may break them: it is kept anyway)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from danvan.reporting.models import Indicator, IndicatorValue, Period, Report


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def report_problems(report: Report) -> list[str]:
    """Every rule the report's values break, in words a person can act on."""
    values = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(report=report).select_related("indicator", "indicator__not_more_than")
    }
    problems = []
    for item in values.values():
        indicator, value = item.indicator, item.value
        if value is None:
            continue
        if value < 0:
            problems.append(_("%(name)s cannot be negative.") % {"name": indicator.name})
        if indicator.value_type == Indicator.ValueType.COUNT and value != value.to_integral_value():
            problems.append(_("%(name)s must be a whole number.") % {"name": indicator.name})
        if indicator.value_type == Indicator.ValueType.PERCENT and value > 100:
            problems.append(_("%(name)s is a percentage and cannot exceed 100.") % {"name": indicator.name})
        if indicator.not_more_than_id:
            other = values.get(indicator.not_more_than_id)
            if other is not None and other.value is not None and value > other.value:
                problems.append(
                    _("%(name)s (%(value)s) cannot exceed %(other)s (%(other_value)s).")
                    % {"name": indicator.name, "value": _fmt(value), "other": indicator.not_more_than.name,
                       "other_value": _fmt(other.value)}
                )
    problems += _shrinking(report, values)
    return problems


def _shrinking(report: Report, values: dict[int, IndicatorValue]) -> list[str]:
    """A cumulative figure never shrinks from one period to the next of the same plan and unit."""
    period = report.period
    if period.kind == Period.Kind.AD_HOC:
        return []
    previous = (
        Report.objects.filter(plan=report.plan, unit=report.unit, period__due_date__lt=period.due_date,
                              status__in=[Report.Status.SUBMITTED, Report.Status.ACCEPTED])
        .exclude(period__kind=Period.Kind.AD_HOC)
        .select_related("period")
        .order_by("-period__due_date")
        .first()
    )
    if previous is None:
        return []
    before = dict(
        IndicatorValue.objects.filter(report=previous, indicator__cumulative=True, value__isnull=False)
        .values_list("indicator_id", "value")
    )
    problems = []
    for indicator_id, old in before.items():
        item = values.get(indicator_id)
        if item is not None and item.value is not None and item.value < old:
            problems.append(
                _("%(name)s is cumulative and cannot fall below %(old)s, the figure of %(period)s.")
                % {"name": item.indicator.name, "old": _fmt(old), "period": previous.period.display_name}
            )
    return problems
