"""Documents the tests render: a provincial report with a table and a signer acting for the chairman."""

import datetime
import decimal

from danvan.documents.official import (
    Appendix,
    Heading,
    OfficialDocument,
    PageBreak,
    Paragraph,
    Signer,
    Table,
)

TEXT = (
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 15 tháng 02 năm 2025 của Ủy ban nhân dân tỉnh về công tác dân vận "
    "chính quyền, các sở, ban, ngành và Ủy ban nhân dân các xã, phường đã triển khai thực hiện nghiêm túc, gắn với "
    "cải cách hành chính, tiếp công dân và giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh của Nhân dân."
)


def report(**overrides) -> OfficialDocument:
    fields = {
        "parent_body": "UBND tỉnh Gia Lai",
        "issuer": "Sở Nội vụ",
        "number": 5,
        "symbol": "BC-SNV",
        "place": "Gia Lai",
        "date": datetime.date(2026, 1, 5),
        "doc_type": "Báo cáo",
        "summary": "Kết quả thực hiện công tác dân vận chính quyền năm 2025",
        "to": ["Ủy ban nhân dân tỉnh Gia Lai"],
        "blocks": [
            Heading("I. Kết quả thực hiện", 1),
            Heading("1. Công tác lãnh đạo, chỉ đạo", 2),
            Paragraph(TEXT),
            Table(
                ["STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện"],
                [
                    [1, "Số cuộc tiếp công dân", 1200, 1345],
                    [2, "Số đơn đã giải quyết", 25000, decimal.Decimal("23456.5")],
                ],
                column_widths=[15, 90, 30, 30],
                number_columns=(2, 3),
            ),
            Heading("II. Phương hướng, nhiệm vụ năm 2026", 1),
            Paragraph("Tiếp tục nâng cao chất lượng công tác dân vận chính quyền."),
        ],
        "signer": Signer(authority="TM. ỦY BAN NHÂN DÂN", prefix="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH",
                         name="Lâm Hải Giang"),
        "recipients": ["Bộ Nội vụ", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Lưu: VT, XDCQ"],
    }
    fields.update(overrides)
    return OfficialDocument(**fields)


def three_pages() -> OfficialDocument:
    """A report whose body runs over three pages (two page breaks)."""
    return report(blocks=[Paragraph(TEXT), PageBreak(), Paragraph(TEXT), PageBreak(), Paragraph(TEXT)])


def with_appendix() -> OfficialDocument:
    return report(
        issuer_name="Sở Nội vụ tỉnh Gia Lai",
        appendices=[Appendix("Biểu tổng hợp số liệu", [Table(["STT", "Đơn vị", "Số đơn"], [[1, "Xã A", 1000]])])],
    )
