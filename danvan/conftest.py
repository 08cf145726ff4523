"""Shared fixtures: a small tree, the named people of the permission tests, browser launch settings."""

import datetime
import os

import pytest

from danvan.accounts.services import user_create
from danvan.org.models import Role, Unit
from danvan.org.services import UnitSpec, membership_add, unit_create
from danvan.plans.models import Plan, Task
from danvan.reporting.models import Period
from danvan.reporting.periods import period_create

D = datetime.date

PASSWORD = "Mật-khẩu-thử-2025"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (Playwright's own download does not work on these machines)."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to the test's own folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _calendar_cache():
    from danvan.core import calendar

    calendar.clear_cache()
    yield
    calendar.clear_cache()


def make_user(username: str, *, unit: Unit | None = None, role: str | None = None, **extra):
    user = user_create(by=None, username=username, password=PASSWORD, full_name=extra.pop("full_name", username),
                       email=f"{username}@example.gov.vn", **extra)
    if unit is not None and role is not None:
        membership_add(by=None, user=user, unit=unit, role=role)
    return user


@pytest.fixture
def tree(db):
    """A province with two departments and two communes, all valid from 01/01/2020."""
    start = datetime.date(2020, 1, 1)
    province = unit_create(by=None, valid_from=start,
                           spec=UnitSpec(name="Tỉnh Thử", kind=Unit.Kind.PROVINCE, code="99"))
    dept = unit_create(by=None, valid_from=start,
                       spec=UnitSpec(name="Sở Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=province))
    other_dept = unit_create(by=None, valid_from=start,
                             spec=UnitSpec(name="Sở Tư pháp", kind=Unit.Kind.DEPARTMENT, parent=province))
    commune = unit_create(by=None, valid_from=start,
                          spec=UnitSpec(name="Phường Quy Nhơn Nam", kind=Unit.Kind.COMMUNE, code="21583",
                                        parent=province))
    other_commune = unit_create(by=None, valid_from=start,
                                spec=UnitSpec(name="Xã Đắk Pơ", kind=Unit.Kind.COMMUNE, code="24000", parent=province))
    return {"province": province, "dept": dept, "other_dept": other_dept, "commune": commune,
            "other_commune": other_commune}


@pytest.fixture
def people(tree):
    """The named people: an owner (officer of the commune), a same-unit member (its head), an outsider
    (officer of another commune), a coordinator, an auditor, an admin."""
    return {
        "owner": make_user("owner", unit=tree["commune"], role=Role.UNIT_OFFICER),
        "member": make_user("member", unit=tree["commune"], role=Role.UNIT_HEAD),
        "outsider": make_user("outsider", unit=tree["other_commune"], role=Role.UNIT_OFFICER),
        "coordinator": make_user("coordinator", unit=tree["dept"], role=Role.COORDINATOR),
        "auditor": make_user("auditor", unit=tree["other_dept"], role=Role.AUDITOR),
        "admin": make_user("admin", unit=tree["province"], role=Role.ADMIN),
    }



@pytest.fixture
def plan(tree):
    """An issued provincial plan assigned to the departments and communes of the test province, with three
    tasks and the Q1 and 6M periods (due 20/03 and 20/06/2025)."""
    plan = Plan.objects.create(
        issuer=tree["province"], year=2025, number=12, symbol="KH-UBND", issued_on=D(2025, 1, 20), place="Thử",
        title="Thực hiện công tác dân vận chính quyền năm 2025", status=Plan.Status.ISSUED,
        assigned_kinds=["department", "commune"], signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_prefix="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH", signer_name="Lâm Hải Giang",
    )
    for number, title in [(1, "Tuyên truyền, quán triệt"), (2, "Dân chủ ở cơ sở, tiếp công dân"),
                          (3, "Cải cách hành chính")]:
        Task.objects.create(plan=plan, number=number, title=title)
    period_create(by=None, plan=plan, kind=Period.Kind.Q1, recipient="UBND tỉnh (qua Sở Nội vụ)")
    period_create(by=None, plan=plan, kind=Period.Kind.H1, recipient="UBND tỉnh (qua Sở Nội vụ)")
    return plan


@pytest.fixture
def q1(plan):
    return plan.periods.get(kind=Period.Kind.Q1)


@pytest.fixture
def h1(plan):
    return plan.periods.get(kind=Period.Kind.H1)
