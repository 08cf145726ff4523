"""Reads of the reporting loop: who is expected to report, monitoring figures, consolidation."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Sum
from django.utils import timezone

from danvan.org import selectors as org_selectors
from danvan.org.models import Unit
from danvan.reporting.models import Indicator, IndicatorValue, Narrative, Period, Report

SENT = (Report.Status.SUBMITTED, Report.Status.ACCEPTED)


def expected_units(period: Period) -> list[Unit]:
    """Units expected to report: those the plan is assigned to as the tree stands on the due date (so after
    the July 2025 restructuring the new communes report, not the old districts)."""
    from danvan.plans.selectors import assigned_units

    return assigned_units(period.plan, on=period.due_date)


# Monitoring ----------------------------------------------------------------------------------------------

class Status:
    """A unit's standing in a period, as the monitoring table shows it."""

    NOT_SENT = "not_sent"  # before the due date, nothing sent yet
    OVERDUE = "overdue"  # past the due date, nothing sent
    RETURNED = "returned"
    ON_TIME = "on_time"
    LATE = "late"


@dataclass
class UnitRow:
    unit: Unit
    report: Report | None
    status: str

    @property
    def sent(self) -> bool:
        return self.status in (Status.ON_TIME, Status.LATE)

    @property
    def overdue(self) -> bool:
        return self.status == Status.OVERDUE


@dataclass
class Monitoring:
    period: Period
    today: datetime.date
    rows: list[UnitRow]
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    returned: int = 0
    accepted: int = 0

    @property
    def reporting_rate(self) -> float:
        """DHIS2's reporting rate: reports sent / reports expected, in %."""
        return round(100 * self.submitted / self.expected, 1) if self.expected else 0.0

    @property
    def timeliness_rate(self) -> float:
        """DHIS2's reporting rate on time: reports sent on time / reports expected, in %."""
        return round(100 * self.on_time / self.expected, 1) if self.expected else 0.0

    def late_units(self) -> list[Unit]:
        """Units past the due date with nothing sent (what an urging letter lists)."""
        return [row.unit for row in self.rows if row.status in (Status.OVERDUE, Status.RETURNED)
                and self.today > self.period.due_date]


def monitoring(period: Period, *, today: datetime.date | None = None, units: list[Unit] | None = None) -> Monitoring:
    """Expected, submitted, on time, late, missing for one period (two queries)."""
    today = today or timezone.localdate()
    units = expected_units(period) if units is None else units
    reports = {r.unit_id: r for r in Report.objects.filter(period=period, unit__in=[u.pk for u in units])}
    result = Monitoring(period=period, today=today, rows=[])
    for unit in units:
        report = reports.get(unit.pk)
        if report is not None and report.status in SENT:
            status = Status.ON_TIME if report.on_time else Status.LATE
        elif report is not None and report.status == Report.Status.RETURNED:
            status = Status.RETURNED
        else:
            status = Status.OVERDUE if today > period.due_date else Status.NOT_SENT
        result.rows.append(UnitRow(unit=unit, report=report, status=status))
    result.expected = len(units)
    result.submitted = sum(1 for row in result.rows if row.sent)
    result.on_time = sum(1 for row in result.rows if row.status == Status.ON_TIME)
    result.late = sum(1 for row in result.rows if row.status == Status.LATE)
    result.returned = sum(1 for row in result.rows if row.status == Status.RETURNED)
    result.accepted = sum(1 for row in result.rows if row.report and row.report.status == Report.Status.ACCEPTED)
    result.missing = result.expected - result.submitted
    return result


# Consolidation -------------------------------------------------------------------------------------------

@dataclass
class IndicatorTotal:
    indicator: Indicator
    value: Decimal | None
    previous: Decimal | None = None
    last_year: Decimal | None = None


@dataclass
class Consolidation:
    period: Period
    tree_date: datetime.date
    totals: list[IndicatorTotal]
    unit_rows: list[tuple[Unit, dict[int, Decimal]]]
    narratives: dict[int, list[tuple[str, dict[str, str]]]]  # task number → [(unit name, sections)]
    previous_period: Period | None
    last_year_period: Period | None
    monitoring: Monitoring
    reports_counted: int
    mapped_to_successor: list[tuple[Unit, Unit]] = field(default_factory=list)

    def total(self, code: str) -> Decimal | None:
        return next((t.value for t in self.totals if t.indicator.code == code), None)


