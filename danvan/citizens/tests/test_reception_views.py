import datetime

import pytest

from danvan.citizens import reception_services as services
from danvan.citizens.fields import ensure_fields
from danvan.citizens.models import Field, Petition, ReceptionCase, ReceptionSession
from danvan.citizens.services import find_for_petitioner

D = datetime.date


@pytest.fixture
def session(tree, people):
    ensure_fields()
    return services.reception_session_create(by=people["owner"], unit=tree["commune"], date=D(2025, 3, 13),
                                             presiding_name="Nguyễn Văn Chủ", presiding_role="head",
                                             citizens_count=4)


@pytest.fixture
def case(session, people):
    return services.reception_case_add(by=people["owner"], session=session, citizen_name="Trần Thị Dân",
                                       summary="Khiếu nại quyết định thu hồi đất")


def _form(unit, **extra):
    return {"unit": unit.pk, "date": "13/03/2025", "kind": "regular", "presiding_role": "head",
            "presiding_name": "Nguyễn Văn Chủ", "citizens_count": "4", "notes": "", **extra}


# The list ------------------------------------------------------------------------------------------------------

def test_the_list_shows_what_each_person_may_see(client, session, people, tree):
    services.reception_session_create(by=people["outsider"], unit=tree["other_commune"], date=D(2025, 3, 14),
                                      presiding_name="Lê Văn Khác", presiding_role="deputy")
    client.force_login(people["owner"])
    page = client.get("/citizens/receptions/").content.decode()
    assert f'data-session="{session.pk}"' in page and "Lê Văn Khác" not in page
    assert 'id="reception-create"' in page
    client.force_login(people["coordinator"])
    page = client.get("/citizens/receptions/").content.decode()
    assert "Nguyễn Văn Chủ" in page and "Lê Văn Khác" in page
    assert 'id="reception-create"' not in page  # a coordinator reads, does not record


def test_the_list_filters_by_unit_and_dates(client, session, people, tree):
    services.reception_session_create(by=people["outsider"], unit=tree["other_commune"], date=D(2025, 3, 20),
                                      presiding_name="Lê Văn Khác", presiding_role="deputy")
    client.force_login(people["coordinator"])
    page = client.get("/citizens/receptions/", {"unit": "dak po"}).content.decode()
    assert "Lê Văn Khác" in page and "Nguyễn Văn Chủ" not in page
    page = client.get("/citizens/receptions/", {"date_from": "14/03/2025"}).content.decode()
    assert "Lê Văn Khác" in page and "Nguyễn Văn Chủ" not in page
    page = client.get("/citizens/receptions/", {"date_to": "13/03/2025"}).content.decode()
    assert "Lê Văn Khác" not in page and "Nguyễn Văn Chủ" in page


def test_the_list_needs_a_login_and_a_get(client, people):
    assert client.get("/citizens/receptions/").status_code == 302
    client.force_login(people["owner"])
    assert client.post("/citizens/receptions/").status_code == 405


