"""The figures citizens' records give the reports, against a small set counted by hand.

The window is the Q1 2025 data window of Decree 09/2019: data_from 15/12/2024 … data_to 14/03/2025, both days
included. Every kind of record has one on the day before (14/12/2024), on data_from, on data_to and on the day
after (15/03/2025). The unit is the commune; the other commune has records on the same days that must not count.
"""

import datetime
import itertools
from decimal import Decimal

import pytest

from danvan.citizens.fields import ensure_fields
from danvan.citizens.models import Commitment, Dialogue, Field, Petition, ReceptionCase, ReceptionSession
from danvan.core import sources

D = datetime.date
DATA_FROM, DATA_TO = D(2024, 12, 15), D(2025, 3, 14)
BEFORE, AFTER = D(2024, 12, 14), D(2025, 3, 15)
_codes = itertools.count(1)


def _session(unit, day, citizens, cases, role="head", kind="regular"):
    session = ReceptionSession.objects.create(unit=unit, date=day, presiding_name="Chủ trì", presiding_role=role,
                                              kind=kind, citizens_count=citizens)
    ReceptionCase.objects.bulk_create(ReceptionCase(session=session, summary=f"Việc {i}") for i in range(cases))


def _petition(unit, kind, received_on, **extra):
    return Petition.objects.create(
        unit=unit, kind=kind, channel="in_person", received_on=received_on, subject="Đơn", content="Nội dung",
        field=Field.objects.first(), tracking_code=f"DVTEST{next(_codes):04d}", **extra)


def _dialogue(unit, day, annual=True):
    return Dialogue.objects.create(unit=unit, date=day, presiding_name="Chủ tịch", topic="Đối thoại",
                                   is_annual_conference=annual)


def _commitment(dialogue, done_on=None):
    return Commitment.objects.create(dialogue=dialogue, text="Cam kết", owner_name="Phòng", due_date=D(2025, 6, 1),
                                     status="done" if done_on else "open", done_on=done_on)


@pytest.fixture
def records(tree):
    ensure_fields()
    unit, other = tree["commune"], tree["other_commune"]
    # Reception sessions of the commune: (day, citizens, matters, role, kind).
    _session(unit, BEFORE, 5, 1)  # S1 out (day before)
    _session(unit, DATA_FROM, 3, 2)  # S2 in, head regular day 1
    _session(unit, D(2025, 1, 9), 4, 0)  # S3 in, head regular day 2
    _session(unit, D(2025, 1, 9), 2, 1)  # S4 in, same day as S3: still day 2
    _session(unit, D(2025, 2, 5), 6, 1, role="deputy")  # S5 in, not a head day
    _session(unit, D(2025, 2, 20), 10, 3, kind="ad_hoc")  # S6 in, ad hoc: not a regular head day
    _session(unit, DATA_TO, 1, 1)  # S7 in, head regular day 3
    _session(unit, AFTER, 7, 2)  # S8 out (day after)
    _session(other, D(2025, 1, 9), 9, 1)  # another unit

    # Petitions of the commune.
    C, T, R, F = "complaint", "denunciation", "recommendation", "feedback"
    _petition(unit, C, BEFORE, classification="accepted", accepted_on=DATA_FROM, resolved_on=D(2025, 1, 10),
              resolved_on_time=True, status="resolved", resolve_due=D(2025, 1, 14))  # P1
    _petition(unit, C, DATA_FROM, classification="accepted", accepted_on=D(2024, 12, 20), resolved_on=AFTER,
              resolved_on_time=False, status="resolved", resolve_due=D(2025, 1, 20))  # P2
    _petition(unit, T, DATA_TO, resolve_due=D(2025, 4, 13))  # P3
    _petition(unit, R, D(2025, 1, 5), classification="accepted", accepted_on=BEFORE, resolved_on=DATA_TO,
              resolved_on_time=False, status="resolved", resolve_due=D(2025, 1, 19))  # P4
    _petition(unit, F, AFTER, resolve_due=D(2025, 3, 28))  # P5
    _petition(unit, F, D(2025, 2, 1), classification="refused", closed_on=D(2025, 2, 3), status="closed",
              resolve_due=D(2025, 2, 14))  # P6
    _petition(unit, R, D(2024, 11, 1), resolve_due=D(2024, 11, 15))  # P7, still open from last year
    _petition(unit, C, D(2025, 1, 2), classification="accepted", accepted_on=AFTER,
              resolve_due=DATA_TO)  # P8, due on data_to itself
    _petition(unit, T, D(2025, 1, 10), classification="accepted", accepted_on=D(2025, 1, 12),
              resolved_on=D(2025, 3, 13), resolved_on_time=True, status="resolved", resolve_due=D(2025, 2, 11))  # P9
    _petition(other, C, D(2025, 1, 10), classification="accepted", accepted_on=D(2025, 1, 11),
              resolved_on=D(2025, 1, 20), resolved_on_time=True, status="resolved", resolve_due=D(2025, 2, 10))
    _petition(other, F, D(2025, 1, 1), resolve_due=D(2025, 1, 15))

    # Dialogues and commitments.
    d1 = _dialogue(unit, BEFORE)  # out
    d2 = _dialogue(unit, DATA_FROM)  # in
    _dialogue(unit, DATA_TO, annual=False)  # in: every dialogue counts, not only the yearly conference
    d4 = _dialogue(unit, AFTER)  # out
    _commitment(d1, done_on=BEFORE)  # C1 out
    _commitment(d1, done_on=DATA_FROM)  # C2 in: counted by the day it was done, not the dialogue's day
    _commitment(d2, done_on=DATA_TO)  # C3 in
    _commitment(d4, done_on=AFTER)  # C4 out
    _commitment(d2)  # C5 open
    _commitment(_dialogue(other, D(2025, 1, 10)), done_on=D(2025, 1, 10))  # another unit
    return tree


