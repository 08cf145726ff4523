"""Reception sessions (tiếp công dân), the matters raised there, dialogues (đối thoại) and their commitments.

Every write is one transaction: it checks who acts, validates (`full_clean`), writes an audit entry and notifies
after commit. A matter raised at a reception becomes a petition through `petition_create` (channel and source
"reception"), so it gets the same statutory clocks as any other petition.

Who records: the unit's officers and head (`scoping.can_draft_for`) and administrators. `by=None` is the system
(imports, the demo data) and may record for any unit.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, created, diff, snapshot
from danvan.citizens.models import Commitment, Dialogue, Field, Petition, ReceptionCase, ReceptionSession
from danvan.citizens.services import petition_create
from danvan.core.notify import notify
from danvan.core.text import nfc
from danvan.org import scoping
from danvan.org.models import Role

SESSION_FIELDS = ["unit", "date", "presiding_user", "presiding_name", "presiding_role", "kind", "citizens_count",
                  "notes"]
DIALOGUE_FIELDS = ["unit", "date", "presiding_user", "presiding_name", "topic", "is_annual_conference",
                   "participants", "issues"]
COMMITMENT_FIELDS = ["text", "owner_user", "owner_name", "due_date", "status", "done_on", "result"]


# Who may do what ---------------------------------------------------------------------------------------------

def can_record(user, unit) -> bool:
    """The unit's officers and head, and administrators, record its receptions and dialogues."""
    if user is None:
        return True
    return scoping.can_draft_for(user, unit) or Role.ADMIN in scoping.roles(user)


def _require_record(user, unit) -> None:
    if not can_record(user, unit):
        raise PermissionDenied(_("Only the unit's officers and head may record its receptions and dialogues."))


def can_complete(user, commitment: Commitment) -> bool:
    """Whoever records for the unit, and the person who owns the commitment."""
    if user is not None and commitment.owner_user_id and commitment.owner_user_id == user.pk:
        return True
    return can_record(user, commitment.dialogue.unit)


