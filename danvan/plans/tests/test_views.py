import datetime
import io
import json

import pytest
from django.utils.translation import gettext as _

from danvan.conftest import make_user
from danvan.core.models import Notification
from danvan.org.models import Role, Unit
from danvan.org.services import UnitSpec, unit_create
from danvan.plans import interchange, services
from danvan.plans.models import Plan

D = datetime.date


def _page(response) -> str:
    return response.content.decode()


def _plan_post(**overrides) -> dict:
    """What the create/edit form posts: the plan's fields, two tasks and one legal basis."""
    data = {
        "title": "Thực hiện công tác dân vận chính quyền năm 2026", "year": "2026", "number": "", "symbol": "KH-UBND",
        "place": "Gia Lai", "issuer_title": "ỦY BAN NHÂN DÂN TỈNH GIA LAI", "parent_body": "",
        "preamble": "Thực hiện Chỉ thị số 33/CT-TTg;\n\nỦy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
        "purposes": "Mục đích một\nMục đích hai", "requirements": "Yêu cầu một", "implementation": "Tổ chức",
        "closing": "Trên đây là Kế hoạch./.", "recipients": "Bộ Nội vụ\nLưu: VT, K7",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN", "signer_prefix": "KT. CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Lâm Hải Giang", "assigned_kinds": ["department", "commune"],
        "assigned_text": "Các sở, ban, ngành, Ủy ban nhân dân các xã, phường",
        "tasks-TOTAL_FORMS": "3", "tasks-INITIAL_FORMS": "0", "tasks-MIN_NUM_FORMS": "0", "tasks-MAX_NUM_FORMS": "1000",
        "tasks-0-number": "1", "tasks-0-title": "Tuyên truyền", "tasks-0-body": "Các cơ quan, đơn vị tiếp tục …",
        "tasks-1-number": "2", "tasks-1-title": "Dân chủ ở cơ sở", "tasks-1-body": "",
        "tasks-2-number": "", "tasks-2-title": "", "tasks-2-body": "",
        "legal-TOTAL_FORMS": "2", "legal-INITIAL_FORMS": "0", "legal-MIN_NUM_FORMS": "0", "legal-MAX_NUM_FORMS": "1000",
        "legal-0-kind": "Chỉ thị", "legal-0-number_symbol": "33/CT-TTg", "legal-0-date": "26/11/2021",
        "legal-0-issuer": "Thủ tướng Chính phủ", "legal-0-title": "về công tác dân vận",
        "legal-1-kind": "", "legal-1-number_symbol": "", "legal-1-date": "", "legal-1-issuer": "", "legal-1-title": "",
    }
    data.update(overrides)
    return data


# List ---------------------------------------------------------------------------------------------------------

def test_the_list_shows_drafts_to_the_coordinator_and_issued_plans_to_everyone(client, people, plan, tree):
    client.force_login(people["coordinator"])
    page = _page(client.get("/plans/"))
    assert f'data-plan="{plan.pk}"' in page and 'id="plan-create"' in page
    client.force_login(people["owner"])
    page = _page(client.get("/plans/"))
    assert f'data-plan="{plan.pk}"' not in page and 'id="plan-create"' not in page
    services.plan_issue(by=None, plan=plan, number=12, issued_on=D(2025, 1, 20))
    assert "12/KH-UBND" in _page(client.get("/plans/"))


def test_the_list_shows_a_unit_person_their_units_plans_only(client, people, tree, unit_plan):
    other = services.unit_plan_start(by=None, plan=unit_plan.parent, unit=tree["other_commune"])
    client.force_login(people["member"])
    page = _page(client.get("/plans/"))
    assert 'id="unit-plans"' in page and f'data-plan="{unit_plan.pk}"' in page and f'data-plan="{other.pk}"' not in page


def test_the_list_refuses_post_and_anonymous_people(client, people):
    assert client.get("/plans/").status_code == 302
    client.force_login(people["coordinator"])
    assert client.post("/plans/").status_code == 405


