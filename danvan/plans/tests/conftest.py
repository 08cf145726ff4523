"""Fixtures of the plans tests: a draft and an issued provincial plan on the small tree, the seed file, and the
real demo tree (Bình Định → Gia Lai, 2025)."""

import copy
import datetime

import pytest

from danvan.plans import interchange, services

D = datetime.date


@pytest.fixture
def plan(tree):
    """A draft provincial plan of the small tree's province, assigned to its departments and communes."""
    return services.plan_create(
        by=None, issuer=tree["province"], year=2025, title="Thực hiện công tác dân vận chính quyền năm 2025",
        place="Thử", purposes=["Mục đích một", "Mục đích hai"], requirements=["Yêu cầu một"],
        recipients=["Bộ Nội vụ", "Lưu: VT, K7"], assigned_kinds=["department", "commune"],
        tasks=[(1, "Tuyên truyền", "Nội dung một"), (2, "Dân chủ ở cơ sở", "Nội dung hai"), (3, "Cải cách", "")],
        legal_bases=[services.LegalRef(kind="Chỉ thị", number_symbol="33/CT-TTg", date=D(2021, 11, 26),
                                       issuer="Thủ tướng Chính phủ", title="về công tác dân vận")],
    )


@pytest.fixture
def issued_plan(plan):
    return services.plan_issue(by=None, plan=plan, number=12, issued_on=D(2025, 1, 20))


@pytest.fixture
def unit_plan(issued_plan, tree):
    """The commune's implementation plan, started by the system (as if by its officer)."""
    return services.unit_plan_start(by=None, plan=issued_plan, unit=tree["commune"])


@pytest.fixture
def seed():
    """The seed plan file, a fresh copy for each test."""
    return copy.deepcopy(_seed())


_SEED = {}


def _seed():
    if not _SEED:
        _SEED.update(interchange.load(interchange.SEED_PATH))
    return _SEED


@pytest.fixture
def demo(db):
    """The demo organisation tree: Bình Định (departments, 11 districts, 155 communes) until 30/06/2025,
    then Gia Lai (departments, 135 communes)."""
    from danvan.org.demo import load_org_demo

    load_org_demo()
