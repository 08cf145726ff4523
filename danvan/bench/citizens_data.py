"""The citizens' side of the benchmark's data set: a million petitions (BENCH_SCALE scales it) on the units of the
reporting data set (`data`), written in large batches straight into the table (COPY on PostgreSQL, executemany
on SQLite): the ORM would spend most of the time building a million model instances.

What the rows hold is what `services.petition_create` and the later steps would have written:

- received over the last three years up to today, in the order they came (ids grow with the date, as in use),
  nine in ten to a commune (some communes far busier than others), one in ten to a department;
- kinds as they come in (feedback, recommendations, complaints, a few denunciations); a name and an address for
  every complaint and denunciation, for half of the rest;
- Vietnamese subjects and contents made of a few hundred words (sixty matters in eleven fields, places, roads,
  people's names), so that a search finds between a few rows and a few percent of them; `search_folded`,
  `name_folded` and `address_folded` are `fold` of the text, as the service writes them;
- statutory limits approximated in calendar days (the service counts working days: a day or two apart), and
  statuses that follow from the age: most old petitions resolved or closed (resolved on time mostly, late
  sometimes), some closed at classification (filed, guided, forwarded, refused), the recent ones still open,
  plus about one old case in a hundred still open and long overdue;
- an officer and a head for every commune, so that a new petition notifies people as it would in use; the
  officer handles the commune's accepted petitions.

Identifiers are the benchmark's own: tracking codes "BN" + a number (the service's are "DV" + letters), users
"bench-officer-<unit id>" and "bench-head-<unit id>".
"""

import bisect
import contextlib
import datetime
import importlib
import random
import re
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from danvan.citizens.fields import ensure_fields
from danvan.citizens.models import Field, Petition
from danvan.core.text import fold
from danvan.org.models import Membership, Role, Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FULL = 1_000_000
DAYS = 3 * 365  # received over the last three years
BATCH = 20_000
CODE_PREFIX = "BN"
OPEN = (Petition.Status.RECEIVED, Petition.Status.CLASSIFIED, Petition.Status.IN_PROGRESS)

