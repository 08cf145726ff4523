"""The citizens' side of the benchmark's data set is what it claims to be, and the load the portal's throughput
run sends is a real submission (no timing here: speed is measured by `make bench`)."""

import datetime
import re
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from danvan.bench import citizens_measures
from danvan.bench.citizens_data import DAYS, FULL, CitizensSizes, generate_petitions
from danvan.bench.data import Sizes, generate
from danvan.citizens import selectors, services
from danvan.citizens.models import Field, Petition, PetitionTally
from danvan.citizens.tests.test_search_index import plain_like
from danvan.core.text import fold
from danvan.org.models import Membership, Role, Unit

TINY = Sizes(provinces=3, departments_per_province=2, communes=34, province_communes=12)  # 40 units
COUNT = 3000
OPEN = (Petition.Status.RECEIVED, Petition.Status.CLASSIFIED, Petition.Status.IN_PROGRESS)


@pytest.fixture
def data(db):
    data = generate(TINY)
    data.written = generate_petitions(COUNT, units=data.units)
    return data


def test_the_scales_give_a_million_petitions_and_a_tenth_of_it():
    assert CitizensSizes.for_scale(1).petitions == FULL == 1_000_000
    assert CitizensSizes.for_scale(0.1).petitions == 100_000


def test_every_petition_is_written_once_to_a_unit_of_the_data_set_in_the_order_received(data):
    assert data.written == Petition.objects.count() == COUNT
    today = timezone.localdate()
    rows = list(Petition.objects.order_by("pk").values_list("received_on", "unit_id", "tracking_code"))
    days = [row[0] for row in rows]
    assert days == sorted(days) and days[0] >= today - datetime.timedelta(days=DAYS - 1) and days[-1] <= today
    units = {u.pk: u for u in data.units}
    per_unit = Counter(row[1] for row in rows)
    assert set(per_unit) <= set(units) and len(per_unit) >= 0.9 * len(units)
    to_communes = sum(n for pk, n in per_unit.items() if units[pk].kind == Unit.Kind.COMMUNE)
    assert 0.85 * COUNT < to_communes < 0.95 * COUNT
    codes = [row[2] for row in rows]
    assert len(set(codes)) == COUNT and all(re.fullmatch(r"BN\d{8}", code) for code in codes)


def test_the_folded_columns_are_what_the_service_writes(data):
    for p in Petition.objects.all():
        text = f"{p.subject} {p.content}"
        expected = fold(services.redact(text, p)) if p.is_confidential else fold(text)
        assert p.search_folded == expected, p.pk
        assert (p.name_folded, p.address_folded) == (fold(p.name), fold(p.address)), p.pk
    kinds = Counter(Petition.objects.values_list("kind", flat=True))
    assert kinds["feedback"] > kinds["recommendation"] > kinds["complaint"] > kinds["denunciation"] > 0
    named = Petition.objects.filter(kind__in=[Petition.Kind.COMPLAINT, Petition.Kind.DENUNCIATION])
    assert not named.filter(name="").exists() and not named.filter(address="").exists()  # the law asks for both


def test_most_are_resolved_or_closed_a_few_open_some_overdue_with_clocks_as_they_stand(data):
    today = timezone.localdate()
    petitions = list(Petition.objects.all())
    open_ = [p for p in petitions if p.status in OPEN]
    assert 0.01 * COUNT < len(open_) < 0.1 * COUNT
    overdue = [p for p in open_ if p.resolve_due < today]
    assert 0 < len(overdue) < len(open_)
    assert any(p.resolve_due > today for p in open_)  # limits spread around today
    for p in petitions:
        assert p.clock == selectors.clock_now(p, today), p.pk
        if p.resolved_on is not None:
            assert p.status in (Petition.Status.RESOLVED, Petition.Status.CLOSED) and p.resolved_on <= today
            assert p.resolved_on_time == (p.resolved_on <= p.resolve_due)
    resolved = [p for p in petitions if p.resolved_on is not None]
    assert len(resolved) > 0.75 * COUNT
    assert 0.5 * len(resolved) < sum(p.resolved_on_time for p in resolved) < 0.95 * len(resolved)  # some late
    filed = Counter(p.classification for p in petitions if p.status == Petition.Status.CLOSED and not p.resolved_on)
    assert filed and Petition.Classification.ACCEPTED not in filed
    d = selectors.dashboard(Petition.objects.all(), today)
    assert (d.total.received, d.total.open, d.total.overdue) == (COUNT, len(open_), len(overdue))


def test_every_commune_has_an_officer_and_a_head_and_its_officer_handles_its_cases(data):
    communes = [u for u in data.units if u.kind == Unit.Kind.COMMUNE]
    roles = Counter(Membership.objects.filter(unit__in=communes).values_list("role", flat=True))
    assert roles == {Role.UNIT_OFFICER: len(communes), Role.UNIT_HEAD: len(communes)}
    handled = Petition.objects.filter(unit__kind=Unit.Kind.COMMUNE, status=Petition.Status.IN_PROGRESS)
    assert handled.exists()
    for p in handled.select_related("handler"):
        assert p.handler.username == f"bench-officer-{p.unit_id}"


