"""The scheduler marks petitions due soon and overdue, once, and warns the handler and the unit head."""

import pytest
import time_machine
from django.utils import translation

from danvan.citizens import services
from danvan.citizens.jobs import petition_clocks_due
from danvan.citizens.models import Petition
from danvan.citizens.tests.petition_helpers import DENOUNCER, D, accepted, at, handler_of, petition
from danvan.core.models import Notification, OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(tree, people):
    """A complaint accepted on 06/10/2025 by the commune: to be resolved by 05/11/2025 (PETITION_DUE_SOON_DAYS=3)."""
    handler = handler_of(tree["commune"])
    with time_machine.travel(at(2025, 10, 6), tick=False):
        p = accepted(people["owner"], petition(people["owner"], tree["commune"], received_on=D(2025, 10, 1)),
                     handler)
    assert p.resolve_due == D(2025, 11, 5)
    Notification.objects.all().delete()
    OutgoingEmail.objects.all().delete()
    return p


def _run(day, capture):
    with capture(execute=True):
        return petition_clocks_due("test-worker", today=day)


def _subjects(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("subject", flat=True))


def test_nothing_happens_while_the_case_is_on_schedule(case, django_capture_on_commit_callbacks):
    assert _run(D(2025, 11, 1), django_capture_on_commit_callbacks) == 0
    case.refresh_from_db()
    assert case.clock == Petition.Clock.RUNNING and not Notification.objects.exists()


def test_due_soon_then_overdue_each_warns_the_handler_and_the_head_once(case, people,
                                                                      django_capture_on_commit_callbacks):
    handler, head = case.handler, people["member"]
    assert _run(D(2025, 11, 2), django_capture_on_commit_callbacks) == 1
    case.refresh_from_db()
    assert case.clock == Petition.Clock.DUE_SOON
    for person in (handler, head):
        assert _subjects(person) == [f"Due on 05/11/2025: {case.subject}"]
    # Neither the officer who recorded it nor anyone outside the unit is warned.
    assert not _subjects(people["owner"]) and not _subjects(people["outsider"])
    assert OutgoingEmail.objects.filter(to=handler.email).count() == 1

    assert _run(D(2025, 11, 3), django_capture_on_commit_callbacks) == 0  # a second pass sends nothing
    assert Notification.objects.count() == 2

    assert _run(D(2025, 11, 6), django_capture_on_commit_callbacks) == 1
    case.refresh_from_db()
    assert case.clock == Petition.Clock.OVERDUE
    for person in (handler, head):
        assert _subjects(person)[-1] == f"Overdue since 05/11/2025: {case.subject}"
    assert _run(D(2025, 11, 7), django_capture_on_commit_callbacks) == 0
    assert Notification.objects.count() == 4


def test_a_case_found_overdue_straight_away_is_warned_once(case, people, django_capture_on_commit_callbacks):
    assert _run(D(2025, 12, 1), django_capture_on_commit_callbacks) == 1
    assert _run(D(2025, 12, 2), django_capture_on_commit_callbacks) == 0
    assert _subjects(case.handler) == [f"Overdue since 05/11/2025: {case.subject}"]


def test_resolved_and_closed_cases_are_never_marked(case, people, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2025, 11, 3), tick=False):
        services.petition_resolve(by=case.handler, petition=case, decision_number="1/TB",
                                  decision_date=D(2025, 11, 3), answer="Trả lời")
    assert _run(D(2025, 12, 1), django_capture_on_commit_callbacks) == 0
    case.refresh_from_db()
    assert case.clock == Petition.Clock.STOPPED and not Notification.objects.exists()


def test_an_extension_restarts_the_clock_and_the_next_warning(tree, people, django_capture_on_commit_callbacks):
    handler = handler_of(tree["commune"])
    with time_machine.travel(at(2025, 10, 6), tick=False):
        p = accepted(people["owner"], petition(people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK,
                                               received_on=D(2025, 10, 1), name="", address=""), handler)
    assert p.resolve_due == D(2025, 10, 15)
    assert _run(D(2025, 10, 13), django_capture_on_commit_callbacks) == 1
    with time_machine.travel(at(2025, 10, 14), tick=False):
        services.petition_extend(by=handler, petition=p, days=5, reason="Chờ ý kiến sở")
    p.refresh_from_db()
    assert p.resolve_due == D(2025, 10, 22) and p.clock == Petition.Clock.RUNNING
    assert _run(D(2025, 10, 20), django_capture_on_commit_callbacks) == 1
    assert _subjects(handler) == [f"Due on 15/10/2025: {p.subject}", f"Due on 22/10/2025: {p.subject}"]


