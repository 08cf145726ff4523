"""Demo data for the citizens' side (invented for the example): a few petitions of each kind at Phường Quy Nhơn
Nam, handled to different stages, a weekly reception session and the ward's yearly dialogue conference."""

import datetime

from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.citizens import reception_services, services
from danvan.citizens.models import Field, Petition
from danvan.core.models import DataLoad
from danvan.org.models import Unit

PETITIONS = [  # kind, field, subject, content, name, address, days ago, stage
    ("feedback", "ha-tang", "Đèn đường hỏng trên đường Lê Lợi", "Ba cột đèn trước số 12 Lê Lợi không sáng.", "", "",
     3, "received"),
    ("recommendation", "hanh-chinh", "Đề nghị mở thêm quầy một cửa buổi chiều thứ Bảy",
     "Người đi làm không kịp nộp hồ sơ trong giờ hành chính.", "Lê Văn Hòa", "45 Trần Hưng Đạo", 12, "resolved"),
    ("complaint", "dat-dai", "Khiếu nại quyết định thu hồi đất tại tổ 5",
     "Gia đình không đồng ý mức bồi thường theo quyết định thu hồi đất.", "Nguyễn Văn An", "Tổ 5, khu vực 2",
     20, "accepted"),
    ("denunciation", "can-bo", "Tố cáo cán bộ địa chính nhận tiền khi cấp giấy chứng nhận",
     "Tôi tố cáo cán bộ địa chính phường nhận tiền của người dân.", "Trần Thị Bích", "12 Lê Lợi", 8, "accepted"),
    ("feedback", "moi-truong", "Rác thải tập kết sai nơi quy định ở chợ Quy Nhơn Nam",
     "Rác tồn đọng nhiều ngày gây mùi.", "", "", 15, "accepted"),
]


@transaction.atomic
def load_citizens_demo() -> bool:
    if DataLoad.objects.filter(name="demo-citizens").exists():
        return False
    ward = Unit.objects.filter(name="Phường Quy Nhơn Nam", valid_to__isnull=True).first()
    if ward is None:
        return False
    handler = User.objects.filter(username="thulyphuong").first()
    today = timezone.localdate()
    for kind, field, subject, content, name, address, days_ago, stage in PETITIONS:
        petition, _secret = services.petition_create(
            by=None, kind=kind, channel="in_person" if name else "online", received_on=today - datetime.timedelta(
                days=days_ago), unit=ward, field=Field.objects.get(code=field), subject=subject, content=content,
            name=name, address=address, source="officer" if name else "portal")
        if stage in ("accepted", "resolved"):
            services.petition_classify(by=None, petition=petition, decision=Petition.Classification.ACCEPTED,
                                       handler=handler)
        if stage == "resolved":
            services.petition_resolve(by=None, petition=petition, decision_number="112/UBND-VP",
                                      decision_date=today - datetime.timedelta(days=2), publish=True,
                                      answer="Từ tháng 12, Bộ phận một cửa phường làm việc sáng thứ Bảy.")
    head = User.objects.filter(username="truongphuong").first()
    thursday = today - datetime.timedelta(days=(today.weekday() - 3) % 7)
    session = reception_services.reception_session_create(
        by=None, unit=ward, date=thursday, presiding_name=head.get_full_name() if head else "Chủ tịch UBND phường",
        presiding_role="head", presiding_user=head, citizens_count=4)
    reception_services.reception_case_add(by=None, session=session, citizen_name="Phạm Thị Lan",
                                          summary="Hỏi thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất.")
    dialogue = reception_services.dialogue_create(
        by=None, unit=ward, date=today - datetime.timedelta(days=30), presiding_name="Phạm Văn Trưởng",
        topic="Hội nghị đối thoại với Nhân dân năm 2026", participants=120,
        issues="Chiếu sáng đô thị; thu gom rác ở chợ; thủ tục đất đai.")
    reception_services.commitment_add(by=None, dialogue=dialogue, text="Sửa chữa hệ thống chiếu sáng đường Lê Lợi",
                                      owner_name="Phòng Kinh tế, Hạ tầng và Đô thị",
                                      due_date=today + datetime.timedelta(days=10))
    DataLoad.objects.create(name="demo-citizens")
    return True
