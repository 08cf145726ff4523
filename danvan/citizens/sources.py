"""Figures for reports, registered through core.sources (DESIGN §4: records feed reports through one seam).

Each source is a function of (unit, data_from, data_to) and counts the unit's own records only; the reporting
app rolls units up the tree. The window is inclusive at both ends: a record dated on data_from or on data_to
counts, one dated the day before or the day after does not. Flows (received, resolved, held, done) count the
records whose date falls in the window; `citizens.petitions_overdue` is a stock: the unit's petitions still
open on data_to whose time limit had passed by then.

| source | counts | indicator |
|---|---|---|
| citizens.citizens_received | citizens received at the unit's reception sessions (sum of citizens_count) | TCD_LUOT |
| citizens.reception_cases | matters raised at those sessions | TCD_VU_VIEC |
| citizens.head_reception_days | distinct days the head presided a regular reception | TCD_NGAY_LD |
| citizens.reception_sessions | reception sessions held (any presiding person, regular or ad hoc) | — |
| citizens.petitions_received | petitions received, every kind | DON_NHAN |
| citizens.complaints_received, citizens.denunciations_received | … by kind | DON_KN_NHAN, DON_TC_NHAN |
| citizens.recommendations_feedback_received | kiến nghị and phản ánh received | DON_PAKN_NHAN |
| citizens.petitions_accepted | petitions accepted for resolution (thụ lý) | — |
| citizens.petitions_resolved (+ by kind) | petitions resolved | DON_GQ, DON_KN_GQ, DON_TC_GQ, DON_PAKN_GQ |
| citizens.petitions_resolved_on_time | petitions resolved by their time limit | DON_GQ_DUNG_HAN |
| citizens.petitions_overdue | open on data_to and past the time limit | DON_QUA_HAN |
| citizens.dialogues_held | dialogues with the people | DT_HOI_NGHI |
| citizens.commitments_done | commitments of the unit's dialogues done in the window | DT_CAM_KET_XONG |
"""

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from danvan.citizens.models import Commitment, Dialogue, Petition, ReceptionCase, ReceptionSession
from danvan.citizens.reception_selectors import COUNTED_KINDS
from danvan.core import sources

PAKN = (Petition.Kind.RECOMMENDATION, Petition.Kind.FEEDBACK)


# Reception -----------------------------------------------------------------------------------------------------

def _sessions(unit, data_from, data_to):
    return ReceptionSession.objects.filter(unit=unit, date__gte=data_from, date__lte=data_to)


@sources.register("citizens.reception_sessions", _("Reception sessions held"))
def reception_sessions(unit, data_from, data_to) -> int:
    return _sessions(unit, data_from, data_to).count()


@sources.register("citizens.citizens_received", _("Citizens received at reception sessions"))
def citizens_received(unit, data_from, data_to) -> int:
    return _sessions(unit, data_from, data_to).aggregate(total=Sum("citizens_count"))["total"] or 0


@sources.register("citizens.reception_cases", _("Matters raised at reception sessions"))
def reception_cases(unit, data_from, data_to) -> int:
    return ReceptionCase.objects.filter(session__unit=unit, session__date__gte=data_from,
                                        session__date__lte=data_to).count()


@sources.register("citizens.head_reception_days", _("Days the head received citizens (regular receptions)"))
def head_reception_days(unit, data_from, data_to) -> int:
    """Counted as on the compliance page: distinct days, head presiding, regular sessions."""
    return (_sessions(unit, data_from, data_to)
            .filter(presiding_role=ReceptionSession.PresidingRole.HEAD, kind__in=COUNTED_KINDS)
            .values("date").distinct().count())


# Petitions ------------------------------------------------------------------------------------------------------

def _received(unit, data_from, data_to, kinds=None) -> int:
    petitions = Petition.objects.filter(unit=unit, received_on__gte=data_from, received_on__lte=data_to)
    if kinds:
        petitions = petitions.filter(kind__in=kinds)
    return petitions.count()


