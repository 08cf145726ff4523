"""Officer-side pages of petitions (đơn thư): list, record, detail with the actions of each step, dashboard,
protracted cases, XLSX export, attachments. The public portal and Open311 have their own views.

A denouncer's identity is shown only through services.identity, which records each reveal; lists never show
it, and texts shown to people who may not see it are redacted."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.audit.services import audit_record
from danvan.citizens import selectors, services
from danvan.citizens.forms import (
    AssignForm,
    AttachForm,
    ClassifyForm,
    DashboardForm,
    ExtendForm,
    PetitionFilterForm,
    PetitionForm,
    PublishForm,
    ResolveForm,
    SecondInstanceForm,
)
from danvan.citizens.models import CONFIDENTIAL, Petition, PetitionAttachment
from danvan.core.downloads import download_response, file_download
from danvan.core.text import fold
from danvan.documents.xlsx import Sheet, render_xlsx
from danvan.org.models import Unit

PAGE_SIZE = 50
# An export is a table a person reads and filters in Excel; beyond this, narrow the filters.
EXPORT_MAX_ROWS = 20000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get_petition_for_user(request, pk: int) -> Petition:
    """A petition the person may see (their units and below, all for province-wide roles, or one they handle);
    404 otherwise, with no hint that it exists."""
    queryset = selectors.visible_petitions(request.user).select_related(
        "unit", "field", "handler", "first_instance", "repeat_of")
    return get_object_or_404(queryset, pk=pk)


def _require_act(user, petition: Petition) -> None:
    if not services.can_act(user, petition):
        raise PermissionDenied


def _add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _hides_identity(user, petition: Petition) -> bool:
    return petition.is_confidential and not services.can_see_identity(user, petition)


# The list, its export ------------------------------------------------------------------------------------------

def _filtered(request) -> tuple[PetitionFilterForm, object, object]:
    """The form of the list's filters, the petitions they select and, for a search, the same search without the
    index (the first page is looked for among the newest petitions with it: selectors.first_page)."""
    user = request.user
    form = PetitionFilterForm(request.GET or None, units=selectors.filter_units(user))
    petitions, probe = selectors.visible_petitions(user), None
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "user": user, "query": data["q"], "kind": data["kind"], "status": data["status"], "clock": data["clock"],
            "unit": data["unit"], "unit_name": data.get("unit_name", ""), "flag": data["flag"],
            "received_from": data["received_from"], "received_to": data["received_to"],
        }
        if data["q"].strip():
            probe = selectors.filter_petitions(petitions, indexed=False, **filters)
        petitions = selectors.filter_petitions(petitions, **filters)
    elif form.is_bound:
        petitions = petitions.none()
    return form, petitions, probe


def _list_row(petition: Petition, today) -> Petition:
    """What a list shows of a petition. A denouncer is never named in a list, whoever reads it (the detail page
    shows the identity to those who may see it, and records that they did)."""
    petition.clock_now = selectors.clock_now(petition, today)
    if petition.is_confidential:
        petition.petitioner = CONFIDENTIAL if petition.name else ""
        petition.subject_shown = services.redact(petition.subject, petition)
    else:
        petition.petitioner = petition.name
        petition.subject_shown = petition.subject
    return petition


@login_required
@require_GET
def petition_list(request):
    form, petitions, probe = _filtered(request)
    related = ("unit", "field", "handler")
    probe = probe.select_related(*related) if probe is not None else None
    page = selectors.PetitionPaginator(petitions.select_related(*related), PAGE_SIZE, probe=probe).get_page(
        request.GET.get("page"))
    today = timezone.localdate()
    rows = [_list_row(p, today) for p in page]
    query = request.GET.copy()
    query.pop("page", None)
    without_unit = query.copy()
    without_unit.pop("unit", None)
    return render(request, "citizens/petitions/list.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(), "today": today,
        "query_without_unit": without_unit.urlencode(),
        "can_record": selectors.recordable_units(request.user).exists(),
    })


def _identity_for_export(user, petition: Petition) -> dict[str, str]:
    """The identity as the reader may see it; a shown denouncer is a reveal, recorded like one."""
    values = services.identity(user, petition, reveal=False)
    if petition.is_confidential and services.can_see_identity(user, petition):
        audit_record(actor=user, action="identity_revealed", obj=petition, unit=petition.unit,
                     changes={"export": [None, "xlsx"]})
    return values


@login_required
@require_GET
def petitions_export(request):
    """The filtered list as an XLSX table, with the denouncer's identity only for those who may see it."""
    form, petitions, _probe = _filtered(request)
    petitions = petitions.select_related("unit", "field", "handler")[:EXPORT_MAX_ROWS]
    user = request.user
    rows = []
    for p in petitions:
        who = _identity_for_export(user, p)
        subject = services.redact(p.subject, p) if _hides_identity(user, p) else p.subject
        rows.append([
            p.tracking_code, p.get_kind_display(), p.get_channel_display(), p.received_on,
            who["name"], who["id_number"], who["address"], who["phone"], who["email"],
            p.group_size if p.is_group else None, subject, str(p.field), str(p.unit), str(p.handler or ""),
            p.get_status_display(), p.get_classification_display() if p.classification else "",
            p.accept_due, p.resolve_due, p.extended_days or None, p.resolved_on,
            {True: _("Yes"), False: _("No")}.get(p.resolved_on_time, ""), p.decision_number,
            p.repeat_count or None, _("Yes") if p.level_jump else "",
        ])
    headers = [_("Tracking code"), _("Kind"), _("Channel"), _("Received on"), _("Petitioner"),
               _("Citizen ID number"), _("Address"), _("Phone"), _("E-mail"), _("Number of people"), _("Subject"),
               _("Field"), _("Responsible unit"), _("Handler"), _("Status"), _("Classification"), _("Accept by"),
               _("Resolve by"), _("Days of extension"), _("Resolved on"), _("Resolved on time"),
               _("Decision or answer number"), _("Times repeated"), _("Jumped a level")]
    caption = _("Petitions (exported %(when)s)") % {"when": timezone.localtime().strftime("%d/%m/%Y %H:%M")}
    if len(rows) == EXPORT_MAX_ROWS:
        caption += " — " + _("first %(n)s rows: narrow the filters for the rest") % {"n": EXPORT_MAX_ROWS}
    data = render_xlsx([Sheet(title=_("Petitions"), headers=headers, rows=rows, caption=caption)])
    audit_record(actor=user, action="petitions_exported", object_type="citizens.petition",
                 changes={"rows": [None, len(rows)], "filters": [None, request.GET.urlencode()[:500]]})
    return download_response(data, f"don-thu-{timezone.localdate():%Y%m%d}.xlsx", XLSX)


