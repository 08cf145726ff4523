"""The benchmark's data set is what it claims to be (no timing here: speed is measured by `make bench`)."""

import pytest
from django.db import connection

from danvan.bench import __main__ as runner
from danvan.bench.data import DataSet, Sizes, generate
from danvan.plans.selectors import assigned_units
from danvan.reporting import selectors
from danvan.reporting.models import Indicator, IndicatorValue, Narrative, Period, Report
from danvan.reporting.validation import report_problems

TINY = Sizes(provinces=3, departments_per_province=2, communes=34, province_communes=12)  # 40 units


@pytest.fixture
def data(db):
    return generate(TINY)


def test_the_scales_give_the_national_tree_and_a_tenth_of_it():
    assert Sizes.for_scale(1).units == 34 * 20 + 3321 == 4001
    assert Sizes.for_scale(0.1).units == 400
    assert Sizes.for_scale(0.1).province_communes == Sizes.for_scale(1).province_communes == 135


def test_every_assigned_unit_is_expected_on_every_period(data):
    assert len(data.units) == TINY.units == 40
    for period in data.national_plan.periods.all():
        assert len(selectors.expected_units(period)) == 40
    assert list(data.national_plan.periods.values_list("kind", flat=True)) == ["Q1", "6M", "9M", "YEAR"]
    province = data.province_period()
    assert {u.pk for u in assigned_units(data.province_plan, province.due_date)} == {
        u.pk for u in data.province_communes}
    assert len(data.province_communes) == 12


def test_most_units_report_on_time_some_late_a_few_not_at_all(data):
    totals = {"on_time": 0, "late": 0, "missing": 0, "expected": 0}
    for period in data.national_plan.periods.all():
        assert Report.objects.filter(period=period).count() <= 40  # at most one report per unit
        m = selectors.monitoring(period)
        for key in totals:
            totals[key] += getattr(m, key)
    assert totals["expected"] == 160
    assert totals["on_time"] > totals["late"] > 0 and totals["missing"] > 0
    assert totals["on_time"] + totals["late"] >= 0.8 * 160


def test_sent_reports_have_every_figure_and_a_narrative_per_task_and_break_no_rule(data):
    indicators = Indicator.objects.filter(active=True).count()
    sent = Report.objects.filter(status__in=selectors.SENT).select_related("period", "plan", "unit")
    assert sent.count() > 150
    for report in sent:
        assert IndicatorValue.objects.filter(report=report).count() == indicators
        if report.plan_id != data.last_year_plan.pk:
            narratives = Narrative.objects.filter(report=report)
            assert narratives.count() == 9 and all(n.results for n in narratives)
        assert report_problems(report) == [], report  # resolved ≤ received, whole counts, never shrinking


def test_the_consolidation_has_a_previous_period_and_the_same_period_last_year(data):
    c = selectors.consolidate(data.national_period(Period.Kind.M9))
    assert c.previous_period.kind == Period.Kind.H1 and c.last_year_period.plan == data.last_year_plan
    received = next(t for t in c.totals if t.indicator.code == "DON_NHAN")
    assert received.value > received.previous > 0 and received.last_year > 0
    assert len(c.unit_rows) == c.reports_counted and sum(len(items) for items in c.narratives.values()) == (
        9 * c.reports_counted)


def test_the_benchmark_never_writes_into_another_database(db):
    with pytest.raises(SystemExit, match="Refusing"):
        runner._refuse_unless_benchmark_database(connection)


def test_the_scale_is_full_small_or_a_number():
    assert (runner.scale_of(""), runner.scale_of("small"), runner.scale_of("0.5")) == (1.0, 0.1, 0.5)
    with pytest.raises(SystemExit):
        runner.scale_of("huge")
    assert runner.runs_of("") == runner.runs_of("2") == 5 and runner.runs_of("9") == 9


def test_the_measuring_process_finds_the_data_set_again(data):
    again = DataSet.load()
    assert (again.root, again.national_plan, again.last_year_plan, again.province_plan, again.coordinator) == (
        data.root, data.national_plan, data.last_year_plan, data.province_plan, data.coordinator)
    assert {u.pk for u in again.units} == {u.pk for u in data.units}
    assert {u.pk for u in again.province_communes} == {u.pk for u in data.province_communes}
