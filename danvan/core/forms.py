from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.models import CalendarDay

DATE_ERRORS = {"invalid": _("Enter a date as dd/mm/yyyy, for example 15/03/2025.")}


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    """A date typed as dd/mm/yyyy (ISO accepted too), with the Vietnamese error message."""
    return forms.DateField(
        label=label, required=required, help_text=help_text, error_messages=DATE_ERRORS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


class CalendarDayForm(forms.Form):
    date = date_field(_("Date"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDay.Kind.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200,
                           help_text=_("For example the number of the announcement."))


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