# (field code, matter, weight): what petitions are about. Weights make some matters common, others rare.
MATTERS = [
    ("dat-dai", "lấn chiếm đất công", 30), ("dat-dai", "tranh chấp ranh giới thửa đất", 25),
    ("dat-dai", "chậm cấp giấy chứng nhận quyền sử dụng đất", 40), ("dat-dai", "bồi thường giải phóng mặt bằng", 35),
    ("dat-dai", "thu hồi đất làm đường giao thông", 20), ("dat-dai", "chuyển mục đích sử dụng đất nông nghiệp", 12),
    ("dat-dai", "đo đạc lại diện tích thửa đất", 8), ("dat-dai", "hỗ trợ tái định cư", 10),
    ("moi-truong", "ô nhiễm tiếng ồn từ quán karaoke", 25), ("moi-truong", "rác thải sinh hoạt không được thu gom", 30),
    ("moi-truong", "nước thải từ trại chăn nuôi heo", 18), ("moi-truong", "khói bụi từ xưởng cưa gỗ", 10),
    ("moi-truong", "đốt rơm rạ gây khói mù", 6), ("moi-truong", "khai thác cát trái phép trên sông", 9),
    ("moi-truong", "cá chết bất thường ở hồ chứa", 3), ("moi-truong", "mùi hôi từ bãi chôn lấp rác", 7),
    ("xay-dung", "xây dựng nhà ở không phép", 20), ("xay-dung", "công trình lấn chiếm vỉa hè", 15),
    ("xay-dung", "nứt tường nhà do thi công công trình bên cạnh", 6), ("xay-dung", "chậm cấp giấy phép xây dựng", 8),
    ("ha-tang", "đèn đường hư hỏng nhiều tháng", 35), ("ha-tang", "đường liên thôn xuống cấp nghiêm trọng", 30),
    ("ha-tang", "ngập úng mỗi khi mưa lớn", 20), ("ha-tang", "cống thoát nước bị tắc", 15),
    ("ha-tang", "cầu tạm qua suối mất an toàn", 5), ("ha-tang", "thiếu nước sạch sinh hoạt", 18),
    ("ha-tang", "mất điện kéo dài không báo trước", 10), ("ha-tang", "biển báo giao thông bị che khuất", 4),
    ("chinh-sach-xa-hoi", "chậm chi trả trợ cấp người cao tuổi", 15),
    ("chinh-sach-xa-hoi", "bình xét hộ nghèo không công khai", 18),
    ("chinh-sach-xa-hoi", "hỗ trợ người khuyết tật", 8),
    ("chinh-sach-xa-hoi", "chế độ người có công với cách mạng", 10),
    ("chinh-sach-xa-hoi", "bảo hiểm xã hội một lần", 6), ("chinh-sach-xa-hoi", "hỗ trợ nhà ở cho hộ khó khăn", 7),
    ("y-te", "cấp thẻ bảo hiểm y tế", 12), ("y-te", "thái độ nhân viên trạm y tế", 6),
    ("y-te", "tiêm chủng mở rộng cho trẻ em", 4), ("y-te", "vệ sinh an toàn thực phẩm ở chợ", 6),
    ("giao-duc", "thu các khoản ngoài học phí", 10), ("giao-duc", "phòng học xuống cấp", 6),
    ("giao-duc", "tuyển sinh vào lớp một", 5), ("giao-duc", "dạy thêm học thêm trái quy định", 4),
    ("hanh-chinh", "chậm trả kết quả hồ sơ một cửa", 20), ("hanh-chinh", "chứng thực bản sao giấy tờ", 5),
    ("hanh-chinh", "đăng ký khai sinh cho con", 4), ("hanh-chinh", "đăng ký hộ kinh doanh", 3),
    ("hanh-chinh", "dịch vụ công trực tuyến bị lỗi", 8), ("hanh-chinh", "xác nhận tình trạng hôn nhân", 3),
    ("an-ninh-trat-tu", "trộm cắp tài sản ban đêm", 8), ("an-ninh-trat-tu", "tụ tập đánh bạc", 5),
    ("an-ninh-trat-tu", "thanh niên đua xe gây mất trật tự", 6),
    ("an-ninh-trat-tu", "buôn bán hàng rong lấn chiếm lòng đường", 7),
    ("can-bo", "cán bộ địa chính gây phiền hà", 6), ("can-bo", "cán bộ một cửa có thái độ không đúng mực", 7),
    ("can-bo", "trưởng thôn thu tiền sai quy định", 4),
    ("can-bo", "sai phạm trong quản lý quỹ phòng chống thiên tai", 2),
    ("khac", "chó thả rông không rọ mõm", 5), ("khac", "quảng cáo rao vặt dán trái phép", 3),
    ("khac", "tổ chức đám cưới chiếm dụng đường đi", 2), ("khac", "loa phát thanh thôn quá to", 3),
]
OPENINGS = {
    Petition.Kind.FEEDBACK: ["Phản ánh", "Phản ánh về việc", "Phản ánh tình trạng"],
    Petition.Kind.RECOMMENDATION: ["Kiến nghị giải quyết", "Kiến nghị về việc", "Đề nghị xem xét"],
    Petition.Kind.COMPLAINT: ["Khiếu nại việc", "Khiếu nại quyết định liên quan đến", "Khiếu nại về"],
    Petition.Kind.DENUNCIATION: ["Tố cáo hành vi liên quan đến", "Tố cáo sai phạm về", "Tố cáo việc"],
}
ROADS = ["đường Lê Lợi", "đường Trần Hưng Đạo", "đường Hùng Vương", "đường Nguyễn Huệ", "đường Quang Trung",
         "đường Phan Đình Phùng", "đường Hai Bà Trưng", "đường Lý Thường Kiệt", "Quốc lộ 19", "Quốc lộ 1A",
         "đường Trường Chinh", "đường Võ Thị Sáu", "đường Bạch Đằng", "đường Ngô Quyền", "tỉnh lộ 662"]
