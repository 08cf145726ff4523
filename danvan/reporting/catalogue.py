"""The built-in indicator catalogue, grouped under the nine tasks of the plan.

It starts from the indicator set of the legal notes (§6): propaganda, citizen reception, petitions by kind
received / resolved / on time, dialogues, grassroots democracy, administrative reform, "Dân vận khéo" models,
commendations, ethnic and religious work, the Fatherland Front's supervision, inspections, press, reviews.
Coordinators edit it; `ensure_catalogue()` only adds what is missing and never overwrites their edits.
"""

from django.db import transaction

GROUPS = [
    (1, "Tuyên truyền, quán triệt về công tác dân vận"),
    (2, "Thực hiện dân chủ ở cơ sở, tiếp công dân, giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh"),
    (3, "Cải cách hành chính, kỷ luật, kỷ cương hành chính"),
    (4, "Phong trào thi đua yêu nước, “Dân vận khéo”"),
    (5, "Công tác dân vận vùng đồng bào dân tộc, tôn giáo"),
    (6, "Phối hợp với Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"),
    (7, "Kiểm tra, đôn đốc, hướng dẫn"),
    (8, "Báo chí, truyền thông"),
    (9, "Sơ kết, tổng kết"),
]

# code, group, name, unit of measure, value type, aggregation, cumulative, not more than, source, ratio parts
INDICATORS = [
    ("TT_HOI_NGHI", 1, "Hội nghị, buổi tuyên truyền, quán triệt", "hội nghị", "count", "sum", True, "", "", None),
    ("TT_LUOT_CBCC", 1, "Lượt cán bộ, công chức, viên chức tham dự", "lượt", "count", "sum", True, "", "", None),
    ("TT_LUOT_DAN", 1, "Lượt người dân được tuyên truyền", "lượt", "count", "sum", True, "", "", None),
    ("KH_BAN_HANH", 1, "Kế hoạch thực hiện công tác dân vận chính quyền đã ban hành", "kế hoạch", "count", "sum",
     True, "", "plans.unit_plans_issued", None),
    ("TCD_LUOT", 2, "Lượt công dân được tiếp", "lượt", "count", "sum", True, "", "", None),
    ("TCD_VU_VIEC", 2, "Vụ việc qua tiếp công dân", "vụ việc", "count", "sum", True, "", "", None),
    ("TCD_DOAN_DONG", 2, "Đoàn đông người", "đoàn", "count", "sum", True, "", "", None),
    ("TCD_NGAY_LD", 2, "Ngày tiếp công dân định kỳ của người đứng đầu", "ngày", "count", "sum", True, "", "", None),
    ("DON_NHAN", 2, "Tổng số đơn tiếp nhận", "đơn", "count", "sum", True, "", "", None),
    ("DON_KN_NHAN", 2, "Đơn khiếu nại tiếp nhận", "đơn", "count", "sum", True, "DON_NHAN", "", None),
    ("DON_KN_GQ", 2, "Đơn khiếu nại đã giải quyết", "đơn", "count", "sum", True, "DON_KN_NHAN", "", None),
    ("DON_TC_NHAN", 2, "Đơn tố cáo tiếp nhận", "đơn", "count", "sum", True, "DON_NHAN", "", None),
    ("DON_TC_GQ", 2, "Đơn tố cáo đã giải quyết", "đơn", "count", "sum", True, "DON_TC_NHAN", "", None),
    ("DON_PAKN_NHAN", 2, "Đơn kiến nghị, phản ánh tiếp nhận", "đơn", "count", "sum", True, "DON_NHAN", "", None),
    ("DON_PAKN_GQ", 2, "Đơn kiến nghị, phản ánh đã giải quyết", "đơn", "count", "sum", True, "DON_PAKN_NHAN", "",
     None),
    ("DON_GQ", 2, "Tổng số đơn đã giải quyết", "đơn", "count", "sum", True, "DON_NHAN", "", None),
    ("DON_GQ_DUNG_HAN", 2, "Đơn giải quyết đúng hạn", "đơn", "count", "sum", True, "DON_GQ", "", None),
    ("DON_QUA_HAN", 2, "Đơn quá hạn giải quyết", "đơn", "count", "sum", False, "", "", None),
    ("DON_TL_GQ", 2, "Tỷ lệ đơn đã giải quyết", "%", "percent", "ratio", True, "", "", ("DON_GQ", "DON_NHAN")),
    ("DT_HOI_NGHI", 2, "Hội nghị đối thoại với Nhân dân", "hội nghị", "count", "sum", True, "", "", None),
    ("DT_CAM_KET_XONG", 2, "Cam kết tại hội nghị đối thoại đã thực hiện xong", "cam kết", "count", "sum", True, "",
     "", None),
    ("DCCS_HUONG_UOC", 2, "Hương ước, quy ước được công nhận", "văn bản", "count", "sum", True, "", "", None),
    ("DCCS_HN_CBCCVC", 2, "Hội nghị cán bộ, công chức, viên chức", "hội nghị", "count", "sum", True, "", "", None),
    ("CCHC_HS_NHAN", 3, "Hồ sơ thủ tục hành chính tiếp nhận", "hồ sơ", "count", "sum", True, "", "", None),
    ("CCHC_HS_DUNG_HAN", 3, "Hồ sơ thủ tục hành chính giải quyết đúng hạn", "hồ sơ", "count", "sum", True,
     "CCHC_HS_NHAN", "", None),
    ("CCHC_HS_TRUC_TUYEN", 3, "Hồ sơ dịch vụ công trực tuyến toàn trình", "hồ sơ", "count", "sum", True,
     "CCHC_HS_NHAN", "", None),
    ("CCHC_TL_DUNG_HAN", 3, "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "percent", "ratio", True, "", "",
     ("CCHC_HS_DUNG_HAN", "CCHC_HS_NHAN")),
    ("DVK_DANG_KY", 4, "Mô hình, điển hình “Dân vận khéo” đăng ký", "mô hình", "count", "sum", True, "", "", None),
    ("DVK_HIEU_QUA", 4, "Mô hình, điển hình “Dân vận khéo” hiệu quả", "mô hình", "count", "sum", True,
     "DVK_DANG_KY", "", None),
    ("KT_TAP_THE", 4, "Tập thể được khen thưởng", "tập thể", "count", "sum", True, "", "", None),
    ("KT_CA_NHAN", 4, "Cá nhân được khen thưởng", "cá nhân", "count", "sum", True, "", "", None),
    ("NCUT_SO_NGUOI", 5, "Người có uy tín trong đồng bào dân tộc thiểu số", "người", "count", "sum", False, "", "",
     None),
    ("NCUT_THAM_HOI", 5, "Lượt thăm hỏi, hỗ trợ người có uy tín", "lượt", "count", "sum", True, "", "", None),
    ("TG_VU_VIEC_GQ", 5, "Vụ việc liên quan đến tôn giáo được giải quyết", "vụ việc", "count", "sum", True, "", "",
     None),
    ("MT_GIAM_SAT", 6, "Cuộc giám sát, phản biện xã hội của Mặt trận được tiếp nhận", "cuộc", "count", "sum", True,
     "", "", None),
    ("MT_KIEN_NGHI_TRA_LOI", 6, "Kiến nghị sau giám sát đã được trả lời", "kiến nghị", "count", "sum", True, "",
     "", None),
    ("KTR_DOAN", 7, "Đoàn kiểm tra công tác dân vận", "đoàn", "count", "sum", True, "", "", None),
    ("KTR_DON_VI", 7, "Đơn vị được kiểm tra", "đơn vị", "count", "sum", True, "", "", None),
    ("BC_TIN_BAI", 8, "Tin, bài tuyên truyền về công tác dân vận", "tin, bài", "count", "sum", True, "", "", None),
    ("BC_CHUYEN_MUC", 8, "Chuyên mục, chuyên đề về công tác dân vận", "chuyên mục", "count", "sum", True, "", "",
     None),
    ("SK_HOI_NGHI", 9, "Hội nghị sơ kết, tổng kết chỉ thị, nghị quyết về công tác dân vận", "hội nghị", "count",
     "sum", True, "", "", None),
]