def test_searches_find_a_realistic_share_through_the_index(data):
    user = data.coordinator
    visible = selectors.visible_petitions(user)
    shares = {query: selectors.search_petitions(visible, query, user=user).count() / COUNT
              for query in citizens_measures.QUERIES[:-1]}
    assert all(share < 0.5 for share in shares.values()), shares
    assert sum(0.001 <= share <= 0.1 for share in shares.values()) >= len(shares) * 2 // 3, shares
    for query in ("karaoke", "nguyen thi lan", "den duong", "bn00000042"):
        expected = set(plain_like(visible, query, user=user).values_list("pk", flat=True))
        assert set(selectors.search_petitions(visible, query, user=user).values_list("pk", flat=True)) == expected
        assert expected, query
    if connection.vendor == "sqlite":  # built in one pass after the load, with its triggers back
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {selectors.FTS_TABLE} WHERE {selectors.FTS_TABLE} MATCH %s",
                           ['"karaoke"'])
            assert cursor.fetchone()[0] == Petition.objects.filter(search_folded__contains="karaoke").count() > 0
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s, %s)",
                           list(selectors.FTS_TRIGGERS))
            assert cursor.fetchone()[0] == 3


def test_the_tally_is_built_after_the_load_and_kept_after_it(data):
    """The generator pauses the tally's triggers during the load, then counts it in one pass and puts them back."""
    def counted():
        return {(u, k): n for u, k, n in Petition.objects.values_list("unit_id", "kind").annotate(n=Count("pk"))}

    tally = {(t.unit_id, t.kind): t.received for t in PetitionTally.objects.filter(received__gt=0)}
    assert tally == counted() and sum(tally.values()) == COUNT
    p = Petition.objects.order_by("pk").first()
    Petition.objects.filter(pk=p.pk).delete()
    assert PetitionTally.objects.get(unit_id=p.unit_id, kind=p.kind).received == counted()[(p.unit_id, p.kind)]


def test_the_load_of_the_throughput_run_is_a_real_submission(data, settings):
    """What wrk sends: the CSRF cookie and token of the form, then a multipart POST; each one a petition."""
    settings.PORTAL_RATE_LIMIT = 0
    client = Client(enforce_csrf_checks=True)
    page = client.get("/portal/submit/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    units = [u for u in data.units if u.kind == Unit.Kind.COMMUNE][:5]
    bodies = citizens_measures.submission_bodies(token, units, list(Field.objects.all()), count=8)
    before = Petition.objects.filter(source=Petition.Source.PORTAL, tracking_code__startswith="DV").count()
    for number, body in enumerate(bodies, start=1):
        response = client.generic("POST", "/portal/submit/", body.replace(citizens_measures.COUNTER, str(number)),
                                  content_type=f"multipart/form-data; boundary={citizens_measures.BOUNDARY}")
        assert response.status_code == 302 and response["Location"] == "/portal/submit/receipt/", response.content[:500]
    created = Petition.objects.filter(source=Petition.Source.PORTAL, tracking_code__startswith="DV")
    assert created.count() - before == len(bodies)
    assert not created.filter(repeat_of__isnull=False).exists()  # each petitioner a different person
    client.cookies.clear()
    refused = client.generic("POST", "/portal/submit/", bodies[0],
                             content_type=f"multipart/form-data; boundary={citizens_measures.BOUNDARY}")
    assert refused.status_code == 403  # without the CSRF cookie: CSRF stays on


def test_the_bare_view_is_served_only_with_the_benchmarks_urls(db, client, settings):
    assert client.get("/bench/bare").status_code == 404
    settings.ROOT_URLCONF = "danvan.bench.urls"
    response = client.get("/bench/bare")
    assert response.status_code == 200 and response.content == b"ok"
    assert client.get("/portal/submit/").status_code == 200  # and the project's pages with it


def test_the_two_other_baselines_take_the_portals_form_as_the_portal_does(data, settings):
    """/bench/form reads the body and stores nothing; /bench/insert stores one petition row; both behind CSRF."""
    settings.ROOT_URLCONF = "danvan.bench.urls"
    client = Client(enforce_csrf_checks=True)
    page = client.get("/portal/submit/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    units = [u for u in data.units if u.kind == Unit.Kind.COMMUNE][:2]
    body = citizens_measures.submission_bodies(token, units, list(Field.objects.all()), count=1)[0]
    content_type = f"multipart/form-data; boundary={citizens_measures.BOUNDARY}"
    count = Petition.objects.count
    before = count()
    assert client.generic("POST", "/bench/form", body, content_type=content_type).content == b"ok"
    assert count() == before
    assert client.generic("POST", "/bench/insert", body, content_type=content_type).content == b"ok"
    row = Petition.objects.get(tracking_code__startswith="BW")
    assert count() == before + 1 and row.unit == units[0] and row.subject.startswith("Phản ánh")
    client.cookies.clear()
    for path in ("/bench/form", "/bench/insert"):
        assert client.generic("POST", path, body, content_type=content_type).status_code == 403


def test_the_wrk_script_is_lua_with_every_byte_of_the_body():
    body = 'Số "1", đèn\\đường __N__\r\n'
    script = citizens_measures.wrk_script("/portal/submit/", "POST", [body], {"Cookie": "csrftoken=x"}, first=7)
    literal = re.search(r'local bodies = \{\n(".*")\n\}', script).group(1)
    decoded = re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1))), literal[1:-1]).encode("latin-1").decode()
    assert decoded == body and "local n = 7" in script and '"__N__"' in script
