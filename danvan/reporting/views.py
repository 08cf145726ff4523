from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.downloads import file_download
from danvan.org import scoping
from danvan.org.models import Unit
from danvan.plans.models import Plan
from danvan.reporting import exports, selectors, services
from danvan.reporting.forms import (
    AttachmentForm,
    CommentForm,
    IndicatorForm,
    MonitoringFilterForm,
    PeriodForm,
    ReasonForm,
    TreeDateForm,
    UrgingForm,
)
from danvan.reporting.models import Attachment, Indicator, IndicatorGroup, Narrative, Period, Report


def _get_report_for_user(request, pk: int) -> Report:
    """A report the person may see: their unit's (or below), or any for province-wide roles."""
    report = get_object_or_404(Report.objects.select_related("period", "plan", "unit"), pk=pk)
    ids = scoping.visible_unit_ids(request.user)
    if ids is not None and report.unit_id not in ids:
        raise Http404
    return report


def _get_period(pk: int) -> Period:
    return get_object_or_404(Period.objects.select_related("plan", "plan__issuer"), pk=pk)


@login_required
@require_GET
def mine(request):
    """The person's units and the periods of issued plans they report for."""
    units = Unit.objects.filter(pk__in=services.member_units(request.user)).order_by("name")
    today = timezone.localdate()
    periods = list(Period.objects.filter(plan__status=Plan.Status.ISSUED, plan__parent__isnull=True)
                   .select_related("plan").order_by("due_date"))
    reports = {(r.period_id, r.unit_id): r for r in Report.objects.filter(unit__in=units, period__in=periods)}
    # Who is expected, once per period (not once per unit and period).
    expected_ids = {period.pk: {u.pk for u in selectors.expected_units(period)} for period in periods}
    rows = []
    for unit in units:
        for period in periods:
            if not unit.is_valid_on(period.due_date) and (period.pk, unit.pk) not in reports:
                continue
            expected = unit.pk in expected_ids[period.pk]
            report = reports.get((period.pk, unit.pk))
            if expected or report:
                rows.append({"unit": unit, "period": period, "report": report,
                             "overdue": today > period.due_date and not (report and report.is_sent())})
    return render(request, "reporting/mine.html", {"rows": rows, "today": today})


@login_required
@require_POST
def report_start(request, period_pk: int, unit_pk: int):
    period = _get_period(period_pk)
    unit = scoping.get_unit_for_user(request.user, unit_pk)
    if not scoping.can_draft_for(request.user, unit):
        raise PermissionDenied
    if unit not in selectors.expected_units(period):
        messages.error(request, _("This unit is not expected to report for this period."))
        return redirect("reporting:mine")
    report = services.report_open(by=request.user, period=period, unit=unit)
    return redirect("reporting:report", pk=report.pk)


def _typed(request, report):
    """What the form posted, shaped for report_save."""
    narratives, values = {}, {}
    for key, text in request.POST.items():
        parts = key.split("-")
        if parts[0] == "n" and len(parts) == 3 and parts[1].isdigit() and parts[2] in Narrative.SECTIONS:
            narratives.setdefault(int(parts[1]), {})[parts[2]] = text
        elif parts[0] in ("v", "note", "t") and len(parts) == 2 and parts[1].isdigit():
            key_name = {"v": "value", "note": "note", "t": "text"}[parts[0]]
            values.setdefault(int(parts[1]), {})[key_name] = text
    return narratives, values