# Indicators the records prove: the source registered by the app that owns the records (core.sources).
SOURCES = {
    "TCD_LUOT": "citizens.citizens_received",
    "TCD_VU_VIEC": "citizens.reception_cases",
    "TCD_NGAY_LD": "citizens.head_reception_days",
    "DON_NHAN": "citizens.petitions_received",
    "DON_KN_NHAN": "citizens.complaints_received",
    "DON_KN_GQ": "citizens.complaints_resolved",
    "DON_TC_NHAN": "citizens.denunciations_received",
    "DON_TC_GQ": "citizens.denunciations_resolved",
    "DON_PAKN_NHAN": "citizens.recommendations_feedback_received",
    "DON_PAKN_GQ": "citizens.recommendations_feedback_resolved",
    "DON_GQ": "citizens.petitions_resolved",
    "DON_GQ_DUNG_HAN": "citizens.petitions_resolved_on_time",
    "DON_QUA_HAN": "citizens.petitions_overdue",
    "DT_HOI_NGHI": "citizens.dialogues_held",
    "DT_CAM_KET_XONG": "citizens.commitments_done",
}


@transaction.atomic
def ensure_catalogue() -> int:
    """Create the groups and indicators that are missing; return how many indicators were created."""
    from danvan.reporting.models import Indicator, IndicatorGroup

    groups = {}
    for number, name in GROUPS:
        groups[number], _ = IndicatorGroup.objects.get_or_create(number=number, defaults={"name": name})
    existing = set(Indicator.objects.values_list("code", flat=True))
    new_codes = set()
    for order, (code, group, name, uom, vtype, agg, cumulative, _lte, source, _ratio) in enumerate(INDICATORS):
        if code in existing:
            continue
        Indicator.objects.create(
            code=code, group=groups[group], name=name, unit_of_measure=uom, value_type=vtype, aggregation=agg,
            cumulative=cumulative, source=source or SOURCES.get(code, ""), order=order,
        )
        new_codes.add(code)
    # Links between indicators, set only on the indicators created now.
    by_code = {i.code: i for i in Indicator.objects.all()}
    for code, _g, _n, _u, _v, _a, _c, lte, _s, ratio in INDICATORS:
        if code not in new_codes or not (lte or ratio):
            continue
        indicator = by_code[code]
        if lte:
            indicator.not_more_than = by_code[lte]
        if ratio:
            indicator.numerator, indicator.denominator = by_code[ratio[0]], by_code[ratio[1]]
        indicator.save()
    return len(new_codes)
