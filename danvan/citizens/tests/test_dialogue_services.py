import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.citizens import reception_services as services
from danvan.citizens.models import Commitment, Dialogue
from danvan.core.models import Notification

D = datetime.date
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def dialogue(tree, people):
    return services.dialogue_create(by=people["owner"], unit=tree["commune"], date=D(2025, 4, 10),
                                    presiding_name="Nguyễn Văn Chủ", topic="Chỉnh trang đô thị",
                                    participants=120, issues="Đèn đường, thoát nước")


def _commitment(dialogue, by, **extra):
    values = {"text": "Sửa đèn đường tổ 3", "due_date": D(2025, 6, 30), "owner_name": "Phòng Kinh tế"}
    return services.commitment_add(by=by, dialogue=dialogue, **{**values, **extra})


def test_a_dialogue_is_recorded_and_audited(dialogue, people):
    dialogue.refresh_from_db()
    assert (dialogue.topic, dialogue.participants, dialogue.is_annual_conference) == (
        "Chỉnh trang đô thị", 120, True)
    assert AuditEntry.objects.get(action="dialogue_created").changes["participants"] == [None, 120]


def test_only_the_unit_and_admins_record_dialogues(tree, people):
    for name in ("outsider", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.dialogue_create(by=people[name], unit=tree["commune"], date=D(2025, 4, 10),
                                     presiding_name="X", topic="Y")
    assert services.dialogue_create(by=people["admin"], unit=tree["commune"], date=D(2025, 4, 10),
                                    presiding_name="X", topic="Y").pk
    assert Dialogue.objects.count() == 1


def test_a_dialogue_needs_a_topic_and_a_past_date(tree, people):
    with pytest.raises(ValidationError) as error:
        services.dialogue_create(by=people["owner"], unit=tree["commune"], date=D(2025, 4, 10),
                                 presiding_name="X", topic=" ")
    assert "topic" in error.value.message_dict
    with time_machine.travel(datetime.datetime(2025, 4, 9, 9, tzinfo=VN), tick=False), \
            pytest.raises(ValidationError) as error:
        services.dialogue_create(by=people["owner"], unit=tree["commune"], date=D(2025, 4, 10),
                                 presiding_name="X", topic="Y")
    assert "date" in error.value.message_dict


def test_a_commitment_has_an_owner_and_a_due_date_after_the_dialogue(dialogue, people):
    with pytest.raises(ValidationError) as error:
        _commitment(dialogue, people["owner"], owner_name="")
    assert "owner_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _commitment(dialogue, people["owner"], due_date=D(2025, 4, 9))
    assert "due_date" in error.value.message_dict
    commitment = _commitment(dialogue, people["owner"], owner_name="", owner_user=people["member"])
    assert commitment.owner_name == people["member"].get_full_name()
    assert commitment.status == Commitment.Status.OPEN
    with pytest.raises(PermissionDenied):
        _commitment(dialogue, people["outsider"])


def test_the_owner_is_told_of_a_new_commitment(dialogue, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _commitment(dialogue, people["owner"], owner_user=people["member"])
    assert Notification.objects.filter(recipient=people["member"]).count() == 1
    assert Notification.objects.filter(recipient=people["owner"]).count() == 0  # not the one who typed it


def test_a_commitment_is_followed_to_done(dialogue, people, django_capture_on_commit_callbacks):
    commitment = _commitment(dialogue, people["owner"])
    with time_machine.travel(datetime.datetime(2025, 6, 20, 9, tzinfo=VN), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        services.commitment_done(by=people["owner"], commitment=commitment, result="Đã thay 12 bóng đèn")
    commitment.refresh_from_db()
    assert (commitment.status, commitment.done_on, commitment.result) == ("done", D(2025, 6, 20),
                                                                           "Đã thay 12 bóng đèn")
    assert Notification.objects.filter(recipient=people["member"]).exists()  # the head is told
    with pytest.raises(ValidationError):
        services.commitment_done(by=people["owner"], commitment=commitment, result="Lần nữa")
    services.commitment_reopen(by=people["member"], commitment=commitment, reason="Còn 2 bóng chưa thay")
    commitment.refresh_from_db()
    assert (commitment.status, commitment.done_on) == ("open", None)
    entry = AuditEntry.objects.get(action="commitment_reopened")
    assert entry.changes["reason"] == [None, "Còn 2 bóng chưa thay"]


def test_done_needs_a_result_and_a_sensible_date(dialogue, people):
    commitment = _commitment(dialogue, people["owner"])
    with pytest.raises(ValidationError) as error:
        services.commitment_done(by=people["owner"], commitment=commitment, result="")
    assert "result" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.commitment_done(by=people["owner"], commitment=commitment, result="x", done_on=D(2025, 4, 9))
    assert "done_on" in error.value.message_dict
    commitment.refresh_from_db()
    assert commitment.status == "open"


def test_the_owner_may_mark_done_an_outsider_may_not(tree, dialogue, people):
    from danvan.conftest import make_user
    from danvan.org.models import Role

    handler = make_user("handler", unit=tree["commune"], role=Role.CASE_HANDLER)
    commitment = _commitment(dialogue, people["owner"], owner_user=handler)
    with pytest.raises(PermissionDenied):
        services.commitment_done(by=people["outsider"], commitment=commitment, result="x")
    with pytest.raises(PermissionDenied):
        services.commitment_reopen(by=people["outsider"], commitment=commitment, reason="x")
    services.commitment_done(by=handler, commitment=commitment, result="Xong")
    assert Commitment.objects.get(pk=commitment.pk).status == "done"


def test_a_dialogue_cannot_move_after_its_commitments_fall_due(dialogue, people):
    _commitment(dialogue, people["owner"], due_date=D(2025, 4, 30))
    fields = {"presiding_name": "Nguyễn Văn Chủ", "topic": "Chỉnh trang đô thị", "is_annual_conference": True,
              "participants": 130}
    with pytest.raises(ValidationError):
        services.dialogue_update(by=people["owner"], dialogue=dialogue, date=D(2025, 5, 2), **fields)
    services.dialogue_update(by=people["owner"], dialogue=dialogue, date=D(2025, 4, 11), **fields)
    dialogue.refresh_from_db()
    assert (dialogue.date, dialogue.participants) == (D(2025, 4, 11), 130)
    assert AuditEntry.objects.get(action="dialogue_updated").changes["participants"] == [120, 130]
