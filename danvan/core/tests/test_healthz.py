import json


def test_healthz_says_the_database_is_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["database"] == "ok"


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405
