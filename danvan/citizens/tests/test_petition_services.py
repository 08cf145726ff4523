"""Each step of a petition's life: a service that validates, audits, leaves an update and notifies after commit."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from danvan.audit.models import AuditEntry
from danvan.audit.services import verify_chain
from danvan.citizens import services
from danvan.citizens.models import Petition
from danvan.citizens.tests.petition_helpers import PNG, D, accepted, at, denunciation, field, handler_of, petition
from danvan.core.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' messages in their English msgids: these tests are about the rules, not the wording."""
    with translation.override("en"):
        yield


@pytest.fixture
def handler(tree):
    return handler_of(tree["commune"])


def _actions(p: Petition) -> list[str]:
    return list(AuditEntry.objects.filter(object_type="citizens.petition", object_id=str(p.pk))
                .order_by("seq").values_list("action", flat=True))


def _notified(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_recording_a_petition_sets_its_clocks_code_secret_update_audit_and_tells_the_unit(
        tree, people, handler, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p, secret = services.petition_create(
            by=people["owner"], kind=Petition.Kind.COMPLAINT, channel=Petition.Channel.POST,
            received_on=D(2025, 10, 1), unit=tree["commune"], field=field(), subject="  Khiếu nại thu hồi đất ",
            content="Nội dung", name="Nguyễn Văn An", id_number="079 123 456 789", address="Thôn 3",
            attachments=[SimpleUploadedFile("đơn khiếu nại.png", PNG, content_type="image/png")])
    assert p.tracking_code.startswith("DV") and len(p.tracking_code) == 10
    assert services.find_for_petitioner(p.tracking_code.lower(), secret) == p
    assert services.find_for_petitioner(p.tracking_code, "wrong") is None
    assert p.subject == "Khiếu nại thu hồi đất" and p.id_number == "079123456789"
    assert p.name_folded == "nguyen van an" and "khieu nai thu hoi dat" in p.search_folded
    assert p.accept_due == D(2025, 10, 13)  # 11/10 is a Saturday
    assert p.status == Petition.Status.RECEIVED
    assert [(u.status, u.text, u.public) for u in p.updates.all()] == [("received", "Received.", True)]
    assert p.attachments.get().name == "đơn khiếu nại.png"
    assert _actions(p) == ["petition_created"]
    for name in ("owner", "member"):
        assert any("Khiếu nại thu hồi đất" in s for s in _notified(people[name])), name
    assert _notified(handler) and not _notified(people["outsider"]) and not _notified(people["coordinator"])
    assert verify_chain()[0]


@pytest.mark.parametrize("kind", [Petition.Kind.COMPLAINT, Petition.Kind.DENUNCIATION])
def test_a_complaint_or_denunciation_needs_the_name_and_address(tree, people, kind):
    with pytest.raises(ValidationError) as error:
        petition(people["owner"], tree["commune"], kind=kind, name="", address="Thôn 3")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError):
        petition(people["owner"], tree["commune"], kind=kind, name="Nguyễn Văn An", address=" ")
    assert not Petition.objects.exists()


def test_a_petition_needs_its_unit_and_field(tree, people):
    # Both arrive as objects and are not read again by the model's validation: the service checks them itself.
    for missing in ("unit", "field"):
        with pytest.raises(ValidationError) as error:
            services.petition_create(
                by=people["owner"], kind=Petition.Kind.FEEDBACK, channel=Petition.Channel.ONLINE,
                received_on=D(2025, 10, 1), subject="Đèn đường", content="Hỏng",
                **{"unit": tree["commune"], "field": field(), missing: None})
        assert missing in error.value.message_dict
    assert not Petition.objects.exists()


def test_feedback_may_be_anonymous_but_a_group_has_two_people_and_the_date_is_not_in_the_future(tree, people):
    p = petition(people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK, name="", address="")
    assert p.name == "" and p.accept_due is None
    with pytest.raises(ValidationError) as error:
        petition(people["owner"], tree["commune"], is_group=True, group_size=1)
    assert "group_size" in error.value.message_dict
    group = petition(people["owner"], tree["commune"], is_group=True, group_size=12)
    assert group.group_size == 12
    with time_machine.travel(at(2025, 10, 1), tick=False), pytest.raises(ValidationError) as error:
        petition(people["owner"], tree["commune"], received_on=D(2025, 10, 2))
    assert "received_on" in error.value.message_dict


def test_accepting_needs_a_handler_recomputes_the_clock_and_tells_the_handler(
        tree, people, handler, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2025, 10, 6), tick=False):
        p = petition(people["owner"], tree["commune"], received_on=D(2025, 10, 1))
        with pytest.raises(ValidationError) as error:
            services.petition_classify(by=people["owner"], petition=p, decision=Petition.Classification.ACCEPTED)
        assert "handler" in error.value.message_dict
        with django_capture_on_commit_callbacks(execute=True):
            p = accepted(people["owner"], p, handler)
    assert p.status == Petition.Status.IN_PROGRESS and p.classification == Petition.Classification.ACCEPTED
    assert p.handler == handler and p.accepted_on == D(2025, 10, 6) and p.resolve_due == D(2025, 11, 5)
    assert p.updates.last().text == "Accepted for resolution. It will be resolved by 05/11/2025."
    assert _actions(p) == ["petition_created", "petition_classified"]
    assert any(s.startswith("You handle") for s in _notified(handler))
    with pytest.raises(ValidationError, match="already been classified"):
        services.petition_classify(by=people["owner"], petition=p, decision=Petition.Classification.FILED,
                                   reason="Trùng")


