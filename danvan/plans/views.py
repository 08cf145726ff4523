"""Plan pages. Each view fetches the plan through `selectors.visible_plans` (built on the scoping module), lets a
form validate and a service act, then redirects or renders."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.org import scoping
from danvan.org.models import Unit
from danvan.plans import forms, interchange, selectors, services
from danvan.plans.models import Plan


def _get_plan_for_user(request, pk: int) -> Plan:
    """The plan if the person may read it; 404 otherwise (no hint that it exists)."""
    plan = selectors.visible_plans(request.user).select_related("issuer", "parent", "parent__issuer").filter(pk=pk)
    plan = plan.first()
    if plan is None:
        raise Http404
    return plan


def _provinces(user):
    """Units that may issue a provincial plan: the provinces the person sees (including those that have ended,
    for a plan of a year before a merger)."""
    return scoping.visible_units(user).filter(kind=Unit.Kind.PROVINCE).order_by("valid_to", "name")


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _can_monitor(user) -> bool:
    return scoping.has_perm(user, "manage_plans") or scoping.has_perm(user, "monitor_reports")


@login_required
@require_GET
def plan_list(request):
    context = {
        "provincial": selectors.provincial_plans(request.user),
        "own": selectors.unit_plans_of(request.user),
        "can_manage": scoping.has_perm(request.user, "manage_plans"),
        "can_monitor": _can_monitor(request.user),
    }
    return render(request, "plans/plan_list.html", context)


@login_required
@require_GET
def plan_detail(request, pk: int):
    plan = _get_plan_for_user(request, pk)
    user = request.user
    today = timezone.localdate()
    periods = list(plan.periods.all())
    context = {
        "plan": plan,
        "tasks": plan.tasks.select_related("source"),
        "citations": plan.plancitation_set.select_related("document").order_by("order"),
        "periods": periods,
        "can_edit": services.can_edit(user, plan),
        "is_head": not plan.is_provincial() and scoping.can_approve_for(user, plan.issuer),
        "can_manage": scoping.has_perm(user, "manage_plans"),
    }
    if plan.is_provincial():
        context["assigned_today"] = len(selectors.assigned_units(plan, today))
        context["period_units"] = [(p, len(selectors.assigned_units(plan, p.due_date))) for p in periods]
        context["startable"] = selectors.startable_units(plan, user)
        context["own_unit_plans"] = selectors.unit_plans_of(user).filter(parent=plan)
        context["can_monitor"] = _can_monitor(user)
        context["unit_plan_count"] = plan.unit_plans.count()
        context["unit_plans_issued"] = plan.unit_plans.filter(status=Plan.Status.ISSUED).count()
        context["assigned_units"] = plan.assigned_units.all()
    return render(request, "plans/plan_detail.html", context)


def _plan_form_page(request, *, plan: Plan | None):
    """Create (plan None) or edit a draft: the plan's texts, its tasks and its legal bases, saved together."""
    provincial = plan is None or plan.is_provincial()
    issuers = _provinces(request.user) if plan is None else None
    data = request.POST if request.method == "POST" else None
    form = forms.PlanForm(data, plan=plan, issuers=issuers, provincial=provincial)
    tasks = forms.TaskFormSet(data, prefix="tasks", initial=forms.task_initial(plan) if plan else None)
    legal = forms.LegalBasisFormSet(data, prefix="legal", initial=forms.legal_initial(plan) if plan else None)
    if request.method == "POST" and form.is_valid() & tasks.is_valid() & legal.is_valid():
        kwargs = {**form.plan_fields(), "tasks": forms.tasks_from(tasks), "legal_bases": forms.legal_bases_from(legal)}
        try:
            if plan is None:
                saved = services.plan_create(by=request.user, issuer=form.cleaned_data["issuer"], **kwargs)
            else:
                saved = services.plan_update(by=request.user, plan=plan, **kwargs)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("plans:detail", pk=saved.pk)
    context = {"form": form, "tasks": tasks, "legal": legal, "plan": plan, "provincial": provincial}
    return render(request, "plans/plan_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    scoping.require_perm(request.user, "manage_plans")
    return _plan_form_page(request, plan=None)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = _get_plan_for_user(request, pk)
    if not services.may_write(request.user, plan):
        raise PermissionDenied
    if not plan.is_draft():
        messages.error(request, _("Only a draft plan can be changed."))
        return redirect("plans:detail", pk=plan.pk)
    return _plan_form_page(request, plan=plan)


@login_required
@require_http_methods(["GET", "POST"])
def plan_issue(request, pk: int):
    """Issue with a number and a date: a provincial plan by a coordinator, a unit plan by the unit's head."""
    plan = _get_plan_for_user(request, pk)
    if plan.is_provincial():
        scoping.require_perm(request.user, "manage_plans")
        service = services.plan_issue
    else:
        if not scoping.can_approve_for(request.user, plan.issuer):
            raise PermissionDenied
        service = services.unit_plan_issue
    initial = {"number": plan.number, "issued_on": plan.issued_on or timezone.localdate()}
    form = forms.IssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The plan has been issued."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_issue.html", {"form": form, "plan": plan})


