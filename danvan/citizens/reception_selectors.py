"""Reads over receptions and dialogues: the lists people may see and the two compliance views.

Reception compliance (Luật Tiếp công dân 2013: chủ tịch UBND tỉnh and heads of departments ≥ 1 day a month,
Điều 12 and 18; chủ tịch UBND xã ≥ 1 day a week, Điều 15; the minimums are ReceptionRequirement rows):

- A day counts when the unit's **head** presided a **regular** session (tiếp công dân định kỳ) that day; several
  sessions on one day are one day. Ad-hoc receptions (đột xuất) are owed *in addition* to the regular days
  (Điều 12.5, 18.3), so they are shown beside the count but do not make up for a missed regular day
  (`COUNTED_KINDS`).
- A monthly minimum is checked over the calendar month.
- A weekly minimum is checked per ISO week (Monday to Sunday). A week belongs to the month that holds its
  Thursday, the ISO 8601 rule that also assigns weeks to years, so every week is judged once and in one month
  only: March 2025 has the 4 weeks 03/03–30/03; 01–02/03 belong to February's last week and 31/03 to April's
  first. The month is met when every one of its weeks is met; "required" is the minimum times the weeks.
- A unit is listed when it was valid on some day of the month; a weekly unit owes only the weeks whose Thursday
  falls within its validity.
"""

import calendar as pycalendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from danvan.citizens.models import Commitment, Dialogue, ReceptionRequirement, ReceptionSession
from danvan.org.models import Membership, Role, Unit

WEEK = ReceptionRequirement.Every.WEEK
MONTH = ReceptionRequirement.Every.MONTH
COUNTED_KINDS = (ReceptionSession.Kind.REGULAR,)


def _scoped(queryset: QuerySet, unit_ids: set[int] | None, path: str = "unit_id") -> QuerySet:
    return queryset if unit_ids is None else queryset.filter(**{f"{path}__in": unit_ids})


def sessions_for(unit_ids: set[int] | None) -> QuerySet[ReceptionSession]:
    """Reception sessions of the units a person sees (None: every unit), with their number of matters."""
    return _scoped(ReceptionSession.objects.select_related("unit"), unit_ids).annotate(
        case_count=Count("cases"), petition_count=Count("cases__petition"))


def dialogues_for(unit_ids: set[int] | None) -> QuerySet[Dialogue]:
    """Dialogues of the units a person sees, with their commitments counted (all, done, open and overdue)."""
    today = timezone.localdate()
    return _scoped(Dialogue.objects.select_related("unit"), unit_ids).annotate(
        commitment_count=Count("commitments"),
        done_count=Count("commitments", filter=Q(commitments__status=Commitment.Status.DONE)),
        overdue_count=Count("commitments", filter=Q(commitments__status=Commitment.Status.OPEN,
                                                    commitments__due_date__lt=today)),
    )


# Reception compliance -------------------------------------------------------------------------------------------

def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, pycalendar.monthrange(year, month)[1])


def month_weeks(year: int, month: int) -> list[tuple[datetime.date, datetime.date]]:
    """The ISO weeks (Monday, Sunday) whose Thursday falls in the month: 4 or 5 of them."""
    first, last = month_bounds(year, month)
    thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7)
    weeks = []
    while thursday <= last:
        weeks.append((thursday - datetime.timedelta(days=3), thursday + datetime.timedelta(days=3)))
        thursday += datetime.timedelta(days=7)
    return weeks


@dataclass
class WeekResult:
    monday: datetime.date
    sunday: datetime.date
    held: int
    met: bool


@dataclass
class ReceptionRow:
    unit: Unit
    heads: list[str]
    every: str
    min_days: int
    required: int
    held: int  # distinct days the head presided a regular session, within the checked days
    days: list[datetime.date]
    ad_hoc_days: list[datetime.date]
    status: str  # "met", "not_met" or "in_progress" (the month, or a week still owed, has not ended yet)
    weeks: list[WeekResult] = field(default_factory=list)

    @property
    def weeks_met(self) -> int:
        return sum(1 for w in self.weeks if w.met)

    @property
    def is_met(self) -> bool:
        return self.status == "met"


@dataclass
class ReceptionCompliance:
    year: int
    month: int
    first: datetime.date
    last: datetime.date
    weeks: list[tuple[datetime.date, datetime.date]]
    rows: list[ReceptionRow]

    @property
    def met(self) -> int:
        return sum(1 for r in self.rows if r.status == "met")

    @property
    def not_met(self) -> int:
        return sum(1 for r in self.rows if r.status == "not_met")

    @property
    def in_progress(self) -> int:
        return sum(1 for r in self.rows if r.status == "in_progress")


def _status(met: bool, period_end: datetime.date, today: datetime.date) -> str:
    if met:
        return "met"
    return "in_progress" if period_end >= today else "not_met"


