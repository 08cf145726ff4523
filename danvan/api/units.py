import datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from danvan.org import scoping, selectors
from danvan.org.models import Unit

router = Router()


class UnitOut(Schema):
    id: int
    kind: str
    division: str
    code: str
    name: str
    short_name: str
    parent_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class UnitRef(Schema):
    id: int
    name: str


class UnitDetailOut(UnitOut):
    predecessors: list[UnitRef]
    successors: list[UnitRef]


class UnitPage(Schema):
    as_of: datetime.date
    count: int
    items: list[UnitOut]


class UnitFilters(Schema):
    as_of: datetime.date | None = Field(None, description="YYYY-MM-DD; today when left out")
    q: str = Field("", max_length=100, description="Name search, diacritics optional")
    kind: Unit.Kind | None = None
    limit: int = Field(500, ge=1, le=5000)
    offset: int = Field(0, ge=0)


@router.get("", response=UnitPage, summary="Units valid on a date, within the caller's scope")
def list_units(request, filters: Query[UnitFilters]):
    day = filters.as_of or timezone.localdate()
    q, kind, limit, offset = filters.q, filters.kind, filters.limit, filters.offset
    if q:
        units = selectors.unit_search(q, day=day, user=request.user, limit=limit + offset)
        units = list(units)
        if kind:
            units = [u for u in units if u.kind == kind]
        return {"as_of": day, "count": len(units), "items": units[offset: offset + limit]}
    units = scoping.visible_units(request.user).valid_on(day).order_by("kind", "name")
    if kind:
        units = units.filter(kind=kind)
    return {"as_of": day, "count": units.count(), "items": list(units[offset: offset + limit])}


@router.get("/{unit_id}", response=UnitDetailOut, summary="One unit with its predecessors and successors")
def get_unit(request, unit_id: int):
    unit = scoping.get_unit_for_user(request.user, unit_id)
    unit.predecessors = selectors.direct_predecessors(unit)
    unit.successors = selectors.direct_successors(unit)
    return unit
