import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from danvan.audit.models import AuditEntry
from danvan.audit.services import verify_chain
from danvan.core.models import DataLoad
from danvan.org import loaders, selectors
from danvan.org.demo import DEPARTMENT_MERGE_DAY, load_org_demo
from danvan.org.models import Membership, RestructuringEvent, Unit

D = datetime.date


def test_load_units_province_loads_gia_lai_and_its_135_communes_once(db):
    out = StringIO()
    call_command("load_units", "--province", "gia lai", stdout=out)
    province = Unit.objects.get(kind=Unit.Kind.PROVINCE, source=loaders.SOURCE_CURRENT)
    assert province.name == "Tỉnh Gia Lai" and province.code == "52" and province.short_name == "Gia Lai"
    assert province.valid_from == D(2025, 7, 1)
    assert province.children.filter(kind=Unit.Kind.COMMUNE).count() == 135
    assert "136 created" in out.getvalue()
    entries = AuditEntry.objects.count()
    assert entries == 136  # every unit created through the audited service
    out = StringIO()
    call_command("load_units", "--province", "Gia Lai", stdout=out)
    assert "0 created, 136 already there" in out.getvalue()
    assert Unit.objects.count() == 136 and AuditEntry.objects.count() == entries


def test_load_units_legacy_loads_binh_dinh_with_districts_and_communes(db):
    call_command("load_units", "--legacy", "binh dinh", stdout=StringIO())
    province = Unit.objects.get(kind=Unit.Kind.PROVINCE)
    assert province.name == "Tỉnh Bình Định" and province.valid_from is None
    districts = province.children.filter(kind=Unit.Kind.DISTRICT)
    assert districts.count() == 11
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNE, parent__in=districts).count() == 155
    assert districts.filter(name="Thành phố Quy Nhơn").exists()
    call_command("load_units", "--legacy", "Bình Định", stdout=StringIO())
    assert Unit.objects.count() == 1 + 11 + 155


def test_load_units_with_an_unknown_province_fails_clearly_and_loads_nothing(db):
    with pytest.raises(CommandError, match="Atlantis"):
        call_command("load_units", "--province", "Atlantis", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("load_units", stdout=StringIO())
    assert Unit.objects.count() == 0


def test_legacy_links_cover_every_binh_dinh_commune():
    groups = loaders.legacy_links(52)
    olds = [code for old, _new in groups for code in old]
    assert len(olds) == len(set(olds))  # each old commune in exactly one group
    from vietnam_provinces.legacy import District, Ward

    bd_districts = {d.code for d in District.iter_all() if int(d.province_code) == 52}
    bd_communes = {int(w.code) for w in Ward.iter_all() if w.district_code in bd_districts}
    assert len(bd_communes) == 155
    assert bd_communes <= set(olds)


@pytest.mark.django_db
def test_demo_applies_the_2025_sequence_to_the_binh_dinh_tree():
    assert load_org_demo() is True
    march = selectors.tree_as_of(D(2025, 3, 15))
    roots = [n.unit for n in march if n.depth == 0]
    assert [u.name for u in roots] == ["Tỉnh Bình Định"]
    assert sum(1 for n in march if n.unit.kind == Unit.Kind.DISTRICT) == 11
    assert sum(1 for n in march if n.unit.kind == Unit.Kind.COMMUNE) == 155
    august = selectors.tree_as_of(D(2025, 8, 1))
    roots = [n for n in august if n.depth == 0]
    assert [n.unit.name for n in roots] == ["Tỉnh Gia Lai"]
    assert sum(1 for n in august if n.unit.kind == Unit.Kind.COMMUNE and n.depth == 1) == 135
    assert not any(n.unit.kind == Unit.Kind.DISTRICT for n in august)
    # The departments' merge of 1 March 2025 (demo data).
    merged = Unit.objects.get(name="Sở Nông nghiệp và Môi trường", valid_from=DEPARTMENT_MERGE_DAY)
    feb = {n.unit.name for n in selectors.tree_as_of(D(2025, 2, 28))}
    assert "Sở Tài nguyên và Môi trường" in feb and merged.name not in feb
    # Every old commune has a successor among Gia Lai's communes on 01/08/2025.
    gia_lai = roots[0].unit
    for commune in Unit.objects.filter(kind=Unit.Kind.COMMUNE, source=loaders.SOURCE_LEGACY):
        successors = selectors.successors(commune, as_of=D(2025, 8, 1))
        assert successors and all(s.parent == gia_lai for s in successors), commune.name
    # The province goes on as Gia Lai, and Bình Định's departments move under it.
    binh_dinh = Unit.objects.get(name="Tỉnh Bình Định")
    assert selectors.successors(binh_dinh) == [gia_lai]
    assert gia_lai.children.filter(kind=Unit.Kind.DEPARTMENT, valid_from=D(2025, 7, 1)).count() == 19
    assert RestructuringEvent.objects.filter(kind=RestructuringEvent.Kind.DISSOLVE).count() == 11
    assert Membership.objects.filter(unit__name="Sở Nội vụ", unit__valid_to__isnull=True, role="coordinator").exists()
    assert verify_chain()[0]
    # A second load loads nothing twice.
    counts = (Unit.objects.count(), RestructuringEvent.objects.count(), AuditEntry.objects.count())
    assert load_org_demo() is False
    assert (Unit.objects.count(), RestructuringEvent.objects.count(), AuditEntry.objects.count()) == counts
    assert DataLoad.objects.filter(name="demo-org").count() == 1
