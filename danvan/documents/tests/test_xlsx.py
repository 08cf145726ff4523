"""XLSX tables read back with openpyxl: numbers stay numbers, dates stay dates, the header stays in view."""

import datetime
import decimal
import io

import openpyxl
import pytest

from danvan.documents.xlsx import Sheet, render_xlsx, sheet_title


def _load(*sheets):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(list(sheets))))


def _indicators(**extra) -> Sheet:
    return Sheet(
        title="Chỉ tiêu",
        headers=["STT", "Đơn vị", "Số đơn", "Tỷ lệ", "Ngày báo cáo"],
        rows=[
            [1, "Xã Đắk Pơ", 12, 0.5, datetime.date(2025, 6, 14)],
            [2, "Phường Quy Nhơn Nam", decimal.Decimal("1345"), decimal.Decimal("0.75"), datetime.date(2025, 9, 14)],
            [3, "=HYPERLINK(\"http://example.com\")", 1000, 0.1, None],
        ],
        **extra,
    )


def test_one_worksheet_per_sheet_with_valid_unique_names():
    workbook = _load(
        _indicators(),
        Sheet(title="Chỉ tiêu", headers=["A"], rows=[]),
        Sheet(title="Quý I/2025: [tổng hợp]*?", headers=["A"], rows=[]),
        Sheet(title="Báo cáo kết quả thực hiện công tác dân vận chính quyền", headers=["A"], rows=[]),
    )
    assert workbook.sheetnames == [
        "Chỉ tiêu", "Chỉ tiêu (2)", "Quý I-2025- -tổng hợp---", "Báo cáo kết quả thực hiện công",
    ]
    assert all(len(name) <= 31 for name in workbook.sheetnames)


def test_sheet_titles_stay_unique_without_regard_to_case_after_truncation():
    taken: set[str] = set()
    long = "x" * 40
    assert sheet_title(long, taken) == "x" * 31
    assert sheet_title(long.upper(), taken) == "X" * 27 + " (2)"
    assert sheet_title("", taken) == "Sheet"


def test_the_header_is_bold_frozen_and_filtered():
    ws = _load(_indicators())["Chỉ tiêu"]
    assert [c.value for c in ws[1]] == ["STT", "Đơn vị", "Số đơn", "Tỷ lệ", "Ngày báo cáo"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E4"
    assert not ws["B2"].font.bold


def test_a_caption_goes_above_and_the_header_is_frozen_below_it():
    ws = _load(_indicators(caption="Tổng hợp số liệu 9 tháng năm 2025"))["Chỉ tiêu"]
    assert ws["A1"].value == "Tổng hợp số liệu 9 tháng năm 2025"
    assert ws["A3"].value == "STT"
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == "A3:E6"


def test_numbers_are_stored_as_numbers_and_dates_as_dates():
    ws = _load(_indicators())["Chỉ tiêu"]
    for row in ws.iter_rows(min_row=2, max_row=4):
        assert isinstance(row[0].value, int)
        assert isinstance(row[2].value, (int, float))
        assert isinstance(row[3].value, (int, float))
    assert ws["C3"].value == 1345
    assert ws["D3"].value == 0.75
    assert ws["C3"].number_format == "#,##0"
    assert ws["E2"].value == datetime.datetime(2025, 6, 14)
    assert ws["E2"].number_format == "dd/mm/yyyy"
    assert ws["E4"].value is None


def test_text_that_looks_like_a_formula_stays_text():
    ws = _load(_indicators())["Chỉ tiêu"]
    assert ws["B4"].data_type == "s"
    assert ws["B4"].value == "=HYPERLINK(\"http://example.com\")"


def test_number_formats_can_be_given_by_column_index_or_header():
    ws = _load(_indicators(number_formats={"Tỷ lệ": "0.0%", 2: "0"}))["Chỉ tiêu"]
    assert ws["D2"].number_format == "0.0%"
    assert ws["C2"].number_format == "0"


def test_a_total_row_sums_the_numeric_columns():
    ws = _load(_indicators(total_row="Tổng cộng"))["Chỉ tiêu"]
    total = ws[5]
    assert total[0].value == "Tổng cộng"
    assert all(c.font.bold for c in total)
    assert total[2].value == sum(ws.cell(row=r, column=3).value for r in range(2, 5)) == 2357
    assert total[3].value == pytest.approx(1.35)
    assert total[3].value == 1.35  # summed in Decimal: no 1.3499999999999999
    assert total[1].value is None  # text column
    assert total[4].value is None  # dates are not summed
    assert ws.auto_filter.ref == "A1:E4"  # the filter leaves the total out


def test_a_total_row_can_be_given_as_values():
    ws = _load(_indicators(total_row=["Cộng", None, decimal.Decimal("2357"), None, None]))["Chỉ tiêu"]
    assert [c.value for c in ws[5]] == ["Cộng", None, 2357, None, None]


def test_columns_are_wide_enough_for_their_content():
    ws = _load(_indicators(), Sheet(title="Hẹp", headers=["A"], rows=[["x"]], column_widths=[30]))
    sheet = ws["Chỉ tiêu"]
    assert sheet.column_dimensions["B"].width >= len("Phường Quy Nhơn Nam")
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["B"].width
    assert ws["Hẹp"].column_dimensions["A"].width == 30


def test_a_workbook_needs_a_sheet():
    with pytest.raises(ValueError):
        render_xlsx([])
