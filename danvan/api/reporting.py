"""Plans, periods, reports, monitoring and consolidated figures. Same scoping and services as the pages."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from danvan.org import scoping
from danvan.plans.selectors import visible_plans
from danvan.reporting import selectors, services
from danvan.reporting.models import Indicator, Period, Report

plans = Router()
periods = Router()
reports = Router()


class TaskOut(Schema):
    id: int
    number: int
    title: str
    body: str


class PeriodOut(Schema):
    id: int
    plan_id: int
    kind: str
    name: str = Field(alias="display_name")
    data_from: datetime.date
    data_to: datetime.date
    due_date: datetime.date
    recipient: str
    cumulative: bool


class PlanOut(Schema):
    id: int
    issuer_id: int
    parent_id: int | None
    year: int
    number_symbol: str
    issued_on: datetime.date | None
    title: str
    status: str


class PlanDetailOut(PlanOut):
    purposes: list[str]
    requirements: list[str]
    tasks: list[TaskOut]
    periods: list[PeriodOut]
    assigned_kinds: list[str]


@plans.get("", response=list[PlanOut], summary="Plans the caller may read")
def list_plans(request, year: int | None = None):
    qs = visible_plans(request.user).order_by("-year", "pk")
    if year:
        qs = qs.filter(year=year)
    return list(qs)


@plans.get("/{plan_id}", response=PlanDetailOut, summary="One plan with its tasks and periods")
def get_plan(request, plan_id: int):
    plan = get_object_or_404(visible_plans(request.user), pk=plan_id)
    return {**PlanOut.from_orm(plan).model_dump(), "purposes": plan.purposes, "requirements": plan.requirements,
            "tasks": list(plan.tasks.all()), "periods": list(plan.periods.all()),
            "assigned_kinds": plan.assigned_kinds}


def _period(request, period_id: int) -> Period:
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    if not visible_plans(request.user).filter(pk=period.plan_id).exists():
        raise Http404
    return period


@periods.get("/{period_id}", response=PeriodOut, summary="One reporting period")
def get_period(request, period_id: int):
    return _period(request, period_id)


class MonitoringRow(Schema):
    unit_id: int
    unit: str
    kind: str
    status: str
    report_id: int | None
    submitted_at: datetime.datetime | None


class MonitoringOut(Schema):
    period_id: int
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int
    returned: int
    reporting_rate: float
    timeliness_rate: float
    units: list[MonitoringRow]


@periods.get("/{period_id}/monitoring", response=MonitoringOut, summary="Who has reported, on time or late")
def period_monitoring(request, period_id: int):
    scoping.require_perm(request.user, "monitor_reports")
    m = selectors.monitoring(_period(request, period_id))
    return {
        "period_id": period_id, "expected": m.expected, "submitted": m.submitted, "on_time": m.on_time,
        "late": m.late, "missing": m.missing, "returned": m.returned, "reporting_rate": m.reporting_rate,
        "timeliness_rate": m.timeliness_rate,
        "units": [{"unit_id": r.unit.pk, "unit": r.unit.name, "kind": r.unit.kind, "status": r.status,
                   "report_id": r.report.pk if r.report else None,
                   "submitted_at": r.report.submitted_at if r.report else None} for r in m.rows],
    }


class TotalOut(Schema):
    code: str
    name: str
    unit_of_measure: str
    value: Decimal | None
    previous: Decimal | None
    same_period_last_year: Decimal | None


class ConsolidatedOut(Schema):
    period_id: int
    tree_date: datetime.date
    reports_counted: int
    totals: list[TotalOut]
    units: list[dict]


@periods.get("/{period_id}/consolidated", response=ConsolidatedOut, summary="Consolidated figures")
def period_consolidated(request, period_id: int, tree_date: datetime.date | None = None, by_unit: bool = False):
    scoping.require_perm(request.user, "monitor_reports")
    c = selectors.consolidate(_period(request, period_id), tree_date=tree_date, with_units=by_unit)
    codes = {t.indicator.pk: t.indicator.code for t in c.totals}
    return {
        "period_id": period_id, "tree_date": c.tree_date, "reports_counted": c.reports_counted,
        "totals": [{"code": t.indicator.code, "name": t.indicator.name,
                    "unit_of_measure": t.indicator.unit_of_measure, "value": t.value, "previous": t.previous,
                    "same_period_last_year": t.last_year} for t in c.totals],
        "units": [{"unit_id": unit.pk, "unit": unit.name,
                   "values": {codes[k]: str(v) for k, v in values.items() if k in codes}}
                  for unit, values in c.unit_rows],
    }


class NarrativeIO(Schema):
    task_id: int
    results: str = ""
    shortcomings: str = ""
    next_steps: str = ""
    proposals: str = ""


class ValueOut(Schema):
    code: str
    value: Decimal | None
    computed: Decimal | None
    overridden: bool
    text: str
    note: str


class ReportOut(Schema):
    id: int
    period_id: int
    unit_id: int
    status: str
    on_time: bool | None
    submitted_at: datetime.datetime | None
    return_comment: str
    version: int


class ReportDetailOut(ReportOut):
    narratives: list[NarrativeIO]
    values: list[ValueOut]
    problems: list[str]


def _report(request, report_id: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("period", "unit"), pk=report_id)
    ids = scoping.visible_unit_ids(request.user)
    if ids is not None and report.unit_id not in ids:
        raise Http404
    return report


def _detail(report: Report) -> dict:
    from danvan.reporting.validation import report_problems

    return {
        **ReportOut.from_orm(report).model_dump(),
        "narratives": [{"task_id": n.task_id, **{s: getattr(n, s) for s in ("results", "shortcomings", "next_steps",
                                                                            "proposals")}}
                       for n in report.narratives.all()],
        "values": [{"code": v.indicator.code, "value": v.value, "computed": v.computed, "overridden": v.overridden,
                    "text": v.text, "note": v.note} for v in report.values.select_related("indicator")],
        "problems": report_problems(report),
    }


class ReportFilters(Schema):
    period_id: int | None = None
    unit_id: int | None = None
    status: Report.Status | None = None


@reports.get("", response=list[ReportOut], summary="Reports the caller may read")
def list_reports(request, filters: Query[ReportFilters]):
    qs = Report.objects.all().order_by("pk")
    ids = scoping.visible_unit_ids(request.user)
    if ids is not None:
        qs = qs.filter(unit_id__in=ids)
    for name in ("period_id", "unit_id", "status"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    return list(qs[:1000])


@reports.get("/{report_id}", response=ReportDetailOut, summary="One report with its narratives and values")
def get_report(request, report_id: int):
    return _detail(_report(request, report_id))


class OpenIn(Schema):
    period_id: int
    unit_id: int


@reports.post("", response={201: ReportDetailOut}, summary="Open (create) the draft report of a unit")
def open_report(request, data: OpenIn):
    period = _period(request, data.period_id)
    unit = scoping.get_unit_for_user(request.user, data.unit_id)
    if not scoping.can_draft_for(request.user, unit):
        raise PermissionDenied
    if unit not in selectors.expected_units(period):
        raise Http404
    return Status(201, _detail(services.report_open(by=request.user, period=period, unit=unit)))


class ValueIn(Schema):
    code: str
    value: str | None = None
    text: str | None = None
    note: str | None = None


class DraftIn(Schema):
    narratives: list[NarrativeIO] = []
    values: list[ValueIn] = []


@reports.patch("/{report_id}", response=ReportDetailOut, summary="Update a draft (half-filled is fine)")
def update_report(request, report_id: int, data: DraftIn):
    report = _report(request, report_id)
    by_code = dict(Indicator.objects.values_list("code", "pk"))
    unknown = [v.code for v in data.values if v.code not in by_code]
    if unknown:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError(_("Unknown indicator codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    values = {}
    for item in data.values:
        given = {k: getattr(item, k) for k in ("value", "text", "note") if getattr(item, k) is not None}
        values[by_code[item.code]] = given
    narratives = {n.task_id: n.model_dump(exclude={"task_id"}) for n in data.narratives}
    services.report_save(by=request.user, report=report, narratives=narratives, values=values)
    report.refresh_from_db()
    return _detail(report)


@reports.post("/{report_id}/submit", response=ReportOut, summary="The unit head approves and sends the report")
def submit_report(request, report_id: int):
    return services.report_submit(by=request.user, report=_report(request, report_id))


