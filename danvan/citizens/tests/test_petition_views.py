"""The officer's petition pages: list, record, detail and its actions, dashboard, protracted cases, export."""

import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.citizens import selectors, services, views
from danvan.citizens.forms import PetitionFilterForm
from danvan.citizens.models import Petition
from danvan.citizens.selectors import Figures
from danvan.citizens.tests.petition_helpers import (
    PDF,
    PNG,
    D,
    accepted,
    at,
    denunciation,
    field,
    handler_of,
    leader_of,
    petition,
)

pytestmark = pytest.mark.django_db

LIST = "/citizens/petitions/"


@pytest.fixture
def handler(tree):
    return handler_of(tree["commune"])


def _url(p: Petition, action: str = "") -> str:
    return f"/citizens/petitions/{p.pk}/{action + '/' if action else ''}"


def _pks(response) -> set[int]:
    return {row.pk for row in response.context["rows"]}


def _form_data(**extra) -> dict:
    data = {"kind": "complaint", "channel": "in_person", "received_on": "01/10/2025", "field": field().pk,
            "name": "Nguyễn Văn An", "id_number": "079123456789", "address": "Thôn 3, Phường Quy Nhơn Nam",
            "phone": "0905123456", "email": "", "subject": "Khiếu nại quyết định thu hồi đất",
            "content": "Gia đình tôi không đồng ý với mức bồi thường.", "group_size": ""}
    data.update(extra)
    return data


# The list ------------------------------------------------------------------------------------------------------

@pytest.fixture
def three(tree, people):
    complaint = petition(people["owner"], tree["commune"], subject="Khiếu nại thu hồi đất nông nghiệp",
                         received_on=D(2025, 9, 1))
    feedback = petition(people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK, name="", address="",
                        subject="Đèn đường hỏng ở tổ 5", content="Ba bóng đèn không sáng.", received_on=D(2025, 10, 1))
    elsewhere = petition(people["outsider"], tree["other_commune"], subject="Khiếu nại về trợ cấp",
                         name="Lê Thị Cúc", address="Xã Đắk Pơ", received_on=D(2025, 10, 2))
    return complaint, feedback, elsewhere


def test_the_list_shows_the_units_petitions_to_its_people_and_all_to_province_roles(client, tree, people, three):
    complaint, feedback, elsewhere = three
    client.force_login(people["owner"])
    response = client.get(LIST)
    assert response.status_code == 200
    assert _pks(response) == {complaint.pk, feedback.pk}
    page = response.content.decode()
    assert complaint.tracking_code in page and elsewhere.tracking_code not in page
    for name in ("coordinator", "auditor"):
        client.force_login(people[name])
        assert _pks(client.get(LIST)) == {complaint.pk, feedback.pk, elsewhere.pk}
    client.force_login(leader_of(tree["province"]))
    assert _pks(client.get(LIST)) == {complaint.pk, feedback.pk, elsewhere.pk}


def test_a_handler_from_another_unit_sees_the_petition_they_handle(client, tree, people, three):
    complaint = three[0]
    helper = handler_of(tree["other_commune"], "helper")
    services.petition_assign(by=people["member"], petition=complaint, handler=helper)
    client.force_login(helper)
    assert complaint.pk in _pks(client.get(LIST))
    assert _pks(client.get(LIST, {"unit": tree["commune"].pk})) == {complaint.pk}  # as the dashboard links
    assert client.get(_url(complaint)).status_code == 200


