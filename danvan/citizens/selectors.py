"""Reads of petitions: who sees which, search, the dashboard's figures, protracted cases.

What a person sees is decided by org.scoping (their unit and the units below it, or the whole province for
province-wide roles); an assigned handler also sees the petitions they handle wherever these belong."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Contains, In
from django.utils import timezone
from django.utils.functional import cached_property

from danvan.citizens.models import Petition, PetitionTally
from danvan.citizens.services import STAFF_ROLES
from danvan.core.text import fold
from danvan.org import scoping
from danvan.org.models import Membership, Role, Unit

logger = logging.getLogger(__name__)
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


def search_petitions(qs: QuerySet[Petition], query: str, *, user=None, indexed: bool = True) -> QuerySet[Petition]:
    """Petitions matching every word of `query`, typed with or without diacritics, in the subject and content,
    or in the petitioner's name (only where `user` may see the petitioner: a search by name must not reveal
    that a person denounced someone); a tracking code or a citizen ID number matches exactly.

    The one place that searches petitions. A word matches where it is part of the folded text (LIKE '%word%':
    "dat" finds "đất" and "đạt"). The folded columns and the folded words are in lower case, so the
    case-sensitive LIKE finds what a case-insensitive one would, and an index can serve it (citizens migration
    0003) for words of three letters or more (trigrams): see `_postgresql_text` and `_indexed_ids`. With
    `indexed` false, the same petitions are found row by row, which is quicker over a few thousand rows than
    asking SQLite's FTS5 table for every petition holding a common word (see `first_page`)."""
    query = (query or "").strip()
    words = fold(query).split()
    if not words:
        return qs
    name_allowed = identity_visible_q(user)
    exact = Q(tracking_code=query.upper())
    compact = query.replace(" ", "")
    if compact.isdigit():
        exact |= Q(id_number=compact) & name_allowed
    vendor = connections[qs.db].vendor
    if vendor == "postgresql":
        return qs.filter(_postgresql_text(words, name_allowed) | exact)
    text = Q()
    for word in words:
        text &= Q(search_folded__contains=word) | (Q(name_folded__contains=word) & name_allowed)
    long_words = [word for word in words if len(word) >= 3]  # the trigram tokenizer matches nothing shorter
    if indexed and long_words and vendor == "sqlite" and _fts_in_step(qs.db):
        ids = _indexed_ids(long_words, tracking_code=query.upper(), id_number=compact if compact.isdigit() else "")
        return qs.filter(ids, text | exact)
    return qs.filter(text | exact)


def _postgresql_text(words: list[str], name_allowed: Q) -> Q:
    """The words' condition as PostgreSQL's trigram index of search_folded || ' ' || name_folded serves it.

    A word holds no space, so it is in that text exactly when it is in the folded text or in the name: "in the
    text, or in the name where the name may be searched" is "in the two put together, and also in the text
    unless the name may be searched". Written so, every word is a condition on the one index, whose scan
    intersects them (a word per column would have PostgreSQL check every petition holding the commonest word),
    and the planner does not count each word twice when it guesses how many petitions match (which decides
    whether it reads the matches and sorts them, or reads the newest petitions until the page is full)."""
    condition = Q()
    for word in words:
        in_text = Q(search_folded__contains=word)
        if len(word) < 3:  # no trigram: the index cannot help
            condition &= in_text | (Q(name_folded__contains=word) & name_allowed)
        elif not name_allowed:  # every name may be searched
            condition &= Q(Contains(_folded_text_and_name(), word))
        else:
            condition &= Q(Contains(_folded_text_and_name(), word)) & (in_text | name_allowed)
    return condition


def _folded_text_and_name() -> Func:
    """search_folded || ' ' || name_folded: what PostgreSQL's trigram index holds (migration 0003 creates it on
    this very expression, which the query must repeat for the index to serve it)."""
    return Func(F("search_folded"), F("name_folded"), template="(%(expressions)s)", arg_joiner=" || ' ' || ",
                output_field=TextField())


