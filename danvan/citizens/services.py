"""Petitions (đơn thư): received, classified, handled, resolved, closed; extensions; second instance.

Every step is audited, notifies the people concerned after commit, and leaves an update the petitioner can read
on the portal where the kind allows. Clocks come from danvan.citizens.clocks (the calendar module)."""

import datetime
import hashlib
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.audit.services import audit_record, created, diff, snapshot
from danvan.citizens import clocks
from danvan.citizens.models import CONFIDENTIAL, Field, Petition, PetitionAttachment, PetitionExtension, PetitionUpdate
from danvan.core import uploads
from danvan.core.notify import notify
from danvan.core.text import fold, nfc
from danvan.org import scoping
from danvan.org.models import Role

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on phones
IDENTITY_FIELDS = ("name", "id_number", "address", "phone", "email")
STAFF_ROLES = {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.CASE_HANDLER}
PETITION_FIELDS = ["kind", "channel", "received_on", "subject", "field", "unit", "handler", "status",
                   "classification", "accept_due", "resolve_due", "is_complex", "is_remote_area"]


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_code() -> str:
    return "DV" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _url(petition: Petition) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("citizens:petition", args=[petition.pk])


def _update(petition: Petition, text: str, *, public: bool = True) -> None:
    """A step of the petition's life; a public one is also mailed to the petitioner when they gave an address."""
    PetitionUpdate.objects.create(petition=petition, status=petition.status, text=text, public=public)
    if public and petition.email:
        from danvan.core.models import OutgoingEmail

        subject = _("Your petition %(code)s: %(status)s") % {"code": petition.tracking_code,
                                                             "status": petition.get_status_display()}
        body = _("%(text)s\n\nFollow it with your tracking code and secret at %(url)s") % {
            "text": text, "url": settings.SITE_URL.rstrip("/") + reverse("portal:track")}
        transaction.on_commit(lambda: OutgoingEmail.objects.create(to=petition.email, subject=subject, body=body))


def shown_subject(petition: Petition) -> str:
    """The subject as a notice may show it: a denunciation's is redacted, since it may name the denouncer."""
    return (redact(petition.subject, petition) if petition.is_confidential else petition.subject)[:120]


def tell_unit(petition: Petition, subject: str) -> None:
    """The unit head and the handler hear of each decision on the petition."""
    people = list(scoping.people_of(petition.unit, roles={Role.UNIT_HEAD}))
    if petition.handler_id:
        people.append(petition.handler)
    notify(people, subject=subject, url=_url(petition))


# Who may do what ---------------------------------------------------------------------------------------------

def can_act(user, petition: Petition) -> bool:
    """The unit's officers, head and case handlers, the assigned handler, and administrators."""
    if user is None:
        return True
    if petition.handler_id and petition.handler_id == user.pk:
        return True
    return bool(scoping.unit_roles(user, petition.unit) & STAFF_ROLES) or Role.ADMIN in scoping.roles(user)


def require_act(user, petition: Petition) -> None:
    if not can_act(user, petition):
        raise PermissionDenied(_("Only the responsible unit's staff and the handler may do this."))


def can_see_identity(user, petition: Petition) -> bool:
    """A denouncer's identity: only the assigned handler, the responsible unit's head and auditors."""
    if not petition.is_confidential:
        return True
    if user is None or not user.is_authenticated:
        return False
    if petition.handler_id == user.pk:
        return True
    if Role.UNIT_HEAD in scoping.unit_roles(user, petition.unit):
        return True
    return Role.AUDITOR in scoping.roles(user)


def identity(user, petition: Petition, *, reveal: bool = True) -> dict[str, str]:
    """The petitioner's identity as this person may see it. For a denunciation the identity is "[bảo mật]"
    unless the person may see it; each time it is shown to them (`reveal`) the audit trail records it."""
    values = {name: getattr(petition, name) for name in IDENTITY_FIELDS}
    if not petition.is_confidential:
        return values
    if not can_see_identity(user, petition):
        return {name: CONFIDENTIAL if value else "" for name, value in values.items()}
    if reveal:
        audit_record(actor=user, action="identity_revealed", obj=petition, unit=petition.unit)
    return values


