from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.org import scoping, selectors, services
from danvan.org.forms import MemberForm, RestructureForm, TreeFilterForm
from danvan.org.models import Membership


@login_required
@require_GET
def tree(request):
    form = TreeFilterForm(request.GET or None)
    day = form.day()
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    nodes = selectors.tree_as_of(day, user=request.user, query=query)
    return render(request, "org/tree.html", {"form": form, "day": day, "nodes": nodes})


@login_required
@require_http_methods(["GET", "POST"])
def unit_detail(request, pk: int):
    """The unit page. Administrators add members here (POST)."""
    unit = scoping.get_unit_for_user(request.user, pk)
    member_form = None
    if scoping.has_perm(request.user, "manage_members"):
        member_form = MemberForm(request.POST or None)
        if request.method == "POST" and member_form.is_valid():
            services.membership_add(by=request.user, user=member_form.user, unit=unit,
                                    role=member_form.cleaned_data["role"])
            messages.success(request, _("The member has been added."))
            return redirect("org:unit_detail", pk=unit.pk)
    elif request.method == "POST":
        raise PermissionDenied
    today = timezone.localdate()
    context = {
        "unit": unit,
        "members": Membership.objects.filter(unit=unit, active=True).select_related("user").order_by("role"),
        "predecessors": selectors.direct_predecessors(unit),
        "successors": selectors.direct_successors(unit),
        "current_successors": [] if unit.valid_to is None else selectors.successors(unit, as_of=today),
        "events": selectors.events_of(unit),
        "children": unit.children.valid_on(unit.valid_to or today).order_by("name"),
        "ancestors": _ancestors(unit),
        "member_form": member_form,
    }
    return render(request, "org/unit_detail.html", context)


def _ancestors(unit):
    chain, node = [], unit.parent
    while node is not None:
        chain.insert(0, node)
        node = node.parent
    return chain


@login_required
@require_http_methods(["GET", "POST"])
def restructure(request):
    """Restructuring with a preview: "Xem trước" runs the change and rolls it back; "Áp dụng" applies it."""
    scoping.require_perm(request.user, "restructure_units")
    units_qs = scoping.visible_units(request.user)
    form = RestructureForm(request.POST or None, units_qs=units_qs)
    preview = None
    if request.method == "POST" and form.is_valid():
        service, kwargs = form.service_call(by=request.user)
        try:
            if request.POST.get("action") == "apply":
                result = service(**kwargs)
                messages.success(request, _("The restructuring has been applied."))
                event = result.events[0]
                first = event.successors.first() or event.predecessors.first()
                return redirect("org:unit_detail", pk=first.pk)
            preview = services.preview_restructuring(service, **kwargs)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
    return render(request, "org/restructure.html", {"form": form, "preview": preview})


@login_required
@require_POST
def membership_end(request, pk: int, membership_pk: int):
    scoping.require_perm(request.user, "manage_members")
    unit = scoping.get_unit_for_user(request.user, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, unit=unit, active=True)
    services.membership_end(by=request.user, membership=membership)
    messages.success(request, _("The membership has ended."))
    return redirect("org:unit_detail", pk=unit.pk)
