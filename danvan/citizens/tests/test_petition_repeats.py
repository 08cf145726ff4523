"""Repeats, level jumps, protracted cases and the redaction of published texts."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.citizens import selectors, services
from danvan.citizens.models import CONFIDENTIAL, Petition
from danvan.citizens.tests.petition_helpers import DENOUNCER, D, accepted, at, handler_of, petition
from danvan.core.text import fold

pytestmark = pytest.mark.django_db

SUBJECT = "Khiếu nại việc thu hồi đất nông nghiệp thôn 3"


def test_the_same_person_on_the_same_matter_is_a_repeat_linked_to_the_first_petition(tree, people):
    first = petition(people["owner"], tree["commune"], subject=SUBJECT, id_number="079123456789",
                     received_on=D(2025, 3, 1))
    second = petition(people["owner"], tree["commune"], subject="Thu hồi đất nông nghiệp thôn 3 không đúng",
                      id_number="079123456789", name="Người khác", received_on=D(2025, 6, 1))
    # No ID number: the same name and address, typed without diacritics, are the same person.
    third = petition(people["owner"], tree["commune"], subject="khieu nai thu hoi dat nong nghiep",
                     name="NGUYEN VAN AN", address="thon 3, phuong quy nhon nam", received_on=D(2025, 9, 1))
    first.refresh_from_db()
    assert second.repeat_of == first and third.repeat_of == first
    assert first.repeat_of is None and first.repeat_count == 2
    assert not second.level_jump and not third.level_jump


def test_another_matter_another_person_or_a_year_later_is_not_a_repeat(tree, people):
    first = petition(people["owner"], tree["commune"], subject=SUBJECT, received_on=D(2024, 3, 1))
    other_matter = petition(people["owner"], tree["commune"], subject="Đèn đường hỏng ở tổ 5",
                            received_on=D(2024, 4, 1))
    other_person = petition(people["owner"], tree["commune"], subject=SUBJECT, name="Nguyễn Văn An",
                            address="Thôn 9, xã khác", received_on=D(2024, 5, 1))
    much_later = petition(people["owner"], tree["commune"], subject=SUBJECT, received_on=D(2025, 3, 5))
    assert other_matter.repeat_of is None and other_person.repeat_of is None and much_later.repeat_of is None
    first.refresh_from_db()
    assert first.repeat_count == 0


def test_sending_it_higher_while_the_commune_still_handles_it_is_a_level_jump(tree, people):
    handler = handler_of(tree["commune"])
    at_commune = accepted(people["owner"], petition(people["owner"], tree["commune"], subject=SUBJECT), handler)
    province_officer = handler_of(tree["province"], "province_officer")
    jumped = petition(province_officer, tree["province"], subject=SUBJECT, received_on=D(2025, 10, 20))
    assert jumped.repeat_of == at_commune and jumped.level_jump
    # Once the commune has answered, going higher is no jump (it is the next step, or a repeat).
    services.petition_resolve(by=handler, petition=at_commune, decision_number="1/TB",
                              decision_date=D(2025, 10, 25), answer="Đã trả lời")
    later = petition(province_officer, tree["province"], subject=SUBJECT, received_on=D(2025, 10, 28))
    assert later.repeat_of == at_commune and not later.level_jump
    # Sideways, to another commune, is no jump either.
    sideways = petition(people["outsider"], tree["other_commune"], subject=SUBJECT, received_on=D(2025, 10, 28))
    assert not sideways.level_jump


def test_protracted_cases_are_open_ones_past_their_limit_and_matters_sent_three_times(tree, people):
    handler = handler_of(tree["commune"])
    hoa = {"name": "Phạm Thị Hoa", "address": "Tổ 2", "subject": "Tranh chấp ranh giới đất vườn"}
    with time_machine.travel(at(2025, 10, 1), tick=False):
        root = petition(people["owner"], tree["commune"], subject=SUBJECT, received_on=D(2025, 9, 20))
        repeat1 = petition(people["owner"], tree["commune"], subject=SUBJECT, received_on=D(2025, 9, 22))
        hoa_first = petition(people["owner"], tree["commune"], received_on=D(2025, 9, 20), **hoa)
        hoa_again = petition(people["owner"], tree["commune"], received_on=D(2025, 9, 21), **hoa)
        late = accepted(people["owner"], petition(people["owner"], tree["commune"], subject="Ô nhiễm tiếng ồn",
                                                  name="Lê Văn Ba", address="Tổ 7"), handler)
        resolved_late = accepted(people["owner"], petition(
            people["owner"], tree["commune"], subject="Cấp giấy phép xây dựng", name="Võ Thị Tư", address="Tổ 8"),
            handler)
        on_time = accepted(people["owner"], petition(people["owner"], tree["commune"], subject="Trợ cấp xã hội",
                                                     name="Đỗ Văn Năm", address="Tổ 9"), handler)
    with time_machine.travel(at(2025, 10, 5), tick=False):
        repeat2 = petition(people["owner"], tree["commune"], subject=SUBJECT, received_on=D(2025, 10, 5))
    with time_machine.travel(at(2025, 10, 15), tick=False):
        services.petition_resolve(by=handler, petition=on_time, decision_number="8/TB",
                                  decision_date=D(2025, 10, 15), answer="Trả lời")
    with time_machine.travel(at(2025, 12, 1), tick=False):
        services.petition_resolve(by=handler, petition=resolved_late, decision_number="9/TB",
                                  decision_date=D(2025, 12, 1), answer="Trả lời")
    root.refresh_from_db()
    hoa_first.refresh_from_db()
    assert root.repeat_count == 2 and repeat1.repeat_of == root and repeat2.repeat_of == root
    assert hoa_first.repeat_count == 1 and hoa_again.repeat_of == hoa_first
    everything = Petition.objects.all()
    # 06/10: nothing has reached its limit yet; only the matter sent three times is protracted.
    assert set(selectors.protracted(everything, D(2025, 10, 6))) == {root, repeat1, repeat2}
    # 01/12: every case still open is past its limit too; the resolved ones are not protracted.
    assert set(selectors.protracted(everything, D(2025, 12, 1))) == {root, repeat1, repeat2, hoa_first, hoa_again,
                                                                      late}


def test_redact_removes_the_petitioner_however_the_text_retypes_them(tree, people):
    p = petition(people["owner"], tree["commune"], kind=Petition.Kind.DENUNCIATION, **{
        **DENOUNCER, "phone": "0905 123 456"})
    text = ("Bà Trần Thị Bích (CCCD 079 123 456 789, điện thoại 0905123456 hoặc 0905.123.456, +84 905 123 456), "
            "địa chỉ 12 Lê Lợi, Phường Quy Nhơn Nam; TRAN THI BICH; tran thi bich; BICH.TRAN@EXAMPLE.VN; "
            "máy bàn 0256-3822-111; số khác 001099012345. Số tiền 1.000.000.000 đồng theo Quyết định "
            "123/QĐ-UBND ngày 05/01/2026; hộ ông Bảo, bà Nguyễn Thị Bình.")
    result = services.redact(text, p)
    folded = fold(result)
    for secret in ("tran thi bich", "079", "0905", "905 123", "12 le loi", "bich.tran", "3822", "001099012345"):
        assert secret not in folded, secret
    for kept in ("Số tiền 1.000.000.000 đồng", "123/QĐ-UBND ngày 05/01/2026", "hộ ông Bảo, bà Nguyễn Thị Bình"):
        assert kept in result, kept
    assert result.count(CONFIDENTIAL) >= 9
    # Whole words only: a short name does not eat the words it hides in.
    short = petition(people["owner"], tree["commune"], name="Lê An", address="Tổ 1")
    assert (services.redact("Ông Lê An, không phải ông Lê Anh, đề nghị giữ an ninh", short)
            == "Ông [bảo mật], không phải ông Lê Anh, đề nghị giữ an ninh")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan is asked; PostgreSQL reads small tables whole")
def test_looking_for_earlier_petitions_of_the_same_person_reads_an_index_of_name_and_address(tree, people):
    """A common name ("nguyen van binh") is hundreds of petitions at national scale: the name, the address and the
    window are looked up together (index citizens_pe_same_person)."""
    petition(people["owner"], tree["commune"], name="Nguyễn Văn Bình", address="Tổ 1")
    later = Petition(name_folded=fold("Nguyễn Văn Bình"), address_folded=fold("Tổ 1"), received_on=D(2025, 10, 2),
                     subject="Khiếu nại", id_number="")
    with CaptureQueriesContext(connection) as queries:
        assert len(services._earlier_matches(later)) == 1
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "citizens_pe_same_person (name_folded=? AND address_folded=? AND received_on>?)" in plan
