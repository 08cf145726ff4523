import datetime
import io
import subprocess
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.shared import Mm

from danvan.conftest import make_user
from danvan.documents import pdf
from danvan.org.models import Unit
from danvan.org.services import UnitSpec, unit_merge
from danvan.reporting import exports, selectors, services
from danvan.reporting.models import Indicator

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date
FIGURES = {  # unit → (received, resolved, citizens received)
    "commune": ("12", "10", "40"),
    "other_commune": ("5", "5", "7"),
    "dept": ("3", "1", "0"),
}


def _ids(**codes):
    return {Indicator.objects.get(code=code).pk: {"value": value} for code, value in codes.items()}


@pytest.fixture
def sent_q1(q1, tree, people):
    """Three of the four expected units send their Q1 report on time, with narratives."""
    heads = {"commune": people["member"],
             "other_commune": make_user("h2", unit=tree["other_commune"], role="unit_head"),
             "dept": make_user("h3", unit=tree["dept"], role="unit_head")}
    for key, (received, resolved, citizens) in FIGURES.items():
        report = services.report_open(by=heads[key], period=q1, unit=tree[key])
        task = report.narratives.order_by("task__number").first().task
        services.report_save(by=heads[key], report=report,
                             narratives={task.pk: {"results": f"Kết quả của {tree[key].name}",
                                                   "shortcomings": "Còn chậm" if key == "dept" else ""}},
                             values=_ids(DON_NHAN=received, DON_GQ=resolved, TCD_LUOT=citizens))
        with time_machine.travel(datetime.datetime(2025, 3, 18, 9, tzinfo=VN), tick=False):
            services.report_submit(by=heads[key], report=report)
    return q1


def test_totals_are_the_sums_of_the_sent_reports_and_ratios_are_recomputed(sent_q1):
    c = selectors.consolidate(sent_q1, today=D(2025, 3, 25))
    assert c.total("DON_NHAN") == 20 and c.total("DON_GQ") == 16 and c.total("TCD_LUOT") == 47
    assert c.total("DON_TL_GQ") == Decimal("80.0")  # 16 / 20, not the sum of the units' rates
    assert c.reports_counted == 3
    assert [name for name, _s in c.narratives[1]] == ["Phường Quy Nhơn Nam", "Sở Nội vụ", "Xã Đắk Pơ"]
    assert c.monitoring.missing == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan is asked; PostgreSQL reads small tables whole")
def test_the_figures_of_a_period_are_read_from_an_index_that_holds_them(sent_q1):
    """160,000 figures at national scale: read from index reporting_value_by_report, never the table's rows."""
    with CaptureQueriesContext(connection) as queries:
        selectors.consolidate(sent_q1, today=D(2025, 3, 25))
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "reporting_indicatorvalue"' in q["sql"]]
    assert len(reads) == 2  # the totals of three periods, the figures of each report
    for sql in reads:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "reporting_indicatorvalue USING COVERING INDEX reporting_value_by_report" in plan, plan


def test_the_new_tree_counts_old_units_in_their_successor(sent_q1, tree):
    unit_merge(by=None, predecessors=[tree["commune"], tree["other_commune"]], date=D(2025, 7, 1),
               new=UnitSpec(name="Phường Quy Nhơn", kind=Unit.Kind.COMMUNE, parent=tree["province"]))
    old = selectors.consolidate(sent_q1, tree_date=D(2025, 3, 20))
    new = selectors.consolidate(sent_q1, tree_date=D(2025, 8, 1))
    received = Indicator.objects.get(code="DON_NHAN").pk
    assert {u.name: v[received] for u, v in old.unit_rows} == {"Phường Quy Nhơn Nam": 12, "Xã Đắk Pơ": 5,
                                                                "Sở Nội vụ": 3}
    assert {u.name: v[received] for u, v in new.unit_rows} == {"Phường Quy Nhơn": 17, "Sở Nội vụ": 3}
    assert len(new.mapped_to_successor) == 2
    assert new.total("DON_NHAN") == old.total("DON_NHAN") == 20


