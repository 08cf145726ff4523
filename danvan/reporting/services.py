"""The report's life: opened pre-filled, saved as drafts (never lost), submitted by the unit head, accepted
or returned by the coordinator, reopened with a reason. Every step is audited and notifies the people
concerned after commit."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record
from danvan.core import calendar, sources, uploads
from danvan.core.notify import notify
from danvan.core.text import nfc
from danvan.org import scoping
from danvan.org.models import Membership, Role
from danvan.reporting.models import Attachment, Indicator, IndicatorValue, Narrative, Period, Report, ReportVersion
from danvan.reporting.validation import report_problems

SENT = (Report.Status.SUBMITTED, Report.Status.ACCEPTED)
THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def _url(report: Report) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("reporting:report", args=[report.pk])


def coordinators():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        memberships__role=Role.COORDINATOR, memberships__active=True, is_active=True
    ).distinct()


def _snapshot(report: Report) -> dict:
    narratives = {
        str(n.task.number): {s: getattr(n, s) for s in Narrative.SECTIONS}
        for n in report.narratives.select_related("task")
    }
    values = {
        v.indicator.code: {
            "value": None if v.value is None else str(v.value),
            "computed": None if v.computed is None else str(v.computed),
            "overridden": v.overridden, "text": v.text, "note": v.note,
        }
        for v in report.values.select_related("indicator")
    }
    return {"status": report.status, "narratives": narratives, "values": values}


def _new_version(report: Report, *, by, reason: str) -> None:
    Report.objects.filter(pk=report.pk).update(version=F("version") + 1)
    report.refresh_from_db(fields=["version"])
    ReportVersion.objects.create(report=report, number=report.version, status=report.status, reason=reason,
                                 data=_snapshot(report), created_by=by if getattr(by, "pk", None) else None)


def _require_draft_rights(by, report: Report) -> None:
    if by is not None and not scoping.can_draft_for(by, report.unit):
        raise PermissionDenied(_("Only the unit's officers and head can write its report."))


def _require_head(by, report: Report) -> None:
    if by is not None and not scoping.can_approve_for(by, report.unit):
        raise PermissionDenied(_("Only the unit's head can approve and send its report."))


def _require_reviewer(by) -> None:
    if by is not None and not scoping.has_perm(by, "review_reports"):
        raise PermissionDenied(_("Only coordinators review reports."))


def computed_values(report: Report, indicators) -> dict[int, Decimal | None]:
    """What the registered sources prove for this unit and the period's data window."""
    period = report.period
    return {
        i.pk: sources.compute(i.source, report.unit, period.data_from, period.data_to)
        for i in indicators
        if i.source
    }


@transaction.atomic
def report_open(*, by, period: Period, unit) -> Report:
    """The unit's report for the period, created pre-filled on first use (sources fill their indicators)."""
    report, made = Report.objects.get_or_create(period=period, unit=unit, defaults={"plan": period.plan})
    if not made:
        return report
    Narrative.objects.bulk_create(Narrative(report=report, task=task) for task in period.plan.tasks.all())
    indicators = list(Indicator.objects.filter(active=True))
    computed = computed_values(report, indicators)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(report=report, indicator=i, computed=computed.get(i.pk), value=computed.get(i.pk))
        for i in indicators
    )
    audit_record(actor=by, action="report_opened", obj=report, unit=unit,
                 changes={"period": [None, period.pk], "unit": [None, unit.pk]})
    _new_version(report, by=by, reason="opened")
    return report


def _decimal(raw, name: str) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
        # Vietnamese writes 1.234,5: dots group thousands, a comma marks decimals. "1.234" alone is read as
        # one thousand two hundred and thirty-four; "2.5" (not a thousands group) as two and a half.
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif THOUSANDS.fullmatch(text):
            text = text.replace(".", "")
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(name)s: “%(raw)s” is not a number.") % {"name": name, "raw": raw}) from None
    if not value.is_finite() or abs(value) >= Decimal("1e14"):
        raise ValidationError(_("%(name)s: “%(raw)s” is not a number.") % {"name": name, "raw": raw})
    return value