def _report_context(request, report, *, typed=None, errors=None, warnings=None, comment_form=None,
                    reason_form=None, attachment_form=None):
    narratives = list(report.narratives.select_related("task"))
    values = list(report.values.select_related("indicator", "indicator__group"))
    if typed:
        t_narratives, t_values = typed
        for n in narratives:
            for section, text in t_narratives.get(n.task_id, {}).items():
                setattr(n, section, text)
        for v in values:
            given = t_values.get(v.indicator_id, {})
            v.typed = given.get("value")
            v.note = given.get("note", v.note)
            v.text = given.get("text", v.text)
    groups = {}
    for v in values:
        groups.setdefault(v.indicator.group, []).append(v)
    user = request.user
    return {
        "report": report, "narratives": narratives, "groups": sorted(groups.items(), key=lambda g: g[0].number),
        "errors": errors or [], "warnings": warnings or [],
        "can_edit": report.is_editable() and scoping.can_draft_for(user, report.unit),
        "can_submit": report.is_editable() and scoping.can_approve_for(user, report.unit),
        "can_review": scoping.has_perm(user, "review_reports"),
        "comment_form": comment_form or CommentForm(), "reason_form": reason_form or ReasonForm(),
        "attachment_form": attachment_form or AttachmentForm(),
        "attachments": report.attachments.all(), "versions": report.versions.all()[:10],
        "sections": [("results", _("Results achieved")), ("shortcomings", _("Shortcomings and causes")),
                     ("next_steps", _("Tasks and solutions for the next period")),
                     ("proposals", _("Proposals and recommendations"))],
    }


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    report = _get_report_for_user(request, pk)
    if request.method == "GET":
        return render(request, "reporting/report.html", _report_context(request, report))
    action = request.POST.get("action", "save")
    try:
        if action in ("save", "submit"):
            typed = _typed(request, report)
            try:
                warnings = services.report_save(by=request.user, report=report, narratives=typed[0],
                                                values=typed[1])
            except ValidationError as error:
                context = _report_context(request, report, typed=typed, errors=error.messages)
                return render(request, "reporting/report.html", context, status=200)
            if action == "submit":
                try:
                    services.report_submit(by=request.user, report=report)
                except ValidationError as error:
                    report.refresh_from_db()
                    context = _report_context(request, report, errors=error.messages)
                    return render(request, "reporting/report.html", context)
                messages.success(request, _("The report has been sent."))
            elif warnings:
                messages.warning(request, _("Draft saved. Before sending, fix: %(problems)s")
                                 % {"problems": " ".join(warnings)})
            else:
                messages.success(request, _("Draft saved."))
        elif action == "return":
            form = CommentForm(request.POST)
            if not form.is_valid():
                return render(request, "reporting/report.html", _report_context(request, report, comment_form=form))
            services.report_return(by=request.user, report=report, comment=form.cleaned_data["comment"])
            messages.success(request, _("The report has been returned to the unit."))
        elif action == "accept":
            services.report_accept(by=request.user, report=report)
            messages.success(request, _("The report has been accepted."))
        elif action == "reopen":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return render(request, "reporting/report.html", _report_context(request, report, reason_form=form))
            services.report_reopen(by=request.user, report=report, reason=form.cleaned_data["reason"])
            messages.success(request, _("The report has been reopened."))
        elif action == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                context = _report_context(request, report, attachment_form=form)
                return render(request, "reporting/report.html", context)
            services.attachment_add(by=request.user, report=report, upload=form.cleaned_data["file"])
            messages.success(request, _("The file has been attached."))
        else:
            return HttpResponse(status=400)
    except ValidationError as error:
        report.refresh_from_db()
        return render(request, "reporting/report.html", _report_context(request, report, errors=error.messages))
    return redirect("reporting:report", pk=report.pk)


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = get_object_or_404(Attachment, pk=pk)
    report = _get_report_for_user(request, attachment.report_id)
    try:
        services.attachment_delete(by=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reporting:report", pk=report.pk)


@login_required
@require_GET
def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment, pk=pk)
    _get_report_for_user(request, attachment.report_id)
    return file_download(attachment.file, attachment.name, attachment.content_type)


STATUS_ORDER = {"overdue": 0, "returned": 1, "not_sent": 2, "late": 3, "on_time": 4}
# Rows of the monitoring table per page: a national plan expects 4,000 units, too many rows to render (or
# read) at once. The figures above the table count every unit.
MONITORING_PAGE_SIZE = 100