def test_the_list_filters_by_kind_status_unit_and_text_without_diacritics(client, tree, people, three):
    complaint, feedback, elsewhere = three
    client.force_login(people["coordinator"])
    assert _pks(client.get(LIST, {"kind": "feedback"})) == {feedback.pk}
    assert _pks(client.get(LIST, {"q": "khieu nai dat"})) == {complaint.pk}
    assert _pks(client.get(LIST, {"q": "DEN DUONG"})) == {feedback.pk}
    assert _pks(client.get(LIST, {"q": "khieu nai"})) == {complaint.pk, elsewhere.pk}
    assert _pks(client.get(LIST, {"q": complaint.tracking_code.lower()})) == {complaint.pk}
    assert _pks(client.get(LIST, {"q": "le thi cuc"})) == {elsewhere.pk}
    assert _pks(client.get(LIST, {"unit": tree["other_commune"].pk})) == {elsewhere.pk}
    assert _pks(client.get(LIST, {"received_from": "01/10/2025", "received_to": "01/10/2025"})) == {feedback.pk}
    handler = handler_of(tree["commune"])
    services.petition_classify(by=people["owner"], petition=feedback, decision=Petition.Classification.FILED,
                               reason="Đã sửa xong")
    assert _pks(client.get(LIST, {"status": "open"})) == {complaint.pk, elsewhere.pk}
    assert _pks(client.get(LIST, {"status": "closed"})) == {feedback.pk}
    accepted(people["owner"], complaint, handler)
    assert _pks(client.get(LIST, {"status": "in_progress"})) == {complaint.pk}
    response = client.get(LIST, {"received_from": "32/13/2025"})
    assert response.status_code == 200 and _pks(response) == set()


def test_the_list_filters_by_clock(client, tree, people, handler):
    with time_machine.travel(at(2025, 10, 6), tick=False):
        soon = accepted(people["owner"], petition(people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK,
                                                  name="", address="", received_on=D(2025, 9, 29)), handler)
        late = accepted(people["owner"], petition(people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK,
                                                  subject="Rác thải", name="", address="",
                                                  received_on=D(2025, 9, 15)), handler)
        fine = petition(people["owner"], tree["commune"], received_on=D(2025, 10, 6))
    client.force_login(people["owner"])
    with time_machine.travel(at(2025, 10, 10), tick=False):
        assert soon.resolve_due == D(2025, 10, 13) and late.resolve_due == D(2025, 9, 29)
        assert _pks(client.get(LIST, {"clock": "due_soon"})) == {soon.pk}
        response = client.get(LIST, {"clock": "overdue"})
        assert _pks(response) == {late.pk}
        assert 'data-clock="overdue"' in response.content.decode()
        assert {r.pk: r.clock_now for r in client.get(LIST).context["rows"]} == {
            soon.pk: "due_soon", late.pk: "overdue", fine.pk: "running"}


def test_the_list_counts_up_to_a_ceiling_and_says_there_are_more(client, people, three, monkeypatch):
    """Counting a million matches takes seconds: past selectors.COUNT_CAP the list says "more than" and asks to
    narrow the filters."""
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client.force_login(people["coordinator"])
    response = client.get(LIST)
    page = response.content.decode()
    assert "Hơn 2 đơn: hãy thu hẹp bộ lọc để xem hết." in page
    assert response.context["page"].paginator.num_pages == 2 and "1 / 2" in page
    assert _pks(client.get(LIST, {"page": "2"})) == {three[1].pk}  # the second newest; the third is past the cap
    narrowed = client.get(LIST, {"q": "khieu nai"}).content.decode()
    assert "2 đơn" in narrowed and "Hơn" not in narrowed


def test_who_sees_many_units_types_the_units_name_instead_of_choosing_it(client, tree, people, three,
                                                                       monkeypatch):
    """A national coordinator sees four thousand units: no list of them in the page, a name typed without
    diacritics instead; a unit chosen on the dashboard (unit=<id>) still filters and can be taken off."""
    complaint, feedback, elsewhere = three
    monkeypatch.setattr(PetitionFilterForm, "UNIT_CHOICES_MAX", 2)
    client.force_login(people["coordinator"])
    page = client.get(LIST).content.decode()
    assert '<select name="unit"' not in page and 'name="unit_name"' in page
    assert _pks(client.get(LIST, {"unit_name": "quy nhon"})) == {complaint.pk, feedback.pk}
    assert _pks(client.get(LIST, {"unit_name": "ĐẮK PƠ"})) == {elsewhere.pk}
    chosen = client.get(LIST, {"unit": tree["other_commune"].pk, "kind": "complaint"})
    assert _pks(chosen) == {elsewhere.pk}
    assert 'id="chosen-unit"' in chosen.content.decode() and 'href="?kind=complaint"' in chosen.content.decode()
    monkeypatch.setattr(PetitionFilterForm, "UNIT_CHOICES_MAX", 300)
    assert '<select name="unit"' in client.get(LIST).content.decode()


