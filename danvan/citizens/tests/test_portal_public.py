"""The portal's public pages: published answers, the commune look-up, reception calendars, disclosures."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from danvan.citizens import services
from danvan.citizens.fields import ensure_fields
from danvan.citizens.models import Disclosure, Field, Petition, ReceptionSession
from danvan.org.models import Unit
from danvan.org.services import UnitSpec, unit_create

IDENTITY = {"name": "Nguyễn Văn An", "id_number": "079123456789", "phone": "0905123456",
            "email": "an.nguyen@example.com", "address": "12 Lê Lợi, tổ 5"}


@pytest.fixture(autouse=True)
def _fields(db):
    ensure_fields()


def _page(response) -> str:
    return response.content.decode()


def _petition(tree, *, subject="Đèn đường hỏng", kind=Petition.Kind.FEEDBACK, **identity) -> Petition:
    petition, _secret = services.petition_create(
        by=None, kind=kind, channel=Petition.Channel.ONLINE, source=Petition.Source.PORTAL,
        received_on=timezone.localdate(), unit=tree["commune"], field=Field.objects.get(code="ha-tang"),
        subject=subject, content=f"{subject}: nội dung chi tiết.", **identity,
    )
    return petition


def _resolve(petition, handler, answer: str, *, publish: bool = True) -> Petition:
    services.petition_classify(by=None, petition=petition, decision=Petition.Classification.ACCEPTED, handler=handler)
    return services.petition_resolve(by=None, petition=petition, decision_number="15/TB-UBND",
                                     decision_date=timezone.localdate(), answer=answer, publish=publish)


# Published answers ----------------------------------------------------------------------------------------------

def test_the_list_shows_published_answers_without_any_personal_data(client, tree, people):
    quoted = _petition(tree, **IDENTITY)
    _resolve(quoted, people["owner"],
             "Trả lời ông Nguyễn Văn An (CCCD 079123456789, điện thoại 0905123456, an.nguyen@example.com, "
             "địa chỉ 12 Lê Lợi, tổ 5): đèn đường đã được thay mới.")
    private = _petition(tree, subject="Cây xanh đổ")
    _resolve(private, people["owner"], "Cây đã được dọn, câu trả lời không công bố.", publish=False)

    page = _page(client.get("/portal/answers/"))
    assert "đèn đường đã được thay mới" in page and "15/TB-UBND" in page and tree["commune"].name in page
    for value in IDENTITY.values():
        assert value not in page
    assert "không công bố" not in page
    assert quoted.subject not in page and quoted.content not in page  # only the answer is published


def test_an_answer_edited_after_publication_is_redacted_again_when_shown(client, tree, people):
    petition = _resolve(_petition(tree, **IDENTITY), people["owner"], "Đã xử lý.")
    Petition.objects.filter(pk=petition.pk).update(
        public_answer="Đã gọi cho ông Nguyễn Văn An theo số 0905123456 và số 0912 345 678.")
    page = _page(client.get("/portal/answers/"))
    assert "Đã gọi cho ông" in page
    assert "Nguyễn Văn An" not in page and "0905123456" not in page


def test_the_search_ignores_diacritics_and_never_finds_a_removed_identity(client, tree, people):
    _resolve(_petition(tree, **IDENTITY), people["owner"], "Ông Nguyễn Văn An: đèn đường đã được thay mới.")
    _resolve(_petition(tree, subject="Rác thải"), people["owner"], "Rác đã được thu gom.")

    page = _page(client.get("/portal/answers/", {"q": "den DUONG"}))
    assert "đèn đường đã được thay mới" in page and "Rác đã được thu gom" not in page
    page = _page(client.get("/portal/answers/", {"q": "thu gom"}))
    assert "Rác đã được thu gom" in page and "đèn đường" not in page
    page = _page(client.get("/portal/answers/", {"q": "quy nhon nam"}))  # the unit's name
    assert "Rác đã được thu gom" in page and "đèn đường" in page
    page = _page(client.get("/portal/answers/", {"q": "nguyen van an"}))
    assert 'id="no-answers"' in page


def test_the_answer_list_query_count_does_not_grow(client, tree, people, django_assert_max_num_queries):
    for number in range(12):
        _resolve(_petition(tree, subject=f"Phản ánh {number}"), people["owner"], f"Trả lời số {number}.")
    with django_assert_max_num_queries(6):
        page = _page(client.get("/portal/answers/"))
    assert page.count('class="card mb-3 published-answer"') == 12


# Commune look-up ------------------------------------------------------------------------------------------------

def test_the_commune_search_finds_quy_nhon_nam_without_diacritics_and_only_units_valid_today(client, tree):
    start = datetime.date(2020, 1, 1)
    unit_create(by=None, valid_from=start, valid_to=datetime.date(2025, 6, 30),
                spec=UnitSpec(name="Xã Nhơn Nam", kind=Unit.Kind.COMMUNE, parent=tree["province"]))
    unit_create(by=None, valid_from=start,
                spec=UnitSpec(name="Ban Quản lý Quy Nhơn Nam", kind=Unit.Kind.DEPARTMENT, parent=tree["province"]))
    response = client.get("/portal/communes.json", {"q": "quy nhon nam"})
    assert response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert [r["name"] for r in results] == ["Phường Quy Nhơn Nam"]
    assert results[0] == {"id": tree["commune"].pk, "name": "Phường Quy Nhơn Nam", "code": "21583",
                          "parent": "Tỉnh Thử"}
    names = [r["name"] for r in client.get("/portal/communes.json", {"q": "NHƠN nam"}).json()["results"]]
    assert names == ["Phường Quy Nhơn Nam"]  # not the commune merged away, not the department
    assert client.get("/portal/communes.json", {"q": "đắk"}).json()["results"][0]["name"] == "Xã Đắk Pơ"
    assert client.get("/portal/communes.json", {"q": "q"}).json() == {"results": []}


# Reception calendar ---------------------------------------------------------------------------------------------

def test_the_reception_calendar_shows_the_coming_weeks_by_unit_without_the_cases(client, tree):
    today = timezone.localdate()
    ReceptionSession.objects.create(unit=tree["commune"], date=today + datetime.timedelta(days=3),
                                    presiding_name="Võ Thanh Hải", presiding_role="head", kind="regular",
                                    notes="Ông Trần Văn Bảy khiếu nại về đất.")
    ReceptionSession.objects.create(unit=tree["other_commune"], date=today + datetime.timedelta(days=5),
                                    presiding_name="Đinh Văn Mười", presiding_role="deputy", kind="ad_hoc")
    ReceptionSession.objects.create(unit=tree["commune"], date=today - datetime.timedelta(days=1),
                                    presiding_name="Người Hôm Qua", presiding_role="head")
    ReceptionSession.objects.create(unit=tree["commune"], date=today + datetime.timedelta(days=60),
                                    presiding_name="Người Tháng Sau", presiding_role="head")
    page = _page(client.get("/portal/receptions/"))
    assert "Võ Thanh Hải" in page and "Đinh Văn Mười" in page
    assert f"{today + datetime.timedelta(days=3):%d/%m/%Y}" in page
    assert "Người Hôm Qua" not in page and "Người Tháng Sau" not in page
    assert "Trần Văn Bảy" not in page
    assert 'id="reception-requirements"' in page and page.count('class="card mb-3 reception-unit"') == 2
    page = _page(client.get("/portal/receptions/", {"q": "dak po"}))
    assert "Đinh Văn Mười" in page and "Võ Thanh Hải" not in page


# Disclosures ----------------------------------------------------------------------------------------------------

def test_disclosures_are_listed_searched_and_downloaded_once_published(client, tree):
    today = timezone.localdate()
    published = Disclosure.objects.create(unit=tree["commune"], title="Kế hoạch sử dụng đất năm 2026",
                                          category="Đất đai", published_on=today - datetime.timedelta(days=1),
                                          body="Nội dung kế hoạch.")
    published.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4 test"))
    later = Disclosure.objects.create(unit=tree["commune"], title="Dự toán ngân sách chưa công bố",
                                      published_on=today + datetime.timedelta(days=2))
    page = _page(client.get("/portal/disclosures/"))
    assert "Kế hoạch sử dụng đất năm 2026" in page and "chưa công bố" not in page
    assert "Kế hoạch sử dụng đất" in _page(client.get("/portal/disclosures/", {"q": "ke hoach"}))
    assert 'id="no-disclosures"' in _page(client.get("/portal/disclosures/", {"q": "ngan sach"}))
    detail = _page(client.get(f"/portal/disclosures/{published.pk}/"))
    assert "Nội dung kế hoạch." in detail and 'id="disclosure-file"' in detail
    download = client.get(f"/portal/disclosures/{published.pk}/file/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert client.get(f"/portal/disclosures/{later.pk}/").status_code == 404
    assert client.get(f"/portal/disclosures/{later.pk}/file/").status_code == 404


def test_the_home_page_links_the_public_pages(client, db):
    page = _page(client.get("/portal/"))
    for name in ("submit", "track", "answers", "receptions", "disclosures"):
        assert f'href="/portal/{name}/"' in page
