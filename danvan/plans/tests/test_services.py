import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from danvan.audit.models import AuditEntry
from danvan.audit.services import verify_chain
from danvan.conftest import make_user
from danvan.core.models import Notification
from danvan.org.models import Role
from danvan.plans import services
from danvan.plans.models import LegalDocument, Plan, Task

D = datetime.date


def _actions(plan) -> list[str]:
    return list(AuditEntry.objects.filter(object_type="plans.plan", object_id=str(plan.pk))
                .order_by("seq").values_list("action", flat=True))


# Provincial plan: drafting ---------------------------------------------------------------------------------

def test_a_coordinator_creates_a_draft_with_tasks_and_legal_bases_and_each_step_is_audited(people, tree):
    plan = services.plan_create(
        by=people["coordinator"], issuer=tree["province"], year=2025, title="  Kế hoạch thử  ",
        purposes="Mục đích một\n\n  Mục đích hai ", assigned_kinds=["department", "commune"],
        tasks=[(2, "Hai", "Nội dung hai"), (1, "Một", "")],
        legal_bases=[services.LegalRef(kind="Chỉ thị", number_symbol="33/CT-TTg", date=D(2021, 11, 26))],
    )
    assert plan.status == Plan.Status.DRAFT and plan.created_by == people["coordinator"]
    assert plan.title == "Kế hoạch thử"
    assert plan.purposes == ["Mục đích một", "Mục đích hai"]
    assert [(t.number, t.title) for t in plan.tasks.all()] == [(1, "Một"), (2, "Hai")]
    assert [str(d) for d in plan.legal_bases.all()] == ["Chỉ thị số 33/CT-TTg ngày 26/11/2021"]
    assert _actions(plan) == ["plan_created", "plan_tasks_set", "plan_legal_bases_set"]
    assert verify_chain()[0]


def test_a_unit_officer_may_not_create_a_provincial_plan(people, tree):
    with pytest.raises(PermissionDenied):
        services.plan_create(by=people["owner"], issuer=tree["province"], year=2025, title="Kế hoạch")
    assert not Plan.objects.exists()


def test_a_plan_needs_a_title_a_sensible_year_and_known_unit_kinds(people, tree):
    with pytest.raises(ValidationError) as error:
        services.plan_create(by=people["coordinator"], issuer=tree["province"], year=2025, title="   ")
    assert error.value.message_dict == {"title": [_("Give the plan a title.")]}
    with pytest.raises(ValidationError) as error:
        services.plan_create(by=people["coordinator"], issuer=tree["province"], year=25, title="Kế hoạch")
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.plan_create(by=people["coordinator"], issuer=tree["province"], year=2025, title="Kế hoạch",
                             assigned_kinds=["department", "village"])
    assert "village" in error.value.message_dict["assigned_kinds"][0]
    assert not Plan.objects.exists()


def test_updating_a_draft_changes_only_what_is_given_and_audits_the_difference(people, plan):
    plan = services.plan_update(by=people["coordinator"], plan=plan, title="Tên mới", recipients="Một\nHai")
    plan.refresh_from_db()
    assert plan.title == "Tên mới" and plan.recipients == ["Một", "Hai"] and plan.place == "Thử"
    entry = AuditEntry.objects.filter(action="plan_updated", object_id=str(plan.pk)).get()
    assert set(entry.changes) == {"title", "recipients"}
    assert entry.changes["title"] == ["Thực hiện công tác dân vận chính quyền năm 2025", "Tên mới"]


def test_an_officer_may_not_change_the_provincial_plan(people, plan):
    with pytest.raises(PermissionDenied):
        services.plan_update(by=people["owner"], plan=plan, title="Tên mới")
    plan.refresh_from_db()
    assert plan.title == "Thực hiện công tác dân vận chính quyền năm 2025"


def test_only_a_draft_can_be_changed(people, issued_plan):
    with pytest.raises(ValidationError) as error:
        services.plan_update(by=people["coordinator"], plan=issued_plan, title="Tên mới")
    assert error.value.messages == [_("Only a draft plan can be changed.")]
    with pytest.raises(ValidationError):
        services.plan_set_tasks(by=people["coordinator"], plan=issued_plan, tasks=[(1, "Một", "")])
    with pytest.raises(ValidationError):
        services.plan_set_legal_bases(by=people["coordinator"], plan=issued_plan, legal_bases=[])
    assert issued_plan.tasks.count() == 3 and issued_plan.legal_bases.count() == 1