def test_the_list_query_count_does_not_grow_with_plans(client, people, tree, django_assert_max_num_queries):
    for year in range(2000, 2030):
        p = services.plan_create(by=None, issuer=tree["province"], year=year, tasks=[(1, "Một", "")],
                                 title=f"Thực hiện công tác dân vận năm {year}", assigned_kinds=["commune"])
        services.plan_issue(by=None, plan=p, number=1, issued_on=D(year, 1, 10))
        for unit in (tree["commune"], tree["other_commune"]):
            services.unit_plan_start(by=None, plan=p, unit=unit)
    for name in ("coordinator", "member"):
        client.force_login(people[name])
        # Session, user, roles and the unread count of the base page, then the two lists (and a session save).
        with django_assert_max_num_queries(12):
            page = _page(client.get("/plans/"))
        assert page.count("Kế hoạch thực hiện công tác dân vận năm") >= 30


# Detail -------------------------------------------------------------------------------------------------------

def test_the_detail_shows_the_header_tasks_legal_bases_periods_and_assigned_units(client, people, tree, seed):
    plan = interchange.import_plan(seed, by=None, issuer=tree["province"])
    client.force_login(people["coordinator"])
    response = client.get(f"/plans/{plan.pk}/")
    page = _page(response)
    assert response.status_code == 200
    assert "Kế hoạch thực hiện công tác dân vận chính quyền năm 2025" in page
    assert page.count('class="task mb-3"') == 9
    assert "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ" in page
    assert "Luật Thực hiện dân chủ ở cơ sở năm 2022" in page
    assert [p.kind for p in response.context["periods"]] == ["Q1", "6M", "9M", "YEAR"]
    assert "20/03/2025" in page and "25/11/2025" in page
    assert response.context["assigned_today"] == 4  # the small tree: two departments, two communes
    assert 'id="plan-issue"' in page and 'id="plan-edit"' in page
    assert "Lâm Hải Giang" in page and "- Lưu: VT, K7." in page


def test_a_draft_provincial_plan_is_hidden_from_unit_people(client, people, plan):
    client.force_login(people["owner"])
    assert client.get(f"/plans/{plan.pk}/").status_code == 404
    client.force_login(people["auditor"])  # a province-wide role reads it
    assert client.get(f"/plans/{plan.pk}/").status_code == 200


def test_an_issued_plan_offers_the_assigned_units_officer_to_start_their_plan(client, people, issued_plan):
    client.force_login(people["owner"])
    response = client.get(f"/plans/{issued_plan.pk}/")
    assert [u.name for u in response.context["startable"]] == ["Phường Quy Nhơn Nam"]
    assert 'class="start-form"' in _page(response) and 'id="plan-issue"' not in _page(response)


def test_a_unit_plan_is_visible_to_its_unit_and_to_province_wide_roles_only(client, people, unit_plan):
    for name in ("owner", "member", "coordinator", "auditor"):
        client.force_login(people[name])
        assert client.get(f"/plans/{unit_plan.pk}/").status_code == 200, name
    client.force_login(people["outsider"])
    assert client.get(f"/plans/{unit_plan.pk}/").status_code == 404
    assert client.post(f"/plans/{unit_plan.pk}/").status_code == 405


def test_the_detail_of_a_unit_plan_shows_the_heads_buttons(client, people, unit_plan):
    client.force_login(people["member"])
    page = _page(client.get(f"/plans/{unit_plan.pk}/"))
    assert 'id="plan-approve"' in page and 'id="plan-edit"' in page
    client.force_login(people["owner"])
    page = _page(client.get(f"/plans/{unit_plan.pk}/"))
    assert 'id="plan-approve"' not in page and 'id="plan-edit"' in page


# Create and edit ----------------------------------------------------------------------------------------------

def test_a_coordinator_creates_a_plan_with_tasks_and_legal_bases(client, people, tree):
    client.force_login(people["coordinator"])
    assert client.get("/plans/new/").status_code == 200
    response = client.post("/plans/new/", _plan_post(issuer=str(tree["province"].pk)))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert plan.issuer == tree["province"] and plan.year == 2026 and plan.status == Plan.Status.DRAFT
    assert plan.purposes == ["Mục đích một", "Mục đích hai"] and plan.recipients == ["Bộ Nội vụ", "Lưu: VT, K7"]
    assert plan.assigned_kinds == ["department", "commune"]
    assert [(t.number, t.title) for t in plan.tasks.all()] == [(1, "Tuyên truyền"), (2, "Dân chủ ở cơ sở")]
    assert [str(d) for d in plan.legal_bases.all()] == ["Chỉ thị số 33/CT-TTg ngày 26/11/2021"]


