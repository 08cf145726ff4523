"""An official document as a plain structure, rendered to DOCX, PDF and HTML (DESIGN.md §4, §8).

The structure knows nothing about Word or HTML: a report or plan is built once (issuer, number, place and date,
type and summary, body blocks, signer, recipients) and each renderer lays it out. The wording helpers below
(the number line, the date line, the recipient lines) follow Nghị định 30/2020/NĐ-CP, Phụ lục I, and are
shared by every renderer so that the DOCX and the preview never disagree.

The fixed Vietnamese wording of the decree ("Số:", "Kính gửi:", "Nơi nhận:", "Phụ lục", "Kèm theo") is legally
fixed text, not interface text, so it is not translated.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field

from django.utils import timezone

from danvan.core.text import date_in_words, nfc, place_and_date

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


@dataclass
class Heading:
    """A section heading. Level 1 "I. MỤC ĐÍCH, YÊU CẦU" (upper case, bold), level 2 "1. Mục đích" (bold),
    level 3 "a) …" (plain)."""

    text: str
    level: int = 1


@dataclass
class Paragraph:
    """Body text: justified, first-line indent 1 cm, 14 pt."""

    text: str
    italic: bool = False
    bold: bool = False


@dataclass
class Table:
    """A bordered table with a bold header row, e.g. an indicator table.

    `column_widths` are in millimetres (the renderer spreads the text width evenly when they are missing);
    `number_columns` are the indexes of the columns printed right-aligned. Numbers (int, float, Decimal) are
    formatted the Vietnamese way, 1.234.567,5, wherever they appear."""

    headers: list[str]
    rows: list[list]
    column_widths: list[float] | None = None
    number_columns: tuple[int, ...] = ()


@dataclass
class PageBreak:
    """The next block starts on a new page."""


Block = Heading | Paragraph | Table | PageBreak


@dataclass
class Signer:
    """The signature block: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH", then the name.

    `authority` (TM. …) and `prefix` (KT./Q./TL./TUQ. …) may be empty: a head signing in their own right has only
    a title."""

    title: str = ""
    name: str = ""
    authority: str = ""
    prefix: str = ""

    def lines(self) -> list[str]:
        """The upper-case lines above the signature, empty ones left out."""
        return [nfc(line).upper() for line in (self.authority, self.prefix, self.title) if nfc(line)]


@dataclass
class Appendix:
    """A "Phụ lục" after the body, on its own pages and numbered from 1 again (Phụ lục I, Phần I mục III.1).

    `reference` replaces the "(Kèm theo … số … ngày …)" line; `landscape` turns its pages for wide tables."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    reference: str | None = None
    landscape: bool = False


@dataclass(kw_only=True)
class OfficialDocument:
    """One official document (mẫu 1.4 "Văn bản có tên loại" for a báo cáo or kế hoạch, mẫu 1.5 for a công văn).

    `number` None prints a blank number ("Số:      /BC-UBND") for the clerk to fill in after signing; `date`
    None prints "ngày    tháng    năm 2025" with the year from `year` (this year when that is missing too).
    `doc_type` empty makes it a công văn: the summary is then printed as "V/v …" under the number."""

    issuer: str
    symbol: str
    place: str
    parent_body: str = ""
    number: int | None = None
    date: datetime.date | None = None
    year: int | None = None
    doc_type: str = ""
    summary: str = ""
    to: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    closing_mark: str = "./."
    signer: Signer = field(default_factory=Signer)
    recipients: list[str] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    # Used only in the appendices' reference line ("… của Ủy ban nhân dân tỉnh Gia Lai"); may be empty.
    issuer_name: str = ""

    @property
    def is_letter(self) -> bool:
        """A công văn: no type name, the summary goes under the number as "V/v …"."""
        return not nfc(self.doc_type)

    @property
    def title(self) -> str:
        """A one-line title for file properties and file names."""
        return " ".join(part for part in (nfc(self.doc_type).capitalize(), nfc(self.summary)) if part)


# --- The wording shared by the renderers -------------------------------------------------------------------

# Where a number or a day is not known yet, the clerk writes it in by hand: leave room for it.
BLANK_NUMBER = "\u00a0" * 6
BLANK_DAY = "\u00a0" * 4


def number_text(doc: OfficialDocument) -> str:
    """ "05/BC-UBND": numbers below 10 take a leading zero (Phụ lục I, ô số 3); blank when not numbered yet."""
    number = f"{doc.number:02d}" if doc.number is not None else BLANK_NUMBER
    return f"{number}/{nfc(doc.symbol)}"


def number_line(doc: OfficialDocument) -> str:
    return f"Số: {number_text(doc)}"


def document_year(doc: OfficialDocument) -> int:
    if doc.date is not None:
        return doc.date.year
    return doc.year or datetime.date.today().year


