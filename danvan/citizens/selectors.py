"""Reads of petitions: who sees which, search, the dashboard's figures, protracted cases.

What a person sees is decided by org.scoping (their unit and the units below it, or the whole province for
province-wide roles); an assigned handler also sees the petitions they handle wherever these belong."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from danvan.citizens.models import Petition
from danvan.citizens.services import STAFF_ROLES
from danvan.core.text import fold
from danvan.org import scoping
from danvan.org.models import Membership, Role, Unit

OPEN_STATUSES = (Petition.Status.RECEIVED, Petition.Status.CLASSIFIED, Petition.Status.IN_PROGRESS)


def visible_petitions(user) -> QuerySet[Petition]:
    """The petitions of the person's units and the units below them (all of them for province-wide roles),
    and the petitions the person handles."""
    petitions = Petition.objects.all()
    ids = scoping.visible_unit_ids(user)
    if ids is None:
        return petitions
    if not user.is_authenticated:
        return petitions.none()
    return petitions.filter(Q(unit_id__in=ids) | Q(handler=user))


def identity_visible_q(user) -> Q:
    """Petitions whose petitioner this person may see (services.can_see_identity, as a filter): every kind but
    denunciations; denunciations only for their handler, the head of their unit and auditors."""
    plain = ~Q(kind=Petition.Kind.DENUNCIATION)
    if user is None or not user.is_authenticated:
        return plain
    if Role.AUDITOR in scoping.roles(user):
        return Q()
    headed = Membership.objects.filter(user=user, active=True, role=Role.UNIT_HEAD).values("unit_id")
    return plain | Q(handler=user) | Q(unit_id__in=headed)


def search_petitions(qs: QuerySet[Petition], query: str, *, user=None) -> QuerySet[Petition]:
    """Petitions matching every word of `query`, typed with or without diacritics, in the subject and content,
    or in the petitioner's name (only where `user` may see the petitioner: a search by name must not reveal
    that a person denounced someone); a tracking code or a citizen ID number matches exactly.

    The one place that searches petitions: a full-text index can replace the folded `icontains` here."""
    query = (query or "").strip()
    words = fold(query).split()
    if not words:
        return qs
    name_allowed = identity_visible_q(user)
    text = Q()
    for word in words:
        text &= Q(search_folded__icontains=word) | (Q(name_folded__icontains=word) & name_allowed)
    exact = Q(tracking_code=query.upper())
    compact = query.replace(" ", "")
    if compact.isdigit():
        exact |= Q(id_number=compact) & name_allowed
    return qs.filter(text | exact)


# Clocks, counted from the dates (the scheduler's `clock` column can lag behind by one pass) -------------------

def open_q() -> Q:
    return Q(status__in=OPEN_STATUSES)


def overdue_q(today: datetime.date) -> Q:
    return open_q() & Q(resolve_due__lt=today)


def due_soon_q(today: datetime.date) -> Q:
    soon = today + datetime.timedelta(days=settings.PETITION_DUE_SOON_DAYS)
    return open_q() & Q(resolve_due__gte=today, resolve_due__lte=soon)


def resolved_q() -> Q:
    return Q(resolved_on__isnull=False)


def clock_now(petition: Petition, today: datetime.date) -> str:
    """The clock as it stands today: running, due soon, overdue, or stopped once the case is done."""
    if petition.status not in OPEN_STATUSES:
        return Petition.Clock.STOPPED
    if petition.resolve_due is None:
        return Petition.Clock.RUNNING
    if petition.resolve_due < today:
        return Petition.Clock.OVERDUE
    if (petition.resolve_due - today).days <= settings.PETITION_DUE_SOON_DAYS:
        return Petition.Clock.DUE_SOON
    return Petition.Clock.RUNNING


CLOCK_FILTERS = ("due_soon", "overdue", "on_time", "late")


def filter_petitions(qs: QuerySet[Petition], *, user=None, today: datetime.date | None = None, query: str = "",
                     kind: str = "", status: str = "", clock: str = "", unit=None, flag: str = "",
                     received_from: datetime.date | None = None,
                     received_to: datetime.date | None = None) -> QuerySet[Petition]:
    """The list's filters. `status` is a status or "open" / "resolved"; `clock` is due_soon, overdue (open
    cases), on_time or late (resolved cases); `flag` is "repeat" or "level_jump"."""
    today = today or timezone.localdate()
    if kind:
        qs = qs.filter(kind=kind)
    if status == "open":
        qs = qs.filter(open_q())
    elif status == "resolved":
        qs = qs.filter(resolved_q())
    elif status:
        qs = qs.filter(status=status)
    if clock == "due_soon":
        qs = qs.filter(due_soon_q(today))
    elif clock == "overdue":
        qs = qs.filter(overdue_q(today))
    elif clock == "on_time":
        qs = qs.filter(resolved_q(), resolved_on_time=True)
    elif clock == "late":
        qs = qs.filter(resolved_q(), resolved_on_time=False)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if flag == "repeat":
        qs = qs.filter(Q(repeat_of__isnull=False) | Q(repeat_count__gt=0))
    elif flag == "level_jump":
        qs = qs.filter(level_jump=True)
    if received_from:
        qs = qs.filter(received_on__gte=received_from)
    if received_to:
        qs = qs.filter(received_on__lte=received_to)
    if query:
        qs = search_petitions(qs, query, user=user)
    return qs


# The dashboard ------------------------------------------------------------------------------------------------

@dataclass
class Figures:
    """Open, due soon, overdue, resolved and resolved on time, for one unit, one kind, or all."""

    key: object = None
    label: str = ""
    received: int = 0
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    resolved: int = 0
    on_time: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Share of resolved cases resolved within their limit, in percent (None when nothing was resolved)."""
        if not self.resolved:
            return None
        return round(100 * self.on_time / self.resolved, 1)

    def add(self, other: "Figures") -> None:
        for name in ("received", "open", "due_soon", "overdue", "resolved", "on_time"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Dashboard:
    by_unit: list[Figures] = field(default_factory=list)
    by_kind: list[Figures] = field(default_factory=list)
    total: Figures = field(default_factory=Figures)


def _counts(today: datetime.date) -> dict:
    return {
        "received": Count("pk"),
        "open": Count("pk", filter=open_q()),
        "due_soon": Count("pk", filter=due_soon_q(today)),
        "overdue": Count("pk", filter=overdue_q(today)),
        "resolved": Count("pk", filter=resolved_q()),
        "on_time": Count("pk", filter=resolved_q() & Q(resolved_on_time=True)),
    }


def dashboard(qs: QuerySet[Petition], today: datetime.date | None = None) -> Dashboard:
    """The figures of `qs` by unit and by kind: two grouped queries, whatever the number of petitions."""
    today = today or timezone.localdate()
    names = ("received", "open", "due_soon", "overdue", "resolved", "on_time")
    result = Dashboard()
    rows = qs.order_by().values("unit_id", "unit__name").annotate(**_counts(today)).order_by("unit__name")
    for row in rows:
        result.by_unit.append(Figures(key=row["unit_id"], label=row["unit__name"], **{n: row[n] for n in names}))
    kinds = {row["kind"]: row for row in qs.order_by().values("kind").annotate(**_counts(today))}
    for kind, label in Petition.Kind.choices:
        row = kinds.get(kind)
        figures = Figures(key=kind, label=str(label), **({n: row[n] for n in names} if row else {}))
        result.by_kind.append(figures)
        result.total.add(figures)
    return result


# Protracted cases ----------------------------------------------------------------------------------------------

REPEATED_TIMES = 3  # "repeated three times or more": the first petition and at least two repeats


def protracted_q(today: datetime.date) -> Q:
    """Open cases past their limit, and cases sent three times or more: a first petition repeated at least
    twice, and its repeats (services link each repeat to the first petition)."""
    many = REPEATED_TIMES - 1
    return overdue_q(today) | Q(repeat_count__gte=many) | Q(repeat_of__repeat_count__gte=many)


def protracted(qs: QuerySet[Petition], today: datetime.date | None = None) -> QuerySet[Petition]:
    today = today or timezone.localdate()
    return qs.filter(protracted_q(today)).order_by("resolve_due", "pk")


# Who records petitions -----------------------------------------------------------------------------------------

def recordable_units(user, today: datetime.date | None = None) -> QuerySet[Unit]:
    """Units the person records petitions for: those where they are staff (officer, head, case handler); any
    current unit for administrators."""
    today = today or timezone.localdate()
    units = Unit.objects.valid_on(today).order_by("name")
    if Role.ADMIN in scoping.roles(user):
        return units
    staff = Membership.objects.filter(user=user, active=True, role__in=STAFF_ROLES).values("unit_id")
    return units.filter(pk__in=staff)


def filter_units(user) -> QuerySet[Unit]:
    """Units to filter the list by: those the person sees, and those of the petitions they handle."""
    ids = scoping.visible_unit_ids(user)
    if ids is None:
        return Unit.objects.order_by("name")
    handled = Petition.objects.filter(handler=user).values("unit_id")
    return Unit.objects.filter(Q(pk__in=ids) | Q(pk__in=handled)).order_by("name")


def handlers_for(unit) -> QuerySet:
    """People who may handle a petition of this unit: its officers, head and case handlers."""
    return scoping.people_of(unit, roles=STAFF_ROLES).order_by("full_name", "username")