def test_a_form_with_errors_keeps_what_was_typed(client, people, tree):
    client.force_login(people["coordinator"])
    response = client.post("/plans/new/", _plan_post(
        issuer=str(tree["province"].pk), title="", **{"tasks-1-number": "1", "legal-0-date": "31/02/2021"}))
    page = _page(response)
    assert response.status_code == 200 and not Plan.objects.exists()
    assert "Mục đích một\nMục đích hai</textarea>" in page
    assert 'value="31/02/2021"' in page and "Dân chủ ở cơ sở</textarea>" in page
    assert str(_("Enter a date as dd/mm/yyyy, for example 15/03/2025.")) in page
    # The service's check (two tasks numbered 1) is shown once the form itself is valid.
    response = client.post("/plans/new/", _plan_post(issuer=str(tree["province"].pk), **{"tasks-1-number": "1"}))
    assert response.status_code == 200 and not Plan.objects.exists()
    assert _("Two tasks have the number %(number)s.") % {"number": 1} in _page(response)


def test_only_coordinators_create_plans(client, people, tree):
    client.force_login(people["owner"])
    assert client.get("/plans/new/").status_code == 403
    assert client.post("/plans/new/", _plan_post(issuer=str(tree["province"].pk))).status_code == 403
    client.force_login(people["coordinator"])
    assert client.put("/plans/new/").status_code == 405
    assert not Plan.objects.exists()


