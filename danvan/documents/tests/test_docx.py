"""The DOCX follows Nghị định 30/2020/NĐ-CP, Phụ lục I: read back with python-docx, not inspected as a string."""

import datetime
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from danvan.documents.docx_render import render_docx
from danvan.documents.official import Paragraph, Signer, Table
from danvan.documents.tests import samples

FONT = "Times New Roman"


def _open(doc) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(doc)))


def _mm(length) -> float:
    return round(length / 36000, 1)  # EMU to millimetres


def _all_paragraphs(document):
    """Body paragraphs and the paragraphs inside every table, in document order."""
    for element in document.element.body.iter(qn("w:p")):
        yield docx.text.paragraph.Paragraph(element, document)


def _paragraph(document, text: str):
    matches = [p for p in _all_paragraphs(document) if p.text == text]
    assert matches, f"no paragraph reads {text!r}"
    return matches[0]


def _runs_bold(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


def _runs_italic(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.italic for r in runs)


def _font_size(paragraph) -> float:
    sizes = {r.font.size.pt for r in paragraph.runs if r.text.strip()}
    assert len(sizes) == 1, sizes
    return sizes.pop()


def test_the_page_is_a4_portrait_with_the_decree_margins():
    section = _open(samples.report()).sections[0]

    assert (_mm(section.page_width), _mm(section.page_height)) == (210.0, 297.0)
    assert section.page_height > section.page_width
    assert _mm(section.top_margin) == 20.0
    assert _mm(section.bottom_margin) == 20.0
    assert _mm(section.left_margin) == 30.0
    assert _mm(section.right_margin) == 15.0


def test_every_run_and_style_is_times_new_roman_for_every_script():
    document = _open(samples.with_appendix())
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.first_page_header._element]
    runs = [run for part in parts for run in part.iter(qn("w:r"))]
    assert len(runs) > 30
    for run in runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert {a: fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == dict.fromkeys(
            ("ascii", "hAnsi", "eastAsia", "cs"), FONT
        ), run.xml
    # The defaults and the styles too, with no theme font left to override them.
    styles = document.styles.element
    all_fonts = list(styles.iter(qn("w:rFonts")))
    assert all_fonts
    for fonts in all_fonts:
        assert fonts.get(qn("w:eastAsia")) == FONT
        assert fonts.get(qn("w:cs")) == FONT
        assert fonts.get(qn("w:asciiTheme")) is None
        assert fonts.get(qn("w:eastAsiaTheme")) is None
    assert document.styles["Normal"].font.name == FONT


def test_the_header_table_has_the_agency_on_the_left_and_the_national_title_on_the_right():
    document = _open(samples.report())
    header = document.tables[0]
    left = header.cell(0, 0).paragraphs
    right = header.cell(0, 1).paragraphs

    assert left[0].text == "UBND TỈNH GIA LAI"
    assert not any(r.bold for r in left[0].runs) and _font_size(left[0]) == 13
    assert left[1].text == "SỞ NỘI VỤ"
    assert _runs_bold(left[1]) and _font_size(left[1]) == 13
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _runs_bold(right[0]) and _font_size(right[0]) == 13
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert _runs_bold(right[1]) and _font_size(right[1]) == 14


def test_the_header_table_has_no_borders_in_schema_order():
    tblPr = _open(samples.report()).tables[0]._tbl.tblPr
    tags = [child.tag.split("}")[1] for child in tblPr]
    assert "tblBorders" in tags
    for later in ("tblLayout", "tblCellMar", "tblLook"):
        if later in tags:
            assert tags.index("tblBorders") < tags.index(later)
    borders = tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    assert len(borders) == 6


def test_lines_under_the_issuer_and_the_motto_are_short_solid_borders():
    header = _open(samples.report()).tables[0]

    def rule(cell):
        (paragraph,) = [p for p in cell.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None]
        border = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}")
        assert border.get(qn("w:val")) == "single"
        fmt = paragraph.paragraph_format
        return (cell.width - fmt.left_indent - fmt.right_indent) / 36000

    issuer_line = rule(header.cell(0, 0))
    motto_line = rule(header.cell(0, 1))
    # "SỞ NỘI VỤ" in 13 pt bold is about 24 mm: the line is 1/3 to 1/2 of it.
    assert 24 / 3 <= issuer_line <= 24 / 2 + 1
    # The motto in 14 pt bold is about 60 mm, and its line is as long.
    assert 55 <= motto_line <= 65


