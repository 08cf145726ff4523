"""The wording shared by the renderers (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

import datetime
import decimal

import pytest

from danvan.documents import official
from danvan.documents.official import Heading, PageBreak, Paragraph, Table
from danvan.documents.tests import samples


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, "0"),
        (999, "999"),
        (1234567, "1.234.567"),
        (-1234, "-1.234"),
        (1234.5, "1.234,5"),
        (0.125, "0,12"),
        (2.0, "2"),
        (decimal.Decimal("23456.50"), "23.456,50"),
        (decimal.Decimal("-0.0"), "0,0"),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, expected):
    assert official.format_number(value) == expected


def test_cells_show_dates_as_day_month_year_and_nothing_for_none():
    assert official.cell_text(datetime.date(2025, 6, 29)) == "29/06/2025"
    noon_utc = datetime.datetime(2025, 6, 29, 5, 0, tzinfo=datetime.UTC)
    assert official.cell_text(noon_utc) == "29/06/2025 12:00"  # shown in Việt Nam time
    assert official.cell_text(None) == ""
    assert official.cell_text(True) == "True"  # a flag is not a number


def test_recipients_end_with_semicolons_and_the_last_with_a_full_stop():
    doc = samples.report(recipients=["- Bộ Nội vụ;", "UBND tỉnh (b/c).", "  Lưu: VT, XDCQ  ", ""])
    assert official.recipient_lines(doc) == ["- Bộ Nội vụ;", "- UBND tỉnh (b/c);", "- Lưu: VT, XDCQ."]


def test_the_closing_mark_replaces_the_final_full_stop():
    assert official.with_closing_mark("Trên đây là báo cáo.", "./.") == "Trên đây là báo cáo./."
    assert official.with_closing_mark("Trên đây là báo cáo", "./.") == "Trên đây là báo cáo./."
    assert official.with_closing_mark("Trên đây là báo cáo", "") == "Trên đây là báo cáo"


def test_the_closing_mark_skips_trailing_page_breaks_and_follows_a_table_on_its_own():
    doc = samples.report(blocks=[Heading("III. Kiến nghị", 1), Paragraph("Không có."), PageBreak()])
    assert official.body_blocks(doc)[1] == Paragraph("Không có./.")
    doc = samples.report(blocks=[Table(["A"], [[1]])])
    assert official.body_blocks(doc)[-1] == Paragraph("./.")
    assert doc.blocks == [Table(["A"], [[1]])]  # the document itself is left alone


def test_a_letter_is_a_document_without_a_type_and_its_subject_reads_v_v():
    letter = samples.report(doc_type="", summary="triển khai công tác dân vận")
    assert letter.is_letter
    assert official.summary_line(letter) == "V/v triển khai công tác dân vận"
    assert official.summary_line(samples.report(doc_type="", summary="V/v đã có")) == "V/v đã có"
    assert official.summary_line(samples.report()) == "Kết quả thực hiện công tác dân vận chính quyền năm 2025"


def test_appendices_are_numbered_in_roman_numerals_when_there_are_several():
    doc = samples.with_appendix()
    assert official.appendix_label(doc, 0) == "Phụ lục"
    doc.appendices = doc.appendices * 3
    assert [official.appendix_label(doc, i) for i in range(3)] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
