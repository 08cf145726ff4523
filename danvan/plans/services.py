"""Writes on plans: the provincial plan (drafted and issued by the coordinators of Sở Nội vụ) and the units'
implementation plans (started by a unit's officer, approved and issued by its head). Each service runs in
one transaction, validates, writes an audit entry and notifies after the commit.

`by=None` is the system (a management command, the demo loader): it passes every permission check.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, created, diff, snapshot
from danvan.core.notify import notify
from danvan.core.text import nfc
from danvan.org import scoping
from danvan.org.models import Unit
from danvan.plans import selectors
from danvan.plans.models import LegalDocument, Plan, PlanCitation, Task

PLAN_FIELDS = [
    "issuer", "parent", "year", "number", "symbol", "issued_on", "place", "parent_body", "issuer_title", "title",
    "preamble", "purposes", "requirements", "implementation", "closing", "recipients", "signer_authority",
    "signer_prefix", "signer_title", "signer_name", "assigned_kinds", "assigned_text", "status",
]
# What a draft's editor may change (plan_create / plan_update keyword arguments).
TEXT_FIELDS = [
    "symbol", "place", "parent_body", "issuer_title", "title", "preamble", "closing", "assigned_text",
    "signer_authority", "signer_prefix", "signer_title", "signer_name",
]
LIST_FIELDS = ["purposes", "requirements", "implementation", "recipients"]
LEGAL_FIELDS = ["kind", "number_symbol", "date", "issuer", "title"]
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class LegalRef:
    """A document a plan cites, as typed or imported: matched to an existing LegalDocument by number and date
    (or, for a document cited by name only, by kind and name)."""

    kind: str
    number_symbol: str = ""
    date: datetime.date | None = None
    issuer: str = ""
    title: str = ""


# Permissions -------------------------------------------------------------------------------------------------

def require_manager(by) -> None:
    """Coordinators (permission "manage_plans") write the provincial plans."""
    if by is not None and not scoping.has_perm(by, "manage_plans"):
        raise PermissionDenied(_("Only the coordinators of the plans may do this."))


def may_write(user, plan: Plan) -> bool:
    """Who writes a plan: the provincial plan its coordinators, a unit plan the unit's officers and head."""
    if plan.is_provincial():
        return scoping.has_perm(user, "manage_plans")
    return scoping.can_draft_for(user, plan.issuer)


def can_edit(user, plan: Plan) -> bool:
    return plan.is_draft() and may_write(user, plan)


def _require_editable(by, plan: Plan) -> None:
    if by is not None and not may_write(by, plan):
        raise PermissionDenied(_("You may not change this plan."))
    if not plan.is_draft():
        raise ValidationError(_("Only a draft plan can be changed."))