HAMLETS = ["thôn", "tổ dân phố", "khu phố", "làng", "buôn", "ấp", "xóm"]
CONTEXTS = [
    "Tôi là người dân sinh sống tại {place}.", "Gia đình tôi cư trú tại {place} từ nhiều năm nay.",
    "Chúng tôi là các hộ dân ở {place}.", "Người dân khu vực {place} có ý kiến như sau.",
    "Tôi thường trú tại {place}.",
]
FACTS = [
    "Tình trạng {matter} đã kéo dài từ tháng {month} năm {year}, ảnh hưởng đến sinh hoạt của nhiều hộ gia đình.",
    "Việc {matter} gây bức xúc trong nhân dân, nhất là người già và trẻ nhỏ.",
    "Chúng tôi đã nhiều lần báo với cán bộ thôn về việc {matter} nhưng chưa được xử lý.",
    "Sự việc {matter} xảy ra nhiều lần vào buổi tối, có hình ảnh kèm theo.",
    "Từ tháng {month} năm {year} đến nay, việc {matter} chưa được cơ quan chức năng kiểm tra.",
]
MORE = [
    "Mặc dù đã có ý kiến tại buổi tiếp công dân nhưng đến nay vẫn chưa có câu trả lời.",
    "Nhiều hộ dân đã ký tên vào đơn này.", "Sự việc đã được báo chí địa phương đưa tin.",
    "Chúng tôi lo ngại sẽ xảy ra tai nạn nếu không khắc phục kịp thời.",
    "Tôi gửi kèm theo các giấy tờ liên quan để cơ quan có thẩm quyền xem xét.",
    "Mùa mưa sắp đến, tình hình sẽ còn nghiêm trọng hơn.", "Đề nghị công khai kết quả xử lý cho người dân biết.",
]
ASKS = [
    "Đề nghị {unit} kiểm tra, xử lý dứt điểm và trả lời cho người dân được biết.",
    "Kính đề nghị {unit} xem xét, giải quyết theo đúng quy định của pháp luật.",
    "Rất mong {unit} sớm quan tâm giải quyết.",
    "Đề nghị {unit} chỉ đạo các bộ phận chuyên môn khắc phục trong thời gian sớm nhất.",
]
ANSWERS = [
    "Ủy ban nhân dân đã chỉ đạo kiểm tra thực tế và khắc phục xong.",
    "Đã tổ chức đối thoại, giải thích chính sách và hướng dẫn người dân thực hiện.",
    "Qua kiểm tra, nội dung phản ánh là đúng; đã yêu cầu chấm dứt vi phạm và xử phạt theo quy định.",
    "Qua xác minh, nội dung đơn không có cơ sở; đã trả lời bằng văn bản cho người gửi đơn.",
]
SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
            ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
            ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Ksor", 1), ("Rơ Châm", 1)]
MIDDLE_NAMES = {"m": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Ngọc", "Đình"],
                "f": ["Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Hồng", "Bích", "Diệu"]}
GIVEN_NAMES = {"m": ["An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khánh", "Long", "Minh", "Nam", "Phong",
                     "Quang", "Sơn", "Tâm", "Thắng", "Tuấn", "Việt", "Vinh", "Hưng", "Lộc", "Phúc", "Toàn",
                     "Trung", "Hiếu", "Đạt", "Kiên", "Nghĩa", "Tài", "Thành", "Hoà"],
               "f": ["Anh", "Bích", "Cúc", "Dung", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngân",
                     "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thu", "Trang", "Tuyết", "Vân", "Yến", "Hoa",
                     "Hằng", "Loan", "Liên", "Huệ", "My", "Nhi", "Xuân"]}
KINDS = [(Petition.Kind.FEEDBACK, 45), (Petition.Kind.RECOMMENDATION, 25), (Petition.Kind.COMPLAINT, 22),
         (Petition.Kind.DENUNCIATION, 8)]
_S, _C = Petition.Source, Petition.Channel
SOURCES = [(_S.OFFICER, _C.IN_PERSON, 30), (_S.OFFICER, _C.POST, 20), (_S.OFFICER, _C.FORWARDED, 5),
           (_S.OFFICER, _C.PHONE, 5), (_S.PORTAL, _C.ONLINE, 28), (_S.RECEPTION, _C.RECEPTION, 10),
           (_S.OPEN311, _C.ONLINE, 2)]
