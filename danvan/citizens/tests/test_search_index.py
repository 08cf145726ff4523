"""The search's index path (citizens migration 0003) finds exactly what the plain LIKE over the folded text finds,
on whichever database the tests run: the FTS5 trigram table on SQLite, the pg_trgm indexes on PostgreSQL."""

import logging

import pytest
from django.db import connection
from django.db.models import Q

from danvan.citizens import selectors, services
from danvan.citizens.models import Petition
from danvan.citizens.tests.petition_helpers import D, accepted, denunciation, handler_of, petition
from danvan.core.text import fold

pytestmark = pytest.mark.django_db

QUERIES = [
    "den duong", "ĐÈN ĐƯỜNG", "Đèn đường", "dat", "đất ở", "dat o", "khieu nai dat", "thu hoi",
    "uong",  # inside a word
    "nguyen van an", "NGUYỄN VĂN AN", "tran thi bich", "le thi cuc", "quy nhon nam", "o", "xa",
    "dat,", '"dat"', "50%", "100% dat", "a_b", "khong co gi ca", "moi truong rac", "079123456789",
    "079 123 456 789", "0905123456",
]


@pytest.fixture
def petitions(tree, people):
    owner, commune, other = people["owner"], tree["commune"], tree["other_commune"]
    made = [
        petition(owner, commune, subject="Khiếu nại quyết định thu hồi đất ở thôn 3",
                 content="Gia đình tôi không đồng ý với mức bồi thường 100% đất ở."),
        petition(owner, commune, kind=Petition.Kind.FEEDBACK, name="", address="", subject="Đèn đường hỏng ở tổ 5",
                 content="Ba bóng đèn không sáng, đường tối."),
        petition(owner, other, subject="Khiếu nại về trợ cấp", name="Lê Thị Cúc", address="Xã Đắk Pơ",
                 content="Chưa nhận trợ cấp tháng 9."),
        petition(owner, commune, kind=Petition.Kind.RECOMMENDATION, name="Nguyễn Văn Ân", address="Tổ 1",
                 subject="Kiến nghị về môi trường, rác thải", content="Đề nghị thu gom rác đúng giờ (a_b)."),
        petition(owner, commune, kind=Petition.Kind.FEEDBACK, name="", address="",
                 subject="Phản ánh tiếng ồn", content="Quán karaoke hát đến khuya, đất rung."),
        denunciation(owner, commune),
    ]
    for number in range(20):  # enough rows for the planners to consider the indexes at all
        petition(owner, other, kind=Petition.Kind.FEEDBACK, name="", address="", subject=f"Việc số {number}",
                 content="Nội dung khác hẳn.")
    return made


def plain_like(qs, query: str, *, user=None):
    """The search as it was before the index: case-insensitive LIKE over the folded columns, nothing else."""
    words = fold(query).split()
    if not words:
        return qs
    allowed = selectors.identity_visible_q(user)
    text = Q()
    for word in words:
        text &= Q(search_folded__icontains=word) | (Q(name_folded__icontains=word) & allowed)
    exact = Q(tracking_code=query.strip().upper())
    compact = query.strip().replace(" ", "")
    if compact.isdigit():
        exact |= Q(id_number=compact) & allowed
    return qs.filter(text | exact)


def _ids(qs) -> list[int]:
    return list(qs.values_list("pk", flat=True).order_by("-received_on", "-pk"))


@pytest.mark.parametrize("role", ["coordinator", "owner", "auditor"])
def test_the_index_finds_what_the_plain_like_finds(petitions, people, role):
    user = people[role]
    visible = selectors.visible_petitions(user)
    found_something = 0
    for query in [*QUERIES, petitions[0].tracking_code.lower()]:
        expected = _ids(plain_like(visible, query, user=user))
        assert _ids(selectors.search_petitions(visible, query, user=user)) == expected, query
        page = selectors.search_petitions(visible, query, user=user)[:2]  # a page read in order, as the list does
        assert [p.pk for p in page] == expected[:2], query
        assert selectors.search_petitions(visible, query, user=user).count() == len(expected), query
        found_something += bool(expected)
    assert found_something >= 15  # the queries do find petitions: the comparison is not between empty lists


def test_diacritics_and_case_do_not_matter(petitions, people):
    user = people["coordinator"]
    visible = selectors.visible_petitions(user)
    street_light = petitions[1]
    for query in ("den duong", "ĐÈN ĐƯỜNG", "đèn Đường", "DEN duong"):
        assert _ids(selectors.search_petitions(visible, query, user=user)) == [street_light.pk]
    assert petitions[3].pk in _ids(selectors.search_petitions(visible, "nguyen van an", user=user))


def _uses_index(sql_for) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A few rows: the planner would read the table, or another index; leave it the bitmap scans only.
            for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
            sql, params = sql_for()
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            return "citizens_pe_folded_trgm" in plan
        sql, params = sql_for()
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        return selectors.FTS_TABLE in plan