def test_the_list_has_a_query_ceiling(client, session, people, tree, django_assert_max_num_queries):
    for day in range(1, 31):
        s = services.reception_session_create(by=people["owner"], unit=tree["commune"], date=D(2025, 1, day),
                                              presiding_name=f"Người {day}", presiding_role="officer")
        services.reception_case_add(by=people["owner"], session=s, summary="Việc")
    client.force_login(people["coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get("/citizens/receptions/")
    assert response.content.decode().count("data-session=") == 31


# Recording a session -------------------------------------------------------------------------------------------

def test_an_officer_records_a_session(client, people, tree):
    client.force_login(people["owner"])
    page = client.get("/citizens/receptions/new/").content.decode()
    assert 'name="presiding_name"' in page and tree["commune"].name in page and tree["other_commune"].name not in page
    response = client.post("/citizens/receptions/new/", _form(tree["commune"]))
    session = ReceptionSession.objects.get()
    assert response.status_code == 302 and response.url == f"/citizens/receptions/{session.pk}/"
    assert (session.date, session.citizens_count, session.created_by) == (D(2025, 3, 13), 4, people["owner"])


def test_a_bad_form_keeps_what_was_typed(client, people, tree):
    client.force_login(people["owner"])
    response = client.post("/citizens/receptions/new/", _form(tree["commune"], date="31/02/2025",
                                                              notes="Ghi chú dài đã gõ"))
    page = response.content.decode()
    assert response.status_code == 200 and "is-invalid" in page
    assert 'value="Nguyễn Văn Chủ"' in page and "Ghi chú dài đã gõ" in page and 'value="31/02/2025"' in page
    # A date the service refuses (before the unit existed) also keeps everything.
    response = client.post("/citizens/receptions/new/", _form(tree["commune"], date="31/12/2019"))
    page = response.content.decode()
    assert response.status_code == 200 and 'value="31/12/2019"' in page and 'value="Nguyễn Văn Chủ"' in page
    assert not ReceptionSession.objects.exists()


def test_an_outsider_cannot_record_for_another_unit_and_a_reader_cannot_record(client, people, tree):
    client.force_login(people["outsider"])
    response = client.post("/citizens/receptions/new/", _form(tree["commune"]))
    assert response.status_code == 200 and "is-invalid" in response.content.decode()  # not one of their units
    assert not ReceptionSession.objects.exists()
    client.force_login(people["coordinator"])
    assert client.get("/citizens/receptions/new/").status_code == 403
    assert client.post("/citizens/receptions/new/", _form(tree["commune"])).status_code == 403
    assert client.put("/citizens/receptions/new/").status_code == 405


def test_an_admin_records_for_any_unit(client, people, tree):
    client.force_login(people["admin"])
    assert client.post("/citizens/receptions/new/", _form(tree["other_commune"])).status_code == 302
    assert ReceptionSession.objects.get().unit == tree["other_commune"]


# One session ----------------------------------------------------------------------------------------------------

def test_the_session_page(client, session, case, people):
    for name in ("owner", "member", "coordinator", "auditor"):
        client.force_login(people[name])
        response = client.get(f"/citizens/receptions/{session.pk}/")
        assert response.status_code == 200, name
        assert "Khiếu nại quyết định thu hồi đất" in response.content.decode()
    client.force_login(people["coordinator"])
    assert 'id="case-form"' not in client.get(f"/citizens/receptions/{session.pk}/").content.decode()
    client.force_login(people["outsider"])
    assert client.get(f"/citizens/receptions/{session.pk}/").status_code == 404
    client.force_login(people["owner"])
    assert client.post(f"/citizens/receptions/{session.pk}/").status_code == 405
    assert client.get("/citizens/receptions/999999/").status_code == 404


def test_editing_a_session(client, session, people):
    url = f"/citizens/receptions/{session.pk}/edit/"
    client.force_login(people["member"])
    assert 'value="Nguyễn Văn Chủ"' in client.get(url).content.decode()
    data = {"date": "13/03/2025", "kind": "regular", "presiding_role": "head", "presiding_name": "Nguyễn Văn Chủ",
            "citizens_count": "5", "notes": ""}
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.citizens_count == 5
    response = client.post(url, {**data, "citizens_count": "-1", "presiding_name": "Tên đã sửa"})
    assert response.status_code == 200 and 'value="Tên đã sửa"' in response.content.decode()
    client.force_login(people["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(people["coordinator"])
    assert client.get(url).status_code == 403
    client.force_login(people["owner"])
    assert client.delete(url).status_code == 405


def test_adding_a_matter(client, session, people):
    url = f"/citizens/receptions/{session.pk}/cases/"
    client.force_login(people["owner"])
    response = client.post(url, {"citizen_name": "Phạm Văn Hỏi", "summary": "Hỏi về chế độ hộ nghèo"})
    assert response.status_code == 302
    assert session.cases.get().citizen_name == "Phạm Văn Hỏi"
    response = client.post(url, {"citizen_name": "Tên giữ lại", "summary": ""})
    assert response.status_code == 200 and 'value="Tên giữ lại"' in response.content.decode()
    assert session.cases.count() == 1
    assert client.get(url).status_code == 405
    client.force_login(people["outsider"])
    assert client.post(url, {"summary": "x"}).status_code == 404
    client.force_login(people["coordinator"])
    assert client.post(url, {"summary": "x"}).status_code == 403
    assert session.cases.count() == 1


# A matter becomes a petition -----------------------------------------------------------------------------------

def test_a_matter_becomes_a_petition_and_the_citizen_gets_code_and_secret(client, case, people):
    url = f"/citizens/reception-cases/{case.pk}/petition/"
    client.force_login(people["owner"])
    page = client.get(url).content.decode()
    assert 'value="Trần Thị Dân"' in page and 'value="Khiếu nại quyết định thu hồi đất"' in page
    field = Field.objects.get(code="dat-dai")
    response = client.post(url, {"kind": "complaint", "field": field.pk, "subject": "Khiếu nại thu hồi đất",
                                 "content": "Nội dung", "name": "Trần Thị Dân", "address": "Tổ 3"})
    assert response.status_code == 200
    petition = Petition.objects.get()
    page = response.content.decode()
    secret = page.split('data-field="secret">')[1].split("<")[0]
    assert petition.tracking_code in page
    assert find_for_petitioner(petition.tracking_code, secret) == petition
    assert ReceptionCase.objects.get(pk=case.pk).petition == petition
    # Again: already a petition, back to the session.
    response = client.get(url)
    assert response.status_code == 302 and response.url == f"/citizens/receptions/{case.session_id}/"


def test_a_refused_petition_form_keeps_what_was_typed(client, case, people):
    url = f"/citizens/reception-cases/{case.pk}/petition/"
    client.force_login(people["owner"])
    field = Field.objects.get(code="dat-dai")
    response = client.post(url, {"kind": "complaint", "field": field.pk, "subject": "Chủ đề đã gõ",
                                 "content": "Nội dung đã gõ", "name": "", "address": ""})
    page = response.content.decode()
    assert response.status_code == 200 and 'value="Chủ đề đã gõ"' in page and "Nội dung đã gõ" in page
    assert "is-invalid" in page and not Petition.objects.exists()


def test_only_the_unit_makes_petitions_from_its_matters(client, case, people):
    url = f"/citizens/reception-cases/{case.pk}/petition/"
    client.force_login(people["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(people["coordinator"])
    assert client.get(url).status_code == 403
    client.force_login(people["owner"])
    assert client.put(url).status_code == 405


# Compliance ------------------------------------------------------------------------------------------------------

def test_the_compliance_page(client, session, people, tree, django_assert_max_num_queries):
    client.force_login(people["coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get("/citizens/receptions/compliance/", {"month": "3", "year": "2025"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("data-unit=") == 5
    row = page.split(f'data-unit="{tree["commune"].pk}"')[1].split("</tr>")[0]
    assert 'data-figure="required">4<' in row and 'data-figure="held">1<' in row and 'data-status="not_met"' in page
    client.force_login(people["owner"])
    page = client.get("/citizens/receptions/compliance/", {"month": "3", "year": "2025"}).content.decode()
    assert page.count("data-unit=") == 1
    # A bad month falls back to the current one rather than failing.
    assert client.get("/citizens/receptions/compliance/", {"month": "13", "year": "x"}).status_code == 200
    assert client.post("/citizens/receptions/compliance/").status_code == 405