# Closed at classification rather than resolved: (classification, weight).
NOT_ACCEPTED = [(Petition.Classification.FILED, 4), (Petition.Classification.GUIDED, 4),
                (Petition.Classification.FORWARDED, 3), (Petition.Classification.REFUSED, 1)]
# Calendar days from receipt (feedback, recommendations) or acceptance (complaints, denunciations) to the limit.
RESOLVE_DAYS = {Petition.Kind.FEEDBACK: 14, Petition.Kind.RECOMMENDATION: 14, Petition.Kind.COMPLAINT: 30,
                Petition.Kind.DENUNCIATION: 30}
ACCEPT_DAYS = {Petition.Kind.COMPLAINT: 10, Petition.Kind.DENUNCIATION: 9}


@dataclass(frozen=True)
class CitizensSizes:
    petitions: int

    @classmethod
    def for_scale(cls, scale: float) -> "CitizensSizes":
        return cls(petitions=max(1, round(FULL * scale)))


def _pair(text: str) -> tuple[str, str]:
    """A piece of text and its folded form: the folded text of a petition is its pieces' folded forms joined by
    single spaces, which is what `fold` of the joined text gives, without folding a million texts."""
    return text, fold(text)


def _join(*pairs: tuple[str, str]) -> tuple[str, str]:
    return " ".join(p[0] for p in pairs), " ".join(p[1] for p in pairs)


class _Template:
    """A sentence with {slots}, its fixed parts folded once: filled with (text, folded) pairs, it gives both forms.
    The parts are folded without trimming (the spaces around a slot are kept); the slots hold folded text."""

    def __init__(self, text: str):
        parts = re.split(r"\{(\w+)\}", text)
        self.literals = [(part, _fold_part(part)) for part in parts[0::2]]
        self.slots = parts[1::2]

    def fill(self, **values: tuple[str, str]) -> tuple[str, str]:
        text, folded = [self.literals[0][0]], [self.literals[0][1]]
        for slot, (literal, literal_folded) in zip(self.slots, self.literals[1:], strict=True):
            text += [values[slot][0], literal]
            folded += [values[slot][1], literal_folded]
        return "".join(text), "".join(folded)