@login_required
@require_POST
def unit_plan_start(request, pk: int):
    """An assigned unit's officer or head starts the unit's implementation plan of this provincial plan."""
    plan = _get_plan_for_user(request, pk)
    units = selectors.startable_units(plan, request.user)
    form = forms.StartForm(request.POST, units=units)
    if not units or not form.is_valid():
        raise PermissionDenied
    try:
        unit_plan = services.unit_plan_start(by=request.user, plan=plan, unit=form.cleaned_data["unit"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("plans:detail", pk=plan.pk)
    messages.success(request, _("Your unit's implementation plan has been started: adapt it, then ask the head "
                                "to approve it."))
    return redirect("plans:edit", pk=unit_plan.pk)


@login_required
@require_POST
def unit_plan_approve(request, pk: int):
    plan = _get_plan_for_user(request, pk)
    if plan.is_provincial() or not scoping.can_approve_for(request.user, plan.issuer):
        raise PermissionDenied
    try:
        services.unit_plan_approve(by=request.user, plan=plan)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The plan has been approved."))
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_GET
def plan_units(request, pk: int):
    """The coordinator's page: the units a provincial plan is assigned to on a date, with or without their own
    issued implementation plan."""
    if not _can_monitor(request.user):
        raise PermissionDenied
    plan = _get_plan_for_user(request, pk)
    if not plan.is_provincial():
        raise Http404
    form = forms.UnitStatusFilterForm(request.GET or None)
    valid = form.is_valid()
    day = (form.cleaned_data.get("date") if valid else None) or timezone.localdate()
    status = form.cleaned_data.get("status") if valid else ""
    rows = selectors.unit_plan_status(plan, day)
    issued = sum(1 for _unit, unit_plan in rows if unit_plan is not None and unit_plan.is_issued())
    if status == "issued":
        shown = [r for r in rows if r[1] is not None and r[1].is_issued()]
    elif status == "not_issued":
        shown = [r for r in rows if r[1] is None or not r[1].is_issued()]
    else:
        shown = rows
    context = {"plan": plan, "form": form, "day": day, "rows": shown, "total": len(rows), "issued": issued,
               "not_issued": len(rows) - issued}
    return render(request, "plans/plan_units.html", context)


@login_required
@require_GET
def plan_export(request, pk: int):
    plan = _get_plan_for_user(request, pk)
    response = JsonResponse(interchange.export_plan(plan), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    scoping.require_perm(request.user, "manage_plans")
    form = forms.ImportForm(request.POST or None, request.FILES or None, issuers=_provinces(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            data = json.loads(form.cleaned_data["file"].read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            form.add_error("file", _("The file is not UTF-8 JSON: %(error)s") % {"error": error})
        else:
            try:
                plan = interchange.import_plan(data, by=request.user, issuer=form.cleaned_data["issuer"])
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The plan has been imported as a draft: check it, then issue it."))
                return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_import.html", {"form": form})