def test_the_list_refuses_other_methods_and_strangers(client, people):
    client.force_login(people["owner"])
    assert client.post(LIST).status_code == 405
    client.logout()
    assert client.get(LIST).status_code == 302


def test_the_list_keeps_a_ceiling_on_queries(client, tree, people, django_assert_max_num_queries):
    handler = handler_of(tree["commune"])
    for i in range(30):
        p = petition(people["owner"], tree["commune"], subject=f"Việc số {i} về môi trường",
                     name=f"Người {i}", address=f"Tổ {i}")
        if i % 2:
            accepted(people["owner"], p, handler)
    denunciation(people["owner"], tree["commune"])
    client.force_login(people["member"])
    client.get(LIST)
    with django_assert_max_num_queries(14):  # constant: 31 rows, one page, no query per row
        response = client.get(LIST)
    assert len(response.context["rows"]) == 31
    with django_assert_max_num_queries(16):  # and where the newest petitions start (selectors.first_page)
        client.get(LIST, {"q": "moi truong", "kind": "complaint", "status": "open", "unit": tree["commune"].pk})


# Recording a petition ------------------------------------------------------------------------------------------

def test_an_officer_records_a_petition_with_its_files(client, tree, people):
    client.force_login(people["owner"])
    response = client.get("/citizens/petitions/new/")
    assert response.status_code == 200 and "Phường Quy Nhơn Nam" in response.content.decode()
    data = _form_data(unit=tree["commune"].pk, attachments=[SimpleUploadedFile("don.pdf", PDF),
                                                             SimpleUploadedFile("anh.png", PNG)])
    # (The requests stay in the travelled time: a session saved then expires two weeks later.)
    with time_machine.travel(at(2025, 10, 2), tick=False):
        response = client.post("/citizens/petitions/new/", data)
        p = Petition.objects.get()
        assert response.status_code == 302 and response["Location"] == _url(p)
        page = client.get(_url(p)).content.decode()
    assert p.unit == tree["commune"] and p.kind == "complaint" and p.channel == "in_person"
    assert p.received_on == D(2025, 10, 1) and p.accept_due == D(2025, 10, 13)
    assert sorted(p.attachments.values_list("name", flat=True)) == ["anh.png", "don.pdf"]
    assert p.tracking_code in page and "Khiếu nại quyết định thu hồi đất" in page
    assert "Nguyễn Văn An" in page and "079123456789" in page


