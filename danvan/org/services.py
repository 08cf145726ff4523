"""Writes on the organisation tree: units, restructuring events, memberships. Each one is audited.

Restructuring (merge, split, rename, move, dissolve) ends the predecessor rows the day before the event
and starts successor rows on the event's date. Sub-units still valid on that date continue under the
(first) successor as moves caused by the event, and memberships follow the (first) successor. Every
service can run as a preview (`preview_restructuring`): the same code in a transaction that is rolled back.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, created, diff, snapshot
from danvan.core.text import fold, nfc
from danvan.org.models import Membership, RestructuringEvent, Role, Unit

UNIT_FIELDS = ["kind", "division", "code", "name", "short_name", "parent", "valid_from", "valid_to", "source"]
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class UnitSpec:
    """A unit to create: what a restructuring form or a loader says about a new unit."""

    name: str
    kind: str
    code: str = ""
    short_name: str = ""
    division: str = ""
    parent: Unit | None = None
    source: str = ""


@dataclass
class RestructuringResult:
    """What a restructuring did (or, in a preview, would do), in words a person can check."""

    events: list[RestructuringEvent] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    started: list[str] = field(default_factory=list)
    moved_units: list[str] = field(default_factory=list)
    moved_members: list[str] = field(default_factory=list)
    ended_members: list[str] = field(default_factory=list)


class _Rollback(Exception):
    pass


def preview_restructuring(service: Callable[..., RestructuringResult], **kwargs) -> RestructuringResult:
    """Run a restructuring service and roll it back: the preview is the real thing, undone."""
    result = RestructuringResult()
    try:
        with transaction.atomic():
            service(result=result, **kwargs)
            raise _Rollback
    except _Rollback:
        pass
    result.events = []  # rolled back: no rows behind them any more
    return result


def _label(unit: Unit) -> str:
    parent = f" ({unit.parent.name})" if unit.parent_id else ""
    return f"{unit.name}{parent}"


@transaction.atomic
def unit_create(*, by, spec: UnitSpec, valid_from: datetime.date | None, valid_to: datetime.date | None = None) -> Unit:
    name = nfc(spec.name)
    if not name:
        raise ValidationError({"name": _("The unit needs a name.")})
    if spec.kind not in Unit.Kind.values:
        raise ValidationError({"kind": _("Unknown unit kind.")})
    if spec.parent is not None and valid_from is not None and not spec.parent.is_valid_on(valid_from):
        raise ValidationError(
            {"parent": _("The parent unit %(parent)s does not exist on %(date)s.")
             % {"parent": spec.parent.name, "date": f"{valid_from:%d/%m/%Y}"}}
        )
    unit = Unit(
        kind=spec.kind,
        division=nfc(spec.division),
        code=nfc(spec.code),
        name=name,
        short_name=nfc(spec.short_name),
        name_folded=fold(name),
        parent=spec.parent,
        valid_from=valid_from,
        valid_to=valid_to,
        source=spec.source,
    )
    unit.full_clean(exclude=["name_folded"])
    unit.save()
    audit_record(actor=by, action="unit_created", obj=unit, unit=unit, changes=created(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, by, unit: Unit, name: str, short_name: str, code: str) -> Unit:
    """Correct a unit's data (a typo, a missing code). A real change of name is a rename event."""
    before = snapshot(unit, UNIT_FIELDS)
    unit.name, unit.short_name, unit.code = nfc(name), nfc(short_name), nfc(code)
    unit.name_folded = fold(unit.name)
    if not unit.name:
        raise ValidationError({"name": _("The unit needs a name.")})
    unit.full_clean(exclude=["name_folded"])
    unit.save()
    audit_record(
        actor=by, action="unit_updated", obj=unit, unit=unit, changes=diff(before, snapshot(unit, UNIT_FIELDS))
    )
    return unit


