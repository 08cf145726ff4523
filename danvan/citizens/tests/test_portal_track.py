"""Following a petition on the portal with its tracking code and secret."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from danvan.citizens import services
from danvan.citizens.fields import ensure_fields
from danvan.citizens.models import Field, Petition

URL = "/portal/track/"
NO_MATCH = ("No petition matches this tracking code and secret. Check both; the secret distinguishes capital and "
            "small letters.")


@pytest.fixture(autouse=True)
def _fresh(db):
    ensure_fields()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sent(tree):
    """A feedback sent on the portal by a named citizen: (petition, secret)."""
    return services.petition_create(
        by=None, kind=Petition.Kind.FEEDBACK, channel=Petition.Channel.ONLINE, source=Petition.Source.PORTAL,
        received_on=timezone.localdate(), unit=tree["commune"], field=Field.objects.get(code="ha-tang"),
        subject="Đèn đường hỏng trên đường Lê Lợi", content="Đèn đường trước nhà số 12 hỏng đã một tuần.",
        name="Lê Văn Cường", phone="0905111222",
    )


def _page(response) -> str:
    return response.content.decode()


def test_the_form_takes_the_code_from_the_address(client, db):
    page = _page(client.get(URL + "?code=DVABCDEFGH"))
    assert 'value="DVABCDEFGH"' in page and 'name="secret"' in page


def test_a_wrong_secret_says_so_without_revealing_anything(client, sent):
    petition, _secret = sent
    wrong = client.post(URL, {"code": petition.tracking_code, "secret": "not-the-secret"})
    unknown = client.post(URL, {"code": "DVZZZZZZZZ", "secret": "not-the-secret"})
    for response in (wrong, unknown):
        page = _page(response)
        assert response.status_code == 200
        assert escape(_(NO_MATCH)) in page
        assert "Đèn đường" not in page and 'id="case"' not in page and petition.unit.name not in page
    # The same page whether the code exists or not (apart from the typed code and the CSRF token).
    strip = {petition.tracking_code: "", "DVZZZZZZZZ": ""}

    def normal(page):
        for old, new in strip.items():
            page = page.replace(old, new)
        return "\n".join(line for line in page.splitlines() if "csrf" not in line)

    assert normal(_page(wrong)) == normal(_page(unknown))


def test_the_right_code_and_secret_show_the_status_and_due_date_but_not_the_identity(client, sent):
    petition, secret = sent
    response = client.post(URL, {"code": petition.tracking_code.lower(), "secret": f" {secret} "})
    page = _page(response)
    assert 'id="case"' in page and "Đèn đường hỏng trên đường Lê Lợi" in page
    assert escape(_("Received")) in page
    assert f"{petition.resolve_due:%d/%m/%Y}" in page
    assert "Lê Văn Cường" not in page and "0905111222" not in page
    assert "no-store" in response["Cache-Control"]


def test_after_resolution_the_petitioner_reads_the_answer(client, sent, people):
    petition, secret = sent
    services.petition_classify(by=None, petition=petition, decision=Petition.Classification.ACCEPTED,
                               handler=people["owner"])
    services.petition_resolve(by=None, petition=petition, decision_number="15/TB-UBND",
                              decision_date=timezone.localdate(),
                              answer="Gửi ông Lê Văn Cường (0905111222): đèn đã được thay ngày hôm qua.")
    page = _page(client.post(URL, {"code": petition.tracking_code, "secret": secret}))
    assert 'id="case-answer"' in page and "đèn đã được thay ngày hôm qua." in page and "15/TB-UBND" in page
    assert escape(_("Resolved")) in page
    assert "Lê Văn Cường" not in page and "0905111222" not in page  # not in the answer, nor in the steps


def test_a_denouncer_is_told_the_result_and_reads_only_the_published_conclusion(client, tree, people):
    petition, secret = services.petition_create(
        by=None, kind=Petition.Kind.DENUNCIATION, channel=Petition.Channel.ONLINE, source=Petition.Source.PORTAL,
        received_on=timezone.localdate(), unit=tree["commune"], field=Field.objects.get(code="can-bo"),
        subject="Tố cáo cán bộ địa chính", content="Nội dung tố cáo.", name="Phạm Thị Dung", address="Thôn 3",
    )
    services.petition_classify(by=None, petition=petition, decision=Petition.Classification.ACCEPTED,
                               handler=people["owner"])
    services.petition_resolve(by=None, petition=petition, decision_number="7/KL-UBND",
                              decision_date=timezone.localdate(), answer="Kết luận nội bộ: có vi phạm.")
    page = _page(client.post(URL, {"code": petition.tracking_code, "secret": secret}))
    assert "7/KL-UBND" in page and "Kết luận nội bộ" not in page
    services.petition_publish(by=None, petition=petition, public_answer="Kết luận công khai: tố cáo đúng một phần.")
    page = _page(client.post(URL, {"code": petition.tracking_code, "secret": secret}))
    assert "Kết luận công khai: tố cáo đúng một phần." in page


def test_repeated_wrong_secrets_from_one_address_are_refused(client, sent, settings):
    settings.PORTAL_TRACK_RATE_LIMIT = 2
    petition, secret = sent
    for _attempt in range(2):
        client.post(URL, {"code": petition.tracking_code, "secret": "guess"})
    response = client.post(URL, {"code": petition.tracking_code, "secret": secret})
    assert response.status_code == 429 and 'id="case"' not in _page(response)


def test_the_tracking_page_refuses_other_methods(client, db):
    assert client.delete(URL).status_code == 405
