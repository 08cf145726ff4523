import datetime

import pytest

from danvan.accounts.services import api_token_create
from danvan.org.services import unit_rename


def test_openapi_document_describes_the_units_endpoints(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["info"]["title"] == "DânVận API"
    assert "/api/v1/units" in doc["paths"] and "/api/v1/units/{unit_id}" in doc["paths"]
    assert "as_of" in {p["name"] for p in doc["paths"]["/api/v1/units"]["get"]["parameters"]}


def test_anonymous_requests_get_401_with_a_vietnamese_message(client, tree):
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần đăng nhập hoặc gửi mã truy cập API."}
    assert client.get(f"/api/v1/units/{tree['commune'].pk}").status_code == 401


def test_a_bad_token_gets_401(client, tree):
    response = client.get("/api/v1/units", HTTP_AUTHORIZATION="Bearer dv_not-a-real-token")
    assert response.status_code == 401


def test_units_as_of_a_date_for_a_session(client, people, tree):
    unit_rename(by=None, unit=tree["commune"], date=datetime.date(2025, 7, 1), name="Phường Quy Nhơn")
    client.force_login(people["coordinator"])
    before = client.get("/api/v1/units", {"as_of": "2025-06-30"}).json()
    after = client.get("/api/v1/units", {"as_of": "2025-07-01"}).json()
    assert "Phường Quy Nhơn Nam" in {u["name"] for u in before["items"]}
    assert "Phường Quy Nhơn" not in {u["name"] for u in before["items"]}
    assert "Phường Quy Nhơn" in {u["name"] for u in after["items"]}
    assert after["as_of"] == "2025-07-01" and after["count"] == len(after["items"]) == 5


def test_units_for_a_token_are_scoped_to_the_person(client, people, tree):
    _token, raw = api_token_create(user=people["outsider"], name="x", by=people["outsider"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = client.get("/api/v1/units", **auth).json()
    assert [u["name"] for u in body["items"]] == ["Xã Đắk Pơ"]
    assert client.get(f"/api/v1/units/{tree['other_commune'].pk}", **auth).status_code == 200
    response = client.get(f"/api/v1/units/{tree['commune'].pk}", **auth)
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}


def test_one_unit_with_predecessors_and_successors(client, people, tree):
    unit_rename(by=None, unit=tree["commune"], date=datetime.date(2025, 7, 1), name="Phường Quy Nhơn")
    client.force_login(people["coordinator"])
    body = client.get(f"/api/v1/units/{tree['commune'].pk}").json()
    assert body["name"] == "Phường Quy Nhơn Nam" and body["valid_to"] == "2025-06-30"
    assert [s["name"] for s in body["successors"]] == ["Phường Quy Nhơn"]
    assert body["predecessors"] == []


def test_search_without_diacritics(client, people, tree):
    client.force_login(people["coordinator"])
    body = client.get("/api/v1/units", {"q": "quy nhon"}).json()
    assert [u["name"] for u in body["items"]] == ["Phường Quy Nhơn Nam"]


@pytest.mark.parametrize("query", [{"as_of": "31/02/2025"}, {"as_of": "hôm qua"}, {"limit": "0"}, {"kind": "bogus"}])
def test_bad_parameters_get_422_with_a_message_not_a_trace(client, people, tree, query):
    client.force_login(people["coordinator"])
    response = client.get("/api/v1/units", query)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Dữ liệu không hợp lệ")
    assert list(query)[0] in body["fields"]
    assert "Traceback" not in response.content.decode()


def test_a_unit_id_that_is_not_a_number_gets_422(client, people, tree):
    client.force_login(people["coordinator"])
    assert client.get("/api/v1/units/abc").status_code in (404, 422)
