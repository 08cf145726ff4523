from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Unit


class NumberSeries(models.Model):
    """The running numbers of one issuer's documents of one kind in one year.

    Nghị định 30/2020/NĐ-CP, Điều 15: numbers run from 01 on 1 January to 31 December; a number and symbol
    pair is unique within the year."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuer"))
    year = models.PositiveSmallIntegerField(_("year"))
    symbol = models.CharField(_("symbol"), max_length=50, help_text=_("For example BC-UBND or SNV-VP."))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [models.UniqueConstraint(fields=["issuer", "year", "symbol"], name="number_series_unique")]

    def __str__(self):
        return f"{self.issuer} {self.year} {self.symbol}: {self.last_number}"