@pytest.mark.parametrize("number, expected", [(5, "Số: 05/BC-SNV"), (12, "Số: 12/BC-SNV"), (None, "Số: \u00a0")])
def test_the_number_has_a_leading_zero_below_ten(number, expected):
    header = _open(samples.report(number=number)).tables[0]
    text = header.cell(1, 0).paragraphs[0].text
    assert text.startswith(expected)
    assert text.endswith("/BC-SNV")
    assert _font_size(header.cell(1, 0).paragraphs[0]) == 13


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2026, 1, 5), "Gia Lai, ngày 05 tháng 01 năm 2026"),
        (datetime.date(2025, 6, 29), "Gia Lai, ngày 29 tháng 6 năm 2025"),
    ],
)
def test_the_place_and_date_line_is_italic(day, expected):
    paragraph = _open(samples.report(date=day)).tables[0].cell(1, 1).paragraphs[0]
    assert paragraph.text == expected
    assert _runs_italic(paragraph)
    assert _font_size(paragraph) == 14


def test_an_undated_document_leaves_the_day_and_month_blank():
    paragraph = _open(samples.report(date=None, year=2025)).tables[0].cell(1, 1).paragraphs[0]
    assert paragraph.text.replace("\u00a0", " ").split() == ["Gia", "Lai,", "ngày", "tháng", "năm", "2025"]


def test_the_type_and_summary_are_bold_and_centred():
    document = _open(samples.report())
    kind = _paragraph(document, "BÁO CÁO")
    summary = _paragraph(document, "Kết quả thực hiện công tác dân vận chính quyền năm 2025")

    assert _runs_bold(kind) and _runs_bold(summary)
    assert kind.alignment == summary.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _font_size(kind) == _font_size(summary) == 14
    # The short line under the summary.
    after = summary._p.getnext()
    assert after.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}") is not None


def test_a_letter_puts_its_subject_under_the_number_and_has_no_type_line():
    document = _open(samples.report(doc_type="", symbol="UBND-NC", summary="triển khai công tác dân vận"))
    cell = document.tables[0].cell(1, 0)
    subject = cell.paragraphs[1]

    assert subject.text == "V/v triển khai công tác dân vận"
    assert not any(r.bold for r in subject.runs)
    assert _font_size(subject) == 12
    assert [p for p in _all_paragraphs(document) if p.text == "BÁO CÁO"] == []


def test_one_addressee_is_on_the_kinh_gui_line_several_are_listed():
    one = _open(samples.report())
    assert _paragraph(one, "Kính gửi: Ủy ban nhân dân tỉnh Gia Lai.")

    several = _open(samples.report(to=["Bộ Nội vụ", "Ban Tuyên giáo và Dân vận Trung ương"]))
    assert _paragraph(several, "Kính gửi:\t- Bộ Nội vụ;")
    assert _paragraph(several, "- Ban Tuyên giáo và Dân vận Trung ương.")


def test_body_paragraphs_are_justified_with_a_first_line_indent():
    document = _open(samples.report())
    paragraph = _paragraph(document, samples.TEXT)

    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert _mm(paragraph.paragraph_format.first_line_indent) == 10.0
    assert paragraph.paragraph_format.space_after.pt >= 6
    assert _font_size(paragraph) == 14


def test_headings_level_one_are_upper_case_and_bold_level_two_bold():
    document = _open(samples.report())
    first = _paragraph(document, "I. KẾT QUẢ THỰC HIỆN")
    second = _paragraph(document, "1. Công tác lãnh đạo, chỉ đạo")
    assert _runs_bold(first) and _runs_bold(second)