def test_comparison_with_the_previous_period(sent_q1, h1, tree, people):
    report = services.report_open(by=people["member"], period=h1, unit=tree["commune"])
    services.report_save(by=people["member"], report=report, values=_ids(DON_NHAN="30", DON_GQ="25", TCD_LUOT="90"))
    with time_machine.travel(datetime.datetime(2025, 6, 18, 9, tzinfo=VN), tick=False):
        services.report_submit(by=people["member"], report=report)
    c = selectors.consolidate(h1)
    row = next(t for t in c.totals if t.indicator.code == "DON_NHAN")
    assert (row.value, row.previous, row.last_year) == (30, 20, None)
    assert c.previous_period == sent_q1


def test_the_consolidated_docx_follows_decree_30(sent_q1):
    data = exports.consolidated(selectors.consolidate(sent_q1, today=D(2025, 3, 25)), "docx")
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert round(section.page_width / Mm(1)) == 210 and round(section.page_height / Mm(1)) == 297
    assert round(section.left_margin / Mm(1)) == 30 and round(section.right_margin / Mm(1)) == 15
    assert 20 <= round(section.top_margin / Mm(1)) <= 25
    header = doc.tables[0]
    cells = [cell for row in header.rows for cell in row.cells]
    left = " ".join(" ".join(c.text.split()) for c in cells[::2])
    right = " ".join(" ".join(c.text.split()) for c in cells[1::2])
    assert "ỦY BAN NHÂN DÂN TỈNH THỬ" in left and "/BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    date_runs = [r for c in cells for p in c.paragraphs for r in p.runs if "năm 2025" in r.text]
    assert date_runs and all(r.italic for r in date_runs)
    title = next(p for p in doc.paragraphs if p.text.strip() == "BÁO CÁO")
    assert all(r.bold for r in title.runs)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Kết quả thực hiện công tác dân vận chính quyền quý I năm 2025" in body
    assert "Phường Quy Nhơn Nam: Kết quả của Phường Quy Nhơn Nam" in body
    assert "Sở Nội vụ: Còn chậm" in body
    assert "Số đơn vị phải báo cáo: 4; đã gửi: 3 (tỷ lệ 75,0%)" in body
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert fonts <= {"Times New Roman", None}
    table_text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Tổng số đơn tiếp nhận" in table_text and "20" in table_text


def test_the_xlsx_has_one_sheet_per_table_and_totals_equal_the_sum_of_units(sent_q1):
    data = exports.consolidated(selectors.consolidate(sent_q1), "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Chỉ tiêu", "Theo đơn vị", "Tình hình gửi", "Nội dung báo cáo"]
    units = book["Theo đơn vị"]
    header_row = next(r for r in range(1, 4) if units.cell(r, 1).value == "Đơn vị")
    assert units.freeze_panes == f"A{header_row + 1}"
    column = next(c for c in range(1, units.max_column + 1) if units.cell(header_row, c).value == "DON_NHAN")
    values = [units.cell(r, column).value for r in range(header_row + 1, units.max_row)]
    total = units.cell(units.max_row, column).value
    assert all(isinstance(v, (int, float)) for v in values)
    assert sum(values) == total == 20


@pytest.mark.skipif(not pdf.available(), reason="LibreOffice is not installed")
def test_the_pdf_is_an_a4_pdf(sent_q1, tmp_path):
    data = exports.consolidated(selectors.consolidate(sent_q1), "pdf")
    assert data.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "(A4)" in info


def test_the_consolidate_command_writes_each_format(sent_q1, tmp_path):
    for fmt in ("docx", "xlsx"):
        out = tmp_path / f"q1.{fmt}"
        call_command("consolidate", "--plan", str(sent_q1.plan_id), "--period", "Q1", "--format", fmt,
                     "--output", str(out), stdout=io.StringIO())
        assert out.stat().st_size > 1000
    with pytest.raises(CommandError, match="no 9M period"):
        call_command("consolidate", "--plan", str(sent_q1.plan_id), "--period", "9M", "--format", "docx",
                     "--output", str(tmp_path / "x.docx"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="does not exist"):
        call_command("consolidate", "--plan", str(sent_q1.plan_id), "--period", "Q1", "--format", "docx",
                     "--output", "/nonexistent/folder/x.docx", stdout=io.StringIO())
