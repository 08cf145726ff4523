import datetime

import pytest

from danvan.plans.models import Plan, Task
from danvan.reporting.models import Period
from danvan.reporting.periods import period_create

D = datetime.date


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
