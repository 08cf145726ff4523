import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.audit.services import verify_chain
from danvan.citizens import reception_services as services
from danvan.citizens.fields import ensure_fields
from danvan.citizens.models import Field, Petition, ReceptionCase, ReceptionSession
from danvan.citizens.services import petition_classify
from danvan.conftest import make_user
from danvan.core.models import Notification
from danvan.org.models import Role, Unit
from danvan.org.services import UnitSpec, unit_create

D = datetime.date
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _reference_data(db):
    ensure_fields()


@pytest.fixture
def field():
    return Field.objects.get(code="dat-dai")


def _session(by, unit, **extra):
    values = {"date": D(2025, 3, 13), "presiding_name": "Nguyễn Văn Chủ", "presiding_role": "head",
              "citizens_count": 4}
    return services.reception_session_create(by=by, unit=unit, **{**values, **extra})


def test_an_officer_records_a_session_and_the_audit_trail_holds_it(tree, people):
    session = _session(people["owner"], tree["commune"], kind="regular", notes="Tại trụ sở UBND")
    session.refresh_from_db()
    assert (session.unit, session.presiding_role, session.kind, session.citizens_count) == (
        tree["commune"], "head", "regular", 4)
    assert session.created_by == people["owner"]
    entry = AuditEntry.objects.get(action="reception_session_created", object_id=str(session.pk))
    assert entry.actor_name == "owner" and entry.changes["citizens_count"] == [None, 4]
    assert verify_chain()[0]


def test_the_head_and_an_admin_may_record_but_not_an_outsider_or_a_coordinator(tree, people):
    assert _session(people["member"], tree["commune"]).pk
    assert _session(people["admin"], tree["commune"]).pk
    for name in ("outsider", "coordinator", "auditor"):
        with pytest.raises(PermissionDenied):
            _session(people[name], tree["commune"])
    assert ReceptionSession.objects.count() == 2


def test_a_session_cannot_be_in_the_future_or_before_the_unit_existed(tree, people):
    with time_machine.travel(datetime.datetime(2025, 3, 13, 9, tzinfo=VN), tick=False):
        with pytest.raises(ValidationError) as error:
            _session(people["owner"], tree["commune"], date=D(2025, 3, 14))
        assert "date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _session(people["owner"], tree["commune"], date=D(2019, 12, 31))  # the tree starts on 01/01/2020
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _session(people["owner"], tree["commune"], presiding_role="chairman")
    assert "presiding_role" in error.value.message_dict
    assert not ReceptionSession.objects.exists()


def test_the_presiding_user_must_be_the_head_when_the_role_is_head(tree, people):
    with pytest.raises(ValidationError) as error:
        _session(people["owner"], tree["commune"], presiding_user=people["owner"])
    assert "presiding_user" in error.value.message_dict
    session = _session(people["owner"], tree["commune"], presiding_user=people["member"])
    assert session.presiding_user == people["member"]


def test_the_presiding_head_is_told_after_commit_and_nobody_when_it_fails(
    tree, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _session(people["owner"], tree["commune"], presiding_user=people["member"])
    assert Notification.objects.filter(recipient=people["member"]).count() == 1
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True) as callbacks:
        _session(people["owner"], tree["commune"], presiding_user=people["member"], date=D(2019, 1, 1))
    assert callbacks == []
    assert Notification.objects.filter(recipient=people["member"]).count() == 1


def test_a_matter_becomes_a_petition_received_on_the_session_day_with_its_clocks(tree, people, field):
    """Journey 6: the Thursday reception, four citizens, three matters; the complaint becomes a petition."""
    session = _session(people["owner"], tree["commune"], date=D(2025, 3, 13), citizens_count=4)
    complaint = services.reception_case_add(by=people["owner"], session=session, citizen_name="Trần Thị Dân",
                                            summary="Khiếu nại quyết định thu hồi đất")
    services.reception_case_add(by=people["owner"], session=session, summary="Hỏi về chế độ hộ nghèo")
    services.reception_case_add(by=people["owner"], session=session, summary="Đèn đường hỏng")
    assert session.cases.count() == 3

    petition, secret = services.reception_case_to_petition(
        by=people["owner"], case=complaint, kind="complaint", field=field, address="Tổ 3, Phường Quy Nhơn Nam")
    assert secret
    assert (petition.channel, petition.source) == ("reception", "reception")
    assert (petition.received_on, petition.unit, petition.name) == (D(2025, 3, 13), tree["commune"], "Trần Thị Dân")
    assert petition.subject == "Khiếu nại quyết định thu hồi đất"
    # Luật Khiếu nại 2011, Điều 27: accept within 10 days of receipt (13/03 + 10 = 23/03, a Sunday → Monday 24/03).
    assert petition.accept_due == D(2025, 3, 24)
    complaint.refresh_from_db()
    assert complaint.petition == petition
    assert AuditEntry.objects.filter(action="reception_case_to_petition", object_id=str(complaint.pk)).exists()

    # Accepted on 17/03: 30 days to resolve from acceptance (Điều 28) → 16/04/2025, a Wednesday.
    with time_machine.travel(datetime.datetime(2025, 3, 17, 9, tzinfo=VN), tick=False):
        petition = petition_classify(by=people["member"], petition=petition, decision="accepted",
                                     handler=people["owner"])
    assert petition.resolve_due == D(2025, 4, 16)


