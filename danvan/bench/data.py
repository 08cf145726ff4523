"""The benchmark's data set, written with bulk_create (generating it is not what the benchmark measures).

- A national tree: the Ministry of Home Affairs over 34 provinces, each with its departments and communes
  (3,321 communes after the 2025 reorganisation, about 4,000 reporting units in all).
- One national plan for 2025, assigned by name to every department and commune, with nine tasks and the
  Q1, 6M, 9M and YEAR periods; and the same plan for 2024 with its 9M period only, so that the "same period
  last year" column of the 9M consolidation is computed from real reports.
- For each unit and period a report: most sent on time, some late, a few returned, about 5% missing (half
  of them a draft, half nothing at all). Every report has a value for every active indicator, consistent
  with the validation rules (resolved ≤ received, whole counts, percentages ≤ 100, cumulative figures that
  never shrink), and a narrative per task of a sentence or two.
- One of the provinces has 135 communes (Gia Lai's count) and a plan of its own assigned to its communes,
  with the same four periods and reports: the consolidated DOCX bench.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from danvan.core.text import fold
from danvan.org.models import Membership, Role, Unit
from danvan.plans.models import Plan, Task
from danvan.reporting.catalogue import GROUPS, ensure_catalogue
from danvan.reporting.models import Indicator, IndicatorValue, Narrative, Period, Report
from danvan.reporting.periods import period_create

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime.date(2020, 1, 1)
KINDS = [Period.Kind.Q1, Period.Kind.H1, Period.Kind.M9, Period.Kind.YEAR]
# Share of the year's figures reached by the end of each period's data window (6M, 9M, YEAR are cumulative).
SHARE = {Period.Kind.Q1: 0.25, Period.Kind.H1: 0.5, Period.Kind.M9: 0.75, Period.Kind.YEAR: 1.0}
COORDINATOR = "bench-coordinator"
CHUNK = 500  # reports written per round trip of bulk_create (values: 41 times as many rows)

# The 34 provinces and centrally governed cities after 1 July 2025; the bench province comes first.
PROVINCES = [
    "Tỉnh Gia Lai", "Thành phố Hà Nội", "Thành phố Huế", "Thành phố Hải Phòng", "Thành phố Đà Nẵng",
    "Thành phố Hồ Chí Minh", "Thành phố Cần Thơ", "Tỉnh Lai Châu", "Tỉnh Điện Biên", "Tỉnh Sơn La",
    "Tỉnh Lạng Sơn", "Tỉnh Quảng Ninh", "Tỉnh Thanh Hóa", "Tỉnh Nghệ An", "Tỉnh Hà Tĩnh", "Tỉnh Cao Bằng",
    "Tỉnh Tuyên Quang", "Tỉnh Lào Cai", "Tỉnh Thái Nguyên", "Tỉnh Phú Thọ", "Tỉnh Bắc Ninh", "Tỉnh Hưng Yên",
    "Tỉnh Ninh Bình", "Tỉnh Quảng Trị", "Tỉnh Quảng Ngãi", "Tỉnh Khánh Hòa", "Tỉnh Lâm Đồng", "Tỉnh Đắk Lắk",
    "Tỉnh Đồng Nai", "Tỉnh Tây Ninh", "Tỉnh Vĩnh Long", "Tỉnh Đồng Tháp", "Tỉnh Cà Mau", "Tỉnh An Giang",
]
DEPARTMENTS = [
    "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ", "Thanh tra", "Văn phòng Ủy ban nhân dân",
    "Ban Quản lý các khu công nghiệp", "Ban Quản lý dự án đầu tư xây dựng", "Công an", "Bộ Chỉ huy quân sự",
    "Đài Phát thanh và Truyền hình", "Trường Chính trị",
]
SYLLABLES = [
    "An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Đông", "Tây", "Nam", "Bắc", "Hưng", "Long", "Phước", "Mỹ",
    "Thuận", "Quang", "Trung", "Sơn", "Hải", "Lộc", "Thịnh", "Vĩnh", "Xuân", "Đức", "Nghĩa", "Lợi", "Hiệp",
    "Thành", "Khánh", "Ia", "Kông", "Chư", "Đắk", "Pơ", "Krông", "Yên", "Cát", "Hoài", "Tuy", "Vân",
]

# The year's figures of one unit: (low, high) of a uniform draw, by indicator code; others draw from 0 to 20.
RANGES = {
    "TT_HOI_NGHI": (2, 40), "TT_LUOT_CBCC": (50, 2000), "TT_LUOT_DAN": (200, 20000), "KH_BAN_HANH": (1, 1),
    "TCD_LUOT": (5, 400), "TCD_VU_VIEC": (2, 150), "TCD_DOAN_DONG": (0, 5), "TCD_NGAY_LD": (4, 12),
    "DON_KN_NHAN": (0, 30), "DON_TC_NHAN": (0, 10), "DON_PAKN_NHAN": (0, 80), "DON_QUA_HAN": (0, 5),
    "DT_HOI_NGHI": (1, 12), "DCCS_HUONG_UOC": (0, 15), "DCCS_HN_CBCCVC": (1, 2),
    "CCHC_HS_NHAN": (200, 20000), "DVK_DANG_KY": (1, 10), "KT_TAP_THE": (0, 10), "KT_CA_NHAN": (0, 30),
    "NCUT_SO_NGUOI": (0, 40), "NCUT_THAM_HOI": (0, 80), "MT_GIAM_SAT": (0, 8), "MT_KIEN_NGHI_TRA_LOI": (0, 30),
    "KTR_DOAN": (0, 6), "KTR_DON_VI": (0, 30), "BC_TIN_BAI": (5, 300), "BC_CHUYEN_MUC": (0, 12),
    "SK_HOI_NGHI": (0, 4),
}
# Totals that are the sum of their parts (the parts are each "not more than" the total in the catalogue).
SUMS = {"DON_NHAN": ("DON_KN_NHAN", "DON_TC_NHAN", "DON_PAKN_NHAN"),
        "DON_GQ": ("DON_KN_GQ", "DON_TC_GQ", "DON_PAKN_GQ")}
# Most of what is received is resolved, and most of that on time.
MOSTLY = {"DON_KN_GQ", "DON_TC_GQ", "DON_PAKN_GQ", "DON_GQ_DUNG_HAN", "CCHC_HS_DUNG_HAN"}

RESULTS = {
    1: "Tổ chức {TT_HOI_NGHI} hội nghị tuyên truyền, quán triệt các văn bản của Trung ương và của tỉnh về công "
       "tác dân vận, với {TT_LUOT_CBCC} lượt cán bộ, công chức, viên chức tham dự.",
    2: "Tiếp {TCD_LUOT} lượt công dân; tiếp nhận {DON_NHAN} đơn, đã giải quyết {DON_GQ} đơn, trong đó "
       "{DON_GQ_DUNG_HAN} đơn đúng hạn. Tổ chức {DT_HOI_NGHI} hội nghị đối thoại với Nhân dân.",
    3: "Tiếp nhận {CCHC_HS_NHAN} hồ sơ thủ tục hành chính, giải quyết đúng hạn {CCHC_HS_DUNG_HAN} hồ sơ; "
       "{CCHC_HS_TRUC_TUYEN} hồ sơ được nộp qua dịch vụ công trực tuyến toàn trình.",
    4: "Đăng ký {DVK_DANG_KY} mô hình “Dân vận khéo”, trong đó {DVK_HIEU_QUA} mô hình được đánh giá hiệu quả; "
       "khen thưởng {KT_TAP_THE} tập thể và {KT_CA_NHAN} cá nhân.",
    5: "Thăm hỏi, hỗ trợ {NCUT_THAM_HOI} lượt người có uy tín trong đồng bào dân tộc thiểu số; giải quyết "
       "{TG_VU_VIEC_GQ} vụ việc liên quan đến tôn giáo.",
    6: "Phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tiếp nhận {MT_GIAM_SAT} cuộc giám sát, phản biện xã hội "
       "và trả lời {MT_KIEN_NGHI_TRA_LOI} kiến nghị sau giám sát.",
    7: "Thành lập {KTR_DOAN} đoàn kiểm tra công tác dân vận chính quyền tại {KTR_DON_VI} cơ quan, đơn vị.",
    8: "Đăng tải {BC_TIN_BAI} tin, bài và {BC_CHUYEN_MUC} chuyên mục tuyên truyền về công tác dân vận chính "
       "quyền trên cổng thông tin điện tử và mạng xã hội.",
    9: "Tổ chức {SK_HOI_NGHI} hội nghị sơ kết, tổng kết việc thực hiện các chỉ thị, nghị quyết về công tác "
       "dân vận.",
}
MORE_RESULTS = [
    "Nhận thức của cán bộ, công chức về vai trò của công tác dân vận chính quyền được nâng lên rõ rệt.",
    "Nhân dân đồng tình, hưởng ứng và tích cực tham gia các phong trào thi đua tại địa phương.",
    "Các vụ việc phát sinh được giải quyết kịp thời ngay tại cơ sở, không để hình thành điểm nóng.",
]
SHORTCOMINGS = [
    "Một số cán bộ, công chức chưa nhận thức đầy đủ về vai trò của công tác dân vận chính quyền.",
    "Việc giải quyết một số đơn thư còn chậm so với thời hạn quy định do hồ sơ phức tạp, kéo dài.",
    "Kinh phí và nhân lực cho công tác tuyên truyền ở cơ sở còn hạn chế.",
]
NEXT_STEPS = [
    "Tiếp tục đẩy mạnh tuyên truyền, quán triệt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
    "Nâng cao chất lượng tiếp công dân, đối thoại và giải quyết kịp thời kiến nghị, phản ánh của Nhân dân.",
    "Nhân rộng các mô hình “Dân vận khéo” có hiệu quả trên các lĩnh vực.",
]
PROPOSALS = [
    "Đề nghị Ủy ban nhân dân tỉnh bố trí kinh phí cho công tác tập huấn nghiệp vụ dân vận ở cơ sở.",
    "Đề nghị các sở, ngành hướng dẫn thống nhất biểu mẫu thống kê số liệu tiếp công dân.",
]


@dataclass(frozen=True)
class Sizes:
    """How big the data set is. `communes` counts every commune of the country, the bench province's included."""

    provinces: int = 34
    departments_per_province: int = 20
    communes: int = 3321
    province_communes: int = 135

    @classmethod
    def for_scale(cls, scale: float) -> "Sizes":
        """The national tree scaled down (a tenth: about 400 units). The bench province keeps its 135 communes:
        the DOCX goal is stated for a province of that size."""
        full = cls()
        departments = max(1, round(full.departments_per_province * scale))
        communes = max(full.province_communes + full.provinces - 1, round(full.communes * scale))
        return cls(departments_per_province=departments, communes=communes)

    @property
    def units(self) -> int:
        """Units expected to report on the national plan."""
        return self.provinces * self.departments_per_province + self.communes


