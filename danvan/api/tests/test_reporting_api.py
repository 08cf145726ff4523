import datetime
from zoneinfo import ZoneInfo

import time_machine

from danvan.accounts.services import api_token_create
from danvan.reporting import services

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _auth(user):
    _token, raw = api_token_create(user=user, name="test", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_plans_and_periods_are_in_the_openapi_document(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/v1/plans", "/api/v1/plans/{plan_id}", "/api/v1/periods/{period_id}/monitoring",
                 "/api/v1/periods/{period_id}/consolidated", "/api/v1/reports", "/api/v1/reports/{report_id}",
                 "/api/v1/reports/{report_id}/submit"):
        assert path in paths, path


def test_a_plan_with_its_tasks_and_periods(client, plan, people):
    body = client.get(f"/api/v1/plans/{plan.pk}", **_auth(people["owner"])).json()
    assert body["number_symbol"] == "12/KH-UBND"
    assert [t["number"] for t in body["tasks"]] == [1, 2, 3]
    assert [(p["kind"], p["due_date"]) for p in body["periods"]] == [("Q1", "2025-03-20"), ("6M", "2025-06-20")]


def test_an_officer_opens_fills_and_the_head_submits_through_the_api(client, q1, tree, people):
    officer = _auth(people["owner"])
    response = client.post("/api/v1/reports", {"period_id": q1.pk, "unit_id": tree["commune"].pk},
                           content_type="application/json", **officer)
    assert response.status_code == 201
    report = response.json()
    task_id = report["narratives"][0]["task_id"]
    patch = {"narratives": [{"task_id": task_id, "results": "Tổ chức 2 hội nghị"}],
             "values": [{"code": "DON_NHAN", "value": "10"}, {"code": "DON_GQ", "value": "12"}]}
    body = client.patch(f"/api/v1/reports/{report['id']}", patch, content_type="application/json", **officer).json()
    assert body["narratives"][0]["results"] == "Tổ chức 2 hội nghị"
    assert any("không được vượt quá" in p for p in body["problems"])  # resolved > received: kept, flagged
    assert client.post(f"/api/v1/reports/{report['id']}/submit", **officer).status_code == 403
    head = _auth(people["member"])
    refused = client.post(f"/api/v1/reports/{report['id']}/submit", **head)
    assert refused.status_code == 422 and "không được vượt quá" in refused.json()["detail"]
    client.patch(f"/api/v1/reports/{report['id']}", {"values": [{"code": "DON_GQ", "value": "9"}]},
                 content_type="application/json", **officer)
    with time_machine.travel(datetime.datetime(2025, 3, 18, 9, tzinfo=VN), tick=False):
        sent = client.post(f"/api/v1/reports/{report['id']}/submit", **head)
    assert sent.status_code == 200 and sent.json()["status"] == "submitted" and sent.json()["on_time"] is True


def test_bad_input_gets_a_message_and_changes_nothing(client, q1, tree, people):
    officer = _auth(people["owner"])
    report = services.report_open(by=people["owner"], period=q1, unit=tree["commune"])
    bad = client.patch(f"/api/v1/reports/{report.pk}", {"values": [{"code": "DON_NHAN", "value": "mười"}]},
                       content_type="application/json", **officer)
    assert bad.status_code == 422 and "không phải là số" in bad.json()["detail"]
    unknown = client.patch(f"/api/v1/reports/{report.pk}", {"values": [{"code": "NOPE", "value": "1"}]},
                           content_type="application/json", **officer)
    assert unknown.status_code == 422 and "NOPE" in unknown.json()["detail"]
    assert report.values.get(indicator__code="DON_NHAN").value == 0  # the computed value, untouched


def test_outsiders_do_not_see_other_units_reports(client, q1, tree, people):
    report = services.report_open(by=people["owner"], period=q1, unit=tree["commune"])
    outsider = _auth(people["outsider"])
    assert client.get(f"/api/v1/reports/{report.pk}", **outsider).status_code == 404
    assert client.get("/api/v1/reports", **outsider).json() == []
    assert client.get(f"/api/v1/periods/{q1.pk}/monitoring", **outsider).status_code == 403
    opened = client.post("/api/v1/reports", {"period_id": q1.pk, "unit_id": tree["commune"].pk},
                         content_type="application/json", **outsider)
    assert opened.status_code == 404


def test_monitoring_and_consolidated_figures_for_the_coordinator(client, q1, tree, people):
    report = services.report_open(by=people["owner"], period=q1, unit=tree["commune"])
    from danvan.reporting.models import Indicator

    services.report_save(by=people["owner"], report=report,
                         values={Indicator.objects.get(code="TCD_LUOT").pk: {"value": "31"}})
    services.report_submit(by=people["member"], report=report)
    coordinator = _auth(people["coordinator"])
    m = client.get(f"/api/v1/periods/{q1.pk}/monitoring", **coordinator).json()
    assert (m["expected"], m["submitted"]) == (4, 1)
    c = client.get(f"/api/v1/periods/{q1.pk}/consolidated", {"by_unit": "true"}, **coordinator).json()
    totals = {t["code"]: t["value"] for t in c["totals"]}
    assert float(totals["TCD_LUOT"]) == 31 and c["reports_counted"] == 1
    assert c["units"][0]["unit"] == "Phường Quy Nhơn Nam"
