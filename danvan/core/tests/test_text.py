import datetime
import unicodedata

import pytest

from danvan.core.text import date_in_words, fold, nfc, place_and_date


def test_nfc_composes_text_typed_with_combining_marks():
    composed = "Khiếu nại về đất đai ở Quy Nhơn"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed  # the input really is decomposed
    assert nfc(decomposed) == composed
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_nfc_trims_and_turns_none_into_an_empty_string():
    assert nfc("  Đắk Pơ \n") == "Đắk Pơ"
    assert nfc(None) == ""


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Quy Nhơn", "quy nhon"),
        ("Đắk Pơ", "dak po"),
        ("KHIẾU NẠI", "khieu nai"),
        ("  Phường   Quy\tNhơn  Nam ", "phuong quy nhon nam"),
        ("ĐƯỜNG đường Ưu", "duong duong uu"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_lowers_strips_diacritics_and_collapses_spaces(text, folded):
    assert fold(text) == folded


def test_fold_gives_the_same_key_for_composed_and_decomposed_input():
    word = "Khiếu nại"
    assert fold(unicodedata.normalize("NFD", word)) == fold(word) == "khieu nai"


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (datetime.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (datetime.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (datetime.date(2025, 2, 10), "ngày 10 tháng 02 năm 2025"),
        (datetime.date(2025, 12, 1), "ngày 01 tháng 12 năm 2025"),
        (datetime.date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
        (datetime.date(2025, 10, 31), "ngày 31 tháng 10 năm 2025"),
    ],
)
def test_date_in_words_pads_days_below_10_and_only_months_1_and_2(day, words):
    assert date_in_words(day) == words


def test_place_and_date_puts_a_comma_after_the_place():
    assert place_and_date("Gia Lai", datetime.date(2026, 1, 5)) == "Gia Lai, ngày 05 tháng 01 năm 2026"
