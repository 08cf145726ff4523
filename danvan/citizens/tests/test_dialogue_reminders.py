"""The commitments' reminder job: once before the due date, once after, never twice."""

import datetime

import pytest

from danvan.citizens import reception_services as services
from danvan.citizens.jobs import COMMITMENT_REMIND_DAYS_BEFORE, commitment_reminders_due
from danvan.core.models import Notification
from danvan.core.scheduler import JOBS

D = datetime.date
DUE = D(2025, 6, 30)


@pytest.fixture
def commitment(tree, people):
    dialogue = services.dialogue_create(by=people["owner"], unit=tree["commune"], date=D(2025, 4, 10),
                                        presiding_name="Nguyễn Văn Chủ", topic="Chỉnh trang đô thị")
    return services.commitment_add(by=people["owner"], dialogue=dialogue, text="Sửa đèn đường tổ 3", due_date=DUE,
                                   owner_name="Lê Văn Cán", owner_user=people["owner"])


def _run(day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return commitment_reminders_due("test", today=day)


def _subjects(person):
    return list(Notification.objects.filter(recipient=person).order_by("pk").values_list("subject", flat=True))


def test_the_job_is_registered():
    assert JOBS["commitment_reminders_due"] is commitment_reminders_due


def test_one_reminder_before_and_one_after_the_due_date(commitment, people, django_capture_on_commit_callbacks):
    Notification.objects.all().delete()
    window_opens = DUE - datetime.timedelta(days=COMMITMENT_REMIND_DAYS_BEFORE)
    assert _run(window_opens - datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 0  # too early
    assert _run(window_opens, django_capture_on_commit_callbacks) == 1
    assert _run(window_opens, django_capture_on_commit_callbacks) == 0  # a second run sends nothing
    assert _run(DUE, django_capture_on_commit_callbacks) == 0  # the due day itself: not overdue yet
    assert len(_subjects(people["owner"])) == 1 and len(_subjects(people["member"])) == 1  # owner and head
    assert "30/06/2025" in _subjects(people["owner"])[0]
    assert _run(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 1
    assert _run(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert _run(DUE + datetime.timedelta(days=30), django_capture_on_commit_callbacks) == 0
    assert len(_subjects(people["owner"])) == 2 and len(_subjects(people["member"])) == 2
    assert _subjects(people["owner"])[0] != _subjects(people["owner"])[1]  # "due on" then "overdue since"
    commitment.refresh_from_db()
    assert commitment.reminded_on == DUE + datetime.timedelta(days=1)


def test_a_scheduler_that_was_stopped_sends_only_the_overdue_reminder(commitment, django_capture_on_commit_callbacks):
    assert _run(DUE + datetime.timedelta(days=5), django_capture_on_commit_callbacks) == 1
    assert _run(DUE + datetime.timedelta(days=6), django_capture_on_commit_callbacks) == 0


def test_done_commitments_are_not_reminded(commitment, people, django_capture_on_commit_callbacks):
    services.commitment_done(by=people["owner"], commitment=commitment, result="Xong", done_on=D(2025, 5, 1))
    assert _run(DUE - datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert _run(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 0


def test_without_a_named_person_the_unit_officers_are_reminded(tree, people, django_capture_on_commit_callbacks):
    dialogue = services.dialogue_create(by=people["member"], unit=tree["commune"], date=D(2025, 4, 10),
                                        presiding_name="Nguyễn Văn Chủ", topic="Đối thoại")
    services.commitment_add(by=people["member"], dialogue=dialogue, text="Nạo vét mương", due_date=DUE,
                            owner_name="Phòng Kinh tế")
    Notification.objects.all().delete()
    assert _run(DUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 1
    assert len(_subjects(people["owner"])) == 1 and len(_subjects(people["member"])) == 1
    assert _subjects(people["outsider"]) == []

