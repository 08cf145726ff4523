"""Reads on the organisation tree that are more than a lookup."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from danvan.core.text import fold
from danvan.org import scoping
from danvan.org.models import RestructuringEvent, Unit, valid_on_q


@dataclass
class TreeNode:
    unit: Unit
    depth: int
    children: int


def tree_as_of(day: datetime.date, *, user=None, query: str = "") -> list[TreeNode]:
    """The units valid on `day`, in tree order (parents before children, siblings by name).

    With `user`, only the units that person may see. With `query`, only units whose folded name contains
    the folded query ("quy nhon" finds "Quy Nhơn"), each with its ancestors so that the path shows.
    """
    units = Unit.objects.valid_on(day)
    if user is not None:
        ids = scoping.visible_unit_ids(user)
        if ids is not None:
            units = units.filter(pk__in=ids)
    units = units.annotate(
        n_children=Count("children", filter=valid_on_q(day, "children__"), distinct=True)
    ).order_by("name")
    by_id = {u.pk: u for u in units}
    keep = None
    if query.strip():
        needle = fold(query)
        keep = set()
        for unit in by_id.values():
            if needle in unit.name_folded or (unit.short_name and needle in fold(unit.short_name)):
                node = unit
                while node is not None and node.pk not in keep:
                    keep.add(node.pk)
                    node = by_id.get(node.parent_id)
    children: dict[int | None, list[Unit]] = {}
    for unit in by_id.values():
        if keep is not None and unit.pk not in keep:
            continue
        parent_id = unit.parent_id if unit.parent_id in by_id else None
        children.setdefault(parent_id, []).append(unit)
    order = {kind: i for i, kind in enumerate(Unit.Kind.values)}
    result: list[TreeNode] = []

    def walk(parent_id, depth):
        for unit in sorted(children.get(parent_id, []), key=lambda u: (order.get(u.kind, 99), u.name_folded)):
            result.append(TreeNode(unit=unit, depth=depth, children=unit.n_children))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return result


def unit_search(query: str, *, day: datetime.date | None = None, user=None, limit: int = 20):
    """Units whose folded name contains the folded query, valid on `day` if given, within the person's scope."""
    needle = fold(query)
    if not needle:
        return Unit.objects.none()
    units = scoping.visible_units(user) if user is not None else Unit.objects.all()
    units = units.filter(Q(name_folded__contains=needle))
    if day is not None:
        units = units.valid_on(day)
    return units.select_related("parent").order_by("name")[:limit]


def direct_predecessors(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(events_as_predecessor__successors=unit).distinct().order_by("name"))


def direct_successors(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(events_as_successor__predecessors=unit).distinct().order_by("name"))


def successors(unit: Unit, *, as_of: datetime.date | None = None) -> list[Unit]:
    """The units that carry `unit` on, following events forward transitively.

    Without `as_of`: the last units of each line (those no event has ended). With `as_of`: the units of
    each line that are valid on that date. A unit valid on `as_of` is its own answer.
    """
    if as_of is not None and unit.is_valid_on(as_of):
        return [unit]
    found: dict[int, Unit] = {}
    seen = {unit.pk}
    frontier = [unit]
    while frontier:
        nxt = []
        for node in frontier:
            after = direct_successors(node)
            if not after and node.pk != unit.pk and as_of is None:
                found[node.pk] = node
            for succ in after:
                if succ.pk in seen:
                    continue
                seen.add(succ.pk)
                if as_of is not None and succ.is_valid_on(as_of):
                    found[succ.pk] = succ
                else:
                    nxt.append(succ)
        frontier = nxt
    return sorted(found.values(), key=lambda u: u.name_folded)


def events_of(unit: Unit):
    return (
        RestructuringEvent.objects.filter(Q(predecessors=unit) | Q(successors=unit))
        .distinct()
        .prefetch_related("predecessors", "successors")
        .order_by("-date", "-pk")
    )