def _letter_forms() -> dict[str, str]:
    """For each base letter, a regex class of every Vietnamese form of it ("a" → [aAàÀảẢ…âÂấẤ…])."""
    forms: dict[str, set[str]] = {}
    for code in [*range(0x41, 0x7B), *range(0xC0, 0x250), *range(0x1EA0, 0x1F00)]:
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base.isalpha() and base.isascii():
            forms.setdefault(base, set()).add(char)
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in forms.items()}


LETTER_FORMS = _letter_forms()
NUMBER_SEPARATOR = r"[\s.\-]?"


def _loosely(value: str) -> str:
    """A pattern matching `value` as people retype it: any case, with or without diacritics, digits grouped with
    spaces, dots or hyphens ("0905 123 456" for 0905123456), any run of spaces; whole words only."""
    value = nfc(value)
    parts: list[str] = []
    previous_digit = False
    for i, char in enumerate(value):
        if char.isdigit():
            parts.append((NUMBER_SEPARATOR if previous_digit else "") + char)
            previous_digit = True
        elif char in " .-" and previous_digit and value[i + 1:i + 2].isdigit():
            continue  # a separator inside a number: any separator, or none, matches
        elif char.isspace():
            previous_digit = False
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        else:
            previous_digit = False
            parts.append(LETTER_FORMS.get(fold(char), re.escape(char)))
    return r"(?<!\w)" + "".join(parts) + r"(?!\w)"


# Not inside a longer number ("1.000.000.000 đồng" is an amount, not a phone); mobile numbers start 0[1-9].
PHONE = re.compile(r"(?<![\d.,])(?:(?:\+?84|0)[1-9]\d{7,9}|(?:\+84|0)[ .\-]?[1-9](?:[ .\-]?\d){7,9})(?!\d)")
ID_NUMBER = re.compile(r"(?<![\d.,])\d(?: ?\d){11}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def redact(text: str, petition: Petition) -> str:
    """The text with the petitioner's personal data removed, for publication: their name, ID number, address,
    phone and e-mail however they were retyped (case, diacritics, grouping of digits), then anything that still
    looks like a phone, an ID number or an e-mail address."""
    result = text or ""
    for value in sorted((getattr(petition, f) for f in IDENTITY_FIELDS if getattr(petition, f)), key=len, reverse=True):
        result = re.sub(_loosely(value), CONFIDENTIAL, result)
    for pattern in (EMAIL, PHONE, ID_NUMBER):
        result = pattern.sub(CONFIDENTIAL, result)
    return result


# Repeats and level jumps ---------------------------------------------------------------------------------------

def _words(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) > 2}