def _totals(period: Period | None, indicators: list[Indicator]) -> dict[int, Decimal | None]:
    """Each indicator aggregated over the period's sent reports, in the database (one query)."""
    if period is None:
        return {}
    rows = (
        IndicatorValue.objects.filter(report__period=period, report__status__in=SENT, value__isnull=False)
        .values("indicator_id")
        .annotate(total=Sum("value"), top=Max("value"))
    )
    by_id = {i.pk: i for i in indicators}
    raw = {}
    for row in rows:
        indicator = by_id.get(row["indicator_id"])
        if indicator is None:
            continue
        raw[indicator.pk] = row["top"] if indicator.aggregation in (Indicator.Aggregation.MAX,
                                                                     Indicator.Aggregation.LATEST) else row["total"]
    return _with_ratios(raw, indicators)


def _with_ratios(raw: dict[int, Decimal], indicators: list[Indicator]) -> dict[int, Decimal | None]:
    """A ratio indicator is computed from its parts' totals, not summed (a sum of rates means nothing)."""
    result = dict(raw)
    for indicator in indicators:
        if indicator.aggregation == Indicator.Aggregation.RATIO:
            num, den = raw.get(indicator.numerator_id), raw.get(indicator.denominator_id)
            ratio = None
            if num is not None and den:
                ratio = (Decimal(100) * num / den).quantize(Decimal("0.1"))
            result[indicator.pk] = ratio
    return result


def previous_period(period: Period) -> Period | None:
    return (Period.objects.filter(plan=period.plan, due_date__lt=period.due_date)
            .exclude(kind=Period.Kind.AD_HOC).order_by("-due_date").first())


def same_period_last_year(period: Period) -> Period | None:
    if period.kind == Period.Kind.AD_HOC:
        return None
    return (Period.objects.filter(kind=period.kind, plan__year=period.plan.year - 1, plan__parent__isnull=True)
            .order_by("-plan__issued_on").first())


def _target(unit: Unit, tree_date: datetime.date, cache: dict) -> Unit:
    """The unit that stands for `unit` in the tree of `tree_date`: itself if it exists then, else its first
    successor on that date (a split attributes to the first successor), else itself."""
    if unit.is_valid_on(tree_date):
        return unit
    if unit.pk not in cache:
        found = org_selectors.successors(unit, as_of=tree_date)
        cache[unit.pk] = found[0] if found else unit
    return cache[unit.pk]


def consolidate(period: Period, *, tree_date: datetime.date | None = None, with_units: bool = True,
                today: datetime.date | None = None) -> Consolidation:
    """The consolidated figures of a period: totals (with the previous period and the same period last
    year), per-unit rows rolled up to the tree of `tree_date` (default: the due date), each task's
    narratives with the unit's name, and the monitoring figures."""
    tree_date = tree_date or period.due_date
    indicators = list(Indicator.objects.filter(active=True).select_related("group"))
    this = _totals(period, indicators)
    prev_period, last_year_period = previous_period(period), same_period_last_year(period)
    prev, last = _totals(prev_period, indicators), _totals(last_year_period, indicators)
    totals = [IndicatorTotal(indicator=i, value=this.get(i.pk), previous=prev.get(i.pk), last_year=last.get(i.pk))
              for i in indicators]
    sent = Report.objects.filter(period=period, status__in=SENT)
    unit_rows, mapped = [], []
    if with_units:
        units = {u.pk: u for u in Unit.objects.filter(pk__in=sent.values("unit_id"))}
        cache: dict[int, Unit] = {}
        per_target: dict[int, dict[int, Decimal]] = {}
        targets: dict[int, Unit] = {}
        for unit_id, indicator_id, value in (
            IndicatorValue.objects.filter(report__in=sent, value__isnull=False)
            .values_list("report__unit_id", "indicator_id", "value").iterator(chunk_size=5000)
        ):
            target = _target(units[unit_id], tree_date, cache)
            targets[target.pk] = target
            bucket = per_target.setdefault(target.pk, {})
            bucket[indicator_id] = bucket.get(indicator_id, 0) + value
        for unit in units.values():
            target = _target(unit, tree_date, cache)
            if target.pk != unit.pk:
                mapped.append((unit, target))
        unit_rows = sorted(((targets[pk], _with_ratios(vals, indicators)) for pk, vals in per_target.items()),
                           key=lambda row: row[0].name_folded)
    narratives: dict[int, list] = {}
    for n in (Narrative.objects.filter(report__in=sent).select_related("task", "report__unit")
              .order_by("task__number", "report__unit__name_folded")):
        sections = {s: getattr(n, s) for s in Narrative.SECTIONS if getattr(n, s)}
        if sections:
            narratives.setdefault(n.task.number, []).append((n.report.unit.name, sections))
    return Consolidation(
        period=period, tree_date=tree_date, totals=totals, unit_rows=unit_rows, narratives=narratives,
        previous_period=prev_period, last_year_period=last_year_period,
        monitoring=monitoring(period, today=today), reports_counted=sent.count(), mapped_to_successor=mapped,
    )
