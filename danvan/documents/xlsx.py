"""Tables as XLSX workbooks (openpyxl): one worksheet per table, numbers kept as numbers.

A person opens these in Excel or LibreOffice to sort, filter and add up, so numbers are never written as text,
dates are real dates shown dd/mm/yyyy, the header row stays in view and carries a filter. Text that happens to
start with "=" is written as text, never as a formula: petitions and reports carry what citizens typed.
"""

from __future__ import annotations

import datetime
import decimal
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from danvan.core.text import nfc

MAX_TITLE = 31  # Excel's limit on a sheet name
_FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
MIN_WIDTH, MAX_WIDTH = 6, 60

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


@dataclass
class Sheet:
    """One worksheet.

    `column_widths` in characters (guessed from the content when missing). `number_formats` maps a column, by
    index or by header, to an Excel format such as "0.0%". `total_row` is either a label (e.g. "Tổng cộng"),
    for a bold last row with the sum of every all-numeric column (or of `total_columns`), or the list of values
    of that row. `caption` adds a bold title line above the header."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence]
    column_widths: Sequence[float] | None = None
    number_formats: Mapping[int | str, str] | None = None
    total_row: str | Sequence | None = None
    total_columns: Sequence[int] | None = None
    caption: str = ""


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters, not starting or ending with "'"; a
    duplicate (Excel compares names without case) gets " (2)", " (3)" …"""
    base = _FORBIDDEN_IN_TITLE.sub("-", nfc(title)).strip().strip("'").strip() or "Sheet"
    base = base[:MAX_TITLE].rstrip()
    candidate, n = base, 1
    while candidate.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = f"{base[:MAX_TITLE - len(suffix)].rstrip()}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def _is_number(value) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def cell_value(value):
    """A value as openpyxl should store it: numbers as int or float, dates as dates, text as clean text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: show the time as it was in Việt Nam.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (datetime.date, datetime.time)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", nfc(str(value)))


def _default_format(value) -> str | None:
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    if isinstance(value, int) and not isinstance(value, bool):
        return INTEGER_FORMAT
    if isinstance(value, float):
        return DECIMAL_FORMAT
    return None


def _write(ws, row: int, column: int, value, number_format: str | None):
    value = cell_value(value)
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, not a formula
    fmt = number_format or _default_format(value)
    if fmt:
        cell.number_format = fmt
    return cell


def _display_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    if _is_number(value):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _totals(sheet: Sheet, columns: int) -> list:
    if not isinstance(sheet.total_row, str):
        return list(sheet.total_row)
    if sheet.total_columns is not None:
        summed = set(sheet.total_columns)
    else:
        summed = {
            index for index in range(1, columns)
            if any(_is_number(row[index]) for row in sheet.rows if index < len(row))
            and all(row[index] is None or _is_number(row[index]) for row in sheet.rows if index < len(row))
        }
    values: list = [nfc(sheet.total_row)] + [None] * (columns - 1)
    for index in summed:
        numbers = [cell_value(row[index]) for row in sheet.rows if index < len(row) and _is_number(row[index])]
        # Summed in Decimal: 0.1 + 0.2 must show 0.3, the figure a person checks by hand.
        total = sum((decimal.Decimal(str(n)) for n in numbers), decimal.Decimal(0))
        values[index] = cell_value(total)
    return values


def _fill(ws, sheet: Sheet) -> None:
    headers = [nfc(str(h)) for h in sheet.headers]
    columns = len(headers)
    formats: dict[int, str] = {}
    for key, fmt in (sheet.number_formats or {}).items():
        index = headers.index(nfc(key)) if isinstance(key, str) else key
        formats[index] = fmt

    row_no = 1
    if sheet.caption:
        ws.cell(row=1, column=1, value=cell_value(sheet.caption)).font = Font(bold=True, size=13)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(columns, 1))
        row_no = 3  # a blank line between the caption and the table
    header_row = row_no

    for index, text in enumerate(headers, start=1):
        cell = _write(ws, header_row, index, text, None)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    widths = [_display_length(h) for h in headers]
    for values in sheet.rows:
        row_no += 1
        for index in range(columns):
            value = values[index] if index < len(values) else None
            cell = _write(ws, row_no, index + 1, value, formats.get(index))
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))
            widths[index] = max(widths[index], _display_length(cell.value))
    last_data_row = row_no

    if sheet.total_row is not None:
        row_no += 1
        for index, value in enumerate(_totals(sheet, columns)[:columns]):
            cell = _write(ws, row_no, index + 1, value, formats.get(index))
            cell.font = Font(bold=True)
            cell.border = _BORDER
            widths[index] = max(widths[index], _display_length(cell.value))

    ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate
    if columns:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{max(last_data_row, header_row)}"
        ws.print_title_rows = f"{header_row}:{header_row}"
    chosen = list(sheet.column_widths or [])
    for index in range(columns):
        width = chosen[index] if index < len(chosen) else min(max(widths[index] + 2, MIN_WIDTH), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def render_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one worksheet per sheet, as XLSX bytes."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet_title(sheet.title, taken))
        _fill(ws, sheet)
    workbook.properties.creator = "DânVận"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