FTS_TABLE = "citizens_petition_fts"
FTS_TRIGGERS = ("citizens_petition_fts_insert", "citizens_petition_fts_delete", "citizens_petition_fts_update")
TALLY_TRIGGERS = {  # citizens migration 0004
    "sqlite": ("citizens_tally_insert", "citizens_tally_delete", "citizens_tally_update"),
    "postgresql": ("citizens_tally_insert_delete", "citizens_tally_update"),
}
_triggers_found: dict[tuple[str, str, tuple[str, ...]], bool] = {}


def _triggers_present(alias: str, names: tuple[str, ...], *, table: str = "") -> bool:
    """True when citizens_petition has all these triggers (and `table` exists, when named). SQLite drops a
    table's triggers when a migration rebuilds the table: what they keep would then be stale. Asked once per
    process, database and set of triggers."""
    connection = connections[alias]
    key = (alias, str(connection.settings_dict["NAME"]), names)
    if key not in _triggers_found:
        marks = ", ".join(["%s"] * len(names))
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT count(*) FROM sqlite_master WHERE (type = 'table' AND name = %s) OR (type = 'trigger' "
                    f"AND tbl_name = 'citizens_petition' AND name IN ({marks}))", [table, *names])
            else:
                cursor.execute(
                    "SELECT (SELECT count(*) FROM pg_class WHERE relname = %s) + (SELECT count(*) FROM pg_trigger "
                    f"WHERE tgrelid = 'citizens_petition'::regclass AND tgname IN ({marks}))", [table, *names])
            _triggers_found[key] = cursor.fetchone()[0] == bool(table) + len(names)
    return _triggers_found[key]


def _fts_in_step(alias: str) -> bool:
    """True when the database has the FTS5 table and the triggers that keep it in step."""
    ready = _triggers_present(alias, FTS_TRIGGERS, table=FTS_TABLE)
    if not ready:
        logger.warning("The petition search index (%s) or its triggers are missing: searching without it, "
                       "slowly. Run the migrations again or rebuild it (see citizens migration 0003).", FTS_TABLE)
    return ready


def tally_in_step(alias: str) -> bool:
    """True when the database keeps the tally of petitions (models.PetitionTally) through its triggers."""
    names = TALLY_TRIGGERS.get(connections[alias].vendor)
    return bool(names) and _triggers_present(alias, names)


class _IndexedIn(In):
    """`pk IN (…)` that lets SQLite choose well both for a count and for a page read in order.

    Counting (or reading everything), SQLite goes through the ids listed. Reading a page in order, it would do the
    same and then sort every match, which takes seconds when a word is in a third of a million petitions: for a
    sliced query ordered by the date received the column is written `+id` (the same value, but no index on it), so
    SQLite walks the index of the date, newest first, checks each id against the list without reading the row,
    and stops at the end of the page."""

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        query = compiler.query
        ordering = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
        by_date = bool(ordering) and str(ordering[0]).lstrip("-") == "received_on"  # an index serves the order
        return (f"+{sql}" if query.is_sliced and by_date else sql), params


def _indexed_ids(words: list[str], *, tracking_code: str, id_number: str) -> _IndexedIn:
    """SQLite: `pk IN` the ids of the petitions holding every word (three letters or more) in their folded text or
    name, as the FTS5 trigram table finds them, and of those with the tracking code or ID number typed: every
    petition the search finds is among them."""
    match = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    table = Petition._meta.db_table
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s UNION ALL SELECT id FROM {table} WHERE " \
          "tracking_code = %s"
    params = [match, tracking_code]
    if id_number:
        sql += f" UNION ALL SELECT id FROM {table} WHERE id_number = %s"
        params.append(id_number)
    return _IndexedIn(F("pk"), RawSQL(sql, params))


# Clocks, counted from the dates (the scheduler's `clock` column can lag behind by one pass) -------------------