def test_the_form_keeps_what_was_typed_and_explains_the_law_in_vietnamese(client, tree, people):
    client.force_login(people["owner"])
    data = _form_data(kind="denunciation", unit=tree["commune"].pk, name="", address="",
                      subject="Tố cáo cán bộ nhận hối lộ", content="Nội dung dài đã gõ cẩn thận")
    response = client.post("/citizens/petitions/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and not Petition.objects.exists()
    assert "Tố cáo cán bộ nhận hối lộ" in page and "Nội dung dài đã gõ cẩn thận" in page and "0905123456" in page
    assert "không cho phép khiếu nại, tố cáo nặc danh" in page
    response = client.post("/citizens/petitions/new/", _form_data(unit=tree["commune"].pk, subject=""))
    assert "Trường này là bắt buộc." in response.content.decode()
    response = client.post("/citizens/petitions/new/", _form_data(
        unit=tree["commune"].pk, attachments=[SimpleUploadedFile("virus.exe", b"MZ\x90\x00")]))
    assert response.status_code == 200 and not Petition.objects.exists()
    assert "virus.exe" in response.content.decode()


def test_feedback_may_be_recorded_without_a_name(client, tree, people):
    client.force_login(people["owner"])
    response = client.post("/citizens/petitions/new/", _form_data(
        kind="feedback", unit=tree["commune"].pk, name="", address="", id_number="", phone=""))
    assert response.status_code == 302
    assert Petition.objects.get().name == ""


def test_only_unit_staff_record_petitions_and_only_for_their_units(client, tree, people):
    client.force_login(people["coordinator"])
    assert client.get("/citizens/petitions/new/").status_code == 403
    client.force_login(people["outsider"])
    response = client.post("/citizens/petitions/new/", _form_data(unit=tree["commune"].pk))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Petition.objects.exists()
    assert client.put("/citizens/petitions/new/").status_code == 405


# The detail page and its actions -------------------------------------------------------------------------------

def test_the_detail_page_for_the_unit_and_province_roles_404_for_the_outsider(client, tree, people, three):
    complaint = three[0]
    for name in ("owner", "member", "coordinator", "auditor"):
        client.force_login(people[name])
        response = client.get(_url(complaint))
        assert response.status_code == 200, name
        assert "Nguyễn Văn An" in response.content.decode()  # a complaint's identity is not secret
    client.force_login(people["outsider"])
    assert client.get(_url(complaint)).status_code == 404
    assert client.get("/citizens/petitions/999999/").status_code == 404
    client.force_login(people["owner"])
    assert client.put(_url(complaint)).status_code == 405


def test_the_unit_classifies_and_the_page_shows_only_allowed_actions(client, tree, people, handler, three):
    complaint = three[0]
    client.force_login(people["coordinator"])
    page = client.get(_url(complaint)).content.decode()
    assert 'id="classify"' not in page
    assert client.post(_url(complaint, "classify"), {"decision": "filed", "reason": "x"}).status_code == 403
    client.force_login(people["outsider"])
    assert client.post(_url(complaint, "classify"), {"decision": "filed", "reason": "x"}).status_code == 404
    client.force_login(people["owner"])
    assert 'id="classify"' in client.get(_url(complaint)).content.decode()
    assert client.get(_url(complaint, "classify")).status_code == 405
    response = client.post(_url(complaint, "classify"), {"decision": "accepted", "handler": handler.pk,
                                                         "is_complex": "on"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Petition.Status.IN_PROGRESS and complaint.handler == handler and complaint.is_complex
    page = client.get(_url(complaint)).content.decode()
    assert 'id="classify"' not in page and 'id="resolve"' in page and 'id="extend"' not in page  # a complaint


def test_a_refusal_without_reason_comes_back_with_what_was_typed(client, tree, people, three):
    complaint = three[0]
    client.force_login(people["owner"])
    response = client.post(_url(complaint, "classify"), {"decision": "refused", "reason": "",
                                                         "forwarded_to": "Ghi chú đã gõ"})
    assert response.status_code == 200
    form = response.context["classify_form"]
    assert "reason" in form.errors and "Ghi chú đã gõ" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Petition.Status.RECEIVED


def test_extend_resolve_publish_and_close_through_the_page(client, tree, people, handler):
    with time_machine.travel(at(2025, 10, 6), tick=False):
        p = accepted(people["owner"], denunciation(people["owner"], tree["commune"]), handler)
    client.force_login(handler)
    with time_machine.travel(at(2025, 10, 20), tick=False):
        response = client.post(_url(p, "extend"), {"days": "31", "reason": "Phức tạp", "is_complex": "on"})
        assert response.status_code == 200 and response.context["extend_form"].errors
        assert "Phức tạp" in response.content.decode()
        response = client.post(_url(p, "extend"), {"days": "30", "reason": "Cần xác minh nhiều nơi",
                                                   "decision_number": "01/QĐ-GH", "is_complex": "on"})
        assert response.status_code == 302
        p.refresh_from_db()
        assert p.extended_days == 30 and p.resolve_due == D(2025, 12, 5)
        page = client.get(_url(p)).content.decode()
        assert "Cần xác minh nhiều nơi" in page and "01/QĐ-GH" in page
        response = client.post(_url(p, "resolve"), {
            "decision_number": "07/KL-UBND", "decision_date": "20/10/2025", "publish": "on",
            "answer": "Kết luận: tố cáo của bà Trần Thị Bích (0905123456) là đúng một phần."})
        assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Petition.Status.RESOLVED and p.resolved_on_time and p.answer_public
    assert "Trần Thị Bích" not in p.public_answer and "0905123456" not in p.public_answer
    client.force_login(handler)
    assert client.post(_url(p, "close")).status_code == 302
    p.refresh_from_db()
    assert p.status == Petition.Status.CLOSED
    assert client.get(_url(p, "close")).status_code == 405


def test_resolving_without_a_number_keeps_the_answer(client, tree, people, handler, three):
    complaint = accepted(people["owner"], three[0], handler)
    client.force_login(people["member"])
    response = client.post(_url(complaint, "resolve"), {"decision_number": "", "decision_date": "20/10/2025",
                                                        "answer": "Câu trả lời dài đã soạn"})
    assert response.status_code == 200 and "Câu trả lời dài đã soạn" in response.content.decode()
    assert "decision_number" in response.context["resolve_form"].errors


def test_publishing_later_and_the_second_instance(client, tree, people, handler, three):
    complaint = accepted(people["owner"], three[0], handler)
    services.petition_resolve(by=handler, petition=complaint, decision_number="3/QĐ",
                              decision_date=D(2025, 11, 1), answer="Ông Nguyễn Văn An khiếu nại sai.")
    client.force_login(people["owner"])
    assert client.post(_url(complaint, "publish"), {"public_answer": ""}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.public_answer == "Ông [bảo mật] khiếu nại sai."
    # The province's officer records the second instance; the commune officer may only use their own unit.
    page = client.get(_url(complaint)).content.decode()
    assert 'id="second-instance"' in page
    province_officer = handler_of(tree["province"], "province_officer")
    client.force_login(province_officer)
    response = client.post(_url(complaint, "second-instance"), {
        "unit": tree["province"].pk, "received_on": "20/11/2025", "channel": "post", "content": "Không đồng ý"})
    second = Petition.objects.get(first_instance=complaint)
    assert response.status_code == 302 and response["Location"] == _url(second)
    assert second.instance == 2 and second.unit == tree["province"] and second.name == "Nguyễn Văn An"
    assert client.get(_url(complaint, "second-instance")).status_code == 405
    client.force_login(people["coordinator"])
    assert client.post(_url(complaint, "second-instance"), {}).status_code == 403


def test_attaching_files_later_and_downloading_them(client, tree, people, three):
    complaint = three[0]
    client.force_login(people["owner"])
    response = client.post(_url(complaint, "attach"), {"attachments": [SimpleUploadedFile("bien-ban.pdf", PDF)]})
    assert response.status_code == 302
    attachment = complaint.attachments.get()
    response = client.get(f"/citizens/petitions/attachments/{attachment.pk}/")
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    response = client.post(_url(complaint, "attach"), {})
    assert response.status_code == 200 and response.context["attach_form"].errors
    client.force_login(people["coordinator"])
    assert client.post(_url(complaint, "attach"), {"attachments": [SimpleUploadedFile("x.pdf", PDF)]}
                       ).status_code == 403
    client.force_login(people["outsider"])
    assert client.get(f"/citizens/petitions/attachments/{attachment.pk}/").status_code == 404


# Dashboard, protracted cases, export ---------------------------------------------------------------------------

@pytest.fixture
def year(tree, people, handler):
    """At the commune: one overdue, one due soon, one resolved on time, one resolved late; one open elsewhere.
    Seen on 10/11/2025."""
    with time_machine.travel(at(2025, 10, 1), tick=False):
        overdue = accepted(people["owner"], petition(people["owner"], tree["commune"], subject="Việc quá hạn",
                                                     received_on=D(2025, 9, 20)), handler)  # due 31/10
        on_time = accepted(people["owner"], petition(people["owner"], tree["commune"], subject="Việc đúng hạn",
                                                     name="B", address="Tổ 2"), handler)
        late = accepted(people["owner"], petition(people["owner"], tree["commune"], subject="Việc trễ hạn",
                                                  name="C", address="Tổ 3"), handler)
    with time_machine.travel(at(2025, 10, 15), tick=False):
        services.petition_resolve(by=handler, petition=on_time, decision_number="1", decision_date=None, answer="x")
    with time_machine.travel(at(2025, 11, 7), tick=False):
        services.petition_resolve(by=handler, petition=late, decision_number="2", decision_date=None, answer="x")
        soon = accepted(people["owner"], petition(
            people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK, subject="Việc sắp đến hạn", name="",
            address="", received_on=D(2025, 10, 29)), handler)  # due 12/11
        elsewhere = petition(people["outsider"], tree["other_commune"], subject="Việc xã khác", name="D",
                             address="Đắk Pơ", received_on=D(2025, 11, 7))
    return {"overdue": overdue, "on_time": on_time, "late": late, "soon": soon, "elsewhere": elsewhere}


def test_the_dashboard_counts_by_unit_and_kind_and_each_number_opens_the_list(client, tree, people, year):
    client.force_login(people["coordinator"])
    with time_machine.travel(at(2025, 11, 10), tick=False):
        response = client.get("/citizens/petitions/dashboard/")
        d = response.context["d"]
        commune = next(r for r in d.by_unit if r.key == tree["commune"].pk)
        assert (commune.received, commune.open, commune.due_soon, commune.overdue, commune.resolved,
                commune.on_time) == (4, 2, 1, 1, 2, 1)
        assert commune.on_time_rate == 50.0
        other = next(r for r in d.by_unit if r.key == tree["other_commune"].pk)
        assert (other.received, other.open, other.overdue, other.on_time_rate) == (1, 1, 0, None)
        kinds = {r.key: r for r in d.by_kind}
        assert (kinds["complaint"].received, kinds["complaint"].overdue, kinds["feedback"].due_soon) == (4, 1, 1)
        assert kinds["denunciation"].received == 0
        assert (d.total.received, d.total.open, d.total.overdue, d.total.on_time_rate) == (5, 3, 1, 50.0)
        page = response.content.decode()
        link = f'href="/citizens/petitions/?unit={tree["commune"].pk}&amp;clock=overdue"'
        assert link in page and 'href="/citizens/petitions/?kind=feedback&amp;clock=due_soon"' in page
        assert _pks(client.get(LIST, {"unit": tree["commune"].pk, "clock": "overdue"})) == {year["overdue"].pk}
        assert _pks(client.get(LIST, {"unit": tree["commune"].pk, "clock": "on_time"})) == {year["on_time"].pk}
        assert _pks(client.get(LIST, {"unit": tree["commune"].pk, "status": "resolved"})) == {
            year["on_time"].pk, year["late"].pk}
        assert _pks(client.get(LIST, {"kind": "feedback", "clock": "due_soon"})) == {year["soon"].pk}
        # A window on the date received narrows every figure, and the links keep it.
        response = client.get("/citizens/petitions/dashboard/", {"received_from": "01/11/2025"})
        assert response.context["d"].total.received == 1
        assert "received_from=01%2F11%2F2025" in response.content.decode()
    client.force_login(people["owner"])
    with time_machine.travel(at(2025, 11, 10), tick=False):
        d = client.get("/citizens/petitions/dashboard/").context["d"]
        assert client.post("/citizens/petitions/dashboard/").status_code == 405
    assert [r.key for r in d.by_unit] == [tree["commune"].pk] and d.total.received == 4


def test_the_dashboard_pages_and_narrows_the_table_by_unit(client, tree, people, year, monkeypatch):
    """Thousands of units come a page at a time, the most overdue first; a name typed without diacritics
    narrows the table; the pager keeps the dates and the order."""
    monkeypatch.setattr(views, "DASHBOARD_UNITS_PER_PAGE", 1)
    client.force_login(people["coordinator"])
    url = "/citizens/petitions/dashboard/"
    with time_machine.travel(at(2025, 11, 10), tick=False):
        first = client.get(url, {"received_from": "01/09/2025", "sort": "open"})
        assert [r.key for r in first.context["page"]] == [tree["commune"].pk]
        page = first.content.decode()
        assert 'href="?received_from=01%2F09%2F2025&amp;sort=open&amp;page=2"' in page
        assert "1 / 2" in page and first.context["d"].total.received == 5  # the summary is every unit's
        second = client.get(url, {"received_from": "01/09/2025", "sort": "open", "page": "2"})
        assert [r.key for r in second.context["page"]] == [tree["other_commune"].pk]
        assert f'href="/citizens/petitions/?unit={tree["other_commune"].pk}&amp;received_from=01%2F09%2F2025' in (
            second.content.decode())
        narrowed = client.get(url, {"unit_name": "dak po"})
        assert [r.key for r in narrowed.context["page"]] == [tree["other_commune"].pk]
        assert "(2 đơn vị có đơn trong tổng số)" in narrowed.content.decode()
        none = client.get(url, {"unit_name": "không có"}).content.decode()
        assert "Không có đơn vị nào có tên chứa các từ này." in none
        wrong = client.get(url, {"sort": "nonsense"})  # an order not offered: said, and the default used
        assert wrong.status_code == 200 and "sort" in wrong.context["form"].errors


def test_the_units_most_in_need_of_attention_come_first():
    rows = [Figures("a", "A", received=9, open=1, resolved=8, on_time=8),
            Figures("b", "B", received=3, open=3, due_soon=1, overdue=1, resolved=0),
            Figures("c", "C", received=5, open=2, due_soon=2, resolved=3, on_time=1),
            Figures("d", "D", received=4, open=3, overdue=1, resolved=1, on_time=1)]
    keys = lambda sort: "".join(f.key for f in views.sort_units(rows, sort))  # noqa: E731
    assert keys("overdue") == "bdca"  # overdue, then due soon, then open; ties in the order given (names)
    assert keys("due_soon") == "cbda"
    assert keys("open") == "bdca"
    assert keys("received") == "acdb"
    assert keys("on_time_rate") == "cadb"  # 33 %, 100 % (8 resolved), 100 % (1 resolved); none resolved last
    assert keys("name") == keys("") == "abcd"


def test_the_dashboard_keeps_a_ceiling_on_queries(client, tree, people, year, django_assert_max_num_queries):
    client.force_login(people["coordinator"])
    client.get("/citizens/petitions/dashboard/")
    # Session, user, roles, notifications, "may record", two grouped counts, and three to save the session.
    with django_assert_max_num_queries(10):
        client.get("/citizens/petitions/dashboard/", {"received_from": "01/01/2025"})


def test_the_protracted_page_lists_cases_past_their_limit_for_the_units_people(client, tree, people, year):
    client.force_login(people["member"])
    with time_machine.travel(at(2025, 11, 10), tick=False):
        response = client.get("/citizens/petitions/protracted/")
    assert response.status_code == 200
    assert {r.pk for r in response.context["rows"]} == {year["overdue"].pk}
    assert "Việc quá hạn" in response.content.decode()
    client.force_login(people["outsider"])
    with time_machine.travel(at(2025, 11, 10), tick=False):
        assert client.get("/citizens/petitions/protracted/").context["rows"] == []
        assert client.post("/citizens/petitions/protracted/").status_code == 405


def test_the_export_is_the_filtered_list(client, tree, people, year):
    client.force_login(people["owner"])
    response = client.get("/citizens/petitions/export.xlsx", {"status": "resolved"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    codes = {row[0] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert codes == {year["on_time"].tracking_code, year["late"].tracking_code}
    assert client.post("/citizens/petitions/export.xlsx").status_code == 405