def test_setting_tasks_keeps_the_rows_of_tasks_that_keep_their_number(people, plan):
    first = plan.tasks.get(number=1)
    services.plan_set_tasks(by=people["coordinator"], plan=plan,
                            tasks=[(1, "Tuyên truyền\n  sửa", "Mới"), (4, "Bốn", ""), (2, "Dân chủ ở cơ sở",
                                                                                  "Nội dung hai")])
    assert [(t.number, t.title, t.body) for t in plan.tasks.all()] == [
        (1, "Tuyên truyền sửa", "Mới"), (2, "Dân chủ ở cơ sở", "Nội dung hai"), (4, "Bốn", ""),
    ]
    assert plan.tasks.get(number=1).pk == first.pk
    entry = AuditEntry.objects.filter(action="plan_tasks_set", object_id=str(plan.pk)).order_by("seq").last()
    assert set(entry.changes) == {"1", "3", "4"}  # 2 did not change


def test_tasks_with_the_same_number_or_no_title_are_refused_and_nothing_changes(people, plan):
    before = list(plan.tasks.values_list("number", "title", "body"))
    with pytest.raises(ValidationError) as error:
        services.plan_set_tasks(by=people["coordinator"], plan=plan, tasks=[(1, "Một", ""), (9, "Chín", ""),
                                                                            (1, "Lại một", "")])
    assert error.value.message_dict == {"tasks": [_("Two tasks have the number %(number)s.") % {"number": 1}]}
    with pytest.raises(ValidationError):
        services.plan_set_tasks(by=people["coordinator"], plan=plan, tasks=[(5, "Năm", ""), (1, " ", "")])
    assert list(plan.tasks.values_list("number", "title", "body")) == before


def test_legal_bases_reuse_a_document_with_the_same_number_and_date_and_fill_its_gaps(people, plan):
    existing = LegalDocument.objects.get(number_symbol="33/CT-TTg")
    other = services.plan_create(
        by=people["coordinator"], issuer=plan.issuer, year=2026, title="Kế hoạch 2026",
        legal_bases=[
            services.LegalRef(kind="Chỉ thị", number_symbol="33/CT-TTg", date=D(2021, 11, 26)),
            services.LegalRef(kind="Luật", title="Thực hiện dân chủ ở cơ sở năm 2022"),
            services.LegalRef(kind="Nghị quyết", number_symbol="24-NQ/TW", issuer="Ban Chấp hành Trung ương"),
        ],
    )
    assert list(other.legal_bases.order_by("plancitation__order")) [0] == existing
    assert LegalDocument.objects.count() == 3
    law = LegalDocument.objects.get(kind="Luật")
    assert str(law) == "Luật Thực hiện dân chủ ở cơ sở năm 2022"
    again = services.plan_set_legal_bases(by=people["coordinator"], plan=plan, legal_bases=[
        services.LegalRef(kind="Luật", title="Thực hiện dân chủ ở cơ sở năm 2022"),
        services.LegalRef(kind="Nghị quyết", number_symbol="24-NQ/TW", title="về công tác dân tộc"),
    ])
    assert LegalDocument.objects.count() == 3
    assert [d.kind for d in again.legal_bases.order_by("plancitation__order")] == ["Luật", "Nghị quyết"]
    assert LegalDocument.objects.get(number_symbol="24-NQ/TW").title == "về công tác dân tộc"


def test_the_same_document_twice_is_refused(people, plan):
    ref = services.LegalRef(kind="Chỉ thị", number_symbol="33/CT-TTg", date=D(2021, 11, 26))
    with pytest.raises(ValidationError):
        services.plan_set_legal_bases(by=people["coordinator"], plan=plan, legal_bases=[ref, ref])
    assert plan.legal_bases.count() == 1


# Provincial plan: issuing ------------------------------------------------------------------------------------