@dataclass
class DataSet:
    root: Unit
    province: Unit
    national_plan: Plan
    province_plan: Plan
    last_year_plan: Plan
    coordinator: object
    units: list[Unit]
    province_communes: list[Unit]

    @classmethod
    def load(cls) -> "DataSet":
        """The data set `generate` wrote, read back (the benchmark measures in a process of its own)."""
        root = Unit.objects.get(source="bench", kind=Unit.Kind.OTHER, parent=None)
        province_plan = Plan.objects.select_related("issuer").get(issuer__parent=root, issuer__source="bench")
        return cls(
            root=root, province=province_plan.issuer, province_plan=province_plan,
            national_plan=Plan.objects.get(issuer=root, year=2025),
            last_year_plan=Plan.objects.get(issuer=root, year=2024),
            coordinator=get_user_model().objects.get(username=COORDINATOR),
            units=list(Unit.objects.filter(source="bench", kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.COMMUNE])),
            province_communes=list(Unit.objects.filter(parent=province_plan.issuer, kind=Unit.Kind.COMMUNE)),
        )

    def national_period(self, kind: str = Period.Kind.M9) -> Period:
        return self.national_plan.periods.select_related("plan", "plan__issuer").get(kind=kind)

    def province_period(self, kind: str = Period.Kind.YEAR) -> Period:
        return self.province_plan.periods.select_related("plan", "plan__issuer").get(kind=kind)


