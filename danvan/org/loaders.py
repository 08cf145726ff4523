"""Administrative units from the `vietnam-provinces` package: the current 34-province tree (from 1 July
2025) and its `legacy` module (the 63-province tree with districts, before July 2025)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.text import fold
from danvan.org.models import Unit
from danvan.org.services import UnitSpec, unit_create

# Nghị quyết 202/2025/QH15 and the NQ-UBTVQH15 on communes: the two-level local government runs from this day.
TWO_LEVEL_FROM = datetime.date(2025, 7, 1)
SOURCE_CURRENT = "vn-2025"
SOURCE_LEGACY = "vn-legacy"


def _strip_prefix(name: str) -> str:
    for prefix in ("tinh ", "thanh pho "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _short(name: str) -> str:
    """"Tỉnh Gia Lai" → "Gia Lai"; "Thành phố Huế" → "Huế"."""
    for prefix in ("Tỉnh ", "Thành phố "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _find_province(provinces, name: str):
    wanted = _strip_prefix(fold(name))
    matches = [p for p in provinces if _strip_prefix(fold(p.name)) == wanted]
    if not matches:
        raise ValidationError(_("No province named “%(name)s” in the package data.") % {"name": name})
    return matches[0]


def _get_or_create(*, by, source: str, spec: UnitSpec, valid_from, counts: dict) -> Unit:
    unit = Unit.objects.filter(source=source, kind=spec.kind, code=spec.code).first()
    if unit is not None:
        counts["existing"] += 1
        return unit
    counts["created"] += 1
    return unit_create(by=by, spec=spec, valid_from=valid_from)


@transaction.atomic
def load_current_province(*, name: str, by=None) -> tuple[Unit, dict]:
    """The current province and its communes, valid from 1 July 2025. Idempotent."""
    from vietnam_provinces import Province, Ward

    province = _find_province(list(Province.iter_all()), name)
    counts = {"created": 0, "existing": 0}
    root = _get_or_create(
        by=by, source=SOURCE_CURRENT, valid_from=TWO_LEVEL_FROM, counts=counts,
        spec=UnitSpec(
            name=province.name, kind=Unit.Kind.PROVINCE, code=str(int(province.code)),
            short_name=_short(province.name),
            division=str(province.division_type.value), source=SOURCE_CURRENT,
        ),
    )
    for ward in Ward.iter_by_province(province.code):
        _get_or_create(
            by=by, source=SOURCE_CURRENT, valid_from=TWO_LEVEL_FROM, counts=counts,
            spec=UnitSpec(
                name=ward.name, kind=Unit.Kind.COMMUNE, code=str(int(ward.code)),
                division=str(ward.division_type.value), parent=root, source=SOURCE_CURRENT,
            ),
        )
    return root, counts


@transaction.atomic
def load_legacy_province(*, name: str, by=None) -> tuple[Unit, dict]:
    """A pre-July-2025 province with its districts and communes (validity start unknown: left open)."""
    from vietnam_provinces.legacy import District, Province, Ward

    province = _find_province(list(Province.iter_all()), name)
    counts = {"created": 0, "existing": 0}
    root = _get_or_create(
        by=by, source=SOURCE_LEGACY, valid_from=None, counts=counts,
        spec=UnitSpec(
            name=province.name, kind=Unit.Kind.PROVINCE, code=str(int(province.code)), short_name=_short(province.name),
            division=str(province.division_type.value), source=SOURCE_LEGACY,
        ),
    )
    districts = sorted((d for d in District.iter_all() if d.province_code == province.code), key=lambda d: d.code)
    for district in districts:
        d_unit = _get_or_create(
            by=by, source=SOURCE_LEGACY, valid_from=None, counts=counts,
            spec=UnitSpec(
                name=district.name, kind=Unit.Kind.DISTRICT, code=str(int(district.code)),
                division=str(district.division_type.value), parent=root, source=SOURCE_LEGACY,
            ),
        )
        for ward in sorted(Ward.iter_by_district(district.code), key=lambda w: w.code):
            _get_or_create(
                by=by, source=SOURCE_LEGACY, valid_from=None, counts=counts,
                spec=UnitSpec(
                    name=ward.name, kind=Unit.Kind.COMMUNE, code=str(int(ward.code)),
                    division=str(ward.division_type.value), parent=d_unit, source=SOURCE_LEGACY,
                ),
            )
    return root, counts


def legacy_links(province_code: int) -> list[tuple[list[int], list[int]]]:
    """Groups of (legacy commune codes → current commune codes) for one current province, from the
    package's own links (`Ward.get_legacy_sources()`). A group is a connected set: usually several old
    communes into one new one; where an old commune was split, the group holds all the new communes that
    took part of it."""
    from vietnam_provinces import Ward

    edges: dict[int, set[int]] = {}
    for ward in Ward.iter_by_province(province_code):
        for source in ward.get_legacy_sources():
            edges.setdefault(int(source.code), set()).add(int(ward.code))
    # Union-find over the bipartite graph.
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for old, news in edges.items():
        for new in news:
            parent[find(("old", old))] = find(("new", new))
    groups: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for old, news in edges.items():
        olds_news = groups.setdefault(find(("old", old)), (set(), set()))
        olds_news[0].add(old)
        olds_news[1].update(news)
    return sorted((sorted(o), sorted(n)) for o, n in groups.values())