def _url(name: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(f"citizens:{name}", args=[pk])


def _others(people, by) -> list:
    """The people to tell, without the person who acted."""
    return [p for p in people if p is not None and getattr(by, "pk", None) != p.pk]


def _check_day(unit, day: datetime.date, field: str = "date") -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if not unit.is_valid_on(day):
        raise ValidationError({field: _("%(unit)s did not exist on %(date)s.") % {
            "unit": unit.name, "date": f"{day:%d/%m/%Y}"}})


def _check_presiding_head(unit, role: str, presiding_user) -> None:
    if presiding_user is not None and role == ReceptionSession.PresidingRole.HEAD \
            and Role.UNIT_HEAD not in scoping.unit_roles(presiding_user, unit):
        raise ValidationError({"presiding_user": _("%(name)s is not the head of %(unit)s.") % {
            "name": presiding_user.get_full_name() or presiding_user.get_username(), "unit": unit.name}})


# Reception sessions --------------------------------------------------------------------------------------------

@transaction.atomic
def reception_session_create(
    *, by, unit, date: datetime.date, presiding_name: str, presiding_role: str,
    kind: str = ReceptionSession.Kind.REGULAR, citizens_count: int = 0, notes: str = "", presiding_user=None,
) -> ReceptionSession:
    """Record a day (or session) of receiving citizens: who presided and in what role, how many came."""
    _require_record(by, unit)
    session = ReceptionSession(
        unit=unit, date=date, presiding_user=presiding_user, presiding_name=nfc(presiding_name),
        presiding_role=presiding_role, kind=kind, citizens_count=citizens_count, notes=nfc(notes),
        created_by=by if getattr(by, "pk", None) else None,
    )
    session.full_clean()
    _check_day(unit, date)
    _check_presiding_head(unit, presiding_role, presiding_user)
    session.save()
    audit_record(actor=by, action="reception_session_created", obj=session, unit=unit,
                 changes=created(session, SESSION_FIELDS))
    notify(_others([presiding_user], by),
           subject=_("A reception session you presided on %(date)s was recorded") % {"date": f"{date:%d/%m/%Y}"},
           url=_url("reception", session.pk))
    return session


@transaction.atomic
def reception_session_update(
    *, by, session: ReceptionSession, date: datetime.date, presiding_name: str, presiding_role: str, kind: str,
    citizens_count: int, notes: str = "", presiding_user=None,
) -> ReceptionSession:
    """Correct a recorded session (its unit stays: a session belongs to the unit that held it)."""
    session = ReceptionSession.objects.select_for_update().select_related("unit").get(pk=session.pk)
    _require_record(by, session.unit)
    before = snapshot(session, SESSION_FIELDS)
    session.date, session.presiding_name, session.presiding_role = date, nfc(presiding_name), presiding_role
    session.kind, session.citizens_count, session.notes = kind, citizens_count, nfc(notes)
    session.presiding_user = presiding_user
    session.full_clean()
    _check_day(session.unit, date)
    if (before["presiding_role"], before["presiding_user"]) != (presiding_role, getattr(presiding_user, "pk", None)):
        _check_presiding_head(session.unit, presiding_role, presiding_user)  # not again if the head has since left
    if before["date"] != date.isoformat() and session.cases.filter(petition__isnull=False).exists():
        # Its petitions were received on the session's day and their clocks run from it.
        raise ValidationError({"date": _("Petitions were made from this session: its date cannot change.")})
    session.save()
    audit_record(actor=by, action="reception_session_updated", obj=session, unit=session.unit,
                 changes=diff(before, snapshot(session, SESSION_FIELDS)))
    return session


@transaction.atomic
def reception_case_add(*, by, session: ReceptionSession, summary: str, citizen_name: str = "") -> ReceptionCase:
    """Record a matter raised at the session (one line of the reception book, Luật Tiếp công dân, Điều 25)."""
    _require_record(by, session.unit)
    case = ReceptionCase(session=session, summary=nfc(summary), citizen_name=nfc(citizen_name))
    case.full_clean(exclude=["petition"])
    case.save()
    audit_record(actor=by, action="reception_case_added", obj=case, unit=session.unit,
                 changes=created(case, ["session", "citizen_name", "summary"]))
    return case


@transaction.atomic
def reception_case_to_petition(
    *, by, case: ReceptionCase, kind: str, field: Field, subject: str = "", content: str = "", name: str | None = None,
    address: str = "", id_number: str = "", phone: str = "", email: str = "", is_group: bool = False,
    group_size: int | None = None, is_complex: bool = False, is_remote_area: bool = False,
) -> tuple[Petition, str]:
    """Turn a matter raised at the session into a petition received on the session's day by the session's unit,
    with its statutory clocks. Returns the petition and the secret the citizen needs to follow it (shown once).

    A matter that mixes a complaint, a denunciation and a recommendation is split into separate petitions
    (Luật Tiếp công dân 2013, Điều 25.3): add one matter per kind at the session, then turn each into a petition."""
    case = ReceptionCase.objects.select_for_update().select_related("session", "session__unit").get(pk=case.pk)
    session = case.session
    _require_record(by, session.unit)
    if case.petition_id:
        raise ValidationError(_("This matter has already become a petition."))
    summary = case.summary
    petition, secret = petition_create(
        by=by, kind=kind, channel=Petition.Channel.RECEPTION, source=Petition.Source.RECEPTION,
        received_on=session.date, unit=session.unit, field=field,
        subject=nfc(subject) or " ".join(summary.split())[:300], content=nfc(content) or summary,
        name=case.citizen_name if name is None else name, address=address, id_number=id_number, phone=phone,
        email=email, is_group=is_group, group_size=group_size, is_complex=is_complex, is_remote_area=is_remote_area,
    )
    case.petition = petition
    case.save(update_fields=["petition"])
    audit_record(actor=by, action="reception_case_to_petition", obj=case, unit=session.unit,
                 changes={"petition": [None, petition.pk], "tracking_code": [None, petition.tracking_code]})
    return petition, secret


# Dialogues and commitments -------------------------------------------------------------------------------------

@transaction.atomic
def dialogue_create(
    *, by, unit, date: datetime.date, presiding_name: str, topic: str, is_annual_conference: bool = True,
    participants: int = 0, issues: str = "", presiding_user=None,
) -> Dialogue:
    """Record a dialogue with the people. A commune's yearly conference with the Fatherland Front is marked
    `is_annual_conference` (Luật Thực hiện dân chủ ở cơ sở 2022, Điều 32: at least one a year)."""
    _require_record(by, unit)
    dialogue = Dialogue(
        unit=unit, date=date, presiding_user=presiding_user, presiding_name=nfc(presiding_name), topic=nfc(topic),
        is_annual_conference=is_annual_conference, participants=participants, issues=nfc(issues),
        created_by=by if getattr(by, "pk", None) else None,
    )
    dialogue.full_clean()
    _check_day(unit, date)
    dialogue.save()
    audit_record(actor=by, action="dialogue_created", obj=dialogue, unit=unit,
                 changes=created(dialogue, DIALOGUE_FIELDS))
    notify(_others([presiding_user], by),
           subject=_("A dialogue you presided on %(date)s was recorded") % {"date": f"{date:%d/%m/%Y}"},
           url=_url("dialogue", dialogue.pk))
    return dialogue


@transaction.atomic
def dialogue_update(
    *, by, dialogue: Dialogue, date: datetime.date, presiding_name: str, topic: str, is_annual_conference: bool,
    participants: int, issues: str = "", presiding_user=None,
) -> Dialogue:
    dialogue = Dialogue.objects.select_for_update().select_related("unit").get(pk=dialogue.pk)
    _require_record(by, dialogue.unit)
    before = snapshot(dialogue, DIALOGUE_FIELDS)
    dialogue.date, dialogue.presiding_name, dialogue.topic = date, nfc(presiding_name), nfc(topic)
    dialogue.is_annual_conference, dialogue.participants = is_annual_conference, participants
    dialogue.issues, dialogue.presiding_user = nfc(issues), presiding_user
    dialogue.full_clean()
    _check_day(dialogue.unit, date)
    first_due = dialogue.commitments.order_by("due_date").values_list("due_date", flat=True).first()
    if first_due is not None and first_due < date:
        raise ValidationError({"date": _("A commitment of this dialogue falls due before this date.")})
    dialogue.save()
    audit_record(actor=by, action="dialogue_updated", obj=dialogue, unit=dialogue.unit,
                 changes=diff(before, snapshot(dialogue, DIALOGUE_FIELDS)))
    return dialogue


@transaction.atomic
def commitment_add(
    *, by, dialogue: Dialogue, text: str, due_date: datetime.date, owner_name: str = "", owner_user=None,
) -> Commitment:
    """Record what the leaders promised at the dialogue, who is responsible and by when."""
    _require_record(by, dialogue.unit)
    owner_name = nfc(owner_name)
    if owner_user is not None and not owner_name:
        owner_name = owner_user.get_full_name() or owner_user.get_username()
    if not owner_name:
        raise ValidationError({"owner_name": _("Say who is responsible.")})
    commitment = Commitment(dialogue=dialogue, text=nfc(text), due_date=due_date, owner_name=owner_name,
                            owner_user=owner_user)
    commitment.full_clean()
    if due_date < dialogue.date:
        raise ValidationError({"due_date": _("The due date cannot be before the dialogue.")})
    commitment.save()
    audit_record(actor=by, action="commitment_added", obj=commitment, unit=dialogue.unit,
                 changes=created(commitment, COMMITMENT_FIELDS))
    notify(_others([owner_user], by),
           subject=_("You are responsible for a commitment due on %(due)s: %(text)s") % {
               "due": f"{due_date:%d/%m/%Y}", "text": commitment.text[:120]},
           url=_url("dialogue", dialogue.pk))
    return commitment


def _locked_commitment(commitment: Commitment) -> Commitment:
    # Not owner_user: FOR UPDATE cannot lock the nullable side of an outer join (PostgreSQL).
    return Commitment.objects.select_for_update().select_related("dialogue", "dialogue__unit").get(pk=commitment.pk)


@transaction.atomic
def commitment_done(*, by, commitment: Commitment, result: str, done_on: datetime.date | None = None) -> Commitment:
    """Mark a commitment done, saying what was done. The unit's head is told."""
    commitment = _locked_commitment(commitment)
    if not can_complete(by, commitment):
        raise PermissionDenied(_("Only the unit's officers and head, or the person responsible, may do this."))
    if commitment.status == Commitment.Status.DONE:
        raise ValidationError(_("This commitment is already done."))
    result = nfc(result)
    if not result:
        raise ValidationError({"result": _("Say what was done.")})
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    if done_on < commitment.dialogue.date:
        raise ValidationError({"done_on": _("A commitment cannot be done before the dialogue.")})
    before = snapshot(commitment, COMMITMENT_FIELDS)
    commitment.status, commitment.done_on, commitment.result = Commitment.Status.DONE, done_on, result
    commitment.full_clean()
    commitment.save()
    unit = commitment.dialogue.unit
    audit_record(actor=by, action="commitment_done", obj=commitment, unit=unit,
                 changes=diff(before, snapshot(commitment, COMMITMENT_FIELDS)))
    notify(_others(list(scoping.people_of(unit, roles={Role.UNIT_HEAD})), by),
           subject=_("Commitment done: %(text)s") % {"text": commitment.text[:120]},
           url=_url("dialogue", commitment.dialogue_id))
    return commitment


@transaction.atomic
def commitment_reopen(*, by, commitment: Commitment, reason: str) -> Commitment:
    """Undo "done" (marked by mistake, or the work turned out unfinished), with the reason on the record."""
    commitment = _locked_commitment(commitment)
    _require_record(by, commitment.dialogue.unit)
    if commitment.status != Commitment.Status.DONE:
        raise ValidationError(_("Only a commitment marked done can be reopened."))
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    before = snapshot(commitment, COMMITMENT_FIELDS)
    commitment.status, commitment.done_on = Commitment.Status.OPEN, None
    commitment.save()
    audit_record(actor=by, action="commitment_reopened", obj=commitment, unit=commitment.dialogue.unit,
                 changes={**diff(before, snapshot(commitment, COMMITMENT_FIELDS)), "reason": [None, reason]})
    notify(_others([commitment.owner_user], by),
           subject=_("Commitment reopened: %(text)s") % {"text": commitment.text[:120]},
           url=_url("dialogue", commitment.dialogue_id))
    return commitment
