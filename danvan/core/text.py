"""Vietnamese text helpers: NFC on the way in, folding for search, dates in the Decree 30 form."""

import datetime
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """Normalise user text to NFC and trim it: the same word typed on two keyboards compares equal."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str | None) -> str:
    """Fold for search: lower case, no diacritics (đ → d), single spaces. "Quy Nhơn" → "quy nhon"."""
    if not value:
        return ""
    value = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", value.lower()).strip()


def date_in_words(day: datetime.date) -> str:
    """The date line of an official document: "ngày 05 tháng 01 năm 2026".

    Nghị định 30/2020/NĐ-CP, Phụ lục I, ô số 4: days below 10 and the months 1 and 2 take a leading zero.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: datetime.date) -> str:
    """"Gia Lai, ngày 05 tháng 01 năm 2026" (comma after the place name)."""
    return f"{place}, {date_in_words(day)}"
