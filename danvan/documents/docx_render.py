"""An official document as DOCX, laid out by Nghị định 30/2020/NĐ-CP, Phụ lục I (legal-notes §2).

A4 portrait, margins 20/20/30/15 mm, Times New Roman everywhere; the two-column header (issuer on the left,
national title and motto on the right); type and summary; body; the two-column signature block; page numbers
centred in the top margin from page 2 on. Sizes in the comments are the decree's "ô số" (layout positions).

python-docx only sets the ASCII and hAnsi fonts through `run.font.name`; Word falls back to the theme fonts
for Vietnamese letters unless `w:eastAsia` and `w:cs` are set too and the theme attributes are removed, so
every run and every style is given all four (TOOLING.md, "Documents").
"""

from __future__ import annotations

import datetime
import io
import unicodedata

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from danvan.core.text import nfc
from danvan.documents import official
from danvan.documents.official import Heading, OfficialDocument, PageBreak, Paragraph, Table

FONT = "Times New Roman"
LANGUAGE = "vi-VN"

# Phụ lục I, Phần I mục I: A4 portrait; top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165

# The header table: the national title (13 pt bold, about 96 mm) must fit the right column on one line.
HEADER_LEFT_MM = 65
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM
SIGNATURE_LEFT_MM = 80
SIGNATURE_RIGHT_MM = TEXT_WIDTH_MM - SIGNATURE_LEFT_MM

BODY_PT = 14
# The short line under the issuer and under the summary: 1/3 to 1/2 of the text (ô số 2 and 5a).
SHORT_RULE = 0.4

# Advance widths (1/1000 em) of ASCII 32-126 in Times New Roman (the same metrics as Liberation Serif), used
# to size the short lines under the issuer, the motto and the summary. Vietnamese letters are measured by
# their base letter.
_WIDTHS_REGULAR = (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 500 500 500 500 278 "
    "278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 611 722 "
    "722 944 722 722 611 333 278 333 469 500 333 444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 "
    "500 333 389 278 500 500 722 500 500 444 480 200 480 541"
)
_WIDTHS_BOLD = (
    "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 500 500 500 500 333 "
    "333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 667 944 722 778 611 778 722 556 667 722 "
    "722 1000 722 722 667 333 278 333 581 500 333 500 556 444 556 444 333 500 500 278 333 556 278 833 556 500 556 "
    "556 444 389 333 556 500 722 500 500 444 394 220 394 520"
)
_ADVANCES = {
    False: [int(w) for w in _WIDTHS_REGULAR.split()],
    True: [int(w) for w in _WIDTHS_BOLD.split()],
}


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of one line of text in Times New Roman."""
    table = _ADVANCES[bold]
    base = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    units = 0
    for ch in base:
        if unicodedata.category(ch) == "Mn":
            continue
        code = ord(ch)
        units += table[code - 32] if 32 <= code < 127 else 500
    return units / 1000 * size_pt / 72 * 25.4


def balanced_lines(text: str, width_mm: float, size_pt: float, *, bold: bool) -> str:
    """Break a name that does not fit its column into two lines of similar length at a word boundary
    ("ỦY BAN NHÂN DÂN / TỈNH GIA LAI"), the way a clerk would, instead of leaving the last word alone.
    Lines the caller already broke with "\\n" are kept."""
    if "\n" in text or text_width_mm(text, size_pt, bold=bold) <= width_mm:
        return text
    words = text.split()
    best = None
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        widest = max(text_width_mm(first, size_pt, bold=bold), text_width_mm(second, size_pt, bold=bold))
        # A break before the place ("… / TỈNH GIA LAI") keeps the body's name whole on the first line.
        before_place = second.startswith(_PLACE_WORDS) and widest <= width_mm
        rank = (not before_place, widest)
        if best is None or rank < best[0]:
            best = (rank, f"{first}\n{second}")
    return best[1] if best else text


_PLACE_WORDS = ("TỈNH ", "THÀNH PHỐ ", "XÃ ", "PHƯỜNG ", "ĐẶC KHU ", "HUYỆN ", "QUẬN ", "THỊ XÃ ", "THỊ TRẤN ")


# --- Low-level XML -------------------------------------------------------------------------------------------

_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)
_SECTPR_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar",
    "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
    "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)


def _put(parent, child, order: tuple[str, ...]):
    """Put `child` into `parent` where the schema wants it (replacing one of the same tag): Word ignores or
    rejects elements out of order, e.g. w:tblBorders appended after w:tblLook."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    names = [qn(name) for name in order]
    after = names[names.index(tag) + 1:] if tag in names else []
    for existing in parent:
        if existing.tag in after:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def _element(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), str(value))
    return el