def date_words(doc: OfficialDocument) -> str:
    """ "ngày 05 tháng 01 năm 2026", or "ngày    tháng    năm 2026" for a document not dated yet."""
    if doc.date is not None:
        return date_in_words(doc.date)
    return f"ngày{BLANK_DAY}tháng{BLANK_DAY}năm {document_year(doc)}"


def date_line(doc: OfficialDocument) -> str:
    """ "Gia Lai, ngày 05 tháng 01 năm 2026" (Phụ lục I, ô số 4)."""
    if doc.date is not None:
        return place_and_date(nfc(doc.place), doc.date)
    return f"{nfc(doc.place)}, {date_words(doc)}"


def summary_line(doc: OfficialDocument) -> str:
    """The trích yếu as printed: "V/v …" for a công văn (ô số 5b), as given otherwise (ô số 5a)."""
    summary = nfc(doc.summary)
    if doc.is_letter and summary and not summary.lower().startswith("v/v"):
        return f"V/v {summary}"
    return summary


def _bare(item: str) -> str:
    """A list item without the dash and end punctuation the caller may have typed."""
    item = nfc(item)
    if item.startswith(("-", "–")):
        item = item[1:].strip()
    return item.rstrip(" ;.,")


def listed(items: list[str]) -> list[str]:
    """ "- A;", "- B;", "- C.": one per line, starting with "-", ";" after each, "." after the last."""
    items = [_bare(item) for item in items if _bare(item)]
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


def addressees(doc: OfficialDocument) -> list[str]:
    """The "Kính gửi" lines (ô số 9a): one recipient on the same line, several as a list."""
    names = [_bare(name) for name in doc.to if _bare(name)]
    if len(names) == 1:
        return [f"{names[0]}."]
    return listed(names)


def recipient_lines(doc: OfficialDocument) -> list[str]:
    """The "Nơi nhận" list (ô số 9b); the last line is normally "- Lưu: VT, <drafting unit>."."""
    return listed(doc.recipients)


def with_closing_mark(text: str, mark: str) -> str:
    """ "… của Ủy ban nhân dân tỉnh./.": the mark replaces a final full stop, since it begins with one."""
    if not mark:
        return text
    text = text.rstrip()
    if mark.startswith(".") and text.endswith("."):
        text = text[:-1]
    return f"{text}{mark}"


def body_blocks(doc: OfficialDocument) -> list[Block]:
    """The body with the closing mark ("./.") appended to its last paragraph or heading.

    When the body ends with a table (or is empty), the mark gets a paragraph of its own."""
    blocks = list(doc.blocks)
    if not doc.closing_mark:
        return blocks
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if isinstance(block, PageBreak):
            continue
        if isinstance(block, Paragraph):
            blocks[i] = Paragraph(with_closing_mark(block.text, doc.closing_mark), italic=block.italic,
                                  bold=block.bold)
            return blocks
        if isinstance(block, Heading):
            blocks[i] = Heading(with_closing_mark(block.text, doc.closing_mark), level=block.level)
            return blocks
        break
    blocks.append(Paragraph(doc.closing_mark))
    return blocks


def heading_text(block: Heading) -> str:
    text = nfc(block.text)
    return text.upper() if block.level <= 1 else text


def appendix_label(doc: OfficialDocument, index: int) -> str:
    """ "Phụ lục", or "Phụ lục I", "Phụ lục II" … when there are two or more."""
    if len(doc.appendices) < 2:
        return "Phụ lục"
    numeral = ROMAN[index] if index < len(ROMAN) else str(index + 1)
    return f"Phụ lục {numeral}"


def appendix_reference(doc: OfficialDocument, appendix: Appendix) -> str:
    """ "(Kèm theo Báo cáo số 05/BC-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Gia Lai)"."""
    if appendix.reference is not None:
        return appendix.reference
    kind = nfc(doc.doc_type).capitalize() or "Văn bản"
    of = f" của {nfc(doc.issuer_name)}" if nfc(doc.issuer_name) else ""
    return f"(Kèm theo {kind} số {number_text(doc)} {date_words(doc)}{of})"


def is_number(value) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def format_number(value, decimals: int | None = None) -> str:
    """Vietnamese style: "1.234.567", "12,5". Floats keep at most two decimals unless told otherwise;
    Decimals keep their own precision."""
    if isinstance(value, decimal.Decimal):
        text = f"{value:,f}" if decimals is None else f"{value:,.{decimals}f}"
    elif isinstance(value, float):
        text = f"{value:,.{2 if decimals is None else decimals}f}"
        if decimals is None and "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{value:,}" if decimals is None else f"{value:,.{decimals}f}"
    if text in ("-0", "-0.0", "-0.00"):
        text = text[1:]
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def cell_text(value) -> str:
    if value is None:
        return ""
    if is_number(value):
        return format_number(value)
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))