def _unit(kind: str, name: str, parent: Unit | None, **extra) -> Unit:
    return Unit(kind=kind, name=name, name_folded=fold(name), parent=parent, valid_from=START, source="bench",
                **extra)


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _commune_name(rng: random.Random, number: int) -> tuple[str, str]:
    division = "phường" if number % 5 == 0 else "xã"
    return division, f"{division.capitalize()} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"


def _tree(sizes: Sizes, rng: random.Random) -> tuple[Unit, list[Unit], list[Unit], list[Unit]]:
    """The root, the provinces, the reporting units (departments then communes) and the bench province's
    communes."""
    root = Unit.objects.create(kind=Unit.Kind.OTHER, name="Bộ Nội vụ", name_folded=fold("Bộ Nội vụ"),
                               valid_from=START, source="bench")
    names = [PROVINCES[i] if i < len(PROVINCES) else f"Tỉnh Thử {i + 1}" for i in range(sizes.provinces)]
    provinces = Unit.objects.bulk_create(
        _unit(Unit.Kind.PROVINCE, name, root, code=f"{i + 1:02d}",
              short_name=name.removeprefix("Tỉnh ").removeprefix("Thành phố "),
              division="tỉnh" if name.startswith("Tỉnh") else "thành phố")
        for i, name in enumerate(names)
    )
    departments = [  # "Sở Nội vụ tỉnh Gia Lai"
        _unit(Unit.Kind.DEPARTMENT, f"{DEPARTMENTS[d % len(DEPARTMENTS)]} {_lower_first(province.name)}", province)
        for province in provinces for d in range(sizes.departments_per_province)
    ]
    others = sizes.communes - sizes.province_communes
    per_province = [sizes.province_communes] + [
        others // (sizes.provinces - 1) + (1 if i < others % (sizes.provinces - 1) else 0)
        for i in range(sizes.provinces - 1)
    ] if sizes.provinces > 1 else [sizes.communes]
    communes, number = [], 0
    for province, count in zip(provinces, per_province, strict=True):
        for _i in range(count):
            number += 1
            division, name = _commune_name(rng, number)
            communes.append(_unit(Unit.Kind.COMMUNE, name, province, code=f"{number:05d}", division=division))
    units = Unit.objects.bulk_create(departments) + Unit.objects.bulk_create(communes, batch_size=2000)
    province_communes = [u for u in units if u.kind == Unit.Kind.COMMUNE and u.parent_id == provinces[0].pk]
    return root, provinces, units, province_communes


