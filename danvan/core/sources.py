"""The seam through which records feed reports: indicator sources.

An app that owns records registers a function of (unit, data window) under a name; an indicator of the
reporting catalogue may name it as its `source`, and reports are pre-filled with what it returns. The
reporting app never imports a records model: it only calls `compute()`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

SourceFunction = Callable[[object, datetime.date, datetime.date], "int | Decimal | None"]


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    function: SourceFunction


_REGISTRY: dict[str, Source] = {}


def register(name: str, label: str):
    """Decorator: `@register("plans.unit_plans_issued", _("Implementation plans issued"))`."""

    def wrap(function: SourceFunction) -> SourceFunction:
        _REGISTRY[name] = Source(name=name, label=str(label), function=function)
        return function

    return wrap


def get(name: str) -> Source | None:
    return _REGISTRY.get(name)


def choices() -> list[tuple[str, str]]:
    return sorted((source.name, source.label) for source in _REGISTRY.values())


def compute(name: str, unit, data_from: datetime.date, data_to: datetime.date) -> Decimal | None:
    """The value a registered source gives for one unit and window, or None when the source is unknown."""
    source = _REGISTRY.get(name)
    if source is None:
        return None
    value = source.function(unit, data_from, data_to)
    return None if value is None else Decimal(value)