@transaction.atomic
def report_save(*, by, report: Report, narratives: dict | None = None, values: dict | None = None) -> list[str]:
    """Save what was typed, even half-filled, and return the rules it still breaks (as warnings).

    `narratives`: {task_id: {section: text}}; `values`: {indicator_id: {"value": …, "note": …, "text": …}}.
    A value that differs from the computed one is marked overridden; the computed one stays beside it.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft_rights(by, report)
    if not report.is_editable():
        raise ValidationError(_("This report has been sent and can no longer be changed."))
    changes = {}
    if narratives:
        rows = {n.task_id: n for n in report.narratives.all()}
        for task_id, sections in narratives.items():
            row = rows.get(int(task_id))
            if row is None:
                raise ValidationError(_("This task is not part of the plan."))
            for section, text in sections.items():
                if section not in Narrative.SECTIONS:
                    raise ValidationError(_("Unknown section."))
                text = nfc(text)
                if getattr(row, section) != text:
                    changes[f"task{row.task_id}.{section}"] = [getattr(row, section)[:200], text[:200]]
                    setattr(row, section, text)
            row.save()
    if values:
        rows = {v.indicator_id: v for v in report.values.select_related("indicator")}
        for indicator_id, given in values.items():
            row = rows.get(int(indicator_id))
            if row is None:
                raise ValidationError(_("Unknown indicator."))
            if row.indicator.value_type == Indicator.ValueType.TEXT:
                new_text = nfc(given.get("text", row.text))
                if new_text != row.text:
                    changes[row.indicator.code] = [row.text[:200], new_text[:200]]
                    row.text = new_text
            else:
                new = _decimal(given.get("value"), row.indicator.name) if "value" in given else row.value
                if new != row.value:
                    changes[row.indicator.code] = [row.value, new]
                    row.value = new
                row.overridden = row.computed is not None and row.value != row.computed
            if "note" in given:
                row.note = nfc(given["note"])[:500]
            row.save()
    audit_record(actor=by, action="report_saved", obj=report, unit=report.unit, changes=changes)
    _new_version(report, by=by, reason="saved")
    return report_problems(report)


def is_on_time(report: Report, day: datetime.date) -> bool:
    """On time when sent by the due date; after a return, only if it was on time and is resent by the
    revision deadline (DESIGN §6)."""
    if report.status == Report.Status.RETURNED:
        return bool(report.on_time) and report.revision_due is not None and day <= report.revision_due
    return day <= report.period.due_date


@transaction.atomic
def report_submit(*, by, report: Report) -> Report:
    report = Report.objects.select_for_update().select_related("period", "unit").get(pk=report.pk)
    _require_head(by, report)
    if report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise ValidationError(_("This report has already been sent."))
    problems = report_problems(report)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    report.on_time = is_on_time(report, timezone.localdate(now))
    report.status = Report.Status.SUBMITTED
    report.submitted_at, report.submitted_by = now, by
    report.first_submitted_at = report.first_submitted_at or now
    report.save()
    audit_record(actor=by, action="report_submitted", obj=report, unit=report.unit,
                 changes={"status": [None, report.status], "on_time": [None, report.on_time]})
    _new_version(report, by=by, reason="submitted")
    notify(coordinators(), subject=_("%(unit)s has sent its report for %(period)s")
           % {"unit": report.unit.name, "period": report.period.display_name}, url=_url(report))
    return report


@transaction.atomic
def report_return(*, by, report: Report, comment: str) -> Report:
    report = Report.objects.select_for_update().select_related("period", "unit").get(pk=report.pk)
    _require_reviewer(by)
    comment = nfc(comment)
    if not comment:
        raise ValidationError({"comment": _("Say what needs fixing.")})
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    today = timezone.localdate()
    report.status = Report.Status.RETURNED
    report.returned_at, report.return_comment = timezone.now(), comment
    report.revision_due = calendar.add_working_days(today, report.period.revision_days)
    report.save()
    audit_record(actor=by, action="report_returned", obj=report, unit=report.unit,
                 changes={"status": [Report.Status.SUBMITTED, report.status], "comment": [None, comment]})
    _new_version(report, by=by, reason="returned")
    notify(scoping.people_of(report.unit),
           subject=_("Your report for %(period)s was returned for revision") % {"period": report.period.display_name},
           body=comment, url=_url(report))
    return report


@transaction.atomic
def report_accept(*, by, report: Report) -> Report:
    report = Report.objects.select_for_update().select_related("period", "unit").get(pk=report.pk)
    _require_reviewer(by)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    report.status = Report.Status.ACCEPTED
    report.accepted_at, report.accepted_by = timezone.now(), by
    report.save()
    audit_record(actor=by, action="report_accepted", obj=report, unit=report.unit,
                 changes={"status": [Report.Status.SUBMITTED, report.status]})
    _new_version(report, by=by, reason="accepted")
    notify(scoping.people_of(report.unit),
           subject=_("Your report for %(period)s was accepted") % {"period": report.period.display_name},
           url=_url(report))
    return report


@transaction.atomic
def report_reopen(*, by, report: Report, reason: str) -> Report:
    """Unlock an accepted report, with the reason on record; the unit revises and resubmits it."""
    report = Report.objects.select_for_update().select_related("period", "unit").get(pk=report.pk)
    _require_reviewer(by)
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    if report.status != Report.Status.ACCEPTED:
        raise ValidationError(_("Only an accepted report can be reopened."))
    report.status = Report.Status.RETURNED
    report.returned_at, report.return_comment = timezone.now(), reason
    report.revision_due = calendar.add_working_days(timezone.localdate(), report.period.revision_days)
    report.save()
    audit_record(actor=by, action="report_reopened", obj=report, unit=report.unit,
                 changes={"status": [Report.Status.ACCEPTED, report.status], "reason": [None, reason]})
    _new_version(report, by=by, reason="reopened")
    notify(scoping.people_of(report.unit),
           subject=_("Your report for %(period)s was reopened") % {"period": report.period.display_name},
           body=reason, url=_url(report))
    return report


@transaction.atomic
def attachment_add(*, by, report: Report, upload) -> Attachment:
    """Attach a PDF, DOCX, XLSX or image, its type checked by content and its size limited."""
    _require_draft_rights(by, report)
    if not report.is_editable():
        raise ValidationError(_("This report has been sent and can no longer be changed."))
    content_type = uploads.check(upload)
    attachment = Attachment(report=report, name=nfc(upload.name)[:255], content_type=content_type,
                            size=upload.size, uploaded_by=by)
    attachment.file.save(uploads.safe_name(upload.name), upload, save=False)
    attachment.save()
    audit_record(actor=by, action="attachment_added", obj=attachment, unit=report.unit,
                 changes={"name": [None, attachment.name], "size": [None, attachment.size]})
    return attachment


@transaction.atomic
def attachment_delete(*, by, attachment: Attachment) -> None:
    report = attachment.report
    _require_draft_rights(by, report)
    if not report.is_editable():
        raise ValidationError(_("This report has been sent and can no longer be changed."))
    audit_record(actor=by, action="attachment_deleted", obj=attachment, unit=report.unit,
                 changes={"name": [attachment.name, None]})
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))


def member_units(user):
    """Units where the person drafts or approves reports."""
    return Membership.objects.filter(user=user, active=True, role__in=scoping.DRAFTING_ROLES).values_list(
        "unit_id", flat=True)


INDICATOR_FIELDS = ["group", "code", "name", "unit_of_measure", "value_type", "aggregation", "numerator",
                    "denominator", "cumulative", "not_more_than", "source", "order", "active"]


@transaction.atomic
def indicator_save(*, by, indicator: Indicator, data: dict) -> Indicator:
    """Create or edit an indicator of the catalogue (coordinators)."""
    from danvan.audit.services import diff, snapshot

    if by is not None and not scoping.has_perm(by, "manage_indicators"):
        raise PermissionDenied(_("Only coordinators edit the indicator catalogue."))
    is_new = indicator.pk is None
    before = {} if is_new else snapshot(Indicator.objects.get(pk=indicator.pk), INDICATOR_FIELDS)
    for name, value in data.items():
        setattr(indicator, name, nfc(value) if isinstance(value, str) else value)
    if indicator.aggregation == Indicator.Aggregation.RATIO and not (indicator.numerator and indicator.denominator):
        raise ValidationError(_("A ratio needs its numerator and denominator indicators."))
    if indicator.not_more_than_id and indicator.not_more_than_id == indicator.pk:
        raise ValidationError(_("An indicator cannot be limited by itself."))
    indicator.full_clean()
    indicator.save()
    audit_record(actor=by, action="indicator_created" if is_new else "indicator_updated", obj=indicator,
                 changes=diff(before, snapshot(indicator, INDICATOR_FIELDS)))
    return indicator


@transaction.atomic
def urging_letter_create(*, by, period: Period, date: datetime.date):
    """A công văn đôn đốc from the coordinator's unit to the units that have not sent, with the next number
    of the unit's series for the year."""
    from danvan.documents.services import document_number_next
    from danvan.reporting.exports import default_urging_symbol
    from danvan.reporting.models import UrgingLetter
    from danvan.reporting.selectors import monitoring

    _require_reviewer(by)
    membership = (Membership.objects.filter(user=by, role=Role.COORDINATOR, active=True)
                  .select_related("unit").first())
    if membership is None:
        raise ValidationError(_("Urging letters are issued by a coordinator's unit; you have no coordinator role."))
    issuer = membership.unit
    if date <= period.due_date:
        raise ValidationError(_("The due date has not passed yet on %(date)s.") % {"date": f"{date:%d/%m/%Y}"})
    late = monitoring(period, today=date).late_units()
    if not late:
        raise ValidationError(_("Every expected unit has sent its report: nobody to urge."))
    symbol = default_urging_symbol(issuer)
    number = document_number_next(issuer=issuer, year=date.year, symbol=symbol, by=by)
    letter = UrgingLetter.objects.create(period=period, issuer=issuer, number=number, symbol=symbol, date=date,
                                         created_by=by)
    letter.units.set(late)
    audit_record(actor=by, action="urging_letter_created", obj=letter, unit=issuer,
                 changes={"number": [None, letter.number_symbol], "units": [None, [u.pk for u in late]]})
    url = settings.SITE_URL.rstrip("/") + reverse("reporting:mine")
    for unit in late:
        notify(scoping.people_of(unit), subject=_("Urging letter No. %(number)s: please send the report for "
                                                  "%(period)s") % {"number": letter.number_symbol,
                                                                   "period": period.display_name}, url=url)
    return letter
