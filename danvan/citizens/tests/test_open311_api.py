"""Open311 GeoReport v2 under /open311/v2/: discovery, services, creating requests with a key, reading them."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from danvan.citizens import open311, services
from danvan.citizens.fields import ensure_fields
from danvan.citizens.models import Field, Petition
from danvan.org.models import Unit
from danvan.org.services import UnitSpec, unit_create

BASE = "/open311/v2"
IDENTITY = {"first_name": "Hoàng", "last_name": "Thị Em", "email": "em.hoang@example.com", "phone": "0977000111"}


@pytest.fixture(autouse=True)
def _fresh(db):
    ensure_fields()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def key():
    _client, raw = open311.client_create(name="Ứng dụng phản ánh thử")
    return raw


def _post(client, key, **overrides):
    data = {"api_key": key, "service_code": "feedback-ha-tang", "attribute[unit]": "21583",
            "description": "Đèn đường hỏng trước chợ.\nĐã hai tuần chưa sửa.", "lat": "13.7765431234",
            "long": "109.2237", "address_string": "Chợ Quy Nhơn Nam", **IDENTITY}
    data.update(overrides)
    return client.post(f"{BASE}/requests.json", {k: v for k, v in data.items() if v is not None})


def _is_error(response, status: int) -> bool:
    body = response.json()
    return (response.status_code == status and isinstance(body, list) and body
            and all(set(e) == {"code", "description"} and e["code"] == status and e["description"] for e in body))


def _petition(tree, *, kind="feedback", field="ha-tang", **extra) -> Petition:
    petition, _secret = services.petition_create(
        by=None, kind=kind, channel="online", received_on=timezone.localdate(), unit=tree["commune"],
        field=Field.objects.get(code=field), subject="Chủ đề riêng tư", content="Nội dung riêng tư của người gửi.",
        **extra)
    return petition


# Discovery and services -----------------------------------------------------------------------------------------

def test_discovery_names_the_specification_and_the_json_endpoint(client, db):
    response = client.get(f"{BASE}/discovery.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"changeset", "contact", "key_service", "endpoints"}
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and endpoint["formats"] == ["application/json"]
    assert endpoint["type"] == "production"


def test_services_are_the_active_fields_for_feedback_and_recommendations_only(client, db):
    Field.objects.filter(code="khac").update(active=False)
    body = client.get(f"{BASE}/services.json").json()
    codes = {s["service_code"] for s in body}
    active = Field.objects.filter(active=True)
    assert codes == {f"{kind}-{f.code}" for f in active for kind in ("feedback", "recommendation")}
    assert "feedback-khac" not in codes and not any(c.startswith(("complaint", "denunciation")) for c in codes)
    service = next(s for s in body if s["service_code"] == "feedback-dat-dai")
    assert set(service) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert service["metadata"] is True and service["type"] == "realtime" and service["group"] == "Đất đai"
    assert "Đất đai" in service["service_name"]


def test_a_service_definition_requires_the_unit_attribute_with_the_communes_valid_today(client, tree):
    unit_create(by=None, valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2025, 6, 30),
                spec=UnitSpec(name="Xã Cũ", code="99999", kind=Unit.Kind.COMMUNE, parent=tree["province"]))
    body = client.get(f"{BASE}/services/recommendation-dat-dai.json").json()
    assert body["service_code"] == "recommendation-dat-dai"
    unit = next(a for a in body["attributes"] if a["code"] == "unit")
    assert unit["required"] is True and unit["variable"] is True and unit["datatype"] == "singlevaluelist"
    assert unit["order"] == 1 and unit["description"] and "datatype_description" in unit
    assert unit["values"] == [{"key": "21583", "name": "Phường Quy Nhơn Nam"}, {"key": "24000", "name": "Xã Đắk Pơ"}]
    assert _is_error(client.get(f"{BASE}/services/complaint-dat-dai.json"), 400)
    assert _is_error(client.get(f"{BASE}/services/feedback-no-such-field.json"), 404)


# Creating requests ----------------------------------------------------------------------------------------------

def test_a_post_with_a_good_key_creates_a_feedback_petition(tree, key):
    client = Client(enforce_csrf_checks=True)  # a machine client: no CSRF token, the key is the credential
    response = _post(client, key)
    assert response.status_code == 200
    [created] = response.json()
    petition = Petition.objects.get()
    assert created["service_request_id"] == petition.tracking_code and created["account_id"] is None
    assert (petition.kind, petition.source, petition.channel) == ("feedback", "open311", "online")
    assert petition.unit == tree["commune"] and petition.field.code == "ha-tang"
    assert petition.api_client.name == "Ứng dụng phản ánh thử"
    assert petition.subject == "Đèn đường hỏng trước chợ."
    assert "Đã hai tuần chưa sửa." in petition.content and "Chợ Quy Nhơn Nam" in petition.content
    assert petition.name == "Hoàng Thị Em" and petition.email == IDENTITY["email"] and petition.phone == "0977000111"
    assert str(petition.latitude) == "13.776543" and str(petition.longitude) == "109.223700"
    notice = created["service_notice"]
    assert petition.tracking_code in notice and f"{petition.resolve_due:%d/%m/%Y}" in notice
    # The secret for the portal is in the notice, shown to the citizen by the client application.
    words = [w.strip("(),.;:") for w in notice.split()]
    assert any(services.find_for_petitioner(petition.tracking_code, w) == petition for w in words)


def test_a_recommendation_code_creates_a_recommendation_with_its_subject_attribute(client, tree, key):
    _post(client, key, service_code="recommendation-dat-dai", **{"attribute[subject]": "Đề nghị mở rộng đường"})
    petition = Petition.objects.get()
    assert petition.kind == "recommendation" and petition.subject == "Đề nghị mở rộng đường"


def test_complaints_and_denunciations_are_refused(client, tree, key):
    for code in ("complaint-dat-dai", "denunciation-can-bo"):
        assert _is_error(_post(client, key, service_code=code), 400)
    assert _is_error(_post(client, key, service_code="feedback-unknown"), 404)
    assert not Petition.objects.exists()


def test_a_bad_or_missing_key_is_refused_with_403_in_the_spec_error_format(client, tree, key):
    assert _is_error(_post(client, "o311_not-a-key"), 403)
    assert _is_error(_post(client, None), 403)
    open311.client_revoke(client=open311._client(key))
    assert _is_error(_post(client, key), 403)
    assert not Petition.objects.exists()


def test_the_unit_attribute_and_the_description_are_required_and_checked(client, tree, key):
    assert _is_error(_post(client, key, **{"attribute[unit]": None}), 400)
    assert _is_error(_post(client, key, **{"attribute[unit]": "00000"}), 400)
    assert _is_error(_post(client, key, description=""), 400)
    assert _is_error(_post(client, key, description="x" * 4001), 400)
    assert _is_error(_post(client, key, lat="north"), 400)
    assert _is_error(_post(client, key, long=None), 400)
    assert _is_error(_post(client, key, email="not-an-address"), 400)
    assert _is_error(_post(client, key, media_url="javascript:alert(1)"), 400)
    assert not Petition.objects.exists()


def test_a_client_is_rate_limited(client, tree, key, settings):
    settings.OPEN311_RATE_LIMIT = 1
    assert _post(client, key).status_code == 200
    assert _is_error(_post(client, key), 429)
    assert Petition.objects.count() == 1


# Reading requests -----------------------------------------------------------------------------------------------

@pytest.fixture
def requests_(tree, people):
    """An open feedback, a closed recommendation with a published answer that quoted the petitioner, a complaint
    (never shown through Open311) and a feedback created 100 days ago."""
    identity = {"name": "Hoàng Thị Em", "phone": "0977000111", "email": "em.hoang@example.com",
                "id_number": "079000111222", "address": "9 Trần Phú"}
    opened = _petition(tree, latitude="13.776543", longitude="109.223700", **identity)
    closed = _petition(tree, kind="recommendation", field="dat-dai", **identity)
    services.petition_classify(by=None, petition=closed, decision="accepted", handler=people["owner"])
    services.petition_resolve(by=None, petition=closed, decision_number="3/TB", decision_date=timezone.localdate(),
                              answer="Trả lời bà Hoàng Thị Em (0977000111): đã đưa vào kế hoạch.", publish=True)
    complaint = _petition(tree, kind="complaint", field="dat-dai", **identity)
    old = _petition(tree, **identity)
    Petition.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=100))
    return {"open": opened, "closed": closed, "complaint": complaint, "old": old, "identity": identity}


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {r["service_request_id"] for r in response.json()}


def test_get_requests_lists_recent_requests_of_the_open_kinds(client, requests_):
    r = requests_
    assert _ids(client.get(f"{BASE}/requests.json")) == {r["open"].tracking_code, r["closed"].tracking_code}


def test_get_requests_filters_by_service_code_and_status(client, requests_):
    r = requests_
    assert _ids(client.get(f"{BASE}/requests.json", {"service_code": "feedback-ha-tang"})) == {r["open"].tracking_code}
    both = {"service_code": "feedback-ha-tang,recommendation-dat-dai"}
    assert _ids(client.get(f"{BASE}/requests.json", both)) == {r["open"].tracking_code, r["closed"].tracking_code}
    assert _ids(client.get(f"{BASE}/requests.json", {"status": "open"})) == {r["open"].tracking_code}
    assert _ids(client.get(f"{BASE}/requests.json", {"status": "closed"})) == {r["closed"].tracking_code}
    assert len(_ids(client.get(f"{BASE}/requests.json", {"status": "open,closed"}))) == 2
    assert _is_error(client.get(f"{BASE}/requests.json", {"status": "pending"}), 400)
    assert _ids(client.get(f"{BASE}/requests.json", {"service_code": "complaint-dat-dai"})) == set()


def test_get_requests_filters_by_w3c_start_and_end_dates(client, requests_):
    r = requests_
    now = timezone.now().astimezone(datetime.UTC)
    window = {"start_date": f"{now - datetime.timedelta(days=120):%Y-%m-%dT%H:%M:%SZ}",
              "end_date": f"{now - datetime.timedelta(days=50):%Y-%m-%dT%H:%M:%SZ}"}
    assert _ids(client.get(f"{BASE}/requests.json", window)) == {r["old"].tracking_code}
    local = timezone.localtime()
    since = {"start_date": (local - datetime.timedelta(hours=1)).isoformat(timespec="seconds")}  # +07:00 offset
    assert _ids(client.get(f"{BASE}/requests.json", since)) == {r["open"].tracking_code, r["closed"].tracking_code}
    future = {"start_date": f"{now + datetime.timedelta(days=1):%Y-%m-%dT%H:%M:%SZ}"}
    assert _ids(client.get(f"{BASE}/requests.json", future)) == set()
    too_long = {"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"}
    assert _is_error(client.get(f"{BASE}/requests.json", too_long), 400)
    assert _is_error(client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}), 400)
    backwards = {"start_date": "2025-02-01T00:00:00Z", "end_date": "2025-01-01T00:00:00Z"}
    assert _is_error(client.get(f"{BASE}/requests.json", backwards), 400)


def test_service_request_id_overrides_the_other_arguments(client, requests_):
    r = requests_
    ids = ",".join(r[name].tracking_code for name in ("old", "complaint", "open"))
    response = client.get(f"{BASE}/requests.json", {"service_request_id": ids, "status": "closed"})
    assert _ids(response) == {r["old"].tracking_code, r["open"].tracking_code}


def test_get_one_request_and_a_token(client, requests_):
    r = requests_
    [item] = client.get(f"{BASE}/requests/{r['closed'].tracking_code}.json").json()
    assert item["service_request_id"] == r["closed"].tracking_code and item["status"] == "closed"
    assert item["service_code"] == "recommendation-dat-dai" and item["agency_responsible"] == "Phường Quy Nhơn Nam"
    assert "đã đưa vào kế hoạch" in item["status_notes"]
    assert item["requested_datetime"].endswith("+07:00") and item["updated_datetime"].endswith("+07:00")
    [opened] = client.get(f"{BASE}/requests/{r['open'].tracking_code}.json").json()
    assert opened["status"] == "open" and opened["expected_datetime"].startswith(f"{r['open'].resolve_due:%Y-%m-%d}")
    assert _is_error(client.get(f"{BASE}/requests/{r['complaint'].tracking_code}.json"), 404)
    assert _is_error(client.get(f"{BASE}/requests/DVNOTHING.json"), 404)
    code = r["open"].tracking_code
    assert client.get(f"{BASE}/tokens/{code}.json").json() == [{"service_request_id": code, "token": code}]
    assert _is_error(client.get(f"{BASE}/tokens/DVNOTHING.json"), 404)


def test_no_get_response_carries_personal_data(client, requests_):
    r = requests_
    bodies = [
        client.get(f"{BASE}/requests.json").content,
        client.get(f"{BASE}/requests.json", {"service_request_id": ",".join(
            p.tracking_code for p in Petition.objects.all())}).content,
        *(client.get(f"{BASE}/requests/{p.tracking_code}.json").content for p in (r["open"], r["closed"])),
    ]
    text = " ".join(json.loads(body).__repr__() for body in bodies)
    for value in r["identity"].values():
        assert value not in text
    assert "Chủ đề riêng tư" not in text and "Nội dung riêng tư" not in text and "13.776543" not in text


def test_wrong_methods_and_unknown_resources_answer_in_the_spec_format(client, db):
    assert _is_error(client.put(f"{BASE}/requests.json"), 405)
    assert _is_error(client.post(f"{BASE}/services.json"), 405)
    assert _is_error(client.get(f"{BASE}/services.xml"), 400)
    assert _is_error(client.get(f"{BASE}/nothing-here"), 404)
