"""The consolidated report and the urging letter as official documents (DOCX, PDF) and tables (XLSX).

Each is built once as a `documents.official.OfficialDocument` and rendered by the documents app."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from danvan.core.downloads import download_response
from danvan.core.text import fold
from danvan.documents import pdf
from danvan.documents.docx_render import render_docx
from danvan.documents.official import Appendix, Heading, OfficialDocument, Paragraph, Signer, Table
from danvan.documents.xlsx import Sheet, render_xlsx
from danvan.org import selectors as org_selectors
from danvan.reporting.models import Indicator, Period
from danvan.reporting.selectors import Consolidation, Status

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# How a period is named inside an official sentence ("… công tác dân vận chính quyền quý I năm 2025").
PERIOD_WORDS = {Period.Kind.Q1: "quý I", Period.Kind.H1: "6 tháng đầu năm", Period.Kind.M9: "9 tháng",
                Period.Kind.YEAR: "năm"}
SECTIONS = [
    ("results", "I. KẾT QUẢ ĐẠT ĐƯỢC"),
    ("shortcomings", "II. HẠN CHẾ, NGUYÊN NHÂN"),
    ("next_steps", "III. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI"),
    ("proposals", "IV. ĐỀ XUẤT, KIẾN NGHỊ"),
]
# Key indicators printed per unit in the appendix (a table of every indicator per unit belongs in the XLSX).
UNIT_TABLE_CODES = ["TCD_LUOT", "DON_NHAN", "DON_GQ", "DON_GQ_DUNG_HAN", "DT_HOI_NGHI", "DVK_DANG_KY"]


def pdf_available() -> bool:
    return pdf.available()


def download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    return download_response(data, filename, CONTENT_TYPES[fmt])


def _province(period: Period, day: datetime.date):
    """The issuing province as it stood on `day` (Bình Định before July 2025, Gia Lai after)."""
    issuer = period.plan.issuer
    found = org_selectors.successors(issuer, as_of=day)
    return found[0] if found else issuer


def _committee_name(province) -> str:
    return f"ỦY BAN NHÂN DÂN {province.name.upper()}"


def _period_words(period: Period) -> str:
    if period.kind == Period.Kind.AD_HOC:
        return period.display_name
    return f"{PERIOD_WORDS[period.kind]} năm {period.plan.year}"


def _number(value) -> Decimal | int | None:
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value.quantize(Decimal("0.1"))


def consolidated_document(c: Consolidation) -> OfficialDocument:
    period, plan = c.period, c.period.plan
    province = _province(period, c.tree_date)
    blocks = [Paragraph(
        f"Thực hiện Kế hoạch số {plan.number_symbol} của Ủy ban nhân dân tỉnh về {plan.title[0].lower()}"
        f"{plan.title[1:]}, Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện {_period_words(period)} như sau:"
    )]
    tasks = list(plan.tasks.all())
    for key, heading in SECTIONS:
        blocks.append(Heading(heading, level=1))
        wrote = False
        for task in tasks:
            items = [(unit, sections[key]) for unit, sections in c.narratives.get(task.number, []) if key in sections]
            if not items:
                continue
            wrote = True
            if key == "results":
                blocks.append(Heading(f"{task.number}. {_short(task.title)}", level=2))
            for unit, text in items:
                blocks.append(Paragraph(f"{unit}: {text}"))
        if key == "results":
            blocks.append(Heading(f"{len(tasks) + 1}. Kết quả các chỉ tiêu", level=2))
            blocks.append(_totals_table(c))
            wrote = True
        if not wrote:
            blocks.append(Paragraph("Không có nội dung các đơn vị báo cáo."))
    m = c.monitoring
    blocks.append(Heading("V. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ", level=1))
    blocks.append(Paragraph(
        f"Số đơn vị phải báo cáo: {m.expected}; đã gửi: {m.submitted} (tỷ lệ {_pct(m.reporting_rate)}); "
        f"gửi đúng hạn: {m.on_time} (tỷ lệ {_pct(m.timeliness_rate)}); gửi trễ hạn: {m.late}; "
        f"chưa gửi: {m.missing}."
    ))
    late = [row.unit.name for row in m.rows if row.status in (Status.OVERDUE, Status.RETURNED, Status.NOT_SENT)]
    if late:
        blocks.append(Paragraph("Các đơn vị chưa gửi báo cáo: " + "; ".join(late) + "."))
    unit_codes = [code for code in UNIT_TABLE_CODES if any(t.indicator.code == code for t in c.totals)]
    appendices = []
    if c.unit_rows and unit_codes:
        by_code = {t.indicator.code: t.indicator for t in c.totals}
        headers = ["STT", "Đơn vị"] + [by_code[code].name for code in unit_codes]
        rows = [[i, unit.name] + [_number(values.get(by_code[code].pk)) for code in unit_codes]
                for i, (unit, values) in enumerate(c.unit_rows, start=1)]
        appendices.append(Appendix(
            title=f"MỘT SỐ CHỈ TIÊU CHỦ YẾU THEO ĐƠN VỊ {_period_words(period).upper()}",
            blocks=[Table(headers=headers, rows=rows, number_columns=tuple(range(2, len(headers))))],
            landscape=True,
        ))
    signer = Signer(authority=plan.signer_authority or "TM. ỦY BAN NHÂN DÂN", prefix=plan.signer_prefix,
                    title=plan.signer_title or "CHỦ TỊCH", name=plan.signer_name)
    return OfficialDocument(
        parent_body="", issuer=_committee_name(province), issuer_name=f"Ủy ban nhân dân {province.name}",
        symbol="BC-UBND", number=None, date=None, year=period.plan.year, place=province.short_name or province.name,
        doc_type="BÁO CÁO", summary=f"Kết quả thực hiện công tác dân vận chính quyền {_period_words(period)}",
        blocks=blocks, signer=signer, appendices=appendices,
        recipients=["Bộ Nội vụ", "Thường trực Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy",
                    "CT, các PCT UBND tỉnh", "Sở Nội vụ", "Lưu: VT"],
    )


def _short(title: str, limit: int = 160) -> str:
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + " …"


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def _totals_table(c: Consolidation) -> Table:
    prev = c.previous_period.display_name if c.previous_period else "Kỳ trước"
    last = c.last_year_period.display_name if c.last_year_period else "Cùng kỳ năm trước"
    rows = []
    for i, t in enumerate((t for t in c.totals if t.indicator.value_type != Indicator.ValueType.TEXT), start=1):
        rows.append([i, t.indicator.name, t.indicator.unit_of_measure, _number(t.value), _number(t.previous),
                     _number(t.last_year)])
    return Table(headers=["STT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", prev, last], rows=rows,
                 column_widths=[12, 70, 22, 18, 18, 20], number_columns=(3, 4, 5))


def consolidated_sheets(c: Consolidation) -> list[Sheet]:
    indicators = [t.indicator for t in c.totals if t.indicator.value_type != Indicator.ValueType.TEXT]
    totals = Sheet(
        title=_("Indicators"), caption=f"{c.period.plan.title} · {c.period.display_name}",
        headers=[_("Code"), _("Indicator"), _("Unit of measure"), c.period.display_name,
                 c.previous_period.display_name if c.previous_period else _("Previous period"),
                 c.last_year_period.display_name if c.last_year_period else _("Same period last year")],
        rows=[[t.indicator.code, t.indicator.name, t.indicator.unit_of_measure, _number(t.value),
               _number(t.previous), _number(t.last_year)]
              for t in c.totals if t.indicator.value_type != Indicator.ValueType.TEXT],
    )
    summed = [i for i in indicators if i.aggregation == Indicator.Aggregation.SUM]
    by_unit = Sheet(
        title=_("By unit"),
        caption=_("Units as the tree stood on %(day)s") % {"day": f"{c.tree_date:%d/%m/%Y}"},
        headers=[_("Unit")] + [i.code for i in summed],
        rows=[[unit.name] + [_number(values.get(i.pk)) for i in summed] for unit, values in c.unit_rows],
        total_row=_("Total"),
    )
    status_names = {Status.ON_TIME: _("Sent — on time"), Status.LATE: _("Sent — late"),
                    Status.RETURNED: _("Returned for revision"), Status.OVERDUE: _("Overdue, not sent"),
                    Status.NOT_SENT: _("Not sent")}
    monitoring = Sheet(
        title=_("Timeliness"),
        headers=[_("Unit"), _("Kind"), _("Status"), _("Sent on")],
        rows=[[row.unit.name, row.unit.get_kind_display(), str(status_names[row.status]),
               row.report.submitted_at.date() if row.report and row.report.submitted_at else None]
              for row in c.monitoring.rows],
    )
    narratives = Sheet(
        title=_("Narratives"),
        headers=[_("Task"), _("Unit"), _("Results achieved"), _("Shortcomings and causes"),
                 _("Tasks and solutions for the next period"), _("Proposals and recommendations")],
        rows=[[number, unit] + [sections.get(key, "") for key, _h in SECTIONS]
              for number, items in sorted(c.narratives.items()) for unit, sections in items],
    )
    return [totals, by_unit, monitoring, narratives]


def consolidated(c: Consolidation, fmt: str) -> bytes | None:
    if fmt == "xlsx":
        return render_xlsx(consolidated_sheets(c))
    data = render_docx(consolidated_document(c))
    if fmt == "pdf":
        return pdf.docx_to_pdf(data)
    return data


def consolidated_filename(c: Consolidation, fmt: str) -> str:
    kind = c.period.kind.lower() if c.period.kind != Period.Kind.AD_HOC else f"dot-xuat-{c.period.pk}"
    return f"bao-cao-tong-hop-{kind}-{c.period.plan.year}.{fmt}"


def urging_letter_document(letter) -> OfficialDocument:
    period, plan, issuer = letter.period, letter.period.plan, letter.issuer
    province = _province(period, letter.date)
    units = sorted(letter.units.all(), key=lambda u: fold(u.name))
    plan_ref = f"Kế hoạch số {plan.number_symbol}"
    if plan.issued_on:
        plan_ref += f" ngày {plan.issued_on:%d/%m/%Y}"
    blocks = [
        Paragraph(
            f"Thực hiện {plan_ref} của Ủy ban nhân dân tỉnh về {plan.title[0].lower()}{plan.title[1:]}, các cơ "
            f"quan, đơn vị báo cáo kết quả {_period_words(period)} về Ủy ban nhân dân tỉnh (qua {issuer.name}) "
            f"trước ngày {period.due_date:%d/%m/%Y}."
        ),
        Paragraph(
            f"Đến ngày {letter.date:%d/%m/%Y}, {issuer.name} chưa nhận được báo cáo của {len(units)} cơ quan, "
            f"đơn vị sau: " + "; ".join(u.name for u in units) + "."
        ),
        Paragraph(
            f"{issuer.name} đề nghị Thủ trưởng các cơ quan, đơn vị khẩn trương hoàn thành và gửi báo cáo qua "
            f"hệ thống DânVận để {issuer.name} tổng hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định."
        ),
    ]
    return OfficialDocument(
        parent_body=f"UBND {province.name.upper()}", issuer=issuer.name.upper(), symbol=letter.symbol,
        number=letter.number, date=letter.date, place=province.short_name or province.name, doc_type="",
        summary=f"V/v đôn đốc gửi báo cáo kết quả công tác dân vận chính quyền {_period_words(period)}",
        # A short list is addressed by name; a long one is named in the body.
        to=[u.name for u in units] if len(units) <= 10 else ["Các cơ quan, đơn vị có tên nêu tại Công văn này"],
        blocks=blocks,
        signer=Signer(prefix="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC"),
        recipients=["Như trên", "UBND tỉnh (để báo cáo)", f"Lưu: VT, {letter.symbol.split('-')[-1]}"],
    )


def urging_letter_docx(letter) -> bytes:
    return render_docx(urging_letter_document(letter))


def default_urging_symbol(issuer) -> str:
    """The ký hiệu of a công văn: the issuer's abbreviation and the drafting office (Nghị định 30/2020)."""
    return f"{issuer.short_name or 'SNV'}-{settings.URGING_DRAFTING_OFFICE}"