def _resolved(unit, data_from, data_to, kinds=None):
    petitions = Petition.objects.filter(unit=unit, resolved_on__gte=data_from, resolved_on__lte=data_to)
    if kinds:
        petitions = petitions.filter(kind__in=kinds)
    return petitions


@sources.register("citizens.petitions_received", _("Petitions received (all kinds)"))
def petitions_received(unit, data_from, data_to) -> int:
    return _received(unit, data_from, data_to)


@sources.register("citizens.complaints_received", _("Complaints received"))
def complaints_received(unit, data_from, data_to) -> int:
    return _received(unit, data_from, data_to, [Petition.Kind.COMPLAINT])


@sources.register("citizens.denunciations_received", _("Denunciations received"))
def denunciations_received(unit, data_from, data_to) -> int:
    return _received(unit, data_from, data_to, [Petition.Kind.DENUNCIATION])


@sources.register("citizens.recommendations_feedback_received", _("Recommendations and feedback received"))
def recommendations_feedback_received(unit, data_from, data_to) -> int:
    return _received(unit, data_from, data_to, PAKN)


@sources.register("citizens.petitions_accepted", _("Petitions accepted for resolution"))
def petitions_accepted(unit, data_from, data_to) -> int:
    return Petition.objects.filter(unit=unit, classification=Petition.Classification.ACCEPTED,
                                   accepted_on__gte=data_from, accepted_on__lte=data_to).count()


@sources.register("citizens.petitions_resolved", _("Petitions resolved (all kinds)"))
def petitions_resolved(unit, data_from, data_to) -> int:
    return _resolved(unit, data_from, data_to).count()


@sources.register("citizens.complaints_resolved", _("Complaints resolved"))
def complaints_resolved(unit, data_from, data_to) -> int:
    return _resolved(unit, data_from, data_to, [Petition.Kind.COMPLAINT]).count()


@sources.register("citizens.denunciations_resolved", _("Denunciations resolved"))
def denunciations_resolved(unit, data_from, data_to) -> int:
    return _resolved(unit, data_from, data_to, [Petition.Kind.DENUNCIATION]).count()


@sources.register("citizens.recommendations_feedback_resolved", _("Recommendations and feedback resolved"))
def recommendations_feedback_resolved(unit, data_from, data_to) -> int:
    return _resolved(unit, data_from, data_to, PAKN).count()


@sources.register("citizens.petitions_resolved_on_time", _("Petitions resolved on time"))
def petitions_resolved_on_time(unit, data_from, data_to) -> int:
    return _resolved(unit, data_from, data_to).filter(resolved_on_time=True).count()


@sources.register("citizens.petitions_overdue", _("Petitions overdue at the end of the window"))
def petitions_overdue(unit, data_from, data_to) -> int:
    """Received by data_to, neither resolved nor closed by data_to, and due before data_to (on its due day a
    petition is not yet late). A stock, not a flow: petitions received before data_from count too.
    The time limit is the one recorded now, so an extension granted after data_to moves it for past windows."""
    return Petition.objects.filter(
        Q(resolved_on__isnull=True) | Q(resolved_on__gt=data_to),
        Q(closed_on__isnull=True) | Q(closed_on__gt=data_to),
        unit=unit, received_on__lte=data_to, resolve_due__lt=data_to,
    ).count()


# Dialogues ------------------------------------------------------------------------------------------------------

@sources.register("citizens.dialogues_held", _("Dialogues with the people held"))
def dialogues_held(unit, data_from, data_to) -> int:
    return Dialogue.objects.filter(unit=unit, date__gte=data_from, date__lte=data_to).count()


@sources.register("citizens.commitments_done", _("Dialogue commitments done"))
def commitments_done(unit, data_from, data_to) -> int:
    return Commitment.objects.filter(dialogue__unit=unit, status=Commitment.Status.DONE, done_on__gte=data_from,
                                     done_on__lte=data_to).count()
