import pytest
from django.core import mail
from django.db import transaction

from danvan.accounts.models import User
from danvan.conftest import make_user
from danvan.core import scheduler
from danvan.core.models import Notification, OutgoingEmail
from danvan.core.notify import notify


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_notify_in_a_transaction_that_rolls_back_writes_nothing():
    people = [make_user("lan"), make_user("minh")]
    with pytest.raises(Boom), transaction.atomic():
        notify(people, subject="Kế hoạch đã duyệt", body="Nội dung", url="/plans/1/")
        raise Boom
    assert not Notification.objects.exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_notify_in_a_transaction_that_commits_writes_a_notice_and_a_mail_per_person():
    lan, minh = make_user("lan"), make_user("minh")
    with transaction.atomic():
        notify([lan, minh], subject="Kế hoạch đã duyệt", body="Nội dung", url="/plans/1/")
        assert not Notification.objects.exists()  # nothing before the commit
    notices = Notification.objects.order_by("recipient__username")
    assert [(n.recipient, n.subject, n.body, n.url) for n in notices] == [
        (lan, "Kế hoạch đã duyệt", "Nội dung", "/plans/1/"),
        (minh, "Kế hoạch đã duyệt", "Nội dung", "/plans/1/"),
    ]
    mails = OutgoingEmail.objects.order_by("to")
    assert [(m.to, m.subject, m.body) for m in mails] == [
        ("lan@example.gov.vn", "Kế hoạch đã duyệt", "Nội dung\n\n/plans/1/"),
        ("minh@example.gov.vn", "Kế hoạch đã duyệt", "Nội dung\n\n/plans/1/"),
    ]
    assert all(m.sent_at is None and m.claimed_by == "" and m.attempts == 0 for m in mails)


def test_notify_skips_inactive_people_and_mails_only_those_with_an_address(db, django_capture_on_commit_callbacks):
    active, no_mail, gone = make_user("lan"), make_user("minh"), make_user("hoa")
    no_mail.email = ""
    no_mail.save(update_fields=["email"])
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify([active, no_mail, gone], subject="Nhắc hạn báo cáo")
    assert len(callbacks) == 1
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"lan", "minh"}
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["lan@example.gov.vn"]


def test_notify_writes_once_for_a_person_named_twice(db, django_capture_on_commit_callbacks):
    lan = make_user("lan")
    with django_capture_on_commit_callbacks(execute=True):
        notify([lan, lan], subject="Nhắc hạn báo cáo")
    assert Notification.objects.filter(recipient=lan).count() == 1
    assert OutgoingEmail.objects.filter(to=lan.email).count() == 1


def test_notify_accepts_a_queryset_of_the_people_fixture(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(User.objects.filter(username__in=["owner", "member"]), subject="Phản ánh mới")
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        people["owner"].pk,
        people["member"].pk,
    }
    assert OutgoingEmail.objects.count() == 2


def test_notify_keeps_the_subject_on_one_line_and_within_the_field(db, django_capture_on_commit_callbacks):
    lan = make_user("lan")
    with django_capture_on_commit_callbacks(execute=True):
        notify([lan], subject="Báo cáo quý I\nđã quá hạn  " + "x" * 400, body="", url="")
    notice = Notification.objects.get()
    email = OutgoingEmail.objects.get()
    assert notice.subject.startswith("Báo cáo quý I đã quá hạn x")
    assert "\n" not in notice.subject
    assert len(notice.subject) == 300
    assert email.subject == notice.subject
    assert email.body == ""


def test_a_notice_whose_subject_had_a_line_break_can_still_be_mailed(db, django_capture_on_commit_callbacks):
    lan = make_user("lan")
    with django_capture_on_commit_callbacks(execute=True):
        notify([lan], subject="Báo cáo quý I\r\nđã quá hạn")
    assert scheduler.send_mail_due("worker-1") == 1
    assert [message.subject for message in mail.outbox] == ["Báo cáo quý I đã quá hạn"]
