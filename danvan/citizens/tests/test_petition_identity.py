"""A denouncer's identity (Luật Tố cáo 2018, Điều 9.1.b and 56): only the assigned handler, the unit head and
auditors see it, each time recorded in the audit trail; everyone else sees "[bảo mật]", in pages, lists, exports,
files and published conclusions."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.audit.models import AuditEntry
from danvan.citizens import selectors, services
from danvan.citizens.models import CONFIDENTIAL, Petition
from danvan.citizens.tests.petition_helpers import DENOUNCER, PNG, D, accepted, denunciation, handler_of, leader_of
from danvan.core.models import Notification
from danvan.core.text import fold

pytestmark = pytest.mark.django_db

SEE = ("handler", "member", "auditor")  # the assigned handler, the unit head, an auditor
HIDDEN = ("owner", "coordinator", "leader", "admin")  # an officer of the unit who does not handle it, and others
SECRETS = ("Trần Thị Bích", "079123456789", "0905123456", "bich.tran@example.vn", "12 Lê Lợi")


@pytest.fixture
def everyone(tree, people):
    return {**people, "handler": handler_of(tree["commune"]), "leader": leader_of(tree["province"])}


@pytest.fixture
def den(tree, everyone, django_capture_on_commit_callbacks):
    """A denunciation whose own words name the denouncer, accepted with its handler, with the letter attached."""
    with django_capture_on_commit_callbacks(execute=True):
        p = denunciation(everyone["owner"], tree["commune"], subject="Bà Trần Thị Bích tố cáo cán bộ địa chính",
                         attachments=[SimpleUploadedFile("don-to-cao.png", PNG, content_type="image/png")])
    p = accepted(everyone["member"], p, everyone["handler"])
    services.petition_extend(by=everyone["member"], petition=p, days=10, is_complex=True,
                             reason="Cần xác minh thêm lời khai của bà Trần Thị Bích")
    return p


def _reveals(p: Petition) -> int:
    return AuditEntry.objects.filter(action="identity_revealed", object_id=str(p.pk)).count()


def _has_secret(text: str) -> list[str]:
    folded = fold(text)
    return [s for s in SECRETS if fold(s) in folded]


@pytest.mark.parametrize("role", SEE)
def test_the_handler_the_head_and_auditors_see_it_and_each_reveal_is_audited(den, everyone, role):
    user = everyone[role]
    assert services.can_see_identity(user, den)
    assert services.identity(user, den) == {k: DENOUNCER[k] for k in services.IDENTITY_FIELDS}
    services.identity(user, den)
    entries = AuditEntry.objects.filter(action="identity_revealed", object_id=str(den.pk))
    assert entries.count() == 2 and set(entries.values_list("actor_id", flat=True)) == {user.pk}
    services.identity(user, den, reveal=False)  # deciding what to show is not a reveal
    assert _reveals(den) == 2


@pytest.mark.parametrize("role", (*HIDDEN, "outsider"))
def test_everyone_else_sees_confidential_and_nothing_is_recorded(den, everyone, role):
    user = everyone[role]
    assert not services.can_see_identity(user, den)
    assert services.identity(user, den) == dict.fromkeys(services.IDENTITY_FIELDS, CONFIDENTIAL)
    assert _reveals(den) == 0


def test_other_kinds_are_not_secret_and_not_recorded(tree, everyone):
    from danvan.citizens.tests.petition_helpers import petition

    p = petition(everyone["owner"], tree["commune"], phone="0912345678")
    assert services.identity(everyone["coordinator"], p)["phone"] == "0912345678"
    assert _reveals(p) == 0


def test_the_identity_filter_of_the_search_agrees_with_can_see_identity(den, everyone, tree):
    for role, user in everyone.items():
        allowed = Petition.objects.filter(pk=den.pk).filter(selectors.identity_visible_q(user)).exists()
        assert allowed == services.can_see_identity(user, den), role


@pytest.mark.parametrize("role", SEE)
def test_the_page_shows_it_to_those_who_may_see_it_and_records_each_view(client, den, everyone, role):
    client.force_login(everyone[role])
    for n in (1, 2):
        page = client.get(f"/citizens/petitions/{den.pk}/").content.decode()
        assert "Trần Thị Bích" in page and "079123456789" in page and "0905123456" in page
        assert "lời khai của bà Trần Thị Bích" in page  # the extension's reason, as written
        assert _reveals(den) == n


@pytest.mark.parametrize("role", HIDDEN)
def test_the_page_shows_confidential_to_everyone_else_even_in_the_content_and_files(client, den, everyone, role):
    client.force_login(everyone[role])
    response = client.get(f"/citizens/petitions/{den.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert CONFIDENTIAL in page and _has_secret(page) == []
    assert "lời khai của bà [bảo mật]" in page  # the extension's reason, redacted
    assert "don-to-cao.png" not in page  # the letter itself shows who wrote it
    attachment = den.attachments.get()
    assert client.get(f"/citizens/petitions/attachments/{attachment.pk}/").status_code == 404
    assert _reveals(den) == 0


def test_the_outsider_does_not_even_find_the_petition(client, den, everyone):
    client.force_login(everyone["outsider"])
    assert client.get(f"/citizens/petitions/{den.pk}/").status_code == 404
    assert client.get(f"/citizens/petitions/attachments/{den.attachments.get().pk}/").status_code == 404


def test_the_handler_downloads_the_letter_and_the_download_is_recorded(client, den, everyone):
    client.force_login(everyone["handler"])
    response = client.get(f"/citizens/petitions/attachments/{den.attachments.get().pk}/")
    assert response.status_code == 200 and response.content == PNG
    entry = AuditEntry.objects.get(action="identity_revealed", object_id=str(den.pk))
    assert entry.actor_id == everyone["handler"].pk and entry.changes == {"attachment": [None, "don-to-cao.png"]}


@pytest.mark.parametrize("role", (*SEE, *HIDDEN))
def test_lists_never_name_the_denouncer(client, den, everyone, role):
    client.force_login(everyone[role])
    for url in ("/citizens/petitions/", "/citizens/petitions/protracted/"):
        page = client.get(url).content.decode()
        assert _has_secret(page) == [], url
    page = client.get("/citizens/petitions/").content.decode()
    assert den.tracking_code in page
    assert _reveals(den) == 0


def _cells(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)


@pytest.mark.parametrize("role", SEE)
def test_the_export_shows_it_to_those_who_may_see_it_and_records_it(client, den, everyone, role):
    client.force_login(everyone[role])
    response = client.get("/citizens/petitions/export.xlsx")
    assert response.status_code == 200
    cells = _cells(response.content)
    assert set(_has_secret(cells)) == set(SECRETS)
    assert _reveals(den) == 1
    assert AuditEntry.objects.filter(action="petitions_exported", actor_id=everyone[role].pk).count() == 1


@pytest.mark.parametrize("role", HIDDEN)
def test_the_export_hides_it_from_everyone_else(client, den, everyone, role):
    client.force_login(everyone[role])
    response = client.get("/citizens/petitions/export.xlsx")
    cells = _cells(response.content)
    assert den.tracking_code in cells and CONFIDENTIAL in cells
    assert _has_secret(cells) == []
    assert _reveals(den) == 0


def test_the_published_conclusion_never_carries_it_even_when_the_answer_quotes_it(den, everyone):
    answer = ("Kết luận nội dung tố cáo của bà Trần Thị Bích (CCCD 079 123 456 789, ĐT 0905.123.456, "
              "email bich.tran@example.vn, trú tại 12 Lê Lợi, Phường Quy Nhơn Nam): ông K sai phạm. "
              "Người tố cáo TRAN THI BICH được bảo vệ.")
    p = services.petition_resolve(by=everyone["handler"], petition=den, decision_number="05/KL-UBND",
                                  decision_date=D(2025, 11, 1), answer=answer, publish=True)
    assert p.answer_public and "ông K sai phạm" in p.public_answer
    assert _has_secret(p.public_answer) == [] and "079" not in p.public_answer and "0905" not in p.public_answer
    # Publishing again with another text redacts that one too.
    p = services.petition_publish(by=everyone["handler"], petition=p,
                                  public_answer="Tố cáo của Tran Thi Bich (0905 123 456) là đúng.")
    assert _has_secret(p.public_answer) == [] and "0905" not in p.public_answer
    # The updates the denouncer reads on the portal do not quote the conclusion.
    assert all(_has_secret(u.text) == [] for u in p.updates.all())


def test_searching_the_denouncers_name_finds_it_only_for_those_who_may_see_it(den, everyone):
    for query in ("tran thi bich", "079123456789", "079 123 456 789"):
        for role in SEE:
            found = selectors.search_petitions(selectors.visible_petitions(everyone[role]), query, user=everyone[role])
            assert den in found, (query, role)
        for role in HIDDEN:
            found = selectors.search_petitions(selectors.visible_petitions(everyone[role]), query, user=everyone[role])
            assert den not in found, (query, role)
    # The rest of the subject is searchable by all who see the petition.
    found = selectors.search_petitions(Petition.objects.all(), "can bo dia chinh", user=everyone["owner"])
    assert den in found


def test_the_units_officers_are_told_of_a_new_denunciation_without_the_name(den, everyone):
    subjects = list(Notification.objects.filter(recipient=everyone["owner"]).values_list("subject", flat=True))
    assert subjects and all(_has_secret(s) == [] for s in subjects)