def _set_fonts(rPr) -> None:
    """Times New Roman for every script, and no theme font that would override it."""
    fonts = rPr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


# --- Paragraphs and runs -------------------------------------------------------------------------------------


def _run(paragraph, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_fonts(run._r.get_or_add_rPr())
    return run


def _format(paragraph, *, align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, after: float = 0,
            single: bool = True, first_indent: float | None = None, keep_next: bool = False,
            size: float = BODY_PT):
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if single:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        # Phụ lục I, ô số 6: line spacing from single to 1.5 lines.
        fmt.line_spacing = 1.15
    if first_indent is not None:
        fmt.first_line_indent = Cm(first_indent)
    if keep_next:
        fmt.keep_with_next = True
    # The paragraph mark's own font decides the height of an empty line and what Word types next.
    pPr = paragraph._p.get_or_add_pPr()
    rPr = pPr.find(qn("w:rPr"))
    if rPr is None:
        rPr = _put(pPr, OxmlElement("w:rPr"), _PPR_ORDER)
    _set_fonts(rPr)
    sz = rPr.get_or_add_sz()
    sz.val = Pt(size)
    return paragraph


class _Flow:
    """Hands out paragraphs in a container (the body, a table cell, a header): a new cell already holds one
    empty paragraph, which must be used rather than left as a blank line."""

    def __init__(self, container, *, fresh: bool = False):
        self.container = container
        self.unused = container.paragraphs[0] if fresh else None

    def paragraph(self, text: str = "", *, size: float = BODY_PT, bold: bool = False, italic: bool = False,
                  **fmt):
        if self.unused is not None:
            paragraph, self.unused = self.unused, None
        else:
            paragraph = self.container.add_paragraph()
        _format(paragraph, size=size, **fmt)
        if text:
            _run(paragraph, text, size=size, bold=bold, italic=italic)
        return paragraph

    def rule(self, width_mm: float, available_mm: float, *, after: float = 0):
        """A solid line `width_mm` long, centred: the top border of an almost empty paragraph whose
        indents shrink it to that width. Word and LibreOffice both draw it, and it stays with the text."""
        width_mm = min(width_mm, available_mm)
        # A small gap above, so that the line does not look like an underline touching the letters.
        paragraph = self.paragraph(size=1, before=2, after=after)
        side = Mm(max(0.0, (available_mm - width_mm) / 2))
        paragraph.paragraph_format.left_indent = side
        paragraph.paragraph_format.right_indent = side
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(2)
        borders = _element("w:pBdr")
        borders.append(_element("w:top", val="single", sz=6, space=1, color="000000"))
        _put(paragraph._p.get_or_add_pPr(), borders, _PPR_ORDER)
        return paragraph


# --- Tables --------------------------------------------------------------------------------------------------


def _table(container, rows: int, widths_mm: list[float], *, borders: bool, cell_margin_mm: float | None):
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblPr = table._tbl.tblPr
    _put(tblPr, _element("w:tblW", w=_twips(sum(widths_mm)), type="dxa"), _TBLPR_ORDER)
    edges = _element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            edges.append(_element(f"w:{edge}", val="single", sz=4, space=0, color="000000"))
        else:
            edges.append(_element(f"w:{edge}", val="nil"))
    _put(tblPr, edges, _TBLPR_ORDER)
    _put(tblPr, _element("w:tblLayout", type="fixed"), _TBLPR_ORDER)
    if cell_margin_mm is not None:
        margins = _element("w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            value = 0 if side in ("top", "bottom") else _twips(cell_margin_mm)
            margins.append(_element(f"w:{side}", w=value, type="dxa"))
        _put(tblPr, margins, _TBLPR_ORDER)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(_twips(width)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def _header_table(document, doc: OfficialDocument) -> None:
    """Ô số 1-4: agency, number (and "V/v" for a công văn) on the left; national title, motto, place and date
    on the right. Two rows, so that the number and the date sit on the same line."""
    table = _table(document, 2, [HEADER_LEFT_MM, HEADER_RIGHT_MM], borders=False, cell_margin_mm=0)
    top_left, top_right = table.rows[0].cells
    bottom_left, bottom_right = table.rows[1].cells
    for cell in (top_left, top_right, bottom_left, bottom_right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    left = _Flow(top_left, fresh=True)
    parent_body = nfc(doc.parent_body).upper()
    if parent_body:
        # Ô số 2: the parent body, upper case, 12-13 pt, upright, not bold.
        left.paragraph(balanced_lines(parent_body, HEADER_LEFT_MM, 13, bold=False), size=13)
    issuer = balanced_lines(nfc(doc.issuer).upper(), HEADER_LEFT_MM, 13, bold=True)
    # Ô số 2: the issuer, upper case, 12-13 pt, bold, a solid line of 1/3-1/2 of its length underneath.
    left.paragraph(issuer, size=13, bold=True)
    issuer_width = max(text_width_mm(line, 13, bold=True) for line in issuer.split("\n"))
    left.rule(SHORT_RULE * issuer_width, HEADER_LEFT_MM)

    right = _Flow(top_right, fresh=True)
    # Ô số 1: the national title (12-13 pt bold) and the motto (13-14 pt bold), underlined by a line as long.
    right.paragraph(official.NATIONAL_TITLE, size=13, bold=True)
    right.paragraph(official.MOTTO, size=14, bold=True)
    right.rule(text_width_mm(official.MOTTO, 14, bold=True), HEADER_RIGHT_MM)

    number = _Flow(bottom_left, fresh=True)
    # Ô số 3: "Số: 05/BC-UBND", 13 pt.
    number.paragraph(official.number_line(doc), size=13, before=6)
    if doc.is_letter and official.summary_line(doc):
        # Ô số 5b: the subject of a công văn, 12-13 pt, upright, under the number with a 6 pt gap.
        number.paragraph(official.summary_line(doc), size=12, before=6)

    # Ô số 4: place and date, 13-14 pt, italic, centred under the national title.
    _Flow(bottom_right, fresh=True).paragraph(official.date_line(doc), size=14, italic=True, before=6)


def _addressees(flow: _Flow, doc: OfficialDocument) -> None:
    """Ô số 9a: "Kính gửi:" then the recipients, on the same line for one, one per line for several."""
    lines = official.addressees(doc)
    if not lines:
        return
    if len(lines) == 1:
        flow.paragraph(f"Kính gửi: {lines[0]}", before=12, after=6)
        return
    label_at, list_at = 30.0, 56.0
    for i, line in enumerate(lines):
        paragraph = flow.paragraph(align=WD_ALIGN_PARAGRAPH.LEFT, before=12 if i == 0 else 0,
                                   after=6 if i == len(lines) - 1 else 0)
        fmt = paragraph.paragraph_format
        fmt.left_indent = Mm(list_at)
        if i == 0:
            fmt.first_line_indent = Mm(label_at - list_at)
            fmt.tab_stops.add_tab_stop(Mm(list_at))
            _run(paragraph, "Kính gửi:\t")
        _run(paragraph, line)


def _title(flow: _Flow, doc: OfficialDocument) -> None:
    """Ô số 5a: the type name (upper case, bold) and the summary (bold) centred, a short line under them."""
    if doc.is_letter:
        return
    flow.paragraph(nfc(doc.doc_type).upper(), bold=True, before=18, keep_next=True)
    summary = official.summary_line(doc)
    if summary:
        flow.paragraph(summary, bold=True, keep_next=True)
        width = min(text_width_mm(summary, BODY_PT, bold=True), TEXT_WIDTH_MM)
        flow.rule(SHORT_RULE * width, TEXT_WIDTH_MM, after=6)
    else:
        flow.rule(SHORT_RULE * text_width_mm(nfc(doc.doc_type).upper(), BODY_PT, bold=True), TEXT_WIDTH_MM,
                  after=6)


def _data_table(document, block: Table) -> None:
    columns = len(block.headers)
    widths = list(block.column_widths or [])
    if len(widths) != columns:
        widths = [TEXT_WIDTH_MM / columns] * columns
    table = _table(document, 1 + len(block.rows), widths, borders=True, cell_margin_mm=1.5)
    header_row = table.rows[0]
    # Repeat the header row on each page a long table runs over.
    header_row._tr.get_or_add_trPr().append(_element("w:tblHeader"))
    for cell, text in zip(header_row.cells, block.headers, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _Flow(cell, fresh=True).paragraph(nfc(str(text)), size=13, bold=True, before=3, after=3)
    numeric = set(block.number_columns)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        cells = row.cells
        for index, cell in enumerate(cells):
            value = values[index] if index < len(values) else None
            right = index in numeric if numeric else official.is_number(value)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _Flow(cell, fresh=True).paragraph(
                official.cell_text(value), size=13, before=2, after=2,
                align=WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT,
            )


def _page_break(flow: _Flow) -> None:
    paragraph = flow.paragraph(size=1)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def _blocks(document, flow: _Flow, blocks) -> None:
    """Ô số 6: the body. A page break is carried to the next paragraph as "page break before", so that the new
    page does not start with an empty line; only a table after it needs a paragraph holding the break."""
    break_pending = False
    for block in blocks:
        if isinstance(block, PageBreak):
            break_pending = True
            continue
        if isinstance(block, Table):
            if break_pending:
                _page_break(flow)
                break_pending = False
            _data_table(document, block)
            # A table must be followed by a paragraph (and two tables in a row would merge): a small gap.
            flow.paragraph(size=6)
            continue
        if isinstance(block, Heading):
            text = official.heading_text(block)
            paragraph = flow.paragraph(text, bold=block.level <= 2, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                                       after=6, single=False, first_indent=1, keep_next=True)
        elif isinstance(block, Paragraph):
            paragraph = flow.paragraph(nfc(block.text), bold=block.bold, italic=block.italic,
                                       align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, single=False, first_indent=1)
        else:
            raise TypeError(f"unknown block {block!r}")
        if break_pending:
            paragraph.paragraph_format.page_break_before = True
            break_pending = False
    if break_pending:
        _page_break(flow)


def _signature(document, doc: OfficialDocument) -> None:
    """Ô số 7 and 9b: "Nơi nhận:" and its list on the left, level with the signer's first line on the right."""
    lines = doc.signer.lines()
    name = nfc(doc.signer.name)
    recipients = official.recipient_lines(doc)
    if not (lines or name or recipients):
        return
    _Flow(document).paragraph(size=6, before=6)
    table = _table(document, 1, [SIGNATURE_LEFT_MM, SIGNATURE_RIGHT_MM], borders=False, cell_margin_mm=0)
    left_cell, right_cell = table.rows[0].cells
    left_cell.vertical_alignment = right_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    left = _Flow(left_cell, fresh=True)
    if recipients:
        # Ô số 9b: "Nơi nhận:" 12 pt bold italic; the list 11 pt, one per line.
        left.paragraph("Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in recipients:
            left.paragraph(line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)

    right = _Flow(right_cell, fresh=True)
    # Ô số 7a: authority, prefix and title, upper case, 13-14 pt, bold; 7b: the name, bold, below the space
    # left for the signature and the seal.
    for line in lines:
        right.paragraph(line, bold=True)
    if name:
        right.paragraph(name, bold=True, before=72 if lines else 0)


def _page_numbers(section) -> None:
    """Page numbers centred in the top margin, 13-14 pt, not on the first page (Phụ lục I, Phần I mục I)."""
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    header = section.header
    paragraph = _format(header.paragraphs[0], size=BODY_PT)
    for element in _field_runs("PAGE"):
        run = _run(paragraph, "")
        run._r.append(element)
    # An explicit empty header for the first page, so no application falls back to the numbered one.
    first = section.first_page_header
    first.is_linked_to_previous = False
    _format(first.paragraphs[0], size=BODY_PT)


def _field_runs(instruction: str):
    yield _element("w:fldChar", fldCharType="begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    yield text
    yield _element("w:fldChar", fldCharType="separate")
    shown = OxmlElement("w:t")
    shown.text = "2"
    yield shown
    yield _element("w:fldChar", fldCharType="end")


def _page_setup(section, *, landscape: bool = False) -> None:
    width, height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.gutter = Mm(0)


def _restart_numbering(section) -> None:
    """Each appendix is numbered on its own, from 1 (Phụ lục I, Phần I mục I)."""
    _put(section._sectPr, _element("w:pgNumType", start=1), _SECTPR_ORDER)


def _styles(document) -> None:
    """Times New Roman 14 pt in the document defaults and every style, Vietnamese as the proofing language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rPr)
    rPr.get_or_add_sz().val = Pt(BODY_PT)
    lang = rPr.find(qn("w:lang"))
    if lang is None:
        lang = _element("w:lang")
        rPr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    for fonts in styles.iter(qn("w:rFonts")):
        _set_fonts(fonts.getparent())
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr())


def _appendix(document, doc: OfficialDocument, index: int) -> None:
    appendix = doc.appendices[index]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=appendix.landscape)
    _restart_numbering(section)
    flow = _Flow(document)
    # "Phụ lục" 14 pt bold centred; the title upper case bold; the reference line italic.
    flow.paragraph(official.appendix_label(doc, index), bold=True, keep_next=True)
    flow.paragraph(nfc(appendix.title).upper(), bold=True, keep_next=True)
    reference = official.appendix_reference(doc, appendix)
    if reference:
        flow.paragraph(reference, italic=True, keep_next=True)
    flow.rule(SHORT_RULE * 60, (PAGE_HEIGHT_MM if appendix.landscape else PAGE_WIDTH_MM)
              - MARGIN_LEFT_MM - MARGIN_RIGHT_MM, after=12)
    _blocks(document, flow, appendix.blocks)


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as DOCX bytes, ready to be signed (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""
    document = Document()
    _styles(document)
    section = document.sections[0]
    _page_setup(section)
    _page_numbers(section)

    _header_table(document, doc)
    flow = _Flow(document)
    _title(flow, doc)
    _addressees(flow, doc)
    _blocks(document, flow, official.body_blocks(doc))
    _signature(document, doc)
    for index in range(len(doc.appendices)):
        _appendix(document, doc, index)

    props = document.core_properties
    props.title = doc.title[:255]
    props.subject = nfc(doc.summary)[:255]
    props.author = nfc(doc.issuer).upper()[:255]
    props.last_modified_by = props.author
    props.language = LANGUAGE
    props.category = nfc(doc.doc_type)[:255]
    props.keywords = official.number_text(doc).replace("\u00a0", "")
    props.comments = ""
    props.revision = 1
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