def test_issuing_sets_number_date_and_status_and_tells_the_people_of_every_assigned_unit(
    people, tree, plan, django_capture_on_commit_callbacks
):
    dept_officer = make_user("dept_officer", unit=tree["dept"], role=Role.UNIT_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.plan_issue(by=people["coordinator"], plan=plan, number=12, issued_on=D(2025, 1, 20))
    assert issued.status == Plan.Status.ISSUED and issued.number_symbol == "12/KH-UBND"
    assert issued.issued_on == D(2025, 1, 20) and issued.issued_at is not None
    notified = {n.recipient.username for n in Notification.objects.select_related("recipient")}
    # Officers and heads of the assigned departments and communes; not the coordinator or the auditor.
    assert notified == {"owner", "member", "outsider", "dept_officer"}
    notice = Notification.objects.filter(recipient=dept_officer).get()
    assert "12/KH-UBND" in notice.subject and notice.url == f"/plans/{plan.pk}/"
    entry = AuditEntry.objects.filter(action="plan_issued", object_id=str(plan.pk)).get()
    assert entry.actor_name == "coordinator" and entry.changes["status"] == ["draft", "issued"]


def test_a_plan_assigned_to_departments_only_does_not_tell_the_communes(
    people, tree, plan, django_capture_on_commit_callbacks
):
    plan = services.plan_update(by=people["coordinator"], plan=plan, assigned_kinds=["department"])
    dept_head = make_user("dept_head", unit=tree["other_dept"], role=Role.UNIT_HEAD)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_issue(by=people["coordinator"], plan=plan, number=1, issued_on=D(2025, 1, 20))
    assert [n.recipient for n in Notification.objects.all()] == [dept_head]


def test_only_a_coordinator_issues_the_provincial_plan(people, plan, django_capture_on_commit_callbacks):
    for name in ("owner", "member", "auditor"):
        with pytest.raises(PermissionDenied), django_capture_on_commit_callbacks(execute=True):
            services.plan_issue(by=people[name], plan=plan, number=12, issued_on=D(2025, 1, 20))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT and plan.number is None
    assert not Notification.objects.exists()
    assert services.plan_issue(by=people["admin"], plan=plan, number=12, issued_on=D(2025, 1, 20)).is_issued()


def test_a_number_already_taken_this_year_is_refused_clearly_and_nothing_changes(
    people, tree, issued_plan, django_capture_on_commit_callbacks
):
    second = services.plan_create(by=people["coordinator"], issuer=tree["province"], year=2025, title="Kế hoạch hai",
                                  tasks=[(1, "Một", "")], assigned_kinds=["commune"])
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error, django_capture_on_commit_callbacks(execute=True):
        services.plan_issue(by=people["coordinator"], plan=second, number=12, issued_on=D(2025, 2, 1))
    message = error.value.message_dict["number"][0]
    assert "12/KH-UBND" in message and issued_plan.title in message
    second.refresh_from_db()
    assert second.status == Plan.Status.DRAFT and second.number is None
    assert AuditEntry.objects.count() == audit_before and not Notification.objects.exists()
    # Another symbol or another year is another series.
    services.plan_issue(by=people["coordinator"], plan=second, number=13, issued_on=D(2025, 2, 1))
    third = services.plan_create(by=people["coordinator"], issuer=tree["province"], year=2026, title="Năm sau",
                                 tasks=[(1, "Một", "")])
    assert services.plan_issue(by=people["coordinator"], plan=third, number=12, issued_on=D(2026, 1, 5)).is_issued()


def test_a_plan_without_tasks_or_already_issued_cannot_be_issued(people, tree, issued_plan):
    empty = services.plan_create(by=people["coordinator"], issuer=tree["province"], year=2025, title="Trống")
    with pytest.raises(ValidationError):
        services.plan_issue(by=people["coordinator"], plan=empty, number=5, issued_on=D(2025, 1, 20))
    with pytest.raises(ValidationError):
        services.plan_issue(by=people["coordinator"], plan=issued_plan, number=14, issued_on=D(2025, 1, 20))
    issued_plan.refresh_from_db()
    assert issued_plan.number == 12


# Implementation plans of the units ---------------------------------------------------------------------------

def test_an_officer_starts_the_unit_plan_from_the_provincial_tasks(people, tree, issued_plan):
    unit_plan = services.unit_plan_start(by=people["owner"], plan=issued_plan, unit=tree["commune"])
    assert unit_plan.parent == issued_plan and unit_plan.issuer == tree["commune"]
    assert unit_plan.status == Plan.Status.DRAFT and unit_plan.year == 2025 and unit_plan.number is None
    assert unit_plan.full_title == "Kế hoạch thực hiện công tác dân vận chính quyền năm 2025"
    assert unit_plan.purposes == issued_plan.purposes and unit_plan.requirements == issued_plan.requirements
    assert unit_plan.issuer_title == "ỦY BAN NHÂN DÂN PHƯỜNG QUY NHƠN NAM"
    tasks = list(unit_plan.tasks.select_related("source"))
    provincial = list(issued_plan.tasks.values_list("number", "title", "body"))
    assert [(t.number, t.title, t.body) for t in tasks] == provincial
    assert all(t.source.plan_id == issued_plan.pk and t.source.number == t.number for t in tasks)
    assert _actions(unit_plan) == ["unit_plan_started"]


def test_a_unit_has_one_implementation_plan_per_provincial_plan(people, tree, unit_plan):
    with pytest.raises(ValidationError) as error:
        services.unit_plan_start(by=people["member"], plan=unit_plan.parent, unit=tree["commune"])
    assert unit_plan.title in error.value.messages[0]
    assert Plan.objects.filter(parent=unit_plan.parent).count() == 1


def test_only_the_units_own_people_start_its_plan(people, tree, issued_plan):
    for name in ("outsider", "coordinator", "auditor"):
        with pytest.raises(PermissionDenied):
            services.unit_plan_start(by=people[name], plan=issued_plan, unit=tree["commune"])
    assert not Plan.objects.filter(parent=issued_plan).exists()


def test_a_unit_plan_needs_an_issued_plan_assigned_to_the_unit(people, tree, plan):
    with pytest.raises(ValidationError):
        services.unit_plan_start(by=people["owner"], plan=plan, unit=tree["commune"])  # still a draft
    plan = services.plan_update(by=None, plan=plan, assigned_kinds=["department"])
    services.plan_issue(by=None, plan=plan, number=3, issued_on=D(2025, 1, 20))
    with pytest.raises(ValidationError) as error:
        services.unit_plan_start(by=people["owner"], plan=plan, unit=tree["commune"])
    assert tree["commune"].name in error.value.messages[0]
    assert not Plan.objects.filter(parent=plan).exists()


def test_the_officer_edits_the_unit_plan_while_it_is_a_draft_and_the_head_approves_it(people, tree, unit_plan):
    services.plan_update(by=people["owner"], plan=unit_plan, title="Thực hiện công tác dân vận năm 2025 của phường",
                         tasks=[(1, "Tuyên truyền ở phường", "Cụ thể"), (2, "Dân chủ", "")])
    unit_plan.refresh_from_db()
    assert unit_plan.tasks.get(number=1).source.plan_id == unit_plan.parent_id  # the row and its link are kept
    with pytest.raises(PermissionDenied):
        services.plan_update(by=people["outsider"], plan=unit_plan, title="Khác")
    with pytest.raises(ValidationError):
        services.plan_update(by=people["owner"], plan=unit_plan, assigned_kinds=["commune"])
    with pytest.raises(PermissionDenied):
        services.unit_plan_approve(by=people["owner"], plan=unit_plan)  # an officer does not approve
    approved = services.unit_plan_approve(by=people["member"], plan=unit_plan)
    assert approved.status == Plan.Status.APPROVED and approved.approved_at is not None
    with pytest.raises(ValidationError):
        services.plan_update(by=people["owner"], plan=approved, title="Quá muộn")
    with pytest.raises(ValidationError):
        services.unit_plan_approve(by=people["member"], plan=approved)
    assert _actions(unit_plan)[-1] == "unit_plan_approved"


def test_the_head_issues_the_approved_unit_plan_and_the_coordinators_are_told(
    people, tree, unit_plan, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.unit_plan_issue(by=people["member"], plan=unit_plan, number=7, issued_on=D(2025, 2, 3))
    services.unit_plan_approve(by=people["member"], plan=unit_plan)
    with pytest.raises(PermissionDenied):
        services.unit_plan_issue(by=people["owner"], plan=unit_plan, number=7, issued_on=D(2025, 2, 3))
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.unit_plan_issue(by=people["member"], plan=unit_plan, number=7, issued_on=D(2025, 2, 3))
    assert issued.status == Plan.Status.ISSUED and issued.number_symbol == "07/KH-UBND"
    assert [n.recipient for n in Notification.objects.all()] == [people["coordinator"]]
    assert Notification.objects.get().url == f"/plans/{unit_plan.pk}/"
    assert _actions(unit_plan)[-1] == "unit_plan_issued"


def test_a_unit_plan_is_not_issued_as_a_provincial_plan_nor_the_reverse(people, issued_plan, unit_plan):
    with pytest.raises(ValidationError):
        services.plan_issue(by=people["coordinator"], plan=unit_plan, number=1, issued_on=D(2025, 2, 3))
    with pytest.raises(ValidationError):
        services.unit_plan_approve(by=None, plan=issued_plan)


def test_two_numbers_in_one_units_series_clash_but_not_across_units(people, tree, issued_plan):
    mine = services.unit_plan_start(by=None, plan=issued_plan, unit=tree["commune"])
    theirs = services.unit_plan_start(by=None, plan=issued_plan, unit=tree["other_commune"])
    for p in (mine, theirs):
        services.unit_plan_approve(by=None, plan=p)
        services.unit_plan_issue(by=None, plan=p, number=7, issued_on=D(2025, 2, 3))
    assert Plan.objects.filter(parent=issued_plan, number=7, status=Plan.Status.ISSUED).count() == 2
    assert Task.objects.filter(plan__parent=issued_plan).count() == 6
