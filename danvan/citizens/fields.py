"""The configurable list of fields (lĩnh vực) a petition belongs to. `ensure_fields` adds the built-in ones
that are missing and never changes what administrators edited."""

FIELDS = [
    ("dat-dai", "Đất đai"),
    ("moi-truong", "Môi trường"),
    ("xay-dung", "Xây dựng, trật tự đô thị"),
    ("ha-tang", "Hạ tầng, giao thông, chiếu sáng"),
    ("chinh-sach-xa-hoi", "Chính sách xã hội"),
    ("y-te", "Y tế"),
    ("giao-duc", "Giáo dục"),
    ("hanh-chinh", "Thủ tục hành chính"),
    ("an-ninh-trat-tu", "An ninh, trật tự"),
    ("can-bo", "Cán bộ, công chức"),
    ("khac", "Khác"),
]


# Luật Tiếp công dân 2013: chủ tịch UBND tỉnh ≥ 1 ngày/tháng (Điều 12), chủ tịch UBND huyện ≥ 2 ngày/tháng
# (Điều 13, until July 2025), chủ tịch UBND xã ≥ 1 ngày/tuần (Điều 15), thủ trưởng sở ≥ 1 ngày/tháng (Điều 18).
RECEPTION_REQUIREMENTS = [("province", 1, "month"), ("department", 1, "month"), ("district", 2, "month"),
                          ("commune", 1, "week")]


def ensure_fields() -> int:
    from danvan.citizens.models import Field, ReceptionRequirement

    existing = set(Field.objects.values_list("code", flat=True))
    missing = [Field(code=code, name=name, order=i) for i, (code, name) in enumerate(FIELDS) if code not in existing]
    Field.objects.bulk_create(missing)
    for kind, days, every in RECEPTION_REQUIREMENTS:
        ReceptionRequirement.objects.get_or_create(unit_kind=kind, defaults={"min_days": days, "every": every})
    return len(missing)