def reception_compliance(*, year: int, month: int, unit_ids: set[int] | None,
                         today: datetime.date | None = None) -> ReceptionCompliance:
    """For each unit with a reception minimum (and seen by the person: `unit_ids`, None for all), the days its
    head received citizens in the month against the minimum. Four queries, whatever the number of units."""
    today = today or timezone.localdate()
    first, last = month_bounds(year, month)
    weeks = month_weeks(year, month)
    requirements = {r.unit_kind: r for r in ReceptionRequirement.objects.all()}
    units = list(_scoped(Unit.objects.filter(kind__in=list(requirements)), unit_ids, "pk")
                 .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
                 .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first)).order_by("name_folded", "pk"))
    span_from, span_to = min(first, weeks[0][0]), max(last, weeks[-1][1])
    heads: dict[int, list[str]] = {}
    memberships = Membership.objects.filter(unit__in=units, role=Role.UNIT_HEAD, active=True,
                                            user__is_active=True).select_related("user").order_by("user__full_name")
    for m in memberships:
        heads.setdefault(m.unit_id, []).append(m.user.get_full_name() or m.user.get_username())
    regular: dict[int, set[datetime.date]] = {}
    ad_hoc: dict[int, set[datetime.date]] = {}
    presided = (ReceptionSession.objects.filter(unit__in=units, presiding_role=ReceptionSession.PresidingRole.HEAD,
                                                date__gte=span_from, date__lte=span_to)
                .values_list("unit_id", "date", "kind").distinct())
    for unit_id, day, kind in presided:
        (regular if kind in COUNTED_KINDS else ad_hoc).setdefault(unit_id, set()).add(day)
    rows = []
    for unit in units:
        requirement = requirements[unit.kind]
        days = regular.get(unit.pk, set())
        if requirement.every == WEEK:
            results = []
            for monday, sunday in weeks:
                if not unit.is_valid_on(monday + datetime.timedelta(days=3)):
                    continue
                held = sum(1 for d in days if monday <= d <= sunday)
                results.append(WeekResult(monday, sunday, held, held >= requirement.min_days))
            start = results[0].monday if results else first
            end = results[-1].sunday if results else last
            counted = sorted(d for d in days if start <= d <= end)
            owed = [w for w in results if not w.met]
            if not owed:
                status = "met"
            else:  # met so far, only weeks that have not ended are still owed
                status = "in_progress" if all(w.sunday >= today for w in owed) else "not_met"
            rows.append(ReceptionRow(
                unit=unit, heads=heads.get(unit.pk, []), every=WEEK, min_days=requirement.min_days,
                required=requirement.min_days * len(results), held=len(counted), days=counted,
                ad_hoc_days=sorted(d for d in ad_hoc.get(unit.pk, ()) if start <= d <= end), status=status,
                weeks=results))
        else:
            counted = sorted(d for d in days if first <= d <= last)
            rows.append(ReceptionRow(
                unit=unit, heads=heads.get(unit.pk, []), every=MONTH, min_days=requirement.min_days,
                required=requirement.min_days, held=len(counted), days=counted,
                ad_hoc_days=sorted(d for d in ad_hoc.get(unit.pk, ()) if first <= d <= last),
                status=_status(len(counted) >= requirement.min_days, last, today)))
    return ReceptionCompliance(year=year, month=month, first=first, last=last, weeks=weeks, rows=rows)


# Dialogue compliance --------------------------------------------------------------------------------------------

@dataclass
class DialogueRow:
    unit: Unit
    conferences: list[datetime.date]
    whole_year: bool  # False when the commune started or ended during the year

    @property
    def held(self) -> bool:
        return bool(self.conferences)


@dataclass
class DialogueCompliance:
    year: int
    rows: list[DialogueRow]

    @property
    def missing(self) -> list[DialogueRow]:
        return [r for r in self.rows if not r.held]

    @property
    def held(self) -> int:
        return sum(1 for r in self.rows if r.held)


def dialogue_compliance(*, year: int, unit_ids: set[int] | None) -> DialogueCompliance:
    """Communes (xã, phường, đặc khu) valid on some day of the year and the yearly dialogue conferences they held
    in it (Luật Thực hiện dân chủ ở cơ sở 2022, Điều 32: at least one a year). Two queries."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    communes = list(_scoped(Unit.objects.filter(kind=Unit.Kind.COMMUNE), unit_ids, "pk")
                    .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
                    .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first)).order_by("name_folded", "pk"))
    held: dict[int, list[datetime.date]] = {}
    for unit_id, day in (Dialogue.objects.filter(unit__in=communes, is_annual_conference=True, date__gte=first,
                                                 date__lte=last).order_by("date").values_list("unit_id", "date")):
        held.setdefault(unit_id, []).append(day)
    rows = [DialogueRow(unit=u, conferences=held.get(u.pk, []),
                        whole_year=u.is_valid_on(first) and u.is_valid_on(last)) for u in communes]
    return DialogueCompliance(year=year, rows=rows)