@transaction.atomic
def membership_add(*, by, user, unit: Unit, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership, made = Membership.objects.get_or_create(user=user, unit=unit, role=role, defaults={"active": True})
    if not made and not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    if made or membership.active:
        audit_record(
            actor=by, action="membership_added", obj=membership, unit=unit,
            changes={"user": [None, user.pk], "role": [None, role]},
        )
    return membership


@transaction.atomic
def membership_end(*, by, membership: Membership) -> None:
    membership.active = False
    membership.save(update_fields=["active"])
    audit_record(actor=by, action="membership_ended", obj=membership, unit=membership.unit,
                 changes={"active": [True, False]})


def _check_open_on(unit: Unit, date: datetime.date) -> None:
    """A unit can be ended on `date` only if it exists on the day before and on the day itself."""
    if not (unit.is_valid_on(date - ONE_DAY) and unit.is_valid_on(date)):
        raise ValidationError(
            _("%(unit)s does not exist on %(date)s, so it cannot be restructured then.")
            % {"unit": unit.name, "date": f"{date:%d/%m/%Y}"}
        )


def _end(unit: Unit, date: datetime.date, by, result: RestructuringResult, listed: bool = True) -> None:
    before = snapshot(unit, ["valid_to"])
    unit.valid_to = date - ONE_DAY
    unit.save(update_fields=["valid_to"])
    audit_record(actor=by, action="unit_ended", obj=unit, unit=unit, changes=diff(before, snapshot(unit, ["valid_to"])))
    if listed:
        result.ended.append(_label(unit))


def _start(spec: UnitSpec, date: datetime.date, by, result: RestructuringResult, listed: bool = True) -> Unit:
    unit = unit_create(by=by, spec=spec, valid_from=date)
    if listed:
        result.started.append(_label(unit))
    return unit


def _copy_spec(unit: Unit, **changes) -> UnitSpec:
    spec = UnitSpec(
        name=unit.name, kind=unit.kind, code=unit.code, short_name=unit.short_name, division=unit.division,
        parent=unit.parent, source=unit.source,
    )
    for key, value in changes.items():
        setattr(spec, key, value)
    return spec


def _move_memberships(old: Unit, new: Unit | None, by, result: RestructuringResult) -> None:
    for membership in Membership.objects.filter(unit=old, active=True).select_related("user"):
        if new is None:
            membership.active = False
            membership.save(update_fields=["active"])
            audit_record(
                actor=by, action="membership_ended", obj=membership, unit=old, changes={"active": [True, False]}
            )
            result.ended_members.append(f"{membership.user} · {membership.get_role_display()} · {old.name}")
            continue
        clash = Membership.objects.filter(user=membership.user, unit=new, role=membership.role).first()
        if clash:
            membership.active = False
            membership.save(update_fields=["active"])
            if not clash.active:
                clash.active = True
                clash.save(update_fields=["active"])
        else:
            membership.unit = new
            membership.save(update_fields=["unit"])
        audit_record(actor=by, action="membership_moved", obj=membership, unit=new, changes={"unit": [old.pk, new.pk]})
        result.moved_members.append(
            f"{membership.user} · {membership.get_role_display()}: {old.name} → {new.name}"
        )


def _continue_children(old: Unit, new: Unit, date: datetime.date, by, cause, result: RestructuringResult) -> None:
    """Sub-units of `old` still valid on `date` go on under `new`: each is a move caused by the event."""
    for child in old.children.valid_on(date).order_by("name"):
        _check_open_on(child, date)
        _restructure(
            kind=RestructuringEvent.Kind.MOVE, by=by, date=date, predecessors=[child],
            successor_specs=[_copy_spec(child, parent=new)], existing_successors=[], note="", legal_basis="",
            cause=cause, result=result,
        )
        result.moved_units.append(f"{child.name}: {old.name} → {new.name}")


def _restructure(
    *, kind, by, date, predecessors: Sequence[Unit], successor_specs: Sequence[UnitSpec],
    existing_successors: Sequence[Unit], note: str, legal_basis: str, cause, result: RestructuringResult,
) -> RestructuringEvent:
    if not predecessors:
        raise ValidationError(_("Choose at least one unit to restructure."))
    if len({u.pk for u in predecessors}) != len(predecessors):
        raise ValidationError(_("A unit is chosen twice."))
    for unit in predecessors:
        _check_open_on(unit, date)
    for unit in existing_successors:
        if not unit.is_valid_on(date):
            raise ValidationError(
                _("The successor %(unit)s does not exist on %(date)s.")
                % {"unit": unit.name, "date": f"{date:%d/%m/%Y}"}
            )
        if unit in predecessors:
            raise ValidationError(_("A unit cannot be its own successor."))
    # Sub-units carried along by the event are listed once, as moves, not as units that end and start.
    listed = cause is None
    for unit in predecessors:
        _end(unit, date, by, result, listed)
    successors = list(existing_successors) + [_start(spec, date, by, result, listed) for spec in successor_specs]
    event = RestructuringEvent.objects.create(
        kind=kind, date=date, note=nfc(note), legal_basis=nfc(legal_basis), cause=cause,
        created_by=by if getattr(by, "pk", None) else None,
    )
    event.predecessors.set(predecessors)
    event.successors.set(successors)
    audit_record(
        actor=by, action=f"unit_{kind}", obj=event, unit=successors[0] if successors else predecessors[0],
        changes={
            "date": [None, date.isoformat()],
            "predecessors": [None, [u.pk for u in predecessors]],
            "successors": [None, [u.pk for u in successors]],
            "note": [None, event.note],
        },
    )
    result.events.append(event)
    heir = successors[0] if successors else None
    for unit in predecessors:
        if heir is not None:
            _continue_children(unit, heir, date, by, event, result)
        elif unit.children.valid_on(date).exists():
            names = ", ".join(unit.children.valid_on(date).values_list("name", flat=True)[:10])
            raise ValidationError(
                _("%(unit)s still has sub-units on %(date)s (%(names)s): merge or move them first.")
                % {"unit": unit.name, "date": f"{date:%d/%m/%Y}", "names": names}
            )
        _move_memberships(unit, heir, by, result)
    return event


@transaction.atomic
def unit_merge(
    *, by, predecessors: Sequence[Unit], date: datetime.date, successor: Unit | None = None,
    new: UnitSpec | None = None, note: str = "", legal_basis: str = "", result: RestructuringResult | None = None,
) -> RestructuringResult:
    """Merge units into an existing unit or into a new one."""
    result = result if result is not None else RestructuringResult()
    if (successor is None) == (new is None):
        raise ValidationError(_("Name the unit they merge into: an existing one or a new one."))
    # Into an existing unit one predecessor is enough (the successor is the other side); into a new unit, two.
    if len(predecessors) < (1 if new is None else 2):
        raise ValidationError(_("A merge needs at least two units."))
    _restructure(
        kind=RestructuringEvent.Kind.MERGE, by=by, date=date, predecessors=list(predecessors),
        successor_specs=[new] if new else [], existing_successors=[successor] if successor else [],
        note=note, legal_basis=legal_basis, cause=None, result=result,
    )
    return result


@transaction.atomic
def unit_split(
    *, by, unit: Unit, date: datetime.date, new: Sequence[UnitSpec] = (), successors: Sequence[Unit] = (),
    note: str = "", legal_basis: str = "", result: RestructuringResult | None = None,
) -> RestructuringResult:
    """Split a unit into several. Its sub-units and members go to the first successor."""
    result = result if result is not None else RestructuringResult()
    if len(new) + len(successors) < 2:
        raise ValidationError(_("A split needs at least two successor units."))
    _restructure(
        kind=RestructuringEvent.Kind.SPLIT, by=by, date=date, predecessors=[unit], successor_specs=list(new),
        existing_successors=list(successors), note=note, legal_basis=legal_basis, cause=None, result=result,
    )
    return result


@transaction.atomic
def unit_rename(
    *, by, unit: Unit, date: datetime.date, name: str, short_name: str = "", code: str | None = None,
    note: str = "", legal_basis: str = "", result: RestructuringResult | None = None,
) -> RestructuringResult:
    result = result if result is not None else RestructuringResult()
    if not nfc(name):
        raise ValidationError({"name": _("The unit needs a name.")})
    if nfc(name) == unit.name and (code is None or code == unit.code):
        raise ValidationError({"name": _("The new name is the same as the old one.")})
    spec = _copy_spec(unit, name=name, short_name=short_name or "", code=unit.code if code is None else code)
    _restructure(
        kind=RestructuringEvent.Kind.RENAME, by=by, date=date, predecessors=[unit], successor_specs=[spec],
        existing_successors=[], note=note, legal_basis=legal_basis, cause=None, result=result,
    )
    return result


@transaction.atomic
def unit_move(
    *, by, unit: Unit, date: datetime.date, parent: Unit, note: str = "", legal_basis: str = "",
    result: RestructuringResult | None = None,
) -> RestructuringResult:
    result = result if result is not None else RestructuringResult()
    if parent.pk == unit.parent_id:
        raise ValidationError({"parent": _("The unit is already under %(parent)s.") % {"parent": parent.name}})
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == unit.pk:
            raise ValidationError({"parent": _("A unit cannot be moved under itself or its own sub-unit.")})
        ancestor = ancestor.parent
    _restructure(
        kind=RestructuringEvent.Kind.MOVE, by=by, date=date, predecessors=[unit],
        successor_specs=[_copy_spec(unit, parent=parent)], existing_successors=[], note=note,
        legal_basis=legal_basis, cause=None, result=result,
    )
    return result


@transaction.atomic
def unit_dissolve(
    *, by, unit: Unit, date: datetime.date, note: str = "", legal_basis: str = "",
    result: RestructuringResult | None = None,
) -> RestructuringResult:
    """End a unit with no successor. It must have no sub-units left on that date."""
    result = result if result is not None else RestructuringResult()
    _restructure(
        kind=RestructuringEvent.Kind.DISSOLVE, by=by, date=date, predecessors=[unit], successor_specs=[],
        existing_successors=[], note=note, legal_basis=legal_basis, cause=None, result=result,
    )
    return result


@transaction.atomic
def unit_reorganise(
    *, by, predecessors: Sequence[Unit], successors: Sequence[Unit], date: datetime.date, note: str = "",
    legal_basis: str = "", result: RestructuringResult | None = None,
) -> RestructuringResult:
    """Link existing predecessors to existing successors (as a loader that knows both trees does), naming
    the event by its shape: one into one is a rename (or a move when the name stays), many into one a
    merge, one into many a split; many into many is recorded as a merge whose note says so."""
    result = result if result is not None else RestructuringResult()
    kinds = RestructuringEvent.Kind
    if len(predecessors) == 1 and len(successors) == 1:
        kind = kinds.MOVE if fold(predecessors[0].name) == fold(successors[0].name) else kinds.RENAME
    elif len(successors) == 1:
        kind = kinds.MERGE
    elif len(predecessors) == 1:
        kind = kinds.SPLIT
    else:
        kind = kinds.MERGE
    _restructure(
        kind=kind, by=by, date=date, predecessors=list(predecessors), successor_specs=[],
        existing_successors=list(successors), note=note, legal_basis=legal_basis, cause=None, result=result,
    )
    return result