def open_q() -> Q:
    return Q(status__in=OPEN_STATUSES)


def _past_due_q(today: datetime.date) -> Q:
    return Q(resolve_due__lt=today)


def _due_within_q(today: datetime.date) -> Q:
    soon = today + datetime.timedelta(days=settings.PETITION_DUE_SOON_DAYS)
    return Q(resolve_due__gte=today, resolve_due__lte=soon)


def overdue_q(today: datetime.date) -> Q:
    return open_q() & _past_due_q(today)


def due_soon_q(today: datetime.date) -> Q:
    return open_q() & _due_within_q(today)


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
                     kind: str = "", status: str = "", clock: str = "", unit=None, unit_name: str = "",
                     flag: str = "", received_from: datetime.date | None = None,
                     received_to: datetime.date | None = None, indexed: bool = True) -> QuerySet[Petition]:
    """The list's filters. `status` is a status or "open" / "resolved"; `clock` is due_soon, overdue (open
    cases), on_time or late (resolved cases); `unit_name` is part of the unit's name, diacritics optional;
    `flag` is "repeat" or "level_jump"."""
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
    if unit_name := fold(unit_name):
        qs = qs.filter(unit__name_folded__contains=unit_name)
    if flag == "repeat":
        qs = qs.filter(Q(repeat_of__isnull=False) | Q(repeat_count__gt=0))
    elif flag == "level_jump":
        qs = qs.filter(level_jump=True)
    if received_from:
        qs = qs.filter(received_on__gte=received_from)
    if received_to:
        qs = qs.filter(received_on__lte=received_to)
    if query:
        qs = search_petitions(qs, query, user=user, indexed=indexed)
    return qs


# A page of the list --------------------------------------------------------------------------------------------

COUNT_CAP = 1000  # the list says "more than 1,000" rather than count a million matches; narrow the filters
PROBE_ROWS = 5000


def first_page(qs: QuerySet[Petition], size: int, *, probe: QuerySet[Petition] | None = None) -> list[Petition]:
    """The first `size` petitions of `qs` in the list's order (newest received first).

    `probe`, given for a search, is the same search without the index (filter_petitions(indexed=False)): it is
    first asked among the newest PROBE_ROWS petitions, read row by row; when they hold a page of matches, that is
    the page (the matches further back are all older). Else the matches are rare, and the index finds them
    quickly. A common word is costly to the indexes: SQLite's FTS5 table lists every petition holding "den" (a
    third of them) before the page can be read, and PostgreSQL, which multiplies the shares of the words typed
    as if they were independent, guesses a hundred times too few matches for words that go together ("chan
    nuoi heo") and fetches and sorts every one (half a second at a million petitions)."""
    default_order = not qs.query.order_by and qs.query.default_ordering
    if probe is not None and default_order:
        floor = list(Petition.objects.using(qs.db).order_by("-received_on", "-pk")
                     .values_list("received_on", flat=True)[PROBE_ROWS - 1:PROBE_ROWS])
        if floor:
            rows = list(probe.filter(received_on__gte=floor[0])[:size])
            if len(rows) == size:
                return rows
    return list(qs[:size])


class PetitionPaginator(Paginator):
    """The list's pager: counts at most COUNT_CAP matches (`capped` says there are more, and only the first
    COUNT_CAP can be paged through) and reads the first page through `first_page` (with `probe`, for a
    search)."""

    capped = False

    def __init__(self, object_list, per_page, *, probe: QuerySet[Petition] | None = None):
        super().__init__(object_list, per_page)
        self.probe = probe

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[:COUNT_CAP + 1].count()
        self.capped = found > COUNT_CAP
        return min(found, COUNT_CAP)

    def page(self, number):
        number = self.validate_number(number)
        if number != 1:
            return super().page(number)
        return self._get_page(first_page(self.object_list, self.per_page, probe=self.probe), number, self)


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


FIGURES = ("received", "open", "due_soon", "overdue", "resolved", "on_time")