@pytest.mark.parametrize(("decision", "needs", "extra"), [
    (Petition.Classification.REFUSED, "reason", {"reason": "Hết thời hiệu khiếu nại (Điều 9)"}),
    (Petition.Classification.FORWARDED, "forwarded_to", {"forwarded_to": "Sở Tài nguyên và Môi trường"}),
    (Petition.Classification.GUIDED, "reason", {"reason": "Thuộc thẩm quyền Tòa án"}),
    (Petition.Classification.FILED, "reason", {"reason": "Đơn trùng nội dung đã giải quyết"}),
])
def test_refusing_forwarding_guiding_or_filing_needs_its_reason_and_closes_the_case(tree, people, decision, needs,
                                                                                   extra):
    p = petition(people["owner"], tree["commune"])
    with pytest.raises(ValidationError) as error:
        services.petition_classify(by=people["owner"], petition=p, decision=decision)
    assert needs in error.value.message_dict
    p = services.petition_classify(by=people["owner"], petition=p, decision=decision, **extra)
    assert p.status == Petition.Status.CLOSED and p.clock == Petition.Clock.STOPPED and not p.is_open
    assert p.classification == decision and p.closed_on is not None
    assert list(extra.values())[0] in p.updates.last().text


def test_only_the_units_staff_and_the_handler_act(tree, people, handler):
    p = petition(people["owner"], tree["commune"])
    for name in ("outsider", "coordinator", "auditor"):
        with pytest.raises(PermissionDenied):
            services.petition_classify(by=people[name], petition=p, decision=Petition.Classification.FILED,
                                       reason="x")
    p = accepted(people["member"], p, handler)  # the head
    outside_handler = handler_of(tree["other_commune"], "outside_handler")
    p = services.petition_assign(by=people["admin"], petition=p, handler=outside_handler)
    # Assigned from another unit, the handler acts on this petition all the same; their colleagues do not.
    assert services.can_act(outside_handler, p) and not services.can_act(people["outsider"], p)
    p = services.petition_resolve(by=outside_handler, petition=p, decision_number="7/TB",
                                  decision_date=D(2025, 10, 20), answer="Đã trả lời")
    assert p.status == Petition.Status.RESOLVED


def test_assigning_changes_the_handler_audits_and_tells_them(tree, people, handler,
                                                              django_capture_on_commit_callbacks):
    p = accepted(people["owner"], petition(people["owner"], tree["commune"]), handler)
    with django_capture_on_commit_callbacks(execute=True):
        p = services.petition_assign(by=people["member"], petition=p, handler=people["owner"])
    assert p.handler == people["owner"]
    entry = AuditEntry.objects.filter(action="petition_assigned").get()
    assert entry.changes == {"handler": [handler.pk, people["owner"].pk]}
    assert any(s.startswith("You handle") for s in _notified(people["owner"]))