def _lock(plan: Plan) -> Plan:
    """Lock the plan's row until the transaction ends and reload the caller's instance in place, so that two
    people acting on one plan at once are served one after the other, on fresh data."""
    list(Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk", flat=True))
    plan.refresh_from_db()
    return plan


# Cleaning ----------------------------------------------------------------------------------------------------

def _lines(values) -> list[str]:
    """A list of one-line items, NFC, blanks dropped (a textarea with one item per line, or a JSON list)."""
    if isinstance(values, str):
        values = values.splitlines()
    return [nfc(v) for v in (values or []) if nfc(v)]


def _check_year(year) -> None:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Give the year of the plan, between 2000 and 2100.")})


def _check_kinds(kinds) -> list[str]:
    kinds = list(dict.fromkeys(kinds or []))
    unknown = [k for k in kinds if k not in Unit.Kind.values]
    if unknown:
        raise ValidationError({"assigned_kinds": _("Unknown kind of unit: %(kinds)s.") % {"kinds": ", ".join(unknown)}})
    return kinds


def _check_number_free(plan: Plan, number: int | None) -> None:
    """A number is used once per issuer, year and symbol (Nghị định 30/2020, Điều 15: numbering runs per year)."""
    if number is None:
        return
    if not isinstance(number, int) or number < 1:
        raise ValidationError({"number": _("The number must be a whole number from 1.")})
    clash = (
        Plan.objects.filter(issuer=plan.issuer, year=plan.year, symbol=plan.symbol, number=number)
        .exclude(pk=plan.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError({"number": _("Number %(number)s is already used by “%(title)s” (%(year)s).")
                               % {"number": f"{number:02d}/{plan.symbol}", "title": clash.title, "year": plan.year}})


def _apply_fields(plan: Plan, fields: dict) -> None:
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            setattr(plan, name, nfc(value))
        elif name in LIST_FIELDS:
            setattr(plan, name, _lines(value))
        elif name == "assigned_kinds":
            plan.assigned_kinds = _check_kinds(value)
        elif name == "year":
            _check_year(value)
            plan.year = value
        elif name == "number":
            plan.number = value
        else:
            raise TypeError(f"unknown plan field {name!r}")
    if not plan.title:
        raise ValidationError({"title": _("Give the plan a title.")})
    if not plan.symbol:
        raise ValidationError({"symbol": _("Give the symbol of the plan, e.g. KH-UBND.")})


def _save(plan: Plan) -> None:
    try:
        plan.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    _check_number_free(plan, plan.number)
    plan.save()


# Provincial plan ---------------------------------------------------------------------------------------------

@transaction.atomic
def plan_create(
    *, by, issuer: Unit, year: int, title: str, tasks: Sequence[tuple] | None = None,
    legal_bases: Sequence[LegalRef] | None = None, assigned_units: Sequence[Unit] | None = None, **fields,
) -> Plan:
    """A draft provincial plan. `fields` are the plan's texts (see TEXT_FIELDS and LIST_FIELDS), `number` (a
    number may be reserved before issuing) and `assigned_kinds`."""
    require_manager(by)
    plan = Plan(issuer=issuer, created_by=by if getattr(by, "pk", None) else None, year=year)
    _apply_fields(plan, {"year": year, "title": title, **fields})
    _save(plan)
    audit_record(actor=by, action="plan_created", obj=plan, unit=issuer, changes=created(plan, PLAN_FIELDS))
    if assigned_units is not None:
        _set_assigned_units(by, plan, assigned_units)
    if tasks is not None:
        _set_tasks(by, plan, tasks)
    if legal_bases is not None:
        _set_legal_bases(by, plan, legal_bases)
    return plan


@transaction.atomic
def plan_update(
    *, by, plan: Plan, tasks: Sequence[tuple] | None = None, legal_bases: Sequence[LegalRef] | None = None,
    assigned_units: Sequence[Unit] | None = None, **fields,
) -> Plan:
    """Change a draft (provincial or unit plan): any of its texts, and with `tasks`, `legal_bases` or
    `assigned_units` those lists as a whole. All or nothing."""
    plan = _lock(plan)
    _require_editable(by, plan)
    if not plan.is_provincial() and ("assigned_kinds" in fields or assigned_units is not None):
        raise ValidationError({"assigned_kinds": _("An implementation plan is not assigned to other units.")})
    before = snapshot(plan, PLAN_FIELDS)
    _apply_fields(plan, fields)
    _save(plan)
    changes = diff(before, snapshot(plan, PLAN_FIELDS))
    if changes:
        audit_record(actor=by, action="plan_updated", obj=plan, unit=plan.issuer, changes=changes)
    if assigned_units is not None:
        _set_assigned_units(by, plan, assigned_units)
    if tasks is not None:
        _set_tasks(by, plan, tasks)
    if legal_bases is not None:
        _set_legal_bases(by, plan, legal_bases)
    return plan


def _set_assigned_units(by, plan: Plan, units: Sequence[Unit]) -> None:
    before = sorted(plan.assigned_units.values_list("pk", flat=True))
    after = sorted({u.pk for u in units})
    if before == after:
        return
    plan.assigned_units.set(after)
    audit_record(actor=by, action="plan_units_assigned", obj=plan, unit=plan.issuer,
                 changes={"assigned_units": [before, after]})


def _set_tasks(by, plan: Plan, tasks: Sequence[tuple]) -> None:
    """Replace the plan's tasks with (number, title, body) triples. A task that keeps its number keeps its row,
    so the tasks of the unit plans (and the reports) that point to it stay linked."""
    wanted: dict[int, tuple[str, str]] = {}
    for i, item in enumerate(tasks):
        number, title, body = item
        title, body = " ".join(nfc(title).split()), nfc(body)  # a title is one line
        if not isinstance(number, int) or number < 1:
            raise ValidationError({"tasks": _("Task %(position)s: the number must be a whole number from 1.")
                                   % {"position": i + 1}})
        if not title:
            raise ValidationError({"tasks": _("Task %(number)s needs a title.") % {"number": number}})
        if number in wanted:
            raise ValidationError({"tasks": _("Two tasks have the number %(number)s.") % {"number": number}})
        wanted[number] = (title, body)
    existing = {task.number: task for task in plan.tasks.all()}
    before = {n: [t.title, t.body] for n, t in existing.items()}
    for number, task in existing.items():
        if number not in wanted:
            task.delete()
    for number, (title, body) in sorted(wanted.items()):
        task = existing.get(number) or Task(plan=plan, number=number)
        if task.pk and (task.title, task.body) == (title, body):
            continue
        task.title, task.body = title, body
        task.full_clean(validate_constraints=False)
        task.save()
    after = {n: [t, b] for n, (t, b) in wanted.items()}
    changes = {str(n): [before.get(n), after.get(n)] for n in sorted(set(before) | set(after))
               if before.get(n) != after.get(n)}
    if changes:
        audit_record(actor=by, action="plan_tasks_set", obj=plan, unit=plan.issuer, changes=changes)


@transaction.atomic
def plan_set_tasks(*, by, plan: Plan, tasks: Sequence[tuple]) -> Plan:
    """Replace a draft's tasks with (number, title, body) triples."""
    plan = _lock(plan)
    _require_editable(by, plan)
    _set_tasks(by, plan, tasks)
    return plan


def legal_document_for(ref: LegalRef) -> LegalDocument:
    """The LegalDocument a reference names: the existing one with the same number and date (or, cited by name
    only, the same kind and name), its empty fields filled in; or a new one."""
    kind, number, issuer, title = nfc(ref.kind), nfc(ref.number_symbol), nfc(ref.issuer), nfc(ref.title)
    if not kind:
        raise ValidationError({"legal_bases": _("Give the type of each document (Chỉ thị, Nghị định …).")})
    if not number and not title:
        raise ValidationError({"legal_bases": _("A document without a number needs its name (e.g. the law's name).")})
    if number:
        document = LegalDocument.objects.filter(number_symbol=number, date=ref.date).first()
    else:
        document = LegalDocument.objects.filter(number_symbol="", kind=kind, title=title).first()
    if document is None:
        document = LegalDocument(kind=kind, number_symbol=number, date=ref.date, issuer=issuer, title=title)
        document.full_clean()
        document.save()
        return document
    filled = False
    for name, value in (("issuer", issuer), ("title", title)):
        if value and not getattr(document, name):
            setattr(document, name, value)
            filled = True
    if filled:
        document.full_clean()
        document.save()
    return document


def _set_legal_bases(by, plan: Plan, refs: Sequence[LegalRef]) -> None:
    documents: list[LegalDocument] = []
    for ref in refs:
        document = legal_document_for(ref)
        if document.pk in {d.pk for d in documents}:
            raise ValidationError({"legal_bases": _("%(document)s is listed twice.") % {"document": document}})
        documents.append(document)
    before = list(PlanCitation.objects.filter(plan=plan).order_by("order").values_list("document_id", flat=True))
    after = [d.pk for d in documents]
    if before == after:
        return
    PlanCitation.objects.filter(plan=plan).delete()
    PlanCitation.objects.bulk_create(
        PlanCitation(plan=plan, document=document, order=i) for i, document in enumerate(documents, start=1)
    )
    audit_record(actor=by, action="plan_legal_bases_set", obj=plan, unit=plan.issuer,
                 changes={"legal_bases": [before, after]})


@transaction.atomic
def plan_set_legal_bases(*, by, plan: Plan, legal_bases: Sequence[LegalRef]) -> Plan:
    """Replace a draft's legal bases (the documents it cites), in the order given."""
    plan = _lock(plan)
    _require_editable(by, plan)
    _set_legal_bases(by, plan, legal_bases)
    return plan


def _check_issue(plan: Plan, number, issued_on) -> None:
    if number is None:
        raise ValidationError({"number": _("Give the number of the plan.")})
    if issued_on is None:
        raise ValidationError({"issued_on": _("Give the date of the plan.")})
    if not plan.tasks.exists():
        raise ValidationError(_("A plan needs at least one task before it is issued."))
    _check_number_free(plan, number)


def _issue(by, plan: Plan, number: int, issued_on: datetime.date, action: str) -> dict:
    before = snapshot(plan, PLAN_FIELDS + ["issued_at"])
    plan.number, plan.issued_on = number, issued_on
    plan.status, plan.issued_at = Plan.Status.ISSUED, timezone.now()
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:  # the same number taken at the same moment by another coordinator
        raise ValidationError({"number": _("This number has just been used by another plan.")}) from error
    changes = diff(before, snapshot(plan, PLAN_FIELDS + ["issued_at"]))
    audit_record(actor=by, action=action, obj=plan, unit=plan.issuer, changes=changes)
    return changes


@transaction.atomic
def plan_issue(*, by, plan: Plan, number: int, issued_on: datetime.date) -> Plan:
    """Issue a provincial plan with its number and date, and tell the people of every assigned unit.

    Who is told: the officers and heads of the units assigned on the issue date; when that date is past,
    also those of the units that carry the plan on today (restructuring moves people to the successors)."""
    require_manager(by)
    plan = _lock(plan)
    if not plan.is_provincial():
        raise ValidationError(_("An implementation plan is issued by its unit's head."))
    if plan.is_issued():
        raise ValidationError(_("This plan has already been issued."))
    _check_issue(plan, number, issued_on)
    _issue(by, plan, number, issued_on, "plan_issued")
    units = {u.pk: u for u in selectors.assigned_units(plan, issued_on)}
    today = timezone.localdate()
    if today > issued_on:
        units.update({u.pk: u for u in selectors.assigned_units(plan, today)})
    notify(
        selectors.people_of_units(units.values()),
        subject=_("Plan %(number)s “%(title)s” has been issued") % {"number": plan.number_symbol, "title": plan.title},
        body=_("Each assigned unit builds its own implementation plan from it."),
        url=reverse("plans:detail", args=[plan.pk]),
    )
    return plan


# Implementation plans of the units ---------------------------------------------------------------------------

def _unit_header(unit: Unit, parent: Plan) -> dict:
    """What a unit's plan prints at its top: the unit (and, for a department, the provincial committee)."""
    if unit.kind == Unit.Kind.DEPARTMENT:
        return {"issuer_title": unit.name.upper(), "parent_body": parent.issuer_title, "place": parent.place,
                "symbol": f"KH-{unit.short_name}" if unit.short_name else "KH"}
    # A local committee dates its documents from its own place: "Quy Nhơn Nam, ngày …".
    place = unit.name
    if unit.division and place.lower().startswith(unit.division.lower() + " "):
        place = place[len(unit.division) + 1:]
    return {"issuer_title": f"ỦY BAN NHÂN DÂN {unit.name.upper()}", "parent_body": "", "place": place,
            "symbol": "KH-UBND"}


@transaction.atomic
def unit_plan_start(*, by, plan: Plan, unit: Unit) -> Plan:
    """Start a unit's implementation plan of an issued provincial plan: a draft with the provincial tasks
    (each pointing to the task it carries out), purposes and requirements, for the unit to adapt."""
    if by is not None and not scoping.can_draft_for(by, unit):
        raise PermissionDenied(_("Only the unit's officers and head may start its plan."))
    plan = _lock(plan)
    if not plan.is_provincial():
        raise ValidationError(_("An implementation plan implements a provincial plan."))
    if not plan.is_issued():
        raise ValidationError(_("The provincial plan has not been issued yet."))
    if not selectors.is_assigned(plan, unit):
        raise ValidationError(_("This plan is not assigned to %(unit)s.") % {"unit": unit.name})
    existing = Plan.objects.filter(parent=plan, issuer=unit).first()
    if existing is not None:
        raise ValidationError(_("%(unit)s already has an implementation plan of this plan: “%(title)s”.")
                              % {"unit": unit.name, "title": existing.title})
    unit_plan = Plan(
        issuer=unit, parent=plan, year=plan.year, title=plan.title,
        purposes=list(plan.purposes), requirements=list(plan.requirements),
        created_by=by if getattr(by, "pk", None) else None, **_unit_header(unit, plan),
    )
    unit_plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            unit_plan.save()
    except IntegrityError as error:  # started twice at the same moment
        raise ValidationError(_("%(unit)s already has an implementation plan of this plan.")
                              % {"unit": unit.name}) from error
    Task.objects.bulk_create(
        Task(plan=unit_plan, number=task.number, title=task.title, body=task.body, source=task)
        for task in plan.tasks.all()
    )
    audit_record(actor=by, action="unit_plan_started", obj=unit_plan, unit=unit,
                 changes={**created(unit_plan, PLAN_FIELDS), "tasks": [None, unit_plan.tasks.count()]})
    return unit_plan


def _require_head(by, plan: Plan) -> None:
    if plan.is_provincial():
        raise ValidationError(_("A provincial plan is issued by the coordinators."))
    if by is not None and not scoping.can_approve_for(by, plan.issuer):
        raise PermissionDenied(_("Only the unit's head may do this."))


@transaction.atomic
def unit_plan_approve(*, by, plan: Plan) -> Plan:
    """The unit's head approves the draft: it can no longer be changed and is ready to be issued."""
    plan = _lock(plan)
    _require_head(by, plan)
    if not plan.is_draft():
        raise ValidationError(_("Only a draft can be approved."))
    if not plan.tasks.exists():
        raise ValidationError(_("A plan needs at least one task before it is approved."))
    before = snapshot(plan, ["status", "approved_at"])
    plan.status, plan.approved_at = Plan.Status.APPROVED, timezone.now()
    plan.save(update_fields=["status", "approved_at"])
    audit_record(actor=by, action="unit_plan_approved", obj=plan, unit=plan.issuer,
                 changes=diff(before, snapshot(plan, ["status", "approved_at"])))
    return plan


@transaction.atomic
def unit_plan_issue(*, by, plan: Plan, number: int, issued_on: datetime.date) -> Plan:
    """The unit's head issues the approved plan with its number and date; the coordinators are told."""
    plan = _lock(plan)
    _require_head(by, plan)
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError(_("The head approves the plan before it is issued."))
    _check_issue(plan, number, issued_on)
    _issue(by, plan, number, issued_on, "unit_plan_issued")
    notify(
        selectors.coordinators(),
        subject=_("%(unit)s has issued its implementation plan %(number)s")
        % {"unit": plan.issuer.name, "number": plan.number_symbol},
        url=reverse("plans:detail", args=[plan.pk]),
    )
    return plan