def test_a_matter_becomes_a_petition_only_once(tree, people, field):
    session = _session(people["owner"], tree["commune"])
    case = services.reception_case_add(by=people["owner"], session=session, summary="Phản ánh ngập nước")
    services.reception_case_to_petition(by=people["owner"], case=case, kind="feedback", field=field)
    with pytest.raises(ValidationError):
        services.reception_case_to_petition(by=people["owner"], case=case, kind="feedback", field=field)
    assert Petition.objects.count() == 1


def test_an_anonymous_complaint_is_refused_and_leaves_the_matter_as_it_was(tree, people, field):
    session = _session(people["owner"], tree["commune"])
    case = services.reception_case_add(by=people["owner"], session=session, summary="Khiếu nại")
    with pytest.raises(ValidationError) as error:
        services.reception_case_to_petition(by=people["owner"], case=case, kind="complaint", field=field)
    assert "name" in error.value.message_dict
    case.refresh_from_db()
    assert case.petition is None and not Petition.objects.exists()


def test_an_outsider_cannot_add_matters_or_make_petitions(tree, people, field):
    session = _session(people["owner"], tree["commune"])
    case = services.reception_case_add(by=people["owner"], session=session, summary="Việc A")
    with pytest.raises(PermissionDenied):
        services.reception_case_add(by=people["outsider"], session=session, summary="Việc B")
    with pytest.raises(PermissionDenied):
        services.reception_case_to_petition(by=people["outsider"], case=case, kind="feedback", field=field)
    assert ReceptionCase.objects.count() == 1 and not Petition.objects.exists()


def test_a_matter_needs_a_summary(tree, people):
    session = _session(people["owner"], tree["commune"])
    with pytest.raises(ValidationError) as error:
        services.reception_case_add(by=people["owner"], session=session, summary="   ")
    assert "summary" in error.value.message_dict


def test_updating_a_session_is_audited_and_its_date_stays_once_petitions_were_made(tree, people, field):
    session = _session(people["owner"], tree["commune"])
    services.reception_session_update(by=people["member"], session=session, date=D(2025, 3, 12),
                                      presiding_name="Nguyễn Văn Chủ", presiding_role="deputy", kind="ad_hoc",
                                      citizens_count=6)
    session.refresh_from_db()
    assert (session.date, session.presiding_role, session.kind, session.citizens_count) == (
        D(2025, 3, 12), "deputy", "ad_hoc", 6)
    entry = AuditEntry.objects.get(action="reception_session_updated")
    assert entry.changes["citizens_count"] == [4, 6]

    case = services.reception_case_add(by=people["owner"], session=session, summary="Phản ánh")
    services.reception_case_to_petition(by=people["owner"], case=case, kind="feedback", field=field)
    with pytest.raises(ValidationError) as error:
        services.reception_session_update(by=people["owner"], session=session, date=D(2025, 3, 13),
                                          presiding_name="Nguyễn Văn Chủ", presiding_role="deputy", kind="ad_hoc",
                                          citizens_count=6)
    assert "date" in error.value.message_dict
    # The count can still be corrected.
    services.reception_session_update(by=people["owner"], session=session, date=D(2025, 3, 12),
                                      presiding_name="Nguyễn Văn Chủ", presiding_role="deputy", kind="ad_hoc",
                                      citizens_count=7)
    with pytest.raises(PermissionDenied):
        services.reception_session_update(by=people["outsider"], session=session, date=D(2025, 3, 12),
                                          presiding_name="X", presiding_role="deputy", kind="ad_hoc",
                                          citizens_count=1)


def test_a_dissolved_unit_records_only_its_own_days(tree, people):
    old = unit_create(by=None, valid_from=D(2020, 1, 1), valid_to=D(2025, 6, 30),
                      spec=UnitSpec(name="Xã Cũ", kind=Unit.Kind.COMMUNE, parent=tree["province"]))
    officer = make_user("old-officer", unit=old, role=Role.UNIT_OFFICER)
    assert _session(officer, old, date=D(2025, 6, 30)).pk
    with pytest.raises(ValidationError):
        _session(officer, old, date=D(2025, 7, 1))