def test_the_search_goes_through_the_index(petitions, people):
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip("no search index on this database")
    user = people["coordinator"]
    qs = selectors.search_petitions(selectors.visible_petitions(user), "den duong", user=user)
    assert _uses_index(lambda: qs.order_by().query.sql_with_params())  # as counted
    if connection.vendor == "sqlite":
        assert _uses_index(lambda: qs[:50].query.sql_with_params())  # a page, read in order
        # A page by date walks the date's index and checks the ids (`+id`); a count goes through the ids.
        assert '+"citizens_petition"."id" IN' in str(qs[:50].query)
        assert '+"citizens_petition"."id"' not in str(qs.order_by().query)
        assert '+"citizens_petition"."id"' not in str(qs.order_by("resolve_due")[:50].query)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table and its triggers are SQLite's")
def test_the_fts_table_follows_inserts_updates_and_deletes(petitions, people, tree):
    user = people["coordinator"]
    visible = selectors.visible_petitions(user)

    def found(query):
        return set(_ids(selectors.search_petitions(visible, query, user=user)))

    def indexed(query):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {selectors.FTS_TABLE} WHERE {selectors.FTS_TABLE} MATCH %s",
                           [f'"{query}"'])
            return {row[0] for row in cursor.fetchall()}

    street_light = petitions[1]
    assert indexed("den duong") == {street_light.pk} == found("den duong")
    street_light.search_folded = fold("Cống thoát nước bị tắc")
    street_light.save()
    assert found("den duong") == set() and indexed("cong thoat nuoc") == {street_light.pk}
    handler = handler_of(tree["commune"])
    accepted(people["owner"], petitions[0], handler)  # a save that leaves the text alone
    assert petitions[0].pk in found("thu hoi dat")
    street_light.delete()
    assert indexed("cong thoat nuoc") == set() == found("cong thoat nuoc")
    new = petition(people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK, name="", address="",
                   subject="Cầu tạm qua suối", content="Nước lũ cuốn mất.", received_on=D(2025, 10, 2))
    assert found("cau tam qua suoi") == {new.pk} == indexed("cau tam")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table and its triggers are SQLite's")
def test_without_its_triggers_the_index_is_not_trusted(petitions, people, tree, monkeypatch, caplog):
    """A migration that makes SQLite rebuild the table drops its triggers: the search then does without the
    index (slowly, but it finds every petition) and says so in the log."""
    user = people["coordinator"]
    visible = selectors.visible_petitions(user)
    monkeypatch.setattr(selectors, "_triggers_found", {})
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER citizens_petition_fts_insert")  # rolled back with the test's transaction
    new = petition(people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK, name="", address="",
                   subject="Đèn đường mới hỏng", content="Không sáng.", received_on=D(2025, 10, 3))
    with caplog.at_level(logging.WARNING, logger="danvan.citizens.selectors"):
        qs = selectors.search_petitions(visible, "den duong", user=user)
        assert set(_ids(qs)) == {petitions[1].pk, new.pk}
    assert selectors.FTS_TABLE not in str(qs.query) and "missing" in caplog.text


def test_services_write_the_folded_text_the_index_reads(petitions):
    p = Petition.objects.get(pk=petitions[0].pk)
    assert p.search_folded == fold(f"{p.subject} {p.content}") and p.name_folded == fold(p.name)
    den = Petition.objects.get(pk=petitions[-1].pk)  # its text quotes the denouncer, redacted in search_folded
    assert den.search_folded == fold(services.redact(f"{den.subject} {den.content}", den))
    assert "tran thi bich" not in den.search_folded and den.name_folded == "tran thi bich"


def test_the_first_page_is_the_newest_matches_whether_or_not_the_newest_petitions_hold_them(
        tree, people, monkeypatch):
    """selectors.first_page looks among the newest petitions first, without the index: the page is the same as
    the indexed query's whatever the size of that probe, the page and the share of matches."""
    owner, commune = people["owner"], tree["commune"]
    for day in range(1, 25):
        subject = "Đèn đường hỏng" if day % 3 == 0 else "Rác thải chưa thu gom"
        petition(owner, commune, kind=Petition.Kind.FEEDBACK, name="", address="", subject=f"{subject} {day}",
                 content="Nội dung.", received_on=D(2025, 9, day))
    user = people["coordinator"]
    visible = selectors.visible_petitions(user)
    for probe in (1, 4, 9, 100):
        monkeypatch.setattr(selectors, "PROBE_ROWS", probe)
        for query in ("den duong", "rac thai", "khong co", ""):
            qs = selectors.search_petitions(visible, query, user=user)
            plain = selectors.search_petitions(visible, query, user=user, indexed=False)
            assert _ids(plain) == _ids(qs)
            for size in (1, 3, 8, 30):
                assert [p.pk for p in selectors.first_page(qs, size, probe=plain)] == _ids(qs)[:size], (
                    probe, query, size)
