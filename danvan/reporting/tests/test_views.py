import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from danvan.reporting import services
from danvan.reporting.models import Attachment, Indicator, Report, UrgingLetter

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def report(q1, tree, people):
    return services.report_open(by=people["owner"], period=q1, unit=tree["commune"])


def _field(code):
    return f"v-{Indicator.objects.get(code=code).pk}"


def test_officer_sees_the_report_outsider_gets_404_coordinator_reads_it(client, report, people):
    url = f"/reports/{report.pk}/"
    for name in ("owner", "member", "coordinator"):
        client.force_login(people[name])
        response = client.get(url)
        assert response.status_code == 200, name
        assert "Kết quả đạt được" in response.content.decode()
    client.force_login(people["outsider"])
    assert client.get(url).status_code == 404
    assert client.put(url).status_code == 405


def test_saving_a_draft_keeps_what_was_typed(client, report, people):
    client.force_login(people["owner"])
    task = report.narratives.first().task
    response = client.post(f"/reports/{report.pk}/", {
        "action": "save", f"n-{task.pk}-results": "Đã tổ chức 2 hội nghị", _field("TT_HOI_NGHI"): "2"})
    assert response.status_code == 302
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Đã tổ chức 2 hội nghị" in page and 'value="2"' in page


def test_a_bad_number_keeps_everything_typed_and_saves_nothing(client, report, people):
    client.force_login(people["owner"])
    task = report.narratives.first().task
    response = client.post(f"/reports/{report.pk}/", {
        "action": "save", f"n-{task.pk}-results": "Nội dung dài đã gõ", _field("TT_HOI_NGHI"): "hai"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "không phải là số" in page and "Nội dung dài đã gõ" in page and 'value="hai"' in page
    assert report.narratives.get(task=task).results == ""


def test_the_head_sends_and_the_page_says_on_time(client, report, people):
    client.force_login(people["member"])
    with time_machine.travel(datetime.datetime(2025, 3, 18, 9, tzinfo=VN), tick=False):
        response = client.post(f"/reports/{report.pk}/", {"action": "submit", _field("TT_HOI_NGHI"): "1"})
        assert response.status_code == 302
        page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Đã gửi — đúng hạn" in page
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_an_officer_cannot_send(client, report, people):
    client.force_login(people["owner"])
    assert client.post(f"/reports/{report.pk}/", {"action": "submit"}).status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_coordinator_returns_with_a_comment_then_accepts(client, report, people):
    services.report_submit(by=people["member"], report=report)
    client.force_login(people["coordinator"])
    response = client.post(f"/reports/{report.pk}/", {"action": "return", "comment": ""})
    assert response.status_code == 200 and Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED
    client.post(f"/reports/{report.pk}/", {"action": "return", "comment": "Thiếu số liệu tiếp dân"})
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED
    client.force_login(people["owner"])
    assert "Thiếu số liệu tiếp dân" in client.get(f"/reports/{report.pk}/").content.decode()


def test_attachments_are_checked_by_content_and_size(client, report, people, settings):
    client.force_login(people["owner"])
    fake = SimpleUploadedFile("bao-cao.pdf", PNG, content_type="application/pdf")
    page = client.post(f"/reports/{report.pk}/", {"action": "attach", "file": fake}).content.decode()
    assert "không được chấp nhận" in page and Attachment.objects.count() == 0
    real = SimpleUploadedFile("Ảnh hội nghị.png", PNG, content_type="image/png")
    assert client.post(f"/reports/{report.pk}/", {"action": "attach", "file": real}).status_code == 302
    good_pdf = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    client.post(f"/reports/{report.pk}/", {"action": "attach", "file": good_pdf})
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
    settings.ATTACHMENT_MAX_MB = 0
    big = SimpleUploadedFile("lon.pdf", PDF, content_type="application/pdf")
    assert "quá lớn" in client.post(f"/reports/{report.pk}/", {"action": "attach", "file": big}).content.decode()
    attachment = Attachment.objects.get(content_type="image/png")
    response = client.get(f"/reports/attachments/{attachment.pk}/")
    assert response.status_code == 200 and response.content == PNG
    client.force_login(people["outsider"])
    assert client.get(f"/reports/attachments/{attachment.pk}/").status_code == 404


def test_monitoring_page_filters_and_sorts_with_a_bounded_number_of_queries(
    client, q1, tree, people, report, django_assert_max_num_queries
):
    services.report_submit(by=people["member"], report=report)
    client.force_login(people["coordinator"])
    url = f"/reports/periods/{q1.pk}/monitoring/"
    with django_assert_max_num_queries(20):
        response = client.get(url)
    page = response.content.decode()
    assert 'data-figure="expected">4<' in page and 'data-figure="submitted">1<' in page
    communes = client.get(url, {"kind": "commune", "sort": "status"}).content.decode()
    assert "Sở Nội vụ" not in communes.split('id="units"')[1] and "Xã Đắk Pơ" in communes
    sent = client.get(url, {"status": "sent"}).content.decode().split('id="units"')[1]
    assert "Phường Quy Nhơn Nam" in sent and "Xã Đắk Pơ" not in sent
    client.force_login(people["owner"])
    assert client.get(url).status_code == 403


def test_urging_letter_lists_the_late_units_with_its_own_number(client, q1, people, report):
    services.report_submit(by=people["member"], report=report)
    client.force_login(people["coordinator"])
    early = client.post(f"/reports/periods/{q1.pk}/urge/", {"date": "15/03/2025"}, follow=True)
    assert "vẫn chưa hết hạn" in early.content.decode()
    response = client.post(f"/reports/periods/{q1.pk}/urge/", {"date": "21/03/2025"})
    letter = UrgingLetter.objects.get()
    assert response.status_code == 302 and letter.number == 1 and letter.symbol.endswith("-XDCQ")
    assert {u.name for u in letter.units.all()} == {"Xã Đắk Pơ", "Sở Nội vụ", "Sở Tư pháp"}
    docx = client.get(f"/reports/urging-letters/{letter.pk}/")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    tables = " ".join(c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells)
    assert "Xã Đắk Pơ" in text and "Phường Quy Nhơn Nam" not in text
    assert "01/" in " ".join(tables.split()) and "ngày 21 tháng 3 năm 2025" in " ".join(tables.split())
    client.post(f"/reports/periods/{q1.pk}/urge/", {"date": "24/03/2025"})
    assert sorted(UrgingLetter.objects.values_list("number", flat=True)) == [1, 2]


def test_consolidated_page_and_downloads(client, q1, people, report):
    services.report_save(by=people["owner"], report=report, values={Indicator.objects.get(code="DON_NHAN").pk:
                                                                     {"value": "7"}})
    services.report_submit(by=people["member"], report=report)
    client.force_login(people["coordinator"])
    url = f"/reports/periods/{q1.pk}/consolidated/"
    page = client.get(url, {"tree_date": "01/08/2025"}).content.decode()
    assert "Tổng số đơn tiếp nhận" in page and "01/08/2025" in page
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Chỉ tiêu"]
    values = {sheet.cell(r, 1).value: sheet.cell(r, 4).value for r in range(1, sheet.max_row + 1)}
    assert values["DON_NHAN"] == 7
    docx = client.get(url, {"format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    client.force_login(people["owner"])
    assert client.get(url).status_code == 403


def test_coordinator_edits_the_indicator_catalogue_and_others_cannot(client, people):
    indicator = Indicator.objects.get(code="TT_HOI_NGHI")
    client.force_login(people["owner"])
    assert client.get(f"/reports/indicators/{indicator.pk}/").status_code == 403
    client.force_login(people["coordinator"])
    response = client.get("/reports/indicators/")
    assert response.status_code == 200 and "Tuyên truyền, quán triệt" in response.content.decode()
    form = {"group": indicator.group_id, "code": "TT_HOI_NGHI", "name": "Hội nghị tuyên truyền (sửa)",
            "unit_of_measure": "hội nghị", "value_type": "count", "aggregation": "sum", "cumulative": "on",
            "source": "", "order": 0, "active": "on"}
    assert client.post(f"/reports/indicators/{indicator.pk}/", form).status_code == 302
    assert Indicator.objects.get(pk=indicator.pk).name == "Hội nghị tuyên truyền (sửa)"
    bad = client.post(f"/reports/indicators/{indicator.pk}/", {**form, "aggregation": "ratio"})
    assert "tử số và mẫu số" in bad.content.decode()


def test_my_reports_page_lists_the_periods_of_my_unit(client, q1, people):
    client.force_login(people["owner"])
    page = client.get("/reports/").content.decode()
    assert "Phường Quy Nhơn Nam" in page and "Quý I 2025" in page
    response = client.post(f"/reports/open/{q1.pk}/{people['owner'].memberships.first().unit_id}/")
    assert response.status_code == 302
    assert Report.objects.filter(period=q1).count() == 1


def test_my_reports_page_asks_who_is_expected_once_per_period(
    client, plan, people, tree, django_assert_max_num_queries
):
    from danvan.org.services import membership_add
    from danvan.reporting.periods import period_create

    period_create(by=None, plan=plan, kind="9M")
    period_create(by=None, plan=plan, kind="YEAR")
    membership_add(by=None, user=people["owner"], unit=tree["other_dept"], role="unit_officer")
    client.force_login(people["owner"])
    with django_assert_max_num_queries(24):  # about three per period, none per unit
        response = client.get("/reports/")
    assert response.content.decode().count("Lập báo cáo") == 8  # two units, four periods