# Counted on paper from the fixture above.
EXPECTED = {
    # S2..S7
    "citizens.reception_sessions": 6,
    # 3 + 4 + 2 + 6 + 10 + 1
    "citizens.citizens_received": 26,
    # 2 + 0 + 1 + 1 + 3 + 1
    "citizens.reception_cases": 8,
    # 15/12 (S2), 09/01 (S3 and S4), 14/03 (S7); not S5 (deputy) nor S6 (ad hoc)
    "citizens.head_reception_days": 3,
    # received 15/12..14/03: P2, P3, P4, P6, P8, P9 (not P1 on 14/12, P5 on 15/03, P7 in November)
    "citizens.petitions_received": 6,
    "citizens.complaints_received": 2,  # P2, P8
    "citizens.denunciations_received": 2,  # P3, P9
    "citizens.recommendations_feedback_received": 2,  # P4, P6
    # accepted 15/12..14/03: P1 (15/12), P2 (20/12), P9 (12/01); not P4 (14/12) nor P8 (15/03)
    "citizens.petitions_accepted": 3,
    # resolved 15/12..14/03: P1 (10/01), P4 (14/03), P9 (13/03); not P2 (15/03)
    "citizens.petitions_resolved": 3,
    "citizens.complaints_resolved": 1,  # P1
    "citizens.denunciations_resolved": 1,  # P9
    "citizens.recommendations_feedback_resolved": 1,  # P4
    "citizens.petitions_resolved_on_time": 2,  # P1, P9 (P4 was late)
    # open on 14/03 and due before it: P2 (resolved only on 15/03, due 20/01) and P7 (due 15/11/2024);
    # not P6 (closed 03/02), P8 (due on 14/03 itself), P3 (due 13/04), P5 (received after)
    "citizens.petitions_overdue": 2,
    "citizens.dialogues_held": 2,  # 15/12 and 14/03
    "citizens.commitments_done": 2,  # C2 (15/12), C3 (14/03)
}


def test_every_source_is_registered_with_a_label():
    names = dict(sources.choices())
    for name in EXPECTED:
        assert name in names and names[name], name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_source_gives_the_hand_counted_figure(records, name):
    assert sources.compute(name, records["commune"], DATA_FROM, DATA_TO) == Decimal(EXPECTED[name])


def test_a_one_day_window_on_each_edge(records):
    unit = records["commune"]
    # 14/12/2024 alone: S1 (5 citizens, 1 matter, a head day), P1 received, P4 accepted, d1, C1.
    assert sources.compute("citizens.citizens_received", unit, BEFORE, BEFORE) == 5
    assert sources.compute("citizens.head_reception_days", unit, BEFORE, BEFORE) == 1
    assert sources.compute("citizens.petitions_received", unit, BEFORE, BEFORE) == 1
    assert sources.compute("citizens.petitions_accepted", unit, BEFORE, BEFORE) == 1
    assert sources.compute("citizens.dialogues_held", unit, BEFORE, BEFORE) == 1
    assert sources.compute("citizens.commitments_done", unit, BEFORE, BEFORE) == 1
    # 15/03/2025 alone: S8 (7 citizens, 2 matters), P5 received, P2 resolved late, P8 accepted, d4, C4.
    assert sources.compute("citizens.citizens_received", unit, AFTER, AFTER) == 7
    assert sources.compute("citizens.reception_cases", unit, AFTER, AFTER) == 2
    assert sources.compute("citizens.petitions_received", unit, AFTER, AFTER) == 1
    assert sources.compute("citizens.petitions_resolved", unit, AFTER, AFTER) == 1
    assert sources.compute("citizens.petitions_resolved_on_time", unit, AFTER, AFTER) == 0
    assert sources.compute("citizens.petitions_accepted", unit, AFTER, AFTER) == 1
    assert sources.compute("citizens.commitments_done", unit, AFTER, AFTER) == 1
    # On 15/03, P2 is resolved and P8 (due 14/03) has become overdue: P7 and P8.
    assert sources.compute("citizens.petitions_overdue", unit, AFTER, AFTER) == 2


def test_an_empty_unit_gives_zero_not_nothing(records):
    assert sources.compute("citizens.citizens_received", records["dept"], DATA_FROM, DATA_TO) == 0
    assert sources.compute("citizens.head_reception_days", records["dept"], DATA_FROM, DATA_TO) == 0


def test_the_report_is_prefilled_from_the_sources(records, q1, people):
    """Through the seam: an indicator that names a source opens pre-filled with its figure."""
    from danvan.reporting.models import Indicator
    from danvan.reporting.services import report_open

    assert (q1.data_from, q1.data_to) == (DATA_FROM, DATA_TO)
    wiring = {"TCD_LUOT": "citizens.citizens_received", "TCD_NGAY_LD": "citizens.head_reception_days",
              "DON_QUA_HAN": "citizens.petitions_overdue", "DT_CAM_KET_XONG": "citizens.commitments_done"}
    for code, name in wiring.items():
        Indicator.objects.filter(code=code).update(source=name)
    report = report_open(by=people["owner"], period=q1, unit=records["commune"])
    computed = {v.indicator.code: v.computed for v in report.values.select_related("indicator")
                if v.indicator.code in wiring}
    assert computed == {code: Decimal(EXPECTED[name]) for code, name in wiring.items()}
