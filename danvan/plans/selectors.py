"""Reads on plans that are more than a lookup: which plans a person sees, which units a plan is assigned to on
a date, and which of those units have their own implementation plan.

Assignment follows the organisation tree as it stands on the date asked (DESIGN.md §5): a plan assigned in
January to Bình Định's departments and districts is, from 1 July 2025, assigned to Gia Lai's departments and
communes. The reporting app uses `assigned_units` for "units expected to report", so it runs in a handful of
queries whatever the size of the tree.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from danvan.org import scoping
from danvan.org import selectors as org_selectors
from danvan.org.models import Membership, Role, Unit
from danvan.plans.models import Plan

# How many restructurings in a row we follow; the real chains are one or two long.
MAX_GENERATIONS = 20
_KIND_ORDER = {kind: i for i, kind in enumerate(Unit.Kind.values)}


def unit_order(unit: Unit) -> tuple:
    """Departments before communes, then by name: the order of the plan's own wording."""
    return (_KIND_ORDER.get(unit.kind, 99), unit.name_folded, unit.pk)


# Who sees which plan ----------------------------------------------------------------------------------------

def visible_plans(user) -> QuerySet[Plan]:
    """Plans the person may read. Province-wide roles see every plan; everyone else logged in sees the issued
    provincial plans, and the implementation plans of the units they see (their unit and the units below)."""
    if not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if scoping.sees_everything(user):
        return Plan.objects.all()
    unit_ids = scoping.visible_unit_ids(user) or set()
    return Plan.objects.filter(
        Q(parent__isnull=True, status=Plan.Status.ISSUED) | Q(parent__isnull=False, issuer_id__in=unit_ids)
    )


def provincial_plans(user) -> QuerySet[Plan]:
    """The provincial plans the person sees, with how many implementation plans each has (issued or not)."""
    return (
        visible_plans(user)
        .filter(parent__isnull=True)
        .select_related("issuer")
        .annotate(
            unit_plan_count=Count("unit_plans", distinct=True),
            unit_plans_issued=Count("unit_plans", filter=Q(unit_plans__status=Plan.Status.ISSUED), distinct=True),
        )
    )


def unit_plans_of(user) -> QuerySet[Plan]:
    """The implementation plans of the person's own units (what a unit officer or head works on)."""
    unit_ids = Membership.objects.filter(user=user, active=True).values("unit_id")
    return (
        Plan.objects.filter(parent__isnull=False, issuer_id__in=unit_ids)
        .select_related("issuer", "parent")
        .order_by("-year", "issuer__name", "-pk")
    )


# Assignment as the tree stands ------------------------------------------------------------------------------

def _successor_links(unit_ids: list[int]) -> list[tuple[int, Unit]]:
    """(predecessor id, successor) for every restructuring event that ended one of `unit_ids`: one query."""
    rows = (
        Unit.objects.filter(events_as_successor__predecessors__in=unit_ids)
        .annotate(predecessor_id=F("events_as_successor__predecessors"))
        .order_by()
    )
    return [(row.predecessor_id, row) for row in rows]


def carried_on_by(units: Iterable[Unit], on: datetime.date) -> dict[int, list[Unit]]:
    """For each unit (by id), the units that carry it on and are valid on `on`; a unit valid on `on` is its own.

    The answer of `org.selectors.successors(unit, as_of=on)` for many units at once: one query per generation
    of restructuring events instead of one per unit and event.
    """
    result: dict[int, list[Unit]] = {}
    following: dict[int, set[int]] = {}  # unit still to follow → the units we started from
    for unit in units:
        if unit.pk in result:
            continue
        result[unit.pk] = []
        if unit.is_valid_on(on):
            result[unit.pk].append(unit)
        else:
            following.setdefault(unit.pk, set()).add(unit.pk)
    seen: dict[int, set[int]] = {origin: {origin} for origin in result}
    for _generation in range(MAX_GENERATIONS):
        if not following:
            break
        next_following: dict[int, set[int]] = {}
        for predecessor_id, successor in _successor_links(list(following)):
            for origin in following[predecessor_id]:
                if successor.pk in seen[origin]:
                    continue
                seen[origin].add(successor.pk)
                if successor.is_valid_on(on):
                    result[origin].append(successor)
                else:
                    next_following.setdefault(successor.pk, set()).add(origin)
        following = next_following
    for found in result.values():
        found.sort(key=lambda u: (u.name_folded, u.pk))
    return result