# The acceptance clock: a complaint or denunciation waiting to be accepted or refused ----------------------------

@pytest.fixture
def waiting(tree, people):
    """A complaint received on 01/10/2025, not yet accepted: to be accepted or refused by 13/10/2025 (the tenth day,
    11/10, is a Saturday)."""
    with time_machine.travel(at(2025, 10, 1), tick=False):
        p = petition(people["owner"], tree["commune"], received_on=D(2025, 10, 1))
    assert p.accept_due == D(2025, 10, 13) and p.resolve_due == D(2025, 10, 31)
    Notification.objects.all().delete()
    return p


def test_acceptance_falling_due_then_late_warns_the_head_once_each(waiting, people, django_capture_on_commit_callbacks):
    head = people["member"]
    assert _run(D(2025, 10, 9), django_capture_on_commit_callbacks) == 0
    assert _run(D(2025, 10, 10), django_capture_on_commit_callbacks) == 1
    assert _subjects(head) == [f"To be accepted or refused by 13/10/2025: {waiting.subject}"]
    assert not _subjects(people["owner"]) and not _subjects(people["outsider"])
    assert _run(D(2025, 10, 13), django_capture_on_commit_callbacks) == 0  # once
    assert _run(D(2025, 10, 14), django_capture_on_commit_callbacks) == 1
    assert _subjects(head)[-1] == f"Not accepted or refused by 13/10/2025 as the law requires: {waiting.subject}"
    assert _run(D(2025, 10, 20), django_capture_on_commit_callbacks) == 0
    waiting.refresh_from_db()
    assert waiting.accept_warned_on == D(2025, 10, 14) and waiting.clock == Petition.Clock.RUNNING
    assert Notification.objects.filter(recipient=head).count() == 2


def test_a_petition_accepted_in_time_hears_nothing_of_its_acceptance(waiting, people,
                                                                     django_capture_on_commit_callbacks):
    with time_machine.travel(at(2025, 10, 8), tick=False):
        accepted(people["owner"], waiting, handler_of(waiting.unit))
    Notification.objects.all().delete()
    assert _run(D(2025, 10, 14), django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()


def test_feedback_has_no_acceptance_clock_and_a_late_denunciation_keeps_its_denouncer_secret(
        tree, people, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2025, 10, 1), tick=False):
        feedback = petition(people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK, name="", address="")
        denunciation = petition(people["owner"], tree["commune"], kind=Petition.Kind.DENUNCIATION,
                                subject=f"Tố cáo cán bộ địa chính, người tố cáo {DENOUNCER['name']}",
                                **{k: v for k, v in DENOUNCER.items() if k != "name"}, name=DENOUNCER["name"])
    Notification.objects.all().delete()
    assert feedback.accept_due is None and denunciation.accept_due == D(2025, 10, 10)  # 7 working days
    assert _run(D(2025, 10, 11), django_capture_on_commit_callbacks) == 1
    (subject,) = _subjects(people["member"])
    assert subject == "Not accepted or refused by 10/10/2025 as the law requires: Tố cáo cán bộ địa chính, " \
                      "người tố cáo [bảo mật]"
    assert DENOUNCER["name"] not in "".join(OutgoingEmail.objects.values_list("subject", flat=True))


def test_a_petition_classified_while_the_job_runs_is_not_warned(waiting, people, monkeypatch,
                                                                django_capture_on_commit_callbacks):
    """The job reads its candidates, then claims each: a classification committed in between wins."""
    from django.db.models.query import QuerySet

    read_rows = QuerySet.iterator

    def rows_then_classified_elsewhere(self, *args, **kwargs):
        rows = list(read_rows(self, *args, **kwargs))
        if self.model is Petition and rows:
            Petition.objects.filter(pk__in=[r.pk for r in rows]).update(status=Petition.Status.CLASSIFIED)
        yield from rows

    monkeypatch.setattr(QuerySet, "iterator", rows_then_classified_elsewhere)
    assert _run(D(2025, 10, 14), django_capture_on_commit_callbacks) == 0
    waiting.refresh_from_db()
    assert waiting.accept_warned_on is None and not Notification.objects.exists()
