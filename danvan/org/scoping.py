"""The one place that decides what each person sees and may do. Views and API handlers fetch through it.

- Province-wide roles (admin, coordinator, leader, auditor) see every unit of the deployment.
- Unit roles (unit head, unit officer, case handler, inspector) see their unit and the units below it.
- Anonymous people see no unit (the public portal shows only public data, through its own views).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from danvan.org.models import Membership, Role, Unit

WIDE_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.AUDITOR})

# What each role may do, beyond seeing units.
PERMISSIONS: dict[str, frozenset[str]] = {
    "restructure_units": frozenset({Role.ADMIN}),
    "read_audit": frozenset({Role.ADMIN, Role.AUDITOR}),
    "manage_calendar": frozenset({Role.ADMIN}),
    "manage_members": frozenset({Role.ADMIN}),
    "manage_plans": frozenset({Role.ADMIN, Role.COORDINATOR}),
    "manage_indicators": frozenset({Role.ADMIN, Role.COORDINATOR}),
    "review_reports": frozenset({Role.ADMIN, Role.COORDINATOR}),
    "monitor_reports": frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER}),
}

# Roles that act for a unit: drafting its plan and reports (officers), approving and sending them (heads).
DRAFTING_ROLES = frozenset({Role.UNIT_OFFICER, Role.UNIT_HEAD})
APPROVING_ROLES = frozenset({Role.UNIT_HEAD})


def roles(user) -> frozenset[str]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_danvan_roles", None)
    if cached is None:
        cached = frozenset(Membership.objects.filter(user=user, active=True).values_list("role", flat=True))
        if user.is_superuser:
            cached = cached | {Role.ADMIN}
        user._danvan_roles = cached
    return cached


def has_perm(user, permission: str) -> bool:
    return bool(roles(user) & PERMISSIONS[permission])


def require_perm(user, permission: str) -> None:
    if not has_perm(user, permission):
        raise PermissionDenied


def sees_everything(user) -> bool:
    return bool(roles(user) & WIDE_ROLES)


def _with_descendants(unit_ids: set[int]) -> set[int]:
    seen = set(unit_ids)
    frontier = set(unit_ids)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - seen
        seen |= frontier
    return seen


def visible_unit_ids(user) -> set[int] | None:
    """Ids of the units the person may see, or None for all of them."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if sees_everything(user):
        return None
    cached = getattr(user, "_danvan_unit_ids", None)
    if cached is None:
        own = set(Membership.objects.filter(user=user, active=True).values_list("unit_id", flat=True))
        cached = _with_descendants(own)
        user._danvan_unit_ids = cached
    return cached


def visible_units(user) -> QuerySet[Unit]:
    ids = visible_unit_ids(user)
    if ids is None:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=ids)


def get_unit_for_user(user, pk) -> Unit:
    """The unit with this id if the person may see it; 404 otherwise (no hint that it exists)."""
    unit = visible_units(user).filter(pk=pk).select_related("parent").first()
    if unit is None:
        raise Http404
    return unit


def unit_roles(user, unit) -> frozenset[str]:
    """The roles the person holds in this very unit (not inherited from a parent unit)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = getattr(user, "_danvan_unit_roles", None)
    if cache is None:
        cache = {}
        for unit_id, role in Membership.objects.filter(user=user, active=True).values_list("unit_id", "role"):
            cache.setdefault(unit_id, set()).add(role)
        user._danvan_unit_roles = cache
    return frozenset(cache.get(unit.pk, ()))


def can_draft_for(user, unit) -> bool:
    """Officers and heads of the unit draft its plan and reports."""
    return bool(unit_roles(user, unit) & DRAFTING_ROLES)


def can_approve_for(user, unit) -> bool:
    """The unit's head approves and sends its plan and reports."""
    return bool(unit_roles(user, unit) & APPROVING_ROLES)


def people_of(unit, roles=DRAFTING_ROLES):
    """Active people holding one of `roles` in the unit: whom to notify about the unit's work."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        memberships__unit=unit, memberships__role__in=roles, memberships__active=True, is_active=True
    ).distinct()
