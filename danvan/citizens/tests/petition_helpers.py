"""Shared makers for the petition tests (plain functions: each test module wraps them in its own fixtures)."""

import datetime
from zoneinfo import ZoneInfo

from danvan.citizens import services
from danvan.citizens.models import Field, Petition
from danvan.conftest import make_user
from danvan.org.models import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

DENOUNCER = {"name": "Trần Thị Bích", "id_number": "079123456789", "address": "12 Lê Lợi, Phường Quy Nhơn Nam",
             "phone": "0905123456", "email": "bich.tran@example.vn"}


def at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    """A moment in Việt Nam, for time_machine."""
    return datetime.datetime(year, month, day, hour, tzinfo=VN)


def field(code: str = "dat-dai") -> Field:
    return Field.objects.get(code=code)


def handler_of(unit, username: str = "handler"):
    """A case handler of the unit (not its head, not an officer)."""
    return make_user(username, unit=unit, role=Role.CASE_HANDLER, full_name="Lê Văn Xử")


def leader_of(province):
    return make_user("leader", unit=province, role=Role.LEADER)


def petition(by, unit, *, kind: str = Petition.Kind.COMPLAINT, received_on: datetime.date | None = None,
             subject: str = "Khiếu nại quyết định thu hồi đất ở thôn 3", content: str = "Nội dung khiếu nại.",
             name: str = "Nguyễn Văn An", address: str = "Thôn 3, Phường Quy Nhơn Nam", **extra) -> Petition:
    """A petition recorded through the service (so its clocks are computed), received 01/10/2025 unless said."""
    created, _secret = services.petition_create(
        by=by, kind=kind, channel=extra.pop("channel", Petition.Channel.IN_PERSON),
        received_on=received_on or D(2025, 10, 1), unit=unit, field=extra.pop("field", None) or field(),
        subject=subject, content=content, name=name, address=address, **extra)
    return created


def denunciation(by, unit, **extra) -> Petition:
    values = {**DENOUNCER, **extra}
    return petition(by, unit, kind=Petition.Kind.DENUNCIATION,
                    subject=values.pop("subject", "Tố cáo cán bộ địa chính nhận tiền"),
                    content=values.pop("content", "Tôi, Trần Thị Bích, tố cáo ông K nhận tiền khi cấp sổ đỏ."),
                    **values)


def accepted(by, p: Petition, handler, **extra) -> Petition:
    return services.petition_classify(by=by, petition=p, decision=Petition.Classification.ACCEPTED,
                                      handler=handler, **extra)