def similar(a: str, b: str) -> bool:
    """Subjects are similar when they share at least half of their words (diacritics folded)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.5


def _earlier_matches(petition: Petition) -> list[Petition]:
    """Earlier petitions from the same petitioner on a similar subject within REPEAT_WINDOW_DAYS."""
    since = petition.received_on - datetime.timedelta(days=settings.REPEAT_WINDOW_DAYS)
    same_person = Q()
    if petition.id_number:
        same_person |= Q(id_number=petition.id_number)
    if petition.name_folded and petition.address_folded:
        same_person |= Q(name_folded=petition.name_folded, address_folded=petition.address_folded)
    if not same_person:
        return []
    candidates = Petition.objects.filter(same_person, received_on__gte=since).exclude(pk=petition.pk)
    if petition.first_instance_id:
        # Taking a complaint to the second instance is the complainant's right (Luật Khiếu nại 2011, Điều 33),
        # not a repeat of it.
        candidates = candidates.exclude(pk=petition.first_instance_id)
    candidates = candidates.select_related("unit").order_by("received_on", "pk")[:50]
    return [c for c in candidates if similar(c.subject, petition.subject)]


def _is_below(unit, ancestor) -> bool:
    node = unit.parent
    while node is not None:
        if node.pk == ancestor.pk:
            return True
        node = node.parent
    return False


def _link_repeats(petition: Petition) -> None:
    matches = _earlier_matches(petition)
    if not matches:
        return
    root = matches[0].repeat_of or matches[0]
    petition.repeat_of = root
    Petition.objects.filter(pk=root.pk).update(repeat_count=F("repeat_count") + 1)
    # Sent higher while the competent lower level still has the case open: jumping a level.
    petition.level_jump = any(m.is_open and _is_below(m.unit, petition.unit) for m in matches)


# The life of a petition -----------------------------------------------------------------------------------------

def _check_identity(kind: str, *, name: str, address: str, is_group: bool, group_size) -> None:
    if kind in (Petition.Kind.COMPLAINT, Petition.Kind.DENUNCIATION) and not (name and address):
        # Luật Khiếu nại 2011, Điều 8; Luật Tố cáo 2018, Điều 23 and 25 (anonymous denunciations are not handled).
        raise ValidationError(
            {"name": _("A complaint or denunciation must give the petitioner's full name and address: the law does "
                       "not allow anonymous complaints and denunciations.")})
    if is_group and (group_size is None or group_size < 2):
        raise ValidationError({"group_size": _("A group has at least two people.")})


@transaction.atomic
def petition_create(
    *, by, kind: str, channel: str, received_on: datetime.date, unit, field: Field, subject: str, content: str,
    name: str = "", id_number: str = "", address: str = "", phone: str = "", email: str = "", is_group: bool = False,
    group_size: int | None = None, is_complex: bool = False, is_remote_area: bool = False, handler=None,
    source: str = Petition.Source.OFFICER, first_instance: Petition | None = None, api_client=None,
    latitude=None, longitude=None, attachments=(),
) -> tuple[Petition, str]:
    """Record a petition. Returns it with the secret the petitioner needs to follow it (shown once)."""
    if kind not in Petition.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of petition.")})
    if channel not in Petition.Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    name, address, subject, content = nfc(name), nfc(address), nfc(subject), nfc(content)
    _check_identity(kind, name=name, address=address, is_group=is_group, group_size=group_size)
    if not subject:
        raise ValidationError({"subject": _("Give the subject.")})
    if not content:
        raise ValidationError({"content": _("Describe the matter.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date received cannot be in the future.")})
    secret = secrets.token_urlsafe(9)
    petition = Petition(
        kind=kind, channel=channel, source=source, received_on=received_on, unit=unit, field=field,
        subject=subject, content=content, name=name, id_number=nfc(id_number).replace(" ", ""), address=address,
        phone=nfc(phone), email=nfc(email), is_group=is_group, group_size=group_size if is_group else None,
        name_folded=fold(name), address_folded=fold(address), search_folded=fold(f"{subject} {content}"),
        is_complex=is_complex, is_remote_area=is_remote_area, handler=handler,
        instance=2 if first_instance else 1, first_instance=first_instance, api_client=api_client,
        latitude=latitude, longitude=longitude, secret_hash=hash_secret(secret),
        accept_due=clocks.accept_due(kind, received_on),
        resolve_due=clocks.resolve_due(kind, received_on=received_on, accepted_on=None,
                                       instance=2 if first_instance else 1, is_complex=is_complex,
                                       is_remote_area=is_remote_area),
    )
    if unit is None:
        raise ValidationError({"unit": _("Choose the responsible unit.")})
    if field is None:
        raise ValidationError({"field": _("Choose the field.")})
    # The related objects arrive read from the database already: full_clean would read each of them again.
    petition.full_clean(exclude=["tracking_code", "secret_hash", "name_folded", "address_folded", "search_folded",
                                 "unit", "field", "handler", "first_instance", "api_client"])
    if petition.is_confidential:
        # A search by the denouncer's name must not find the denunciation through its own words (Luật Tố cáo
        # 2018, Điều 9): the name is searchable through name_folded, for those who may see it.
        petition.search_folded = fold(redact(f"{subject} {content}", petition))
    _link_repeats(petition)
    for _attempt in range(5):
        petition.tracking_code = _new_code()
        try:
            with transaction.atomic():
                petition.save()
            break
        except IntegrityError:
            petition.pk = None
    else:  # pragma: no cover - 32^8 codes; five collisions in a row do not happen
        raise ValidationError(_("Could not allocate a tracking code; please try again."))
    for upload in attachments:
        petition_attach(by=by, petition=petition, upload=upload)
    _update(petition, _("Received."))
    audit_record(actor=by, action="petition_created", obj=petition, unit=unit,
                 changes=created(petition, PETITION_FIELDS))
    # Every officer of the unit is told; most of them may not see a denouncer's identity.
    notify(scoping.people_of(unit, roles=STAFF_ROLES),
           subject=_("New %(kind)s: %(subject)s") % {"kind": petition.get_kind_display().lower(),
                                                      "subject": shown_subject(petition)},
           url=_url(petition))
    return petition, secret


@transaction.atomic
def petition_attach(*, by, petition: Petition, upload) -> PetitionAttachment:
    content_type = uploads.check(upload)
    attachment = PetitionAttachment(petition=petition, name=nfc(upload.name)[:255], content_type=content_type,
                                    size=upload.size, uploaded_by=by if getattr(by, "pk", None) else None)
    attachment.file.save(uploads.safe_name(upload.name), upload, save=False)
    attachment.save()
    audit_record(actor=by, action="petition_file_added", obj=attachment, unit=petition.unit,
                 changes={"name": [None, attachment.name]})
    return attachment


def _locked(petition: Petition) -> Petition:
    return Petition.objects.select_for_update().select_related("unit").get(pk=petition.pk)


CLASSIFY_TEXT = {
    Petition.Classification.ACCEPTED: gettext_noop("Accepted for resolution. It will be resolved by %(due)s."),
    Petition.Classification.REFUSED: gettext_noop("Not accepted: %(reason)s"),
    Petition.Classification.FORWARDED: gettext_noop("Forwarded to %(to)s, the competent body."),
    Petition.Classification.GUIDED: gettext_noop("You have been guided to the competent body: %(reason)s"),
    Petition.Classification.FILED: gettext_noop("Filed: %(reason)s"),
}


@transaction.atomic
def petition_classify(*, by, petition: Petition, decision: str, reason: str = "", forwarded_to: str = "",
                      handler=None, is_complex: bool | None = None) -> Petition:
    """Accept for resolution (with a handler), refuse, forward, guide elsewhere or file away."""
    petition = _locked(petition)
    require_act(by, petition)
    if petition.status != Petition.Status.RECEIVED:
        raise ValidationError(_("This petition has already been classified."))
    if decision not in Petition.Classification.values:
        raise ValidationError({"decision": _("Unknown decision.")})
    reason, forwarded_to = nfc(reason), nfc(forwarded_to)
    if decision == Petition.Classification.ACCEPTED and handler is None:
        raise ValidationError({"handler": _("Choose the person who will handle it.")})
    if decision == Petition.Classification.FORWARDED and not forwarded_to:
        raise ValidationError({"forwarded_to": _("Say which body it is forwarded to.")})
    if decision in (Petition.Classification.REFUSED, Petition.Classification.GUIDED,
                    Petition.Classification.FILED) and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    before = snapshot(petition, PETITION_FIELDS)
    today = timezone.localdate()
    petition.classification, petition.classification_reason = decision, reason
    petition.forwarded_to, petition.classified_on = forwarded_to, today
    if is_complex is not None:
        petition.is_complex = is_complex
    if decision == Petition.Classification.ACCEPTED:
        petition.status, petition.accepted_on, petition.handler = Petition.Status.IN_PROGRESS, today, handler
        if petition.kind in (Petition.Kind.COMPLAINT, Petition.Kind.DENUNCIATION):
            petition.resolve_due = clocks.resolve_due(
                petition.kind, received_on=petition.received_on, accepted_on=today, instance=petition.instance,
                is_complex=petition.is_complex, is_remote_area=petition.is_remote_area,
                extended_days=petition.extended_days)
        petition.clock = clocks.clock_state(petition.resolve_due, today)
    else:
        petition.status, petition.clock, petition.closed_on = Petition.Status.CLOSED, Petition.Clock.STOPPED, today
    petition.save()
    _update(petition, _(CLASSIFY_TEXT[decision]) % {
        "due": f"{petition.resolve_due:%d/%m/%Y}" if petition.resolve_due else "", "reason": reason,
        "to": forwarded_to})
    audit_record(actor=by, action="petition_classified", obj=petition, unit=petition.unit,
                 changes={**diff(before, snapshot(petition, PETITION_FIELDS)), "reason": [None, reason]})
    if petition.handler is not None:
        notify([petition.handler], subject=_("You handle: %(subject)s") % {"subject": petition.subject[:120]},
               url=_url(petition))
    return petition


@transaction.atomic
def petition_assign(*, by, petition: Petition, handler) -> Petition:
    petition = _locked(petition)
    require_act(by, petition)
    before = snapshot(petition, ["handler"])
    petition.handler = handler
    petition.save(update_fields=["handler", "updated_at"])
    audit_record(actor=by, action="petition_assigned", obj=petition, unit=petition.unit,
                 changes=diff(before, snapshot(petition, ["handler"])))
    notify([handler], subject=_("You handle: %(subject)s") % {"subject": petition.subject[:120]}, url=_url(petition))
    return petition


@transaction.atomic
def petition_extend(*, by, petition: Petition, days: int, reason: str, decision_number: str = "",
                    is_complex: bool | None = None) -> PetitionExtension:
    """Extend the time limit by a recorded decision, within what the law allows for the kind."""
    petition = _locked(petition)
    require_act(by, petition)
    if not petition.is_open or petition.status == Petition.Status.RECEIVED:
        raise ValidationError(_("Only a petition being handled can be extended."))
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if is_complex is not None:
        petition.is_complex = is_complex
    refusal = clocks.extension_allowed(petition.kind, petition.extensions.count(), days,
                                       is_complex=petition.is_complex)
    if refusal:
        raise ValidationError(_(refusal))
    before = snapshot(petition, ["resolve_due", "is_complex"])
    extension = PetitionExtension.objects.create(petition=petition, days=days, reason=reason,
                                                 decision_number=nfc(decision_number),
                                                 decided_on=timezone.localdate(), decided_by=by)
    petition.extended_days += days
    petition.resolve_due = clocks.resolve_due(
        petition.kind, received_on=petition.received_on, accepted_on=petition.accepted_on,
        instance=petition.instance, is_complex=petition.is_complex, is_remote_area=petition.is_remote_area,
        extended_days=petition.extended_days)
    petition.clock = clocks.clock_state(petition.resolve_due, timezone.localdate())
    petition.save()
    _update(petition, _("The time limit was extended to %(due)s.") % {"due": f"{petition.resolve_due:%d/%m/%Y}"})
    audit_record(actor=by, action="petition_extended", obj=petition, unit=petition.unit,
                 changes={**diff(before, snapshot(petition, ["resolve_due", "is_complex"])),
                          "days": [None, days], "reason": [None, reason]})
    tell_unit(petition, _("Extended to %(due)s: %(subject)s") % {
        "due": f"{petition.resolve_due:%d/%m/%Y}", "subject": shown_subject(petition)})
    return extension


@transaction.atomic
def petition_resolve(*, by, petition: Petition, decision_number: str, decision_date: datetime.date, answer: str,
                     publish: bool = False, public_answer: str | None = None) -> Petition:
    """Record the decision or answer. Published answers carry no personal data of the petitioner."""
    petition = _locked(petition)
    require_act(by, petition)
    if petition.status != Petition.Status.IN_PROGRESS:
        raise ValidationError(_("Only a petition being handled can be resolved."))
    answer = nfc(answer)
    if not answer:
        raise ValidationError({"answer": _("Write the decision or answer.")})
    if not nfc(decision_number):
        raise ValidationError({"decision_number": _("Give the number of the decision or answer document.")})
    today = timezone.localdate()
    before = snapshot(petition, PETITION_FIELDS)
    petition.status, petition.resolved_on = Petition.Status.RESOLVED, today
    petition.resolved_on_time = petition.resolve_due is None or today <= petition.resolve_due
    petition.decision_number, petition.decision_date, petition.answer = nfc(decision_number), decision_date, answer
    petition.clock = Petition.Clock.STOPPED
    if publish:
        petition.answer_public = True
        petition.public_answer = redact(nfc(public_answer) or answer, petition)
        petition.published_at = timezone.now()
    petition.save()
    if petition.kind != Petition.Kind.DENUNCIATION:
        _update(petition, _("Resolved (%(number)s): %(answer)s") % {"number": petition.decision_number,
                                                                   "answer": petition.answer})
    else:  # the denouncer is told the result; the conclusion's content is published separately (Điều 40)
        _update(petition, _("The denunciation has been resolved (%(number)s).") % {"number": petition.decision_number})
    audit_record(actor=by, action="petition_resolved", obj=petition, unit=petition.unit,
                 changes={**diff(before, snapshot(petition, PETITION_FIELDS)), "published": [None, publish]})
    tell_unit(petition, _("Resolved: %(subject)s") % {"subject": shown_subject(petition)})
    return petition


@transaction.atomic
def petition_publish(*, by, petition: Petition, public_answer: str) -> Petition:
    petition = _locked(petition)
    require_act(by, petition)
    if petition.status not in (Petition.Status.RESOLVED, Petition.Status.CLOSED) or not petition.answer:
        raise ValidationError(_("Only a resolved petition's answer can be published."))
    petition.answer_public, petition.public_answer = True, redact(nfc(public_answer) or petition.answer, petition)
    petition.published_at = timezone.now()
    petition.save()
    audit_record(actor=by, action="petition_published", obj=petition, unit=petition.unit,
                 changes={"public_answer": [None, petition.public_answer[:500]]})
    return petition


@transaction.atomic
def petition_close(*, by, petition: Petition) -> Petition:
    petition = _locked(petition)
    require_act(by, petition)
    if petition.status != Petition.Status.RESOLVED:
        raise ValidationError(_("Only a resolved petition can be closed."))
    petition.status, petition.closed_on = Petition.Status.CLOSED, timezone.localdate()
    petition.save()
    _update(petition, _("Closed."))
    tell_unit(petition, _("Closed: %(subject)s") % {"subject": shown_subject(petition)})
    audit_record(actor=by, action="petition_closed", obj=petition, unit=petition.unit,
                 changes={"status": [Petition.Status.RESOLVED, Petition.Status.CLOSED]})
    return petition


@transaction.atomic
def petition_second_instance(*, by, first: Petition, unit, received_on: datetime.date, content: str,
                             channel: str = Petition.Channel.IN_PERSON) -> tuple[Petition, str]:
    """The complainant takes a resolved complaint to the second instance (Luật Khiếu nại 2011, Điều 33)."""
    if first.kind != Petition.Kind.COMPLAINT:
        raise ValidationError(_("Only a complaint has a second instance."))
    if first.instance != 1 or first.status not in (Petition.Status.RESOLVED, Petition.Status.CLOSED):
        raise ValidationError(_("The first instance must have been resolved."))
    return petition_create(
        by=by, kind=first.kind, channel=channel, received_on=received_on, unit=unit, field=first.field,
        subject=first.subject, content=content, name=first.name, id_number=first.id_number, address=first.address,
        phone=first.phone, email=first.email, is_group=first.is_group, group_size=first.group_size,
        is_remote_area=first.is_remote_area, first_instance=first,
    )


def find_for_petitioner(code: str, secret: str) -> Petition | None:
    """The petition whose tracking code and secret match (constant-time comparison of the secret's hash)."""
    import hmac

    petition = Petition.objects.filter(tracking_code=(code or "").strip().upper()).first()
    if petition is None or not petition.secret_hash:
        return None
    if not hmac.compare_digest(petition.secret_hash, hash_secret((secret or "").strip())):
        return None
    return petition