def test_the_closing_mark_ends_the_last_paragraph():
    document = _open(samples.report())
    assert _paragraph(document, "Tiếp tục nâng cao chất lượng công tác dân vận chính quyền./.")

    ends_with_table = _open(samples.report(blocks=[Paragraph("Số liệu:"), Table(["A"], [[1]])]))
    assert _paragraph(ends_with_table, "./.")


def test_a_table_has_a_bold_header_and_right_aligned_vietnamese_numbers():
    document = _open(samples.report())
    table = document.tables[1]
    header = table.rows[0]

    assert [c.text for c in header.cells] == ["STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện"]
    assert all(_runs_bold(c.paragraphs[0]) for c in header.cells)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    assert [c.text for c in table.rows[1].cells] == ["1", "Số cuộc tiếp công dân", "1.200", "1.345"]
    assert [c.text for c in table.rows[2].cells][2:] == ["25.000", "23.456,5"]
    for row in table.rows[1:]:
        assert row.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert row.cells[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert row.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"single"}


def test_the_signature_block_has_the_signer_in_bold_and_the_recipients_in_italics():
    document = _open(samples.report())
    signature = document.tables[-1]
    left, right = signature.rows[0].cells

    assert [p.text for p in right.paragraphs] == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lâm Hải Giang",
    ]
    assert all(_runs_bold(p) and _font_size(p) == 14 for p in right.paragraphs)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in right.paragraphs)
    assert right.paragraphs[-1].paragraph_format.space_before.pt >= 48  # room for the signature and the seal

    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert _runs_bold(label) and _runs_italic(label) and _font_size(label) == 12
    assert [p.text for p in left.paragraphs[1:]] == [
        "- Bộ Nội vụ;", "- Ban Tuyên giáo và Dân vận Tỉnh ủy;", "- Lưu: VT, XDCQ.",
    ]
    assert all(_font_size(p) == 11 and not any(r.bold for r in p.runs) for p in left.paragraphs[1:])
    assert signature._tbl.tblPr.find(qn("w:tblBorders"))[0].get(qn("w:val")) == "nil"


def test_a_head_signing_in_their_own_right_has_only_a_title():
    document = _open(samples.report(signer=Signer(title="Giám đốc", name="Nguyễn Văn A")))
    right = document.tables[-1].rows[0].cells[1]
    assert [p.text for p in right.paragraphs] == ["GIÁM ĐỐC", "Nguyễn Văn A"]


def test_pages_after_the_first_are_numbered_in_the_header():
    section = _open(samples.report()).sections[0]

    assert section.different_first_page_header_footer
    numbered = section.header._element
    instructions = [t.text.strip() for t in numbered.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not section.first_page_header.is_linked_to_previous
    assert list(section.first_page_header._element.iter(qn("w:instrText"))) == []
    assert list(section.first_page_header._element.iter(qn("w:fldSimple"))) == []


def test_an_appendix_starts_a_section_numbered_from_one():
    document = _open(samples.with_appendix())
    assert len(document.sections) == 2
    appendix = document.sections[1]
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert appendix.different_first_page_header_footer
    assert _paragraph(document, "Phụ lục")
    assert _paragraph(document, "BIỂU TỔNG HỢP SỐ LIỆU")
    reference = _paragraph(
        document, "(Kèm theo Báo cáo số 05/BC-SNV ngày 05 tháng 01 năm 2026 của Sở Nội vụ tỉnh Gia Lai)"
    )
    assert _runs_italic(reference)


def test_a_long_issuer_name_breaks_before_the_place():
    header = _open(samples.report(parent_body="", issuer="Ủy ban nhân dân tỉnh Gia Lai")).tables[0]
    assert header.cell(0, 0).paragraphs[0].text == "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI"


def test_the_file_properties_name_the_document_in_vietnamese():
    props = _open(samples.report()).core_properties
    assert props.title == "Báo cáo Kết quả thực hiện công tác dân vận chính quyền năm 2025"
    assert props.author == "SỞ NỘI VỤ"
    assert props.language == "vi-VN"