def _fold_part(text: str) -> str:
    """`fold` of a piece of a longer text: the same letters, spaces at its ends kept."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return lead + fold(text) + trail


class _Writer:
    """Rows into citizens_petition in batches: every concrete column, defaults where the row says nothing."""

    def __init__(self):
        fields = [f for f in Petition._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in fields]
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.template = [f.get_default() for f in fields]
        self.sqlite = connection.vendor == "sqlite"
        self.rows: list[list] = []
        self.written = 0
        self._dates: dict = {}

    def value(self, value):
        """What the database driver is given: SQLite stores dates and times as Django writes them."""
        if not self.sqlite or value is None or isinstance(value, (str, int)):
            return value
        if value not in self._dates:
            self._dates[value] = (connection.ops.adapt_datetimefield_value(value)
                                  if isinstance(value, datetime.datetime)
                                  else connection.ops.adapt_datefield_value(value))
        return self._dates[value]

    def add(self, values: dict) -> None:
        row = self.template.copy()
        for name, value in values.items():
            row[self.index[name]] = self.value(value)
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        table = Petition._meta.db_table
        if self.sqlite:
            marks = ", ".join("?" * len(self.columns))
            connection.ensure_connection()
            connection.connection.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self.rows)
        else:
            with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in self.rows:
                    copy.write_row(row)
        self.written += len(self.rows)
        self.rows = []


def _weighted(rng: random.Random, items: list[tuple]) -> list:
    """`items` with weights last, expanded into a list to draw from with rng.choice (fast)."""
    table = []
    for *item, weight in items:
        table += [item[0] if len(item) == 1 else tuple(item)] * weight
    return table


def _staff(units: list[Unit]) -> dict[int, int]:
    """An officer and a head for each commune (whom a new petition notifies); returns commune id → officer id."""
    User = get_user_model()
    communes = [u for u in units if u.kind == Unit.Kind.COMMUNE]
    users = []
    for unit in communes:
        for role in ("officer", "head"):
            user = User(username=f"bench-{role}-{unit.pk}", full_name=f"Cán bộ {unit.name}",
                        email=f"{role}-{unit.pk}@bench.example.gov.vn")
            user.set_unusable_password()
            users.append(user)
    User.objects.bulk_create(users, batch_size=2000)
    by_name = dict(User.objects.filter(username__startswith="bench-").values_list("username", "pk"))
    memberships = []
    for unit in communes:
        memberships.append(Membership(user_id=by_name[f"bench-officer-{unit.pk}"], unit=unit, role=Role.UNIT_OFFICER))
        memberships.append(Membership(user_id=by_name[f"bench-head-{unit.pk}"], unit=unit, role=Role.UNIT_HEAD))
    Membership.objects.bulk_create(memberships, batch_size=2000)
    return {unit.pk: by_name[f"bench-officer-{unit.pk}"] for unit in communes}


class _Texts:
    """The vocabulary drawn from, every piece with its folded form (folded once, not once per petition)."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.matters = _weighted(rng, [((field, _pair(matter)), w) for field, matter, w in MATTERS])
        self.openings = {kind: [_pair(text) for text in texts] for kind, texts in OPENINGS.items()}
        self.contexts = [_Template(text) for text in CONTEXTS]
        self.facts = [_Template(text) for text in FACTS]
        self.more = [_pair(text) for text in MORE]
        self.roads = [_pair(r) for r in ROADS]
        self.hamlets = [_pair(h) for h in HAMLETS]
        self.numbers = {n: _pair(str(n)) for n in range(1, 21)}
        self.years = {y: _pair(str(y)) for y in range(today.year - 5, today.year + 1)}
        self.at = _pair("tại")
        self.surnames = _weighted(rng, [(_pair(name), w) for name, w in SURNAMES])
        self.middle = {sex: [_pair(n) for n in names] for sex, names in MIDDLE_NAMES.items()}
        self.given = {sex: [_pair(n) for n in names] for sex, names in GIVEN_NAMES.items()}
        self._units: dict[int, tuple] = {}

    def unit(self, unit: Unit) -> tuple:
        """The unit's name (in places) and the requests addressed to it."""
        if unit.pk not in self._units:
            name = unit.name
            authority = f"Ủy ban nhân dân {name[:1].lower() + name[1:]}" if unit.kind == Unit.Kind.COMMUNE else name
            self._units[unit.pk] = (_pair(name), [_pair(ask.format(unit=authority)) for ask in ASKS])
        return self._units[unit.pk]

    def person(self) -> tuple[str, str]:
        sex = "m" if self.rng.random() < 0.5 else "f"
        choice = self.rng.choice
        return _join(choice(self.surnames), choice(self.middle[sex]), choice(self.given[sex]))

    def petition(self, kind: str, unit: Unit, day: datetime.date) -> dict:
        """Subject, content, petitioner and their folded forms, as `petition_create` would store them."""
        rng, choice = self.rng, self.rng.choice
        field_code, matter = choice(self.matters)
        unit_name, asks = self.unit(unit)
        hamlet = _join(choice(self.hamlets), self.numbers[rng.randint(1, 20)])
        place = _join(hamlet, unit_name) if rng.random() < 0.7 else _join(choice(self.roads), unit_name)
        subject = _join(choice(self.openings[kind]), matter, self.at, hamlet if rng.random() < 0.6
                        else choice(self.roads))
        sentences = [
            choice(self.contexts).fill(place=place),
            choice(self.facts).fill(matter=matter, month=self.numbers[rng.randint(1, 12)],
                                    year=self.years[rng.randint(day.year - 2, day.year)]),
        ]
        if rng.random() < 0.6:
            sentences.append(choice(self.more))
        sentences.append(choice(asks))
        content = _join(*sentences)
        named = kind in (Petition.Kind.COMPLAINT, Petition.Kind.DENUNCIATION) or rng.random() < 0.5
        name = self.person() if named else ("", "")
        # "Số 12, thôn 3, Xã An Bình": never quoted whole in the content (which redaction would change).
        house = rng.randint(1, 300)
        address = (f"Số {house}, {place[0]}", f"so {house}, {place[1]}") if named else ("", "")
        return {
            "field_code": field_code, "subject": subject[0], "content": content[0],
            # What the service writes (for a denunciation: the text with the identity redacted, which here never
            # quotes it, so the same).
            "search_folded": f"{subject[1]} {content[1]}",
            "name": name[0], "name_folded": name[1], "address": address[0], "address_folded": address[1],
            "id_number": f"0{rng.randint(52, 96)}{rng.randint(0, 999999999):09d}" if named and rng.random() < 0.6
            else "",
            "phone": f"09{rng.randint(0, 99999999):08d}" if named and rng.random() < 0.5 else "",
        }