def _plan(issuer: Unit, year: int, *, kinds: list[str], assigned_kinds: tuple[str, ...] = (), number: int = 1,
          symbol: str = "KH-UBND") -> Plan:
    plan = Plan.objects.create(
        issuer=issuer, year=year, number=number, symbol=symbol, issued_on=datetime.date(year, 1, 20),
        place=issuer.short_name, title=f"Thực hiện công tác dân vận chính quyền năm {year}",
        status=Plan.Status.ISSUED, assigned_kinds=list(assigned_kinds), signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_prefix="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH", signer_name="Nguyễn Văn Thử",
    )
    Task.objects.bulk_create(Task(plan=plan, number=number, title=title) for number, title in GROUPS)
    for kind in kinds:
        period_create(by=None, plan=plan, kind=kind, recipient="Bộ Nội vụ")
    return plan


def annual_figures(rng: random.Random, indicators: list[Indicator]) -> dict[int, int]:
    """One unit's figures for a whole year, by indicator id: counts that keep every "not more than" rule."""
    by_code = {i.code: i for i in indicators}
    by_id = {i.pk: i for i in indicators}
    figures: dict[str, int] = {}

    def draw(code: str) -> int:
        if code not in figures:
            indicator = by_code[code]
            cap = by_id[indicator.not_more_than_id].code if indicator.not_more_than_id in by_id else None
            if code in SUMS:
                figures[code] = sum(draw(part) for part in SUMS[code] if part in by_code)
            elif cap is not None and code not in SUMS.get(cap, ()):
                limit = draw(cap)
                figures[code] = rng.randint(limit * 3 // 4, limit) if code in MOSTLY else rng.randint(0, limit)
            else:
                figures[code] = rng.randint(*RANGES.get(code, (0, 20)))
        return figures[code]

    for indicator in indicators:
        if indicator.aggregation != Indicator.Aggregation.RATIO:
            draw(indicator.code)
    return {by_code[code].pk: value for code, value in figures.items() if code in by_code}


def period_values(annual: dict[int, int], share: float, indicators: list[Indicator]) -> dict[int, Decimal | None]:
    """The figures a report gives for a period: cumulative ones are the share of the year reached (the floor
    keeps "not more than" and never shrinks from one period to the next); the others are as they stand.
    A ratio is the unit's rate over the year, to one decimal: the same in every period, so that a cumulative
    rate never falls either."""
    values: dict[int, Decimal | None] = {}
    for indicator in indicators:
        if indicator.pk in annual:
            whole = annual[indicator.pk]
            # Figures computed from records (the unit's own plan issued) are what they are in every period.
            scaled = indicator.cumulative and not indicator.source
            values[indicator.pk] = Decimal(int(whole * share) if scaled else whole)
        elif indicator.aggregation == Indicator.Aggregation.RATIO:
            num, den = annual.get(indicator.numerator_id), annual.get(indicator.denominator_id)
            values[indicator.pk] = (Decimal(100) * num / den).quantize(Decimal("0.1")) if num is not None and den \
                else None
    return values


def _narratives(rng: random.Random, report: Report, tasks: list[Task], figures: dict[str, Decimal]) -> list:
    items = []
    for task in tasks:
        results = RESULTS.get(task.number, RESULTS[1]).format_map(_Figures(figures))
        if rng.random() < 0.5:
            results += " " + rng.choice(MORE_RESULTS)
        items.append(Narrative(
            report=report, task=task, results=results,
            shortcomings=rng.choice(SHORTCOMINGS) if rng.random() < 0.3 else "",
            next_steps=rng.choice(NEXT_STEPS) if rng.random() < 0.3 else "",
            proposals=rng.choice(PROPOSALS) if rng.random() < 0.1 else "",
        ))
    return items


class _Figures(dict):
    def __missing__(self, key):
        return "0"


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def _report(rng: random.Random, period: Period, unit: Unit) -> Report | None:
    """A report as the unit left it: sent (on time or late, accepted or not), returned, a draft, or none."""
    draw = rng.random()
    report = Report(plan=period.plan, period=period, unit=unit, version=1)
    if draw < 0.025:
        return None
    if draw < 0.05:
        report.status = Report.Status.DRAFT
        return report
    on_time = draw >= 0.23  # about a fifth of the sent reports come late
    day = period.due_date - datetime.timedelta(days=rng.randint(0, 10)) if on_time \
        else period.due_date + datetime.timedelta(days=rng.randint(1, 15))
    report.submitted_at = report.first_submitted_at = _at(day, rng.randint(7, 17))
    report.on_time, report.version = on_time, rng.randint(2, 4)
    if draw < 0.06:
        report.status, report.returned_at = Report.Status.RETURNED, _at(day + datetime.timedelta(days=2))
        report.return_comment = "Đề nghị bổ sung số liệu tiếp công dân và giải quyết đơn thư."
        report.revision_due = day + datetime.timedelta(days=9)
    elif rng.random() < 0.6:
        report.status, report.accepted_at = Report.Status.ACCEPTED, _at(day + datetime.timedelta(days=3))
    else:
        report.status = Report.Status.SUBMITTED
    return report


def write_reports(rng: random.Random, period: Period, units: list[Unit], annual: dict[int, dict[int, int]],
                  indicators: list[Indicator], *, share: float, narratives: bool = True) -> int:
    """Every unit's report for the period with its values (and narratives), in chunks. Returns how many."""
    tasks = list(period.plan.tasks.all())
    code_of = {i.pk: i.code for i in indicators}
    computed = {i.pk for i in indicators if i.source}
    written = 0
    for start in range(0, len(units), CHUNK):
        reports = [r for r in (_report(rng, period, unit) for unit in units[start:start + CHUNK]) if r is not None]
        Report.objects.bulk_create(reports)
        values, texts = [], []
        for report in reports:
            figures = period_values(annual[report.unit_id], share, indicators)
            values += [IndicatorValue(report=report, indicator_id=pk, value=value,
                                      computed=value if pk in computed else None)
                       for pk, value in figures.items()]
            if narratives:
                texts += _narratives(rng, report, tasks, {code_of[pk]: v for pk, v in figures.items()})
        IndicatorValue.objects.bulk_create(values, batch_size=5000)
        Narrative.objects.bulk_create(texts, batch_size=2000)
        written += len(reports)
    return written


@transaction.atomic
def generate(sizes: Sizes, *, seed: int = 2025, say=lambda message: None) -> DataSet:
    """Write the whole data set into the current database (which must hold nothing but the catalogue)."""
    rng = random.Random(seed)
    ensure_catalogue()
    indicators = list(Indicator.objects.filter(active=True).exclude(value_type=Indicator.ValueType.TEXT))
    root, provinces, units, province_communes = _tree(sizes, rng)
    say(f"tree: {len(provinces)} provinces, {len(units)} reporting units")
    coordinator = get_user_model().objects.create(username=COORDINATOR, full_name="Điều phối viên")
    Membership.objects.create(user=coordinator, unit=root, role=Role.COORDINATOR)

    national = _plan(root, 2025, kinds=KINDS, symbol="KH-BNV")
    last_year = _plan(root, 2024, kinds=[Period.Kind.M9], symbol="KH-BNV")
    through = Plan.assigned_units.through
    for plan in (national, last_year):
        through.objects.bulk_create((through(plan_id=plan.pk, unit_id=u.pk) for u in units), batch_size=2000)
    province = provinces[0]
    province_plan = _plan(province, 2025, kinds=KINDS, assigned_kinds=(Unit.Kind.COMMUNE,), number=12)

    annual = {u.pk: annual_figures(rng, indicators) for u in units}
    for period in national.periods.all():
        count = write_reports(rng, period, units, annual, indicators, share=SHARE[period.kind])
        say(f"national {period.kind}: {count} reports")
    last_year_annual = {u.pk: annual_figures(rng, indicators) for u in units}
    for period in last_year.periods.all():
        count = write_reports(rng, period, units, last_year_annual, indicators, share=SHARE[period.kind],
                              narratives=False)
        say(f"national {period.kind} {last_year.year}: {count} reports")
    for period in province_plan.periods.all():
        count = write_reports(rng, period, province_communes, annual, indicators, share=SHARE[period.kind])
        say(f"{province.name} {period.kind}: {count} reports")
    return DataSet(root=root, province=province, national_plan=national, province_plan=province_plan,
                   last_year_plan=last_year, coordinator=coordinator, units=units,
                   province_communes=province_communes)