def _figures_by_unit_and_kind(qs: QuerySet[Petition], today: datetime.date):
    """Rows of (unit_id, kind, *FIGURES), in one query of two parts: the received and resolved figures, then the
    open petitions alone (a few percent) for the clocks, counted from an index (citizens migration 0003), never
    the table. For every petition (no filter), the first part reads the tally the database keeps (migration
    0004); for some petitions, it counts them from an index too. Both counts are of a column of the index
    (unit_id, never null) rather than the id, which PostgreSQL would fetch from the table."""
    zero = Value(0, output_field=IntegerField())
    count = "unit_id"
    if not qs.query.has_filters() and tally_in_step(qs.db):
        # Every petition: the tally the database keeps holds these counts (citizens migration 0004).
        every = PetitionTally.objects.using(qs.db).filter(received__gt=0).values("unit_id", "kind").annotate(
            received_=F("received"), open=zero, due_soon=zero, overdue=zero, resolved_=F("resolved"),
            on_time_=F("on_time"))
        every = every.values_list("unit_id", "kind", "received_", "open", "due_soon", "overdue", "resolved_",
                                  "on_time_")
    else:
        every = qs.order_by().values("unit_id", "kind").annotate(
            received=Count(count), open=zero, due_soon=zero, overdue=zero,
            resolved=Count(count, filter=resolved_q()),
            on_time=Count(count, filter=resolved_q() & Q(resolved_on_time=True)),
        ).values_list("unit_id", "kind", *FIGURES)
    # Among open petitions only, the clocks need no second test of the status (due_soon_q and overdue_q have one):
    # a third less work per row for the database.
    still_open = qs.order_by().filter(open_q()).values("unit_id", "kind").annotate(
        received=zero, open=Count(count), due_soon=Count(count, filter=_due_within_q(today)),
        overdue=Count(count, filter=_past_due_q(today)), resolved=zero, on_time=zero,
    )
    return every.union(still_open.values_list("unit_id", "kind", *FIGURES), all=True)


def dashboard(qs: QuerySet[Petition], today: datetime.date | None = None) -> Dashboard:
    """The figures of `qs` by unit and by kind, units in the order of their names: two queries whatever the
    number of petitions (the figures, summed by the database by unit and by kind; the units' names)."""
    today = today or timezone.localdate()
    sql, params = _figures_by_unit_and_kind(qs, today).query.get_compiler(using=qs.db).as_sql()
    sums = ", ".join(f"SUM({name})" for name in FIGURES)
    # The rows by unit and kind (tens of thousands at national scale) summed by the database twice over: by unit,
    # then by kind. Both databases compute a WITH query used twice only once.
    sql = (f"WITH figures (unit_id, kind, {', '.join(FIGURES)}) AS ({sql}) "
           f"SELECT unit_id, NULL, {sums} FROM figures GROUP BY unit_id "
           f"UNION ALL SELECT NULL, kind, {sums} FROM figures GROUP BY kind")
    with connections[qs.db].cursor() as cursor:  # thousands of rows of integers: no converters needed
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_unit: dict[int, list[int]] = {}
    by_kind: dict[str, list[int]] = {kind: [0] * len(FIGURES) for kind in Petition.Kind.values}
    for unit_id, kind, *values in rows:
        values = [int(value) for value in values]  # PostgreSQL's SUM of counts is a decimal
        if unit_id is not None:
            by_unit[unit_id] = values
        elif kind in by_kind:
            by_kind[kind] = values
    result = Dashboard()
    # Every unit's name, in the database's order (its collation), rather than thousands of ids in an IN list.
    for unit_id, name in Unit.objects.order_by("name", "pk").values_list("pk", "name"):
        if unit_id in by_unit:
            result.by_unit.append(Figures(unit_id, name, *by_unit[unit_id]))
    for kind, label in Petition.Kind.choices:
        figures = Figures(kind, str(label), *by_kind[kind])
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
