"""Reads of the reporting loop: who is expected to report, monitoring figures, consolidation."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from operator import itemgetter

from django.db.models import Max, Q, Sum, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from danvan.org import selectors as org_selectors
from danvan.org.models import Unit
from danvan.reporting.models import Indicator, IndicatorValue, Narrative, Period, Report

SENT = (Report.Status.SUBMITTED, Report.Status.ACCEPTED)
# What the monitoring table, its exports and the API show of a report. Only these are read: a national period
# has 4,000 reports, and each unused date costs a conversion. Showing another field? Add it here.
MONITORED_FIELDS = ("id", "plan_id", "period_id", "unit_id", "status", "on_time", "submitted_at")


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
    """Expected, submitted, on time, late, missing for one period (two queries, one pass over the units)."""
    today = today or timezone.localdate()
    units = expected_units(period) if units is None else units
    # The period's reports, not "unit__in=[…]": a national period expects 4,000 units, too long a list of
    # parameters; reports of units no longer expected are left out by the lookup below.
    reports = {r.unit_id: r for r in Report.objects.filter(period=period).only(*MONITORED_FIELDS)}
    overdue = Status.OVERDUE if today > period.due_date else Status.NOT_SENT
    result = Monitoring(period=period, today=today, rows=[], expected=len(units))
    for unit in units:
        report = reports.get(unit.pk)
        if report is None:
            status = overdue
        elif report.status in SENT:
            status = Status.ON_TIME if report.on_time else Status.LATE
            result.accepted += report.status == Report.Status.ACCEPTED
        elif report.status == Report.Status.RETURNED:
            status = Status.RETURNED
        else:
            status = overdue
        result.rows.append(UnitRow(unit=unit, report=report, status=status))
    counts = Counter(row.status for row in result.rows)
    result.on_time, result.late, result.returned = counts[Status.ON_TIME], counts[Status.LATE], counts[Status.RETURNED]
    result.submitted = result.on_time + result.late
    result.missing = result.expected - result.submitted
    return result


# Consolidation -------------------------------------------------------------------------------------------

TOP_AGGREGATIONS = (Indicator.Aggregation.MAX, Indicator.Aggregation.LATEST)  # the largest figure, not the sum


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
    previous_period: Period | None
    last_year_period: Period | None
    monitoring: Monitoring
    reports_counted: int
    mapped_to_successor: list[tuple[Unit, Unit]] = field(default_factory=list)

    def total(self, code: str) -> Decimal | None:
        return next((t.value for t in self.totals if t.indicator.code == code), None)

    @cached_property
    def narratives(self) -> dict[int, list[tuple[str, dict[str, str]]]]:
        """Task number → [(unit name, the sections it wrote)], units by name. Read on first use: the figures
        (the API, the totals) do without, and a national period has some 35,000 narratives."""
        return _narratives(self.period)


def _totals(periods: list[Period | None], indicators: list[Indicator]) -> list[dict[int, Decimal | None]]:
    """Each indicator aggregated over each period's sent reports, in the database, in one query (one pass
    over the figures on PostgreSQL, instead of one per period)."""
    ids = list(dict.fromkeys(period.pk for period in periods if period is not None))
    if not ids:
        return [{} for _period in periods]
    # The maximum only when an indicator takes it: one aggregate less per figure and period.
    tops = any(i.aggregation in TOP_AGGREGATIONS for i in indicators)
    aggregates = {}
    for pk in ids:
        aggregates[f"total_{pk}"] = Sum("value", filter=Q(report__period_id=pk))
        if tops:
            aggregates[f"top_{pk}"] = Max("value", filter=Q(report__period_id=pk))
    rows = (
        IndicatorValue.objects.filter(report__period__in=ids, report__status__in=SENT, value__isnull=False)
        .values("indicator_id").annotate(**aggregates).order_by()
    )
    by_id = {i.pk: i for i in indicators}
    raw: dict[int, dict[int, Decimal]] = {pk: {} for pk in ids}
    for row in rows:
        indicator = by_id.get(row["indicator_id"])
        if indicator is None:
            continue
        top = indicator.aggregation in TOP_AGGREGATIONS
        for pk in ids:
            value = row[f"top_{pk}"] if top else row[f"total_{pk}"]
            if value is not None:
                raw[pk][indicator.pk] = value
    return [_with_ratios(raw[period.pk], indicators) if period is not None else {} for period in periods]


def _with_ratios(raw: dict[int, Decimal], indicators: list[Indicator], *,
                 in_place: bool = False) -> dict[int, Decimal | None]:
    """A ratio indicator is computed from its parts' totals, not summed (a sum of rates means nothing)."""
    result = raw if in_place else dict(raw)
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
    year), per-unit rows rolled up to the tree of `tree_date` (default: the due date), the monitoring figures,
    and (read when first used) each task's narratives with the unit's name.

    A national period holds some 160,000 figures and 35,000 narratives: they are read as plain rows (no model
    instances, no sorting in the database) in a fixed number of queries, and each unit's successor is looked
    up once, not once per figure.
    """
    tree_date = tree_date or period.due_date
    indicators = list(Indicator.objects.filter(active=True).select_related("group"))
    prev_period, last_year_period = previous_period(period), same_period_last_year(period)
    this, prev, last = _totals([period, prev_period, last_year_period], indicators)
    totals = [IndicatorTotal(indicator=i, value=this.get(i.pk), previous=prev.get(i.pk), last_year=last.get(i.pk))
              for i in indicators]
    watch = monitoring(period, today=today)
    unit_of_report = dict(Report.objects.filter(period=period, status__in=SENT).values_list("pk", "unit_id"))
    unit_rows, mapped = [], []
    if with_units:
        known = {row.unit.pk: row.unit for row in watch.rows}
        unit_rows, mapped = _unit_rows(period, unit_of_report, known, indicators, tree_date)
    return Consolidation(
        period=period, tree_date=tree_date, totals=totals, unit_rows=unit_rows,
        previous_period=prev_period, last_year_period=last_year_period, monitoring=watch,
        reports_counted=len(unit_of_report), mapped_to_successor=mapped,
    )


def _unit_rows(period: Period, unit_of_report: dict[int, int], known: dict[int, Unit], indicators: list[Indicator],
               tree_date: datetime.date) -> tuple[list[tuple[Unit, dict[int, Decimal]]], list[tuple[Unit, Unit]]]:
    """Each sent report's figures, summed per unit of the tree of `tree_date` (a unit gone by then counts in
    its successor), sorted by name; and the units so mapped. `known`: units already read, by id."""
    missing = set(unit_of_report.values()) - known.keys()
    units = {**known, **Unit.objects.in_bulk(missing)} if missing else known
    cache: dict[int, Unit] = {}
    target_of_unit = {pk: _target(units[pk], tree_date, cache) for pk in set(unit_of_report.values())}
    mapped = sorted(((units[pk], target) for pk, target in target_of_unit.items() if target.pk != pk),
                    key=lambda pair: pair[0].name_folded)
    # The figures come as text and are made decimals here: Django's SQLite converter (float → Decimal, then
    # quantised, through its generic per-row machinery) took longer than the query for 160,000 figures.
    # Quantised to the field's places, the values are the ones the ORM gives, on both databases; the same
    # figure (mostly small counts: some 10,000 distinct among 160,000) is converted once. The rows are
    # streamed, not kept: fewer live objects for the garbage collector to go through.
    places = Decimal(1).scaleb(-IndicatorValue._meta.get_field("value").decimal_places)
    decimals: dict[str, Decimal] = {}
    by_report: dict[int, dict[int, Decimal]] = {report_id: {} for report_id in unit_of_report}
    for report_id, indicator_id, text in (
        IndicatorValue.objects.filter(report__period=period, report__status__in=SENT, value__isnull=False)
        .values_list("report_id", "indicator_id", Cast("value", TextField())).iterator(chunk_size=5000)
    ):
        values = by_report.get(report_id)
        if values is None:  # a report sent after `unit_of_report` was read; it counts next time
            continue
        value = decimals.get(text)
        if value is None:
            value = decimals[text] = Decimal(text).quantize(places)
        values[indicator_id] = value  # a report has one value per indicator
    # Reports of units mapped to the same unit of the tree are added up; a report without figures has no row.
    buckets: dict[int, dict[int, Decimal]] = {}
    for report_id, values in by_report.items():
        if not values:
            continue
        target = target_of_unit[unit_of_report[report_id]].pk
        bucket = buckets.get(target)
        if bucket is None:
            buckets[target] = values
        else:
            for indicator_id, value in values.items():
                bucket[indicator_id] = bucket.get(indicator_id, 0) + value
    ratios = [i for i in indicators if i.aggregation == Indicator.Aggregation.RATIO]
    targets = {target.pk: target for target in target_of_unit.values()}
    unit_rows = sorted(((targets[pk], _with_ratios(values, ratios, in_place=True)) for pk, values in buckets.items()),
                       key=lambda row: row[0].name_folded)
    return unit_rows, mapped


def _narratives(period: Period) -> dict[int, list[tuple[str, dict[str, str]]]]:
    """Task number → [(unit name, the sections it wrote)] for the period's sent reports, units by name.

    Sorted here rather than by the database: the same order on SQLite and PostgreSQL (whose collation would
    sort the folded names its own way), and cheaper than PostgreSQL's sort of 35,000 rows by a text key."""
    rows = sorted(
        Narrative.objects.filter(report__period=period, report__status__in=SENT).order_by()
        .values_list("task__number", "report__unit__name_folded", "report__unit__name", *Narrative.SECTIONS),
        key=itemgetter(0, 1),
    )
    result: dict[int, list[tuple[str, dict[str, str]]]] = {}
    # Narrative.SECTIONS by name: a comprehension per row costs a third more on 35,000 rows.
    for number, _folded, unit_name, results, shortcomings, next_steps, proposals in rows:
        sections = {}
        if results:
            sections["results"] = results
        if shortcomings:
            sections["shortcomings"] = shortcomings
        if next_steps:
            sections["next_steps"] = next_steps
        if proposals:
            sections["proposals"] = proposals
        if sections:
            result.setdefault(number, []).append((unit_name, sections))
    return result