# Recording a petition ------------------------------------------------------------------------------------------

def _secret_message(request, petition: Petition, secret: str) -> None:
    messages.success(request, _(
        "The petition has been recorded with the tracking code %(code)s. Give the petitioner this code and the "
        "secret %(secret)s to follow it on the portal: the secret is shown only this once.")
        % {"code": petition.tracking_code, "secret": secret})


@login_required
@require_http_methods(["GET", "POST"])
def petition_create(request):
    units = selectors.recordable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = PetitionForm(request.POST or None, request.FILES or None, units=units,
                        initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attachments = data.pop("attachments")
        try:
            petition, secret = services.petition_create(by=request.user, attachments=attachments, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _secret_message(request, petition, secret)
            return redirect("citizens:petition", pk=petition.pk)
    return render(request, "citizens/petitions/form.html", {"form": form})


# The detail page and its actions -------------------------------------------------------------------------------

def _detail_context(request, petition: Petition, **forms) -> dict:
    user = request.user
    today = timezone.localdate()
    hidden = _hides_identity(user, petition)
    # Shown to those who may see it, and recorded each time (services.identity); "[bảo mật]" for the others.
    who = services.identity(user, petition)

    def shown(text: str) -> str:
        return services.redact(text, petition) if hidden else text

    acts = services.can_act(user, petition)
    status = petition.status
    handlers = selectors.handlers_for(petition.unit)
    record_units = selectors.recordable_units(user)
    actions = {
        "classify": acts and status == Petition.Status.RECEIVED,
        "assign": acts and petition.is_open,
        "extend": acts and status == Petition.Status.IN_PROGRESS and petition.kind != Petition.Kind.COMPLAINT,
        "resolve": acts and status == Petition.Status.IN_PROGRESS,
        "publish": acts and status in (Petition.Status.RESOLVED, Petition.Status.CLOSED) and bool(petition.answer)
        and not petition.answer_public,
        "close": acts and status == Petition.Status.RESOLVED,
        "second_instance": petition.kind == Petition.Kind.COMPLAINT and petition.instance == 1
        and status in (Petition.Status.RESOLVED, Petition.Status.CLOSED) and record_units.exists(),
        "attach": acts,
    }
    defaults = {
        "classify_form": lambda: ClassifyForm(handlers=handlers, initial={
            "is_complex": petition.is_complex, "handler": petition.handler_id}),
        "assign_form": lambda: AssignForm(handlers=handlers, initial={"handler": petition.handler_id}),
        "extend_form": lambda: ExtendForm(initial={"is_complex": petition.is_complex}),
        "resolve_form": lambda: ResolveForm(initial={"decision_date": today}),
        "publish_form": lambda: PublishForm(),
        "second_instance_form": lambda: SecondInstanceForm(units=record_units, initial={"received_on": today}),
        "attach_form": lambda: AttachForm(),
    }
    for name, make in defaults.items():
        if name not in forms and actions[name.removesuffix("_form")]:
            forms[name] = make()
    updates = list(petition.updates.all())
    for update in updates:
        update.shown = shown(update.text)
    extensions = list(petition.extensions.select_related("decided_by"))
    for extension in extensions:
        extension.shown = shown(extension.reason)
    repeats = list(selectors.visible_petitions(user).filter(repeat_of=petition).select_related("unit")
                   .order_by("received_on", "pk"))
    return {
        "p": petition, "who": who, "hidden": hidden, "today": today, "confidential": CONFIDENTIAL,
        "clock_now": selectors.clock_now(petition, today),
        "accept_late": status == Petition.Status.RECEIVED and petition.accept_due and petition.accept_due < today,
        "subject": shown(petition.subject), "content": shown(petition.content), "answer": shown(petition.answer),
        "reason": shown(petition.classification_reason),
        "updates": updates, "extensions": extensions,
        "attachments": [] if hidden else list(petition.attachments.all()),
        "repeats": repeats, "second_instances": list(
            selectors.visible_petitions(user).filter(first_instance=petition)),
        "can_act": acts, "actions": actions, **forms,
    }


def _detail(request, petition: Petition, **forms):
    return render(request, "citizens/petitions/detail.html", _detail_context(request, petition, **forms))


@login_required
@require_GET
def petition_detail(request, pk: int):
    return _detail(request, _get_petition_for_user(request, pk))


def _act(request, pk: int, *, form_name: str, make_form, perform, done: str):
    """One step of the petition's life: the form validates, the service acts (and audits, notifies); on an
    error the detail page comes back with what was typed and the message."""
    petition = _get_petition_for_user(request, pk)
    _require_act(request.user, petition)
    form = make_form(petition)
    if form.is_valid():
        try:
            result = perform(petition, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
            petition.refresh_from_db()
        else:
            messages.success(request, done)
            target = result if isinstance(result, Petition) else petition
            return redirect("citizens:petition", pk=target.pk)
    return _detail(request, petition, **{form_name: form})


@login_required
@require_POST
def petition_classify(request, pk: int):
    return _act(
        request, pk, form_name="classify_form",
        make_form=lambda p: ClassifyForm(request.POST, handlers=selectors.handlers_for(p.unit)),
        perform=lambda p, data: services.petition_classify(by=request.user, petition=p, **data),
        done=_("The classification has been recorded."))


@login_required
@require_POST
def petition_assign(request, pk: int):
    return _act(
        request, pk, form_name="assign_form",
        make_form=lambda p: AssignForm(request.POST, handlers=selectors.handlers_for(p.unit)),
        perform=lambda p, data: services.petition_assign(by=request.user, petition=p, handler=data["handler"]),
        done=_("The handler has been assigned."))


@login_required
@require_POST
def petition_extend(request, pk: int):
    return _act(
        request, pk, form_name="extend_form", make_form=lambda p: ExtendForm(request.POST),
        perform=lambda p, data: services.petition_extend(by=request.user, petition=p, **data),
        done=_("The extension has been recorded."))


@login_required
@require_POST
def petition_resolve(request, pk: int):
    return _act(
        request, pk, form_name="resolve_form", make_form=lambda p: ResolveForm(request.POST),
        perform=lambda p, data: services.petition_resolve(by=request.user, petition=p, **data),
        done=_("The decision or answer has been recorded."))


@login_required
@require_POST
def petition_publish(request, pk: int):
    return _act(
        request, pk, form_name="publish_form", make_form=lambda p: PublishForm(request.POST),
        perform=lambda p, data: services.petition_publish(by=request.user, petition=p,
                                                          public_answer=data["public_answer"]),
        done=_("The answer has been published."))


@login_required
@require_POST
def petition_close(request, pk: int):
    petition = _get_petition_for_user(request, pk)
    _require_act(request.user, petition)
    try:
        services.petition_close(by=request.user, petition=petition)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The petition has been closed."))
    return redirect("citizens:petition", pk=petition.pk)


@login_required
@require_POST
def petition_second_instance(request, pk: int):
    """The complainant takes the complaint to the second instance: recorded by the staff of the body that
    resolves it."""
    first = _get_petition_for_user(request, pk)
    units = selectors.recordable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = SecondInstanceForm(request.POST, units=units)
    if form.is_valid():
        try:
            petition, secret = services.petition_second_instance(by=request.user, first=first, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _secret_message(request, petition, secret)
            return redirect("citizens:petition", pk=petition.pk)
    return _detail(request, first, second_instance_form=form)


@login_required
@require_POST
def petition_attach(request, pk: int):
    petition = _get_petition_for_user(request, pk)
    _require_act(request.user, petition)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            for upload in form.cleaned_data["attachments"]:
                services.petition_attach(by=request.user, petition=petition, upload=upload)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The files have been attached."))
            return redirect("citizens:petition", pk=petition.pk)
    return _detail(request, petition, attach_form=form)


@login_required
@require_GET
def petition_attachment(request, pk: int):
    """A file of a petition. A denouncer's letter shows who they are (name, handwriting): only those who may
    see the identity get it, and the audit trail records each download (Luật Tố cáo 2018, Điều 9, 56)."""
    attachment = get_object_or_404(PetitionAttachment, pk=pk)
    petition = _get_petition_for_user(request, attachment.petition_id)
    if _hides_identity(request.user, petition):
        raise Http404
    if petition.is_confidential:
        audit_record(actor=request.user, action="identity_revealed", obj=petition, unit=petition.unit,
                     changes={"attachment": [None, attachment.name]})
    return file_download(attachment.file, attachment.name, attachment.content_type)


# Dashboard and protracted cases --------------------------------------------------------------------------------

@login_required
@require_GET
def dashboard(request):
    """Open, due soon, overdue and the on-time rate by unit and by kind; each number opens the list behind it.

    A coordinator may see thousands of units: the table by unit comes a page at a time, the units needing
    attention first (most overdue, by default), and can be narrowed to the units whose name holds some words."""
    form = DashboardForm(request.GET or None)
    petitions = selectors.visible_petitions(request.user)
    dates, sort, unit_name = {}, "overdue", ""
    if form.is_valid():
        received_from, received_to = form.cleaned_data["received_from"], form.cleaned_data["received_to"]
        if received_from:
            petitions = petitions.filter(received_on__gte=received_from)
            dates["received_from"] = f"{received_from:%d/%m/%Y}"
        if received_to:
            petitions = petitions.filter(received_on__lte=received_to)
            dates["received_to"] = f"{received_to:%d/%m/%Y}"
        sort = form.cleaned_data["sort"] or sort
        unit_name = form.cleaned_data["unit_name"].strip()
    figures = selectors.dashboard(petitions)
    units = figures.by_unit
    if unit_name:
        named = set(Unit.objects.filter(name_folded__contains=fold(unit_name)).values_list("pk", flat=True))
        units = [row for row in units if row.key in named]
    units = sort_units(units, sort)
    page = Paginator(units, DASHBOARD_UNITS_PER_PAGE).get_page(request.GET.get("page"))
    for row in page:
        row.query = urlencode({"unit": row.key, **dates})
    for row in figures.by_kind:
        row.query = urlencode({"kind": row.key, **dates})
    figures.total.query = urlencode(dates)
    return render(request, "citizens/petitions/dashboard.html", {
        "form": form, "d": figures, "can_record": selectors.recordable_units(request.user).exists(),
        "page": page, "units_filtered": bool(unit_name), "all_units": len(figures.by_unit),
        "query": urlencode({key: value for key, value in request.GET.items() if key != "page"})})


DASHBOARD_UNITS_PER_PAGE = 50
# Each order puts first the units most in need of attention; ties keep the order of the units' names.
UNIT_ORDERS = {
    "overdue": lambda f: (-f.overdue, -f.due_soon, -f.open),
    "due_soon": lambda f: (-f.due_soon, -f.overdue, -f.open),
    "open": lambda f: (-f.open, -f.overdue),
    "received": lambda f: (-f.received,),
    "on_time_rate": lambda f: (f.on_time_rate is None, f.on_time_rate or 0.0, -f.resolved),
}


def sort_units(rows: list, sort: str) -> list:
    """The dashboard's rows by unit (given in the order of the units' names) in the order chosen."""
    order = UNIT_ORDERS.get(sort)
    return sorted(rows, key=order) if order else list(rows)


@login_required
@require_GET
def protracted(request):
    """Cases past their limit, and cases sent three times or more."""
    today = timezone.localdate()
    petitions = selectors.protracted(selectors.visible_petitions(request.user), today).select_related(
        "unit", "handler", "repeat_of")
    page = Paginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for p in page:
        _list_row(p, today)
        p.days_late = (today - p.resolve_due).days if p.clock_now == Petition.Clock.OVERDUE else 0
        root = p.repeat_of or p
        p.times_sent = root.repeat_count + 1 if root.repeat_count else 0
        rows.append(p)
    return render(request, "citizens/petitions/protracted.html", {
        "page": page, "rows": rows, "today": today, "can_record": selectors.recordable_units(request.user).exists()})
