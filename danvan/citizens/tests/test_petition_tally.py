"""The tally of petitions by unit and kind, kept by the database's triggers (citizens migration 0004), and the
dashboard reading it for every petition. Runs on SQLite and on PostgreSQL (CI runs the suite on both)."""

import importlib

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from danvan.citizens import selectors, services
from danvan.citizens.models import Petition, PetitionTally
from danvan.citizens.tests.petition_helpers import D, accepted, at, handler_of, petition

pytestmark = pytest.mark.django_db
migration = importlib.import_module("danvan.citizens.migrations.0004_petition_tally")


def counted() -> dict:
    """(unit, kind) -> (received, resolved, on time), counted from the petitions themselves."""
    rows = Petition.objects.values("unit_id", "kind").annotate(
        n=Count("pk"), resolved=Count("pk", filter=Q(resolved_on__isnull=False)),
        on_time=Count("pk", filter=Q(resolved_on__isnull=False, resolved_on_time=True)))
    return {(r["unit_id"], r["kind"]): (r["n"], r["resolved"], r["on_time"]) for r in rows}


def tallied() -> dict:
    return {(t.unit_id, t.kind): (t.received, t.resolved, t.on_time)
            for t in PetitionTally.objects.filter(received__gt=0)}


def test_the_tally_follows_every_write_whoever_makes_it(tree, people):
    commune, other = tree["commune"], tree["other_commune"]
    handler = handler_of(commune)
    with time_machine.travel(at(2025, 10, 1), tick=False):
        first = accepted(people["owner"], petition(people["owner"], commune), handler)
        second = accepted(people["owner"], petition(people["owner"], commune, name="B", address="Tổ 2"), handler)
        feedback = petition(people["owner"], commune, kind=Petition.Kind.FEEDBACK, name="", address="")
    assert tallied() == counted() == {(commune.pk, "complaint"): (2, 0, 0), (commune.pk, "feedback"): (1, 0, 0)}
    with time_machine.travel(at(2025, 10, 15), tick=False):
        services.petition_resolve(by=handler, petition=first, decision_number="1", decision_date=None, answer="x")
    with time_machine.travel(at(2025, 12, 20), tick=False):
        services.petition_resolve(by=handler, petition=second, decision_number="2", decision_date=None, answer="x")
    assert tallied() == counted() == {(commune.pk, "complaint"): (2, 2, 1), (commune.pk, "feedback"): (1, 0, 0)}
    # Writes that go round the services: a bulk move to another unit, a change of kind, a deletion.
    Petition.objects.filter(pk=feedback.pk).update(unit=other)
    Petition.objects.filter(pk=second.pk).update(kind=Petition.Kind.RECOMMENDATION)
    assert tallied() == counted() == {(commune.pk, "complaint"): (1, 1, 1), (other.pk, "feedback"): (1, 0, 0),
                                      (commune.pk, "recommendation"): (1, 1, 0)}
    Petition.objects.filter(pk=first.pk).update(resolved_on_time=False)
    Petition.objects.filter(pk=second.pk).update(resolved_on=None, resolved_on_time=None)
    assert tallied() == counted()
    Petition.objects.filter(pk__in=[first.pk, feedback.pk]).delete()
    assert tallied() == counted() == {(commune.pk, "recommendation"): (1, 0, 0)}


def test_a_write_rolled_back_leaves_the_tally_as_it_was(tree, people):
    petition(people["owner"], tree["commune"])
    before = tallied()
    with pytest.raises(RuntimeError), transaction.atomic():
        petition(people["owner"], tree["commune"], name="B", address="Tổ 2")
        assert tallied()[(tree["commune"].pk, "complaint")] == (2, 0, 0)
        raise RuntimeError("the request failed")
    assert tallied() == before == counted()


def test_rebuilding_counts_the_petitions_again(tree, people):
    petition(people["owner"], tree["commune"])
    petition(people["owner"], tree["other_commune"], kind=Petition.Kind.FEEDBACK, name="", address="")
    PetitionTally.objects.update(received=99)  # as if the triggers had been missing for a while
    with connection.cursor() as cursor:
        migration.rebuild(cursor)
    assert tallied() == counted() and len(counted()) == 2


def test_the_dashboard_reads_the_tally_for_every_petition_only(client, tree, people, monkeypatch):
    with time_machine.travel(at(2025, 10, 1), tick=False):
        petition(people["owner"], tree["commune"])
        petition(people["outsider"], tree["other_commune"], name="D", address="Đắk Pơ")
    monkeypatch.setattr(selectors, "_triggers_found", {})
    url = "/citizens/petitions/dashboard/"
    client.force_login(people["coordinator"])  # sees every petition
    with CaptureQueriesContext(connection) as queries:
        whole = client.get(url).context["d"]
    assert any(migration.TALLY in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:  # a window on the date: the petitions are counted
        windowed = client.get(url, {"received_from": "01/01/2025"}).context["d"]
    assert not any(migration.TALLY in q["sql"] for q in queries.captured_queries)
    assert [(r.key, r.received) for r in whole.by_unit] == [(r.key, r.received) for r in windowed.by_unit] == [
        (tree["commune"].pk, 1), (tree["other_commune"].pk, 1)]
    client.force_login(people["owner"])  # sees the commune's petitions: counted, not tallied
    with CaptureQueriesContext(connection) as queries:
        own = client.get(url).context["d"]
    assert not any(migration.TALLY in q["sql"] for q in queries.captured_queries)
    assert [(r.key, r.received) for r in own.by_unit] == [(tree["commune"].pk, 1)]


def test_without_its_triggers_the_tally_is_not_trusted(client, tree, people, monkeypatch):
    petition(people["owner"], tree["commune"], received_on=D(2025, 10, 1))
    with connection.cursor() as cursor:
        migration.drop_triggers(cursor, connection.vendor)  # as a migration rebuilding the table on SQLite does
    monkeypatch.setattr(selectors, "_triggers_found", {})
    petition(people["owner"], tree["commune"], name="B", address="Tổ 2", received_on=D(2025, 10, 1))
    client.force_login(people["coordinator"])
    d = client.get("/citizens/petitions/dashboard/").context["d"]
    assert d.total.received == 2 and tallied()[(tree["commune"].pk, "complaint")] == (1, 0, 0)
