"""Demo data for the organisation tree: the real 2025 sequence applied to the legacy Bình Định tree.

What is real: the pre-July-2025 Bình Định tree (11 district-level units, 155 communes) and the current
Gia Lai (135 communes) come from the vietnam-provinces package, and so do the links from each new commune
to the old communes merged into it (`get_legacy_sources`: all 155 Bình Định communes have one). On
1 July 2025 the districts end, the communes merge as the package says, and the province goes on as
Gia Lai (code 52 continues), its departments moving under it.

What is demo data, invented for the example: the department list below and its one merge on
1 March 2025 (Sở Nông nghiệp và Phát triển nông thôn + Sở Tài nguyên và Môi trường → Sở Nông nghiệp và
Môi trường, modelled on the real merges of that day), and the people and their accounts.
"""

import datetime

from django.db import transaction

from danvan.accounts.models import User
from danvan.accounts.services import user_create
from danvan.core.models import DataLoad
from danvan.org import loaders
from danvan.org.models import Role, Unit
from danvan.org.services import (
    UnitSpec,
    membership_add,
    unit_create,
    unit_dissolve,
    unit_merge,
    unit_reorganise,
)

DEPARTMENT_MERGE_DAY = datetime.date(2025, 3, 1)
DEMO_PASSWORD = "DanVan@2025!"

# Demo data: the provincial departments (sở, ban, ngành) of Bình Định at the start of 2025.
DEPARTMENTS = [
    ("Văn phòng Ủy ban nhân dân tỉnh", "VP UBND"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Tư pháp", "STP"),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("Sở Tài chính", "STC"),
    ("Sở Công Thương", "SCT"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNN&PTNT"),
    ("Sở Tài nguyên và Môi trường", "STN&MT"),
    ("Sở Giao thông vận tải", "SGTVT"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Thông tin và Truyền thông", "STT&TT"),
    ("Sở Lao động - Thương binh và Xã hội", "SLĐTB&XH"),
    ("Sở Văn hóa và Thể thao", "SVHTT"),
    ("Sở Du lịch", "SDL"),
    ("Sở Khoa học và Công nghệ", "SKH&CN"),
    ("Sở Giáo dục và Đào tạo", "SGD&ĐT"),
    ("Sở Y tế", "SYT"),
    ("Thanh tra tỉnh", "TTr"),
    ("Ban Dân tộc", "BDT"),
    ("Sở Ngoại vụ", "SNgV"),
]
MERGED_DEPARTMENTS = ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường"]
MERGED_INTO = ("Sở Nông nghiệp và Môi trường", "SNN&MT")

# Demo accounts: (username, full name, role, unit name in the current tree).
ACCOUNTS = [
    ("quantri", "Trần Quản Trị", Role.ADMIN, "Tỉnh Gia Lai"),
    ("noivu", "Nguyễn Thị Điều Phối", Role.COORDINATOR, "Sở Nội vụ"),
    ("lanhdao", "Lâm Hải Giang", Role.LEADER, "Tỉnh Gia Lai"),
    ("truongphuong", "Phạm Văn Trưởng", Role.UNIT_HEAD, "Phường Quy Nhơn Nam"),
    ("canbophuong", "Lê Thị Cán Bộ", Role.UNIT_OFFICER, "Phường Quy Nhơn Nam"),
    ("thulyphuong", "Võ Văn Thụ Lý", Role.CASE_HANDLER, "Phường Quy Nhơn Nam"),
    ("canboxa", "Đinh Văn Xã", Role.UNIT_OFFICER, "Xã An Lão"),
    ("thanhtra", "Hồ Văn Thanh Tra", Role.INSPECTOR, "Thanh tra tỉnh"),
    ("kiemtra", "Bùi Thị Kiểm Tra", Role.AUDITOR, "Thanh tra tỉnh"),
    ("truongso", "Đỗ Văn Sở", Role.UNIT_HEAD, "Sở Tư pháp"),
]


def _current(name: str) -> Unit:
    return Unit.objects.filter(name=name, valid_to__isnull=True).order_by("-valid_from").first()


@transaction.atomic
def load_org_demo(stdout=None) -> bool:
    """Apply the demo once. Returns False when it was already there."""
    if DataLoad.objects.filter(name="demo-org").exists():
        return False
    say = stdout.write if stdout else (lambda _msg: None)
    province, _ = loaders.load_legacy_province(name="Bình Định")
    for name, short in DEPARTMENTS:
        unit_create(
            by=None, valid_from=None,
            spec=UnitSpec(name=name, short_name=short, kind=Unit.Kind.DEPARTMENT, parent=province, source="demo"),
        )
    say("Bình Định (before 07/2025): province, 11 districts, 155 communes, 20 departments")

    merging = [Unit.objects.get(name=n, parent=province) for n in MERGED_DEPARTMENTS]
    unit_merge(
        by=None, predecessors=merging, date=DEPARTMENT_MERGE_DAY,
        new=UnitSpec(name=MERGED_INTO[0], short_name=MERGED_INTO[1], kind=Unit.Kind.DEPARTMENT, parent=province,
                     source="demo"),
        note="Demo data: modelled on the department mergers of 1 March 2025.",
    )
    say("01/03/2025: two departments merged (demo data)")

    gia_lai, _ = loaders.load_current_province(name="Gia Lai")
    legacy_communes = {u.code: u for u in Unit.objects.filter(source=loaders.SOURCE_LEGACY, kind=Unit.Kind.COMMUNE,
                                                              parent__parent=province)}
    current_communes = {u.code: u for u in Unit.objects.filter(parent=gia_lai, kind=Unit.Kind.COMMUNE)}
    for olds, news in loaders.legacy_links(int(gia_lai.code)):
        predecessors = [legacy_communes[str(c)] for c in olds if str(c) in legacy_communes]
        if not predecessors:
            continue  # communes of the old Gia Lai province, which this demo does not load
        unit_reorganise(
            by=None, predecessors=predecessors, successors=[current_communes[str(c)] for c in news],
            date=loaders.TWO_LEVEL_FROM, legal_basis="Nghị quyết số 1664/NQ-UBTVQH15 ngày 16/6/2025",
            note="Links from the vietnam-provinces package (Ward.get_legacy_sources)."
            + (" Several old communes into several new ones: figures go to the first successor." if len(olds) > 1
               and len(news) > 1 else ""),
        )
    for district in Unit.objects.filter(parent=province, kind=Unit.Kind.DISTRICT).order_by("code"):
        unit_dissolve(by=None, unit=district, date=loaders.TWO_LEVEL_FROM,
                      note="District level abolished from 01/07/2025.")
    unit_merge(
        by=None, predecessors=[province], successor=gia_lai, date=loaders.TWO_LEVEL_FROM,
        legal_basis="Nghị quyết số 202/2025/QH15 ngày 12/6/2025",
        note="Bình Định and Gia Lai merged into the new Gia Lai (code 52 continues).",
    )
    say("01/07/2025: districts ended, communes merged into Gia Lai's 135, province continues as Gia Lai")

    for username, full_name, role, unit_name in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                by=None, username=username, password=DEMO_PASSWORD, full_name=full_name,
                email=f"{username}@example.gov.vn", is_superuser=role == Role.ADMIN,
            )
        membership_add(by=None, user=user, unit=_current(unit_name), role=role)
    DataLoad.objects.create(name="demo-org")
    return True
