"""Pages of reception sessions and dialogues (namespace "citizens").

Reading: the unit's people (and the units below theirs) and province-wide roles, through `scoping`; anything
else is a 404 that does not tell that the record exists. Recording: the unit's officers and head, and
administrators (`reception_services.can_record`); others get 403. A form that fails keeps what was typed.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.citizens import reception_selectors as selectors
from danvan.citizens import reception_services as services
from danvan.citizens.models import Commitment, Dialogue, ReceptionCase, ReceptionSession
from danvan.citizens.reception_forms import (
    CasePetitionForm,
    CommitmentDoneForm,
    CommitmentForm,
    DialogueForm,
    MonthForm,
    ReasonForm,
    ReceptionCaseForm,
    ReceptionSessionForm,
    SessionFilterForm,
    YearForm,
)
from danvan.core.text import fold
from danvan.org import scoping
from danvan.org.models import Membership, Role, Unit

PAGE_SIZE = 50


# Scoped fetching ------------------------------------------------------------------------------------------------

def _recordable_units(user):
    """The units this person records receptions and dialogues for."""
    if Role.ADMIN in scoping.roles(user):
        return Unit.objects.order_by("name_folded", "pk")
    ids = Membership.objects.filter(user=user, active=True, role__in=scoping.DRAFTING_ROLES).values("unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("name_folded", "pk")


def _check_unit(request, unit: Unit, *, write: bool) -> None:
    ids = scoping.visible_unit_ids(request.user)
    if ids is not None and unit.pk not in ids:
        raise Http404
    if write and not services.can_record(request.user, unit):
        raise PermissionDenied


def _get_session_for_user(request, pk: int, *, write: bool = False) -> ReceptionSession:
    session = get_object_or_404(ReceptionSession.objects.select_related("unit"), pk=pk)
    _check_unit(request, session.unit, write=write)
    return session


def _get_dialogue_for_user(request, pk: int, *, write: bool = False) -> Dialogue:
    dialogue = get_object_or_404(Dialogue.objects.select_related("unit"), pk=pk)
    _check_unit(request, dialogue.unit, write=write)
    return dialogue


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, texts in error.message_dict.items():
            for text in texts:
                form.add_error(name if name in form.fields else None, text)
    else:
        for text in error.messages:
            form.add_error(None, text)


def _filtered(request, queryset):
    form = SessionFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            queryset = queryset.filter(unit__name_folded__contains=fold(data["unit"]))
        if data["date_from"]:
            queryset = queryset.filter(date__gte=data["date_from"])
        if data["date_to"]:
            queryset = queryset.filter(date__lte=data["date_to"])
    page = Paginator(queryset.order_by("-date", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return form, page, query.urlencode()


# Reception sessions ---------------------------------------------------------------------------------------------

@login_required
@require_GET
def receptions(request):
    sessions = selectors.sessions_for(scoping.visible_unit_ids(request.user))
    form, page, query = _filtered(request, sessions)
    return render(request, "citizens/reception/list.html", {
        "form": form, "page": page, "query": query, "can_record": _recordable_units(request.user).exists()})


@login_required
@require_http_methods(["GET", "POST"])
def reception_create(request):
    units = _recordable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = ReceptionSessionForm(request.POST or None, units=units,
                                initial={"date": timezone.localdate(), "kind": ReceptionSession.Kind.REGULAR})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.reception_session_create(
                by=request.user, unit=data["unit"], date=data["date"], presiding_name=data["presiding_name"],
                presiding_role=data["presiding_role"], kind=data["kind"], citizens_count=data["citizens_count"],
                notes=data["notes"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The reception session has been recorded."))
            return redirect("citizens:reception", pk=session.pk)
    return render(request, "citizens/reception/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def reception_edit(request, pk: int):
    session = _get_session_for_user(request, pk, write=True)
    form = ReceptionSessionForm(request.POST or None, instance=ReceptionSession.objects.get(pk=session.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reception_session_update(
                by=request.user, session=session, date=data["date"], presiding_name=data["presiding_name"],
                presiding_role=data["presiding_role"], kind=data["kind"], citizens_count=data["citizens_count"],
                notes=data["notes"], presiding_user=session.presiding_user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The reception session has been saved."))
            return redirect("citizens:reception", pk=session.pk)
    return render(request, "citizens/reception/form.html", {"form": form, "session": session})


def _reception_page(request, session, *, case_form=None, status=200):
    return render(request, "citizens/reception/detail.html", {
        "session": session,
        "cases": session.cases.select_related("petition"),
        "can_record": services.can_record(request.user, session.unit),
        "case_form": case_form or ReceptionCaseForm(),
    }, status=status)


@login_required
@require_GET
def reception(request, pk: int):
    return _reception_page(request, _get_session_for_user(request, pk))


@login_required
@require_POST
def reception_case_add(request, pk: int):
    session = _get_session_for_user(request, pk, write=True)
    form = ReceptionCaseForm(request.POST)
    if form.is_valid():
        try:
            services.reception_case_add(by=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The matter has been added."))
            return redirect("citizens:reception", pk=session.pk)
    return _reception_page(request, session, case_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def reception_case_petition(request, pk: int):
    """Turn a matter raised at the session into a petition; the page that follows shows its tracking code and
    secret once, for the officer to hand to the citizen."""
    case = get_object_or_404(ReceptionCase.objects.select_related("session", "session__unit", "petition"), pk=pk)
    session = case.session
    _check_unit(request, session.unit, write=True)
    if case.petition_id:
        messages.info(request, _("This matter has already become a petition."))
        return redirect("citizens:reception", pk=session.pk)
    form = CasePetitionForm(request.POST or None, initial={
        "subject": " ".join(case.summary.split())[:300], "content": case.summary, "name": case.citizen_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            petition, secret = services.reception_case_to_petition(by=request.user, case=case, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return render(request, "citizens/reception/petition_created.html",
                          {"session": session, "case": case, "petition": petition, "secret": secret})
    return render(request, "citizens/reception/petition_form.html", {"form": form, "case": case, "session": session})


@login_required
@require_GET
def reception_compliance(request):
    today = timezone.localdate()
    form = MonthForm(request.GET or None, initial={"month": today.month, "year": today.year})
    year, month = (form.cleaned_data["year"], form.cleaned_data["month"]) if form.is_valid() else (
        today.year, today.month)
    result = selectors.reception_compliance(year=year, month=month, unit_ids=scoping.visible_unit_ids(request.user),
                                            today=today)
    order = {"not_met": 0, "in_progress": 1, "met": 2}
    rows = sorted(result.rows, key=lambda r: (order[r.status], r.unit.name_folded))
    return render(request, "citizens/reception/compliance.html", {"form": form, "c": result, "rows": rows})


# Dialogues ------------------------------------------------------------------------------------------------------

@login_required
@require_GET
def dialogues(request):
    items = selectors.dialogues_for(scoping.visible_unit_ids(request.user))
    form, page, query = _filtered(request, items)
    return render(request, "citizens/dialogue/list.html", {
        "form": form, "page": page, "query": query, "can_record": _recordable_units(request.user).exists()})


def _dialogue_data(data: dict) -> dict:
    return {k: data[k] for k in ("date", "presiding_name", "topic", "is_annual_conference", "participants", "issues")}


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_create(request):
    units = _recordable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = DialogueForm(request.POST or None, units=units, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = services.dialogue_create(by=request.user, unit=form.cleaned_data["unit"],
                                                **_dialogue_data(form.cleaned_data))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The dialogue has been recorded."))
            return redirect("citizens:dialogue", pk=dialogue.pk)
    return render(request, "citizens/dialogue/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_edit(request, pk: int):
    dialogue = _get_dialogue_for_user(request, pk, write=True)
    form = DialogueForm(request.POST or None, instance=Dialogue.objects.get(pk=dialogue.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.dialogue_update(by=request.user, dialogue=dialogue, presiding_user=dialogue.presiding_user,
                                     **_dialogue_data(form.cleaned_data))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The dialogue has been saved."))
            return redirect("citizens:dialogue", pk=dialogue.pk)
    return render(request, "citizens/dialogue/form.html", {"form": form, "dialogue": dialogue})


def _unit_people(unit):
    return get_user_model().objects.filter(memberships__unit=unit, memberships__active=True, is_active=True) \
        .distinct().order_by("full_name", "username")


def _dialogue_page(request, dialogue, *, commitment_form=None, done_forms=None, reopen_forms=None):
    can_record = services.can_record(request.user, dialogue.unit)
    commitments = list(dialogue.commitments.select_related("owner_user"))
    today = timezone.localdate()
    for c in commitments:
        c.overdue = c.status == Commitment.Status.OPEN and c.due_date < today
        c.can_complete = can_record or (c.owner_user_id == request.user.pk)
        c.done_form = (done_forms or {}).get(c.pk) or CommitmentDoneForm(prefix=f"c{c.pk}")
        c.reopen_form = (reopen_forms or {}).get(c.pk) or ReasonForm(prefix=f"r{c.pk}")
    return render(request, "citizens/dialogue/detail.html", {
        "dialogue": dialogue, "commitments": commitments, "can_record": can_record,
        "commitment_form": commitment_form or (CommitmentForm(people=_unit_people(dialogue.unit))
                                               if can_record else None),
    })


@login_required
@require_GET
def dialogue(request, pk: int):
    return _dialogue_page(request, _get_dialogue_for_user(request, pk))


@login_required
@require_POST
def commitment_add(request, pk: int):
    dialogue = _get_dialogue_for_user(request, pk, write=True)
    form = CommitmentForm(request.POST, people=_unit_people(dialogue.unit))
    if form.is_valid():
        try:
            services.commitment_add(by=request.user, dialogue=dialogue, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The commitment has been added."))
            return redirect("citizens:dialogue", pk=dialogue.pk)
    return _dialogue_page(request, dialogue, commitment_form=form)


def _get_commitment_for_user(request, pk: int) -> tuple[Commitment, Dialogue]:
    commitment = get_object_or_404(Commitment.objects.select_related("dialogue", "dialogue__unit"), pk=pk)
    _check_unit(request, commitment.dialogue.unit, write=False)
    return commitment, commitment.dialogue


@login_required
@require_POST
def commitment_done(request, pk: int):
    commitment, dialogue = _get_commitment_for_user(request, pk)
    if not services.can_complete(request.user, commitment):
        raise PermissionDenied
    form = CommitmentDoneForm(request.POST, prefix=f"c{commitment.pk}")
    if form.is_valid():
        try:
            services.commitment_done(by=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The commitment is marked done."))
            return redirect("citizens:dialogue", pk=dialogue.pk)
    return _dialogue_page(request, dialogue, done_forms={commitment.pk: form})


@login_required
@require_POST
def commitment_reopen(request, pk: int):
    commitment, dialogue = _get_commitment_for_user(request, pk)
    if not services.can_record(request.user, dialogue.unit):
        raise PermissionDenied
    form = ReasonForm(request.POST, prefix=f"r{commitment.pk}")
    if form.is_valid():
        try:
            services.commitment_reopen(by=request.user, commitment=commitment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The commitment has been reopened."))
            return redirect("citizens:dialogue", pk=dialogue.pk)
    return _dialogue_page(request, dialogue, reopen_forms={commitment.pk: form})


@login_required
@require_GET
def dialogue_compliance(request):
    today = timezone.localdate()
    form = YearForm(request.GET or None, initial={"year": today.year})
    valid = form.is_valid()
    year = form.cleaned_data["year"] if valid else today.year
    everyone = form.cleaned_data["everyone"] if valid else False
    result = selectors.dialogue_compliance(year=year, unit_ids=scoping.visible_unit_ids(request.user))
    rows = result.rows if everyone else result.missing
    return render(request, "citizens/dialogue/compliance.html", {
        "form": form, "c": result, "rows": rows, "everyone": everyone, "year": year})