class _Units:
    """Nine petitions in ten go to a commune (some far busier than others: a long-tailed weight each), one in
    ten to a department."""

    def __init__(self, rng: random.Random, units: list[Unit]):
        self.rng = rng
        self.communes = [u for u in units if u.kind == Unit.Kind.COMMUNE] or units
        self.departments = [u for u in units if u.kind != Unit.Kind.COMMUNE] or self.communes
        self.cumulative, total = [], 0.0
        for _unit in self.communes:
            total += rng.lognormvariate(0, 0.8)
            self.cumulative.append(total)
        self.total = total

    def pick(self) -> Unit:
        if self.rng.random() >= 0.9:
            return self.rng.choice(self.departments)
        at = bisect.bisect(self.cumulative, self.rng.random() * self.total)
        return self.communes[min(at, len(self.communes) - 1)]


@transaction.atomic
def generate_petitions(count: int, *, units: list[Unit] | None = None, today: datetime.date | None = None,
                       seed: int = 4, say=lambda message: None) -> int:
    """Write `count` petitions spread over `units` (the reporting data set's departments and communes when not
    given), received over the three years up to `today`, in the order they came. Returns how many."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    ensure_fields()
    if units is None:
        units = list(Unit.objects.filter(source="bench", kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.COMMUNE]))
    start = time.perf_counter()
    officers = _staff(units)
    say(f"petitions: an officer and a head for {len(officers)} communes in {time.perf_counter() - start:.1f} s")
    fields = {f.code: f.pk for f in Field.objects.all()}
    texts, pick = _Texts(rng, today), _Units(rng, units).pick
    kinds, sources, not_accepted = _weighted(rng, KINDS), _weighted(rng, SOURCES), _weighted(rng, NOT_ACCEPTED)
    writer = _Writer()
    with _triggers_paused(say):
        number = 0
        for offset in range(DAYS - 1, -1, -1):  # oldest first
            day = today - datetime.timedelta(days=offset)
            created = datetime.datetime(day.year, day.month, day.day, 9, tzinfo=VN)
            for _i in range(round((DAYS - offset) * count / DAYS) - number):
                number += 1
                unit, kind = pick(), rng.choice(kinds)
                source, channel = rng.choice(sources)
                row = texts.petition(kind, unit, day)
                row.update(
                    kind=kind, channel=channel, source=source, received_on=day, field_id=fields[row.pop("field_code")],
                    unit_id=unit.pk, is_complex=rng.random() < 0.08, is_remote_area=rng.random() < 0.05,
                    tracking_code=f"{CODE_PREFIX}{number:08d}", created_at=created, updated_at=created,
                )
                _lifecycle(rng, row, kind, day, today, officer=officers.get(unit.pk), not_accepted=not_accepted)
                writer.add(row)
            if offset % 365 == 0:
                say(f"petitions: {writer.written + len(writer.rows)} up to {day:%d/%m/%Y} "
                    f"({time.perf_counter() - start:.0f} s)")
        writer.flush()
    return writer.written


@contextlib.contextmanager
def _triggers_paused(say):
    """What the triggers on the petitions keep is built in one pass after the load, as the migrations do for the
    rows already there: kept up row by row, a million rows take several times as long. On SQLite, the FTS5 search
    index (migration 0003); on SQLite and PostgreSQL, the tally by unit and kind (migration 0004). On a SQLite
    without FTS5 the rows go in with the indexes they have."""
    search = importlib.import_module("danvan.citizens.migrations.0003_petition_search_index")
    tally = importlib.import_module("danvan.citizens.migrations.0004_petition_tally")
    vendor = connection.vendor
    with connection.cursor() as cursor:
        fts = vendor == "sqlite" and cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %s", [search.FTS]).fetchone()[0]
        if fts:
            for name in search.TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
        tally.drop_triggers(cursor, vendor)
    yield
    start = time.perf_counter()
    with connection.cursor() as cursor:
        if fts:
            cursor.execute(f"INSERT INTO {search.FTS}({search.FTS}) VALUES ('rebuild')")
            for sql in search.TRIGGERS.values():
                cursor.execute(sql)
        if tally.triggers(vendor):
            tally.rebuild(cursor)
            tally.create_triggers(cursor, vendor)
    say(f"petitions: {'FTS5 search index and ' if fts else ''}tally built in {time.perf_counter() - start:.1f} s")


def _lifecycle(rng: random.Random, row: dict, kind: str, day: datetime.date, today: datetime.date, *, officer,
               not_accepted) -> None:
    """Status, clocks and outcome of a petition received on `day`, as they stand `today`."""
    days = datetime.timedelta
    age = (today - day).days
    accept_after = rng.randint(1, ACCEPT_DAYS.get(kind, 10))
    accepted_on = min(day + days(accept_after), today)
    limit = RESOLVE_DAYS[kind] + (15 if row["is_complex"] and kind == Petition.Kind.COMPLAINT else 0)
    counted_from = accepted_on if kind in ACCEPT_DAYS else day
    row["resolve_due"] = counted_from + days(limit)
    if kind in ACCEPT_DAYS:
        row["accept_due"] = day + days(ACCEPT_DAYS[kind])
    # Recent petitions are mostly open; about one old case in a hundred is still open (and long overdue).
    still_open = rng.random() < (0.9 * (1 - age / 75) if age < 75 else 0.01)
    if still_open:
        if age < accept_after or rng.random() < 0.1:  # not accepted yet: the limit counts from receipt
            row["status"], row["resolve_due"] = Petition.Status.RECEIVED, day + days(limit)
        else:
            row.update(status=Petition.Status.IN_PROGRESS, classification=Petition.Classification.ACCEPTED,
                       classified_on=accepted_on, accepted_on=accepted_on, handler_id=officer)
        due = row["resolve_due"]
        row["clock"] = (Petition.Clock.OVERDUE if due < today else Petition.Clock.DUE_SOON
                        if (due - today).days <= 3 else Petition.Clock.RUNNING)
        return
    row["clock"] = Petition.Clock.STOPPED
    if rng.random() < 0.12:  # closed at classification
        decided = min(day + days(rng.randint(1, 10)), today)
        row.update(status=Petition.Status.CLOSED, classification=rng.choice(not_accepted), classified_on=decided,
                   closed_on=decided, classification_reason="Không thuộc thẩm quyền giải quyết của cơ quan.")
        return
    took = max(1, round(limit * rng.uniform(0.3, 1.35)))
    resolved_on = min(counted_from + days(took), today)
    row.update(
        status=Petition.Status.CLOSED if rng.random() < 0.75 else Petition.Status.RESOLVED,
        classification=Petition.Classification.ACCEPTED, classified_on=accepted_on, accepted_on=accepted_on,
        handler_id=officer, resolved_on=resolved_on, resolved_on_time=resolved_on <= row["resolve_due"],
        decision_number=f"{rng.randint(1, 999)}/QĐ-UBND" if kind in ACCEPT_DAYS else f"{rng.randint(1, 999)}/TB-UBND",
        decision_date=resolved_on, answer=rng.choice(ANSWERS),
    )
    if row["status"] == Petition.Status.CLOSED:
        row["closed_on"] = min(resolved_on + days(rng.randint(0, 10)), today)
    if kind in (Petition.Kind.FEEDBACK, Petition.Kind.RECOMMENDATION) and rng.random() < 0.1:
        row.update(answer_public=True, public_answer=row["answer"],
                   published_at=datetime.datetime(resolved_on.year, resolved_on.month, resolved_on.day, 16, tzinfo=VN))
