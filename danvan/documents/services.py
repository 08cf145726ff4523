"""Writes of the documents app: taking document numbers. Each one is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record
from danvan.core.text import nfc
from danvan.documents.models import NumberSeries
from danvan.org.models import Unit


@transaction.atomic
def document_number_next(*, issuer: Unit, year: int, symbol: str, by) -> int:
    """Take the next number of `issuer`'s `symbol` documents in `year` (the first is 1).

    Nghị định 30/2020/NĐ-CP, Điều 15: numbers run in order of issue from 01 on 1 January to 31 December, so a
    new year starts a new series. Two clerks taking a number at the same moment must get different numbers:
    the UPDATE with an F() expression locks the series row (PostgreSQL) or the database (SQLite) until the
    transaction ends, and the number is read back only after that, as the audit chain takes its head."""
    symbol = nfc(symbol)
    if not symbol:
        raise ValidationError({"symbol": _("A document symbol is needed, for example BC-UBND.")})
    if len(symbol) > NumberSeries._meta.get_field("symbol").max_length:
        raise ValidationError({"symbol": _("The document symbol is too long.")})
    if not 1900 <= year <= 9999:
        raise ValidationError({"year": _("Enter a valid year.")})

    series_rows = NumberSeries.objects.filter(issuer=issuer, year=year, symbol=symbol)
    if not series_rows.update(last_number=F("last_number") + 1):
        # The first number of the year. get_or_create runs its insert in a savepoint, so when another clerk
        # creates the series at the same moment, we find theirs and queue behind their lock.
        NumberSeries.objects.get_or_create(issuer=issuer, year=year, symbol=symbol, defaults={"last_number": 0})
        series_rows.update(last_number=F("last_number") + 1)
    series = series_rows.get()
    number = series.last_number
    audit_record(
        actor=by,
        action="document_number_taken",
        obj=series,
        unit=issuer,
        changes={"last_number": [number - 1, number]},
        object_repr=f"{number:02d}/{symbol} ({year})",
    )
    return number