def assigned_units(plan: Plan, on: datetime.date) -> list[Unit]:
    """The units a provincial plan is assigned to, as the tree stands on `on`.

    - the direct sub-units, valid on `on`, of the issuer's successor(s) on that date whose kind is one of
      `plan.assigned_kinds` (before July 2025: Bình Định's departments and districts; after: Gia Lai's
      departments and communes, since the districts are gone and the communes hang from the province);
    - plus the units assigned by name, or the units that carry them on, valid on `on`.

    Sorted by kind (departments first) and name. A handful of queries, none per unit.
    """
    found: dict[int, Unit] = {}
    kinds = [kind for kind in plan.assigned_kinds or [] if kind in Unit.Kind.values]
    if kinds:
        roots = org_selectors.successors(plan.issuer, as_of=on)
        if roots:
            for unit in Unit.objects.valid_on(on).filter(parent__in=roots, kind__in=kinds):
                found[unit.pk] = unit
    explicit = list(plan.assigned_units.all())
    if explicit:
        for successors in carried_on_by(explicit, on).values():
            for unit in successors:
                found.setdefault(unit.pk, unit)
    return sorted(found.values(), key=unit_order)


def assignment_day(unit: Unit, today: datetime.date | None = None) -> datetime.date:
    """The day on which to ask whether a unit is assigned: today while it exists, else its last (or first) day."""
    today = today or timezone.localdate()
    if unit.is_valid_on(today):
        return today
    if unit.valid_to is not None and unit.valid_to < today:
        return unit.valid_to
    return unit.valid_from or today


def is_assigned(plan: Plan, unit: Unit, *, today: datetime.date | None = None) -> bool:
    """Whether the plan is assigned to the unit while the unit exists (today, or on its last day)."""
    day = assignment_day(unit, today)
    return any(u.pk == unit.pk for u in assigned_units(plan, day))


def startable_units(plan: Plan, user) -> list[Unit]:
    """The person's units that may start an implementation plan of this issued provincial plan: the person
    drafts for them, the plan is assigned to them and they have none yet."""
    if not plan.is_provincial() or not plan.is_issued() or not user.is_authenticated:
        return []
    mine = [
        m.unit for m in Membership.objects.filter(user=user, active=True, role__in=scoping.DRAFTING_ROLES)
        .select_related("unit")
    ]
    if not mine:
        return []
    taken = set(Plan.objects.filter(parent=plan, issuer__in=mine).values_list("issuer_id", flat=True))
    today = timezone.localdate()
    by_day: dict[datetime.date, set[int]] = {}
    result = {}
    for unit in mine:
        if unit.pk in taken:
            continue
        day = assignment_day(unit, today)
        if day not in by_day:
            by_day[day] = {u.pk for u in assigned_units(plan, day)}
        if unit.pk in by_day[day]:
            result[unit.pk] = unit
    return sorted(result.values(), key=unit_order)


def unit_plan_status(plan: Plan, on: datetime.date) -> list[tuple[Unit, Plan | None]]:
    """For the coordinator: each unit the plan is assigned to on `on`, with its implementation plan or None.

    A unit that restructuring created after its predecessor wrote a plan is shown with the predecessor's plan
    (the plan's issuer then differs from the unit), the issued one first when several predecessors merged.
    """
    units = assigned_units(plan, on)
    unit_ids = {u.pk for u in units}
    unit_plans = list(Plan.objects.filter(parent=plan).select_related("issuer"))
    rank = {Plan.Status.ISSUED: 0, Plan.Status.APPROVED: 1, Plan.Status.DRAFT: 2}
    best: dict[int, Plan] = {p.issuer_id: p for p in unit_plans if p.issuer_id in unit_ids}
    inherited: dict[int, Plan] = {}
    earlier = [p for p in unit_plans if p.issuer_id not in unit_ids]
    if earlier:
        carried = carried_on_by([p.issuer for p in earlier], on)
        for unit_plan in earlier:
            for successor in carried[unit_plan.issuer_id]:
                if successor.pk not in unit_ids or successor.pk in best:
                    continue
                held = inherited.get(successor.pk)
                if held is None or rank[unit_plan.status] < rank[held.status]:
                    inherited[successor.pk] = unit_plan
    return [(unit, best.get(unit.pk) or inherited.get(unit.pk)) for unit in units]


# People -----------------------------------------------------------------------------------------------------

def people_of_units(units: Iterable[Unit], roles=scoping.DRAFTING_ROLES) -> QuerySet:
    """Active people holding one of `roles` in any of the units (`scoping.people_of`, for many units at once)."""
    return get_user_model().objects.filter(
        memberships__unit__in=[u.pk for u in units], memberships__role__in=roles, memberships__active=True,
        is_active=True,
    ).distinct()


def coordinators() -> QuerySet:
    """The people who follow the plans for the province (Sở Nội vụ officers)."""
    return get_user_model().objects.filter(
        memberships__role=Role.COORDINATOR, memberships__active=True, is_active=True
    ).distinct()