def test_editing_a_draft_shows_its_tasks_and_saves_changes(client, people, plan):
    client.force_login(people["coordinator"])
    response = client.get(f"/plans/{plan.pk}/edit/")
    assert response.status_code == 200
    assert response.context["tasks"].initial[0] == {"number": 1, "title": "Tuyên truyền", "body": "Nội dung một"}
    data = _plan_post(**{
        "year": "2025", "tasks-TOTAL_FORMS": "3", "tasks-INITIAL_FORMS": "3",
        "tasks-0-number": "1", "tasks-0-title": "Tuyên truyền sửa", "tasks-0-body": "",
        "tasks-1-number": "2", "tasks-1-title": "Dân chủ ở cơ sở", "tasks-1-body": "Nội dung hai",
        "tasks-2-number": "3", "tasks-2-title": "Cải cách", "tasks-2-body": "", "tasks-2-DELETE": "on",
    })
    response = client.post(f"/plans/{plan.pk}/edit/", data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert [(t.number, t.title) for t in plan.tasks.all()] == [(1, "Tuyên truyền sửa"), (2, "Dân chủ ở cơ sở")]
    assert plan.title == "Thực hiện công tác dân vận chính quyền năm 2026" and plan.issuer.name == "Tỉnh Thử"


def test_an_issued_plan_is_not_edited_and_outsiders_are_refused(client, people, issued_plan, unit_plan):
    client.force_login(people["coordinator"])
    response = client.get(f"/plans/{issued_plan.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == f"/plans/{issued_plan.pk}/"
    client.force_login(people["member"])
    assert client.get(f"/plans/{issued_plan.pk}/edit/").status_code == 403
    client.force_login(people["outsider"])
    assert client.get(f"/plans/{unit_plan.pk}/edit/").status_code == 404
    client.force_login(people["owner"])
    page = _page(client.get(f"/plans/{unit_plan.pk}/edit/"))
    assert 'id="assigned-kinds"' not in page and 'name="issuer"' not in page
    assert client.delete(f"/plans/{unit_plan.pk}/edit/").status_code == 405


# Issue ------------------------------------------------------------------------------------------------------

def test_the_coordinator_issues_the_plan_and_the_units_are_told(
    client, people, plan, django_capture_on_commit_callbacks
):
    client.force_login(people["coordinator"])
    assert client.get(f"/plans/{plan.pk}/issue/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/plans/{plan.pk}/issue/", {"number": "12", "issued_on": "20/01/2025"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_issued() and plan.number == 12 and plan.issued_on == D(2025, 1, 20)
    assert Notification.objects.filter(recipient=people["owner"], url=f"/plans/{plan.pk}/").exists()


def test_a_taken_number_is_shown_on_the_issue_form_with_what_was_typed(client, people, tree, issued_plan):
    second = services.plan_create(by=None, issuer=tree["province"], year=2025, title="Kế hoạch hai",
                                  tasks=[(1, "Một", "")])
    client.force_login(people["coordinator"])
    response = client.post(f"/plans/{second.pk}/issue/", {"number": "12", "issued_on": "03/02/2025"})
    page = _page(response)
    assert response.status_code == 200 and 'value="12"' in page and 'value="03/02/2025"' in page
    assert "12/KH-UBND" in page and issued_plan.title in page
    second.refresh_from_db()
    assert second.status == Plan.Status.DRAFT


def test_only_a_coordinator_issues_a_provincial_plan_by_post(client, people, plan):
    client.force_login(people["owner"])
    assert client.get(f"/plans/{plan.pk}/issue/").status_code == 404  # a draft: not even visible
    client.force_login(people["auditor"])
    assert client.post(f"/plans/{plan.pk}/issue/", {"number": "1", "issued_on": "20/01/2025"}).status_code == 403
    client.force_login(people["coordinator"])
    assert client.put(f"/plans/{plan.pk}/issue/").status_code == 405
    plan.refresh_from_db()
    assert plan.is_draft()


# The unit's plan: start, approve, issue -----------------------------------------------------------------------

def test_the_officer_starts_the_units_plan_and_lands_on_its_form(client, people, tree, issued_plan):
    client.force_login(people["owner"])
    assert client.get(f"/plans/{issued_plan.pk}/start/").status_code == 405
    response = client.post(f"/plans/{issued_plan.pk}/start/", {"unit": tree["commune"].pk})
    unit_plan = Plan.objects.get(parent=issued_plan)
    assert response.status_code == 302 and response["Location"] == f"/plans/{unit_plan.pk}/edit/"
    assert unit_plan.issuer == tree["commune"] and unit_plan.tasks.count() == 3


def test_starting_for_another_unit_or_without_a_role_is_refused(client, people, tree, issued_plan):
    client.force_login(people["outsider"])
    assert client.post(f"/plans/{issued_plan.pk}/start/", {"unit": tree["commune"].pk}).status_code == 403
    client.force_login(people["auditor"])
    assert client.post(f"/plans/{issued_plan.pk}/start/", {"unit": tree["other_dept"].pk}).status_code == 403
    assert not Plan.objects.filter(parent=issued_plan).exists()


def test_the_head_approves_then_issues_the_units_plan(client, people, unit_plan):
    client.force_login(people["owner"])
    assert client.post(f"/plans/{unit_plan.pk}/approve/").status_code == 403
    client.force_login(people["member"])
    assert client.get(f"/plans/{unit_plan.pk}/approve/").status_code == 405
    assert client.post(f"/plans/{unit_plan.pk}/approve/").status_code == 302
    unit_plan.refresh_from_db()
    assert unit_plan.status == Plan.Status.APPROVED
    assert 'id="plan-issue"' in _page(client.get(f"/plans/{unit_plan.pk}/"))
    response = client.post(f"/plans/{unit_plan.pk}/issue/", {"number": "7", "issued_on": "03/02/2025"})
    assert response.status_code == 302
    unit_plan.refresh_from_db()
    assert unit_plan.is_issued() and unit_plan.number_symbol == "07/KH-UBND"


def test_an_officer_does_not_issue_the_units_plan(client, people, unit_plan):
    services.unit_plan_approve(by=None, plan=unit_plan)
    client.force_login(people["owner"])
    assert client.post(f"/plans/{unit_plan.pk}/issue/", {"number": "7", "issued_on": "03/02/2025"}).status_code == 403
    client.force_login(people["outsider"])
    assert client.post(f"/plans/{unit_plan.pk}/issue/", {"number": "7", "issued_on": "03/02/2025"}).status_code == 404
    unit_plan.refresh_from_db()
    assert unit_plan.status == Plan.Status.APPROVED


# The coordinator's page of units -------------------------------------------------------------------------------

def test_the_units_page_lists_units_with_and_without_an_issued_plan(client, people, tree, unit_plan):
    services.unit_plan_approve(by=None, plan=unit_plan)
    services.unit_plan_issue(by=None, plan=unit_plan, number=7, issued_on=D(2025, 2, 3))
    client.force_login(people["coordinator"])
    url = f"/plans/{unit_plan.parent_id}/units/"
    response = client.get(url)
    assert response.status_code == 200
    assert (response.context["total"], response.context["issued"], response.context["not_issued"]) == (4, 1, 3)
    issued = client.get(url, {"status": "issued", "date": "15/03/2025"})
    assert [u for u, _p in issued.context["rows"]] == [tree["commune"]]
    assert issued.context["day"] == D(2025, 3, 15)
    missing = client.get(url, {"status": "not_issued"})
    assert {u.name for u, _p in missing.context["rows"]} == {"Sở Nội vụ", "Sở Tư pháp", "Xã Đắk Pơ"}
    assert 'data-issued="1"' not in _page(missing)


def test_the_units_page_is_for_the_coordinators_and_leaders(client, people, issued_plan, unit_plan):
    for name in ("owner", "member"):
        client.force_login(people[name])
        assert client.get(f"/plans/{issued_plan.pk}/units/").status_code == 403
    leader = make_user("leader", unit=issued_plan.issuer, role=Role.LEADER)
    client.force_login(leader)
    assert client.get(f"/plans/{issued_plan.pk}/units/").status_code == 200
    assert client.post(f"/plans/{issued_plan.pk}/units/").status_code == 405
    assert client.get(f"/plans/{unit_plan.pk}/units/").status_code == 404  # a unit plan has no units page


def test_the_units_page_query_count_does_not_grow_with_units(
    client, people, tree, issued_plan, django_assert_max_num_queries
):
    for i in range(60):
        unit = unit_create(by=None, valid_from=D(2020, 1, 1),
                           spec=UnitSpec(name=f"Xã Thử {i}", kind=Unit.Kind.COMMUNE, parent=tree["province"]))
        if i % 2:
            services.unit_plan_start(by=None, plan=issued_plan, unit=unit)
    client.force_login(people["coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get(f"/plans/{issued_plan.pk}/units/")
    assert response.context["total"] == 64


# Export and import ----------------------------------------------------------------------------------------------

def test_export_gives_the_interchange_format(client, people, issued_plan):
    client.force_login(people["owner"])
    response = client.get(f"/plans/{issued_plan.pk}/export.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == interchange.export_plan(issued_plan)
    assert client.post(f"/plans/{issued_plan.pk}/export.json").status_code == 405


def test_the_coordinator_imports_a_plan_file(client, people, tree):
    client.force_login(people["coordinator"])
    assert client.get("/plans/import/").status_code == 200
    upload = io.BytesIO(interchange.SEED_PATH.read_bytes())
    upload.name = "binh-dinh-2025.json"
    response = client.post("/plans/import/", {"file": upload, "issuer": tree["province"].pk})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert plan.tasks.count() == 9 and plan.periods.count() == 4


@pytest.mark.parametrize("content, expected", [
    (b"not json", "JSON"),
    (json.dumps({"format": "danvan-plan/1", "year": 2025}).encode(), "issuer: "),
])
def test_a_bad_file_on_the_import_page_says_why_and_imports_nothing(client, people, tree, content, expected):
    client.force_login(people["coordinator"])
    upload = io.BytesIO(content)
    upload.name = "plan.json"
    response = client.post("/plans/import/", {"file": upload, "issuer": tree["province"].pk})
    assert response.status_code == 200 and expected in _page(response)
    assert not Plan.objects.exists()


def test_only_coordinators_import(client, people):
    client.force_login(people["owner"])
    assert client.get("/plans/import/").status_code == 403
    client.force_login(people["coordinator"])
    assert client.put("/plans/import/").status_code == 405
