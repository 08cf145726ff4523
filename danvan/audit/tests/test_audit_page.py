import datetime

import pytest
import time_machine
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.html import escape

from danvan.audit.services import audit_record

URL = "/audit/"


def _shown(response) -> list[str]:
    """The actions of the entries on the page, newest first."""
    return [entry.action for entry in response.context["page"].object_list]


@pytest.fixture
def auditor_client(client, people):
    client.force_login(people["auditor"])
    return client


@pytest.mark.parametrize("name", ["auditor", "admin"])
def test_the_auditor_and_the_admin_see_the_trail_newest_first(client, people, tree, name):
    audit_record(actor=people["owner"], action="petition_received", obj=tree["commune"], unit=tree["commune"],
                 changes={"status": [None, "received"]})
    client.force_login(people[name])

    response = client.get(URL)

    assert response.status_code == 200
    assert _shown(response)[0] == "petition_received"
    assert "membership_added" in _shown(response)  # written by the fixtures, before it
    body = response.content.decode()
    assert "petition_received" in body
    assert "Phường Quy Nhơn Nam" in body
    assert "<strong>status</strong>: — → received" in body


@pytest.mark.parametrize("name", ["owner", "member", "outsider", "coordinator"])
def test_people_without_the_auditor_role_are_refused(client, people, name):
    client.force_login(people[name])

    assert client.get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={URL}"


def test_post_is_refused(auditor_client):
    assert auditor_client.post(URL).status_code == 405


def test_filter_by_actor(auditor_client, people):
    audit_record(actor=people["owner"], action="by_owner")
    audit_record(actor=people["outsider"], action="by_outsider")
    audit_record(actor=None, action="by_system")

    assert _shown(auditor_client.get(URL, {"actor": "OWN"})) == ["by_owner"]
    by_system = _shown(auditor_client.get(URL, {"actor": "system"}))
    assert by_system[0] == "by_system"
    assert "user_created" in by_system  # the fixtures' entries, written with by=None
    assert "by_owner" not in by_system and "by_outsider" not in by_system


def test_filter_by_action(auditor_client):
    audit_record(actor=None, action="petition_received")
    audit_record(actor=None, action="petition_extended")
    audit_record(actor=None, action="report_submitted")

    shown = _shown(auditor_client.get(URL, {"action": "petition_"}))

    assert shown == ["petition_extended", "petition_received"]


def test_filter_by_object_type(auditor_client, tree, people):
    audit_record(actor=None, action="on_unit", obj=tree["commune"])
    audit_record(actor=None, action="on_user", obj=people["owner"])

    shown = _shown(auditor_client.get(URL, {"object_type": "org.unit", "action": "on_"}))

    assert shown == ["on_unit"]


def test_filter_by_unit(auditor_client, tree):
    audit_record(actor=None, action="in_commune", unit=tree["commune"])
    audit_record(actor=None, action="in_other_commune", unit=tree["other_commune"])
    audit_record(actor=None, action="in_no_unit")

    shown = _shown(auditor_client.get(URL, {"unit": "Quy Nhơn", "action": "in_"}))

    assert shown == ["in_commune"]


def test_filter_by_dates_typed_dd_mm_yyyy_counts_days_in_vietnam_time(auditor_client):
    # 15/03/2025 in Hà Nội (UTC+7) runs from 14/03 17:00 to 15/03 16:59:59 UTC.
    moments = {
        "late_on_14th": datetime.datetime(2025, 3, 14, 16, 59, tzinfo=datetime.UTC),
        "early_on_15th": datetime.datetime(2025, 3, 14, 17, 0, tzinfo=datetime.UTC),
        "late_on_15th": datetime.datetime(2025, 3, 15, 16, 59, tzinfo=datetime.UTC),
        "early_on_16th": datetime.datetime(2025, 3, 15, 17, 0, tzinfo=datetime.UTC),
    }
    for action, moment in moments.items():
        with time_machine.travel(moment, tick=False):
            audit_record(actor=None, action=action)

    assert _shown(auditor_client.get(URL, {"date_from": "15/03/2025", "date_to": "15/03/2025"})) == [
        "late_on_15th", "early_on_15th",
    ]
    assert _shown(auditor_client.get(URL, {"date_to": "14/03/2025"})) == ["late_on_14th"]
    assert _shown(auditor_client.get(URL, {"date_from": "16/03/2025", "action": "_on_"})) == ["early_on_16th"]


@pytest.mark.parametrize("bad", ["31/02/2025", "2025/03/15", "15-03", "hôm qua"])
def test_a_date_that_is_not_dd_mm_yyyy_is_shown_as_an_error_on_the_form(auditor_client, bad):
    response = auditor_client.get(URL, {"date_from": bad})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.is_bound
    assert list(form.errors) == ["date_from"]
    assert escape(form.errors["date_from"][0]) in response.content.decode()


def test_the_list_pages_by_fifty_and_keeps_the_filters_in_the_page_links(auditor_client):
    for n in range(60):
        audit_record(actor=None, action=f"bulk_{n:02d}")

    first = auditor_client.get(URL, {"action": "bulk_", "actor": "system"})
    second = auditor_client.get(URL, {"action": "bulk_", "actor": "system", "page": 2})

    assert len(_shown(first)) == 50
    assert _shown(first)[0] == "bulk_59"
    assert _shown(second) == [f"bulk_{n:02d}" for n in range(9, -1, -1)]
    assert 'href="?action=bulk_&amp;actor=system&amp;page=2"' in first.content.decode()


def test_the_list_page_runs_a_bounded_number_of_queries(auditor_client, people, tree,
                                                       django_assert_max_num_queries):
    for n in range(200):
        audit_record(actor=people["owner"], action=f"bulk_{n}", obj=tree["commune"], unit=tree["commune"],
                     changes={"status": ["draft", "sent"], "note": [None, f"lần {n}"]})

    # Session, user, roles, count, unread notifications, the page of entries, and the session save
    # (savepoint, update, release): none of them per entry.
    with django_assert_max_num_queries(9):
        response = auditor_client.get(URL)

    assert response.status_code == 200
    assert len(_shown(response)) == 50


def test_changes_are_shown_as_before_and_after_whatever_the_fields_are_called(auditor_client):
    audit_record(actor=None, action="report_updated",
                 changes={"items": [["a"], ["a", "b"]], "keys": [None, 3], "status": ["draft", "sent"]})

    body = auditor_client.get(URL, {"action": "report_updated"}).content.decode()

    assert "<strong>items</strong>: [&#x27;a&#x27;] → [&#x27;a&#x27;, &#x27;b&#x27;]" in body
    assert "<strong>keys</strong>: — → 3" in body
    assert "<strong>status</strong>: draft → sent" in body