def test_resolving_records_the_decision_on_time_or_late_and_publishes_without_personal_data(tree, people, handler):
    with time_machine.travel(at(2025, 10, 6), tick=False):
        p = accepted(people["owner"], petition(people["owner"], tree["commune"], phone="0912345678"), handler)
    with pytest.raises(ValidationError) as error:
        services.petition_resolve(by=handler, petition=p, decision_number="", decision_date=D(2025, 10, 20),
                                  answer="x")
    assert "decision_number" in error.value.message_dict
    with time_machine.travel(at(2025, 11, 5), tick=False):  # the last day
        p = services.petition_resolve(
            by=handler, petition=p, decision_number="45/QĐ-UBND", decision_date=D(2025, 11, 5),
            answer="Ông Nguyễn Văn An (ĐT 0912345678) khiếu nại đúng một phần.", publish=True)
    assert p.status == Petition.Status.RESOLVED and p.resolved_on_time is True and p.clock == Petition.Clock.STOPPED
    assert p.answer_public and p.published_at is not None
    assert "Nguyễn Văn An" not in p.public_answer and "0912345678" not in p.public_answer
    assert "khiếu nại đúng một phần" in p.public_answer
    assert "45/QĐ-UBND" in p.updates.last().text
    with time_machine.travel(at(2025, 10, 6), tick=False):
        late = accepted(people["owner"], petition(people["owner"], tree["commune"], subject="Việc khác hẳn"),
                        handler)
    with time_machine.travel(at(2026, 6, 1), tick=False):
        late = services.petition_resolve(by=handler, petition=late, decision_number="1/TB", decision_date=None,
                                         answer="Trả lời")
    assert late.resolved_on_time is False and not late.answer_public


def test_publishing_after_the_fact_and_closing(tree, people, handler):
    p = accepted(people["owner"], petition(people["owner"], tree["commune"]), handler)
    with pytest.raises(ValidationError, match="Only a resolved petition can be closed"):
        services.petition_close(by=handler, petition=p)
    with pytest.raises(ValidationError, match="Only a resolved"):
        services.petition_publish(by=handler, petition=p, public_answer="x")
    p = services.petition_resolve(by=handler, petition=p, decision_number="2/TB", decision_date=D(2025, 10, 20),
                                  answer="Gửi ông Nguyễn Văn An: đã giải quyết.")
    p = services.petition_publish(by=people["member"], petition=p, public_answer="")
    assert p.public_answer == "Gửi ông [bảo mật]: đã giải quyết."
    p = services.petition_close(by=people["member"], petition=p)
    assert p.status == Petition.Status.CLOSED and p.closed_on is not None
    assert _actions(p)[-3:] == ["petition_resolved", "petition_published", "petition_closed"]


def test_a_resolved_complaint_goes_to_the_second_instance_but_nothing_else_does(tree, people, handler):
    first = accepted(people["owner"], petition(people["owner"], tree["commune"]), handler)
    with pytest.raises(ValidationError, match="must have been resolved"):
        services.petition_second_instance(by=people["admin"], first=first, unit=tree["province"],
                                          received_on=D(2025, 12, 1), content="Không đồng ý")
    first = services.petition_resolve(by=handler, petition=first, decision_number="3/QĐ",
                                      decision_date=D(2025, 11, 1), answer="Bác đơn")
    second, _secret = services.petition_second_instance(by=people["admin"], first=first, unit=tree["province"],
                                                        received_on=D(2025, 12, 1), content="Không đồng ý")
    assert second.instance == 2 and second.first_instance == first and second.name == first.name
    # The complainant's right, not a repeat (Luật Khiếu nại 2011, Điều 33).
    assert second.repeat_of is None and not second.level_jump
    first.refresh_from_db()
    assert first.repeat_count == 0
    den = denunciation(people["owner"], tree["commune"])
    with pytest.raises(ValidationError, match="Only a complaint"):
        services.petition_second_instance(by=people["admin"], first=den, unit=tree["province"],
                                          received_on=D(2025, 12, 1), content="x")