@login_required
@require_GET
def monitoring(request, period_pk: int):
    scoping.require_perm(request.user, "monitor_reports")
    period = _get_period(period_pk)
    result = selectors.monitoring(period)
    present = {row.unit.kind for row in result.rows}
    kinds = sorted((kind, label) for kind, label in Unit.Kind.choices if kind in present)
    form = MonitoringFilterForm(request.GET or None, kinds=kinds)
    rows = result.rows
    if form.is_valid():
        kind, status, sort = form.cleaned_data["kind"], form.cleaned_data["status"], form.cleaned_data["sort"]
        if kind:
            rows = [r for r in rows if r.unit.kind == kind]
        if status == "sent":
            rows = [r for r in rows if r.sent]
        elif status == "missing":
            rows = [r for r in rows if not r.sent]
        elif status:
            rows = [r for r in rows if r.status == status]
        if sort == "kind":
            rows = sorted(rows, key=lambda r: (r.unit.kind, r.unit.name_folded))
        elif sort == "status":
            rows = sorted(rows, key=lambda r: (STATUS_ORDER[r.status], r.unit.name_folded))
        elif sort == "submitted":
            rows = sorted(rows, key=lambda r: (r.report is None or r.report.submitted_at is None,
                                               r.report.submitted_at if r.report and r.report.submitted_at else 0))
        else:
            rows = sorted(rows, key=lambda r: r.unit.name_folded)
    page = Paginator(rows, MONITORING_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"period": period, "m": result, "rows": page.object_list, "page": page, "form": form,
               "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
               "query": query.urlencode(),
               "can_urge": scoping.has_perm(request.user, "review_reports"), "urging_form": UrgingForm(
                   initial={"date": timezone.localdate()}),
               "letters": period.urging_letters.all()}
    return render(request, "reporting/monitoring.html", context)


@login_required
@require_POST
def urge(request, period_pk: int):
    """Issue an urging letter (công văn đôn đốc) to the late units, as an official DOCX with its own number."""
    scoping.require_perm(request.user, "review_reports")
    period = _get_period(period_pk)
    form = UrgingForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("reporting:monitoring", period_pk=period.pk)
    try:
        letter = services.urging_letter_create(by=request.user, period=period, date=form.cleaned_data["date"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:monitoring", period_pk=period.pk)
    return redirect("reporting:urging_letter", pk=letter.pk)


@login_required
@require_GET
def urging_letter(request, pk: int):
    scoping.require_perm(request.user, "monitor_reports")
    from danvan.reporting.models import UrgingLetter

    letter = get_object_or_404(UrgingLetter.objects.select_related("period", "period__plan", "issuer"), pk=pk)
    data = exports.urging_letter_docx(letter)
    return exports.download(data, f"cong-van-don-doc-{letter.number:02d}-{letter.date:%Y}.docx", "docx")


@login_required
@require_GET
def consolidated(request, period_pk: int):
    scoping.require_perm(request.user, "monitor_reports")
    period = _get_period(period_pk)
    form = TreeDateForm(request.GET or None)
    tree_date = form.cleaned_data.get("tree_date") if form.is_valid() else None
    result = selectors.consolidate(period, tree_date=tree_date)
    fmt = request.GET.get("format")
    if fmt in ("docx", "xlsx", "pdf"):
        data = exports.consolidated(result, fmt)
        if data is None:
            messages.error(request, _("PDF needs LibreOffice, which is not installed on this server."))
            return redirect(request.path)
        return exports.download(data, exports.consolidated_filename(result, fmt), fmt)
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "reporting/consolidated.html", {"c": result, "form": form, "query": query.urlencode(),
                                                           "pdf_available": exports.pdf_available()})


@login_required
@require_GET
def indicators(request):
    scoping.require_perm(request.user, "monitor_reports")
    groups = IndicatorGroup.objects.prefetch_related("indicators").all()
    return render(request, "reporting/indicators.html", {
        "groups": groups, "can_edit": scoping.has_perm(request.user, "manage_indicators")})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int | None = None):
    scoping.require_perm(request.user, "manage_indicators")
    indicator = get_object_or_404(Indicator, pk=pk) if pk else Indicator()
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.indicator_save(by=request.user, indicator=Indicator.objects.get(pk=pk) if pk else Indicator(),
                                    data=data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect("reporting:indicators")
    return render(request, "reporting/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
@require_http_methods(["GET", "POST"])
def period_edit(request, pk: int):
    scoping.require_perm(request.user, "manage_plans")
    period = _get_period(pk)
    form = PeriodForm(request.POST or None, instance=Period.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        from danvan.reporting.periods import period_update

        try:
            period_update(by=request.user, period=period, **{k: form.cleaned_data[k] for k in (
                "data_from", "data_to", "due_date", "recipient", "label", "revision_days")})
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The period has been saved."))
            return redirect("reporting:monitoring", period_pk=period.pk)
    return render(request, "reporting/period_form.html", {"form": form, "period": period})
