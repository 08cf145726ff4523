"""Forms of the reception and dialogue pages. They check the shape of what was typed; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from danvan.citizens.models import Commitment, Dialogue, Field, Petition, ReceptionCase, ReceptionSession
from danvan.core.forms import date_field

MONTHS = [(m, f"{m:02d}") for m in range(1, 13)]


def _label(model, name: str):
    """The model field's own (translated) name as a form label."""
    return capfirst(model._meta.get_field(name).verbose_name)


class _UnitChoiceMixin:
    """A unit select limited to the units the person records for (`units`); hidden when editing."""

    def _limit_units(self, units):
        if units is None:
            del self.fields["unit"]
            return
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first().pk


class ReceptionSessionForm(_UnitChoiceMixin, forms.ModelForm):
    date = date_field(_("Date"))

    class Meta:
        model = ReceptionSession
        fields = ["unit", "date", "kind", "presiding_role", "presiding_name", "citizens_count", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_units(units)


class ReceptionCaseForm(forms.ModelForm):
    class Meta:
        model = ReceptionCase
        fields = ["citizen_name", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}


class CasePetitionForm(forms.Form):
    """What a matter raised at the session needs to become a petition. The petitioner's name and address are
    required for a complaint or a denunciation (the service says so); group petitions give their size."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Petition.Kind.choices)
    field = forms.ModelChoiceField(label=_label(Petition, "field"), queryset=Field.objects.filter(active=True))
    subject = forms.CharField(label=_label(Petition, "subject"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    address = forms.CharField(label=_label(Petition, "address"), required=False, max_length=300)
    id_number = forms.CharField(label=_label(Petition, "id_number"), required=False, max_length=20)
    phone = forms.CharField(label=_label(Petition, "phone"), required=False, max_length=30)
    is_group = forms.BooleanField(label=_label(Petition, "is_group"), required=False)
    group_size = forms.IntegerField(label=_label(Petition, "group_size"), required=False, min_value=2)
    is_complex = forms.BooleanField(label=_label(Petition, "is_complex"), required=False)


class DialogueForm(_UnitChoiceMixin, forms.ModelForm):
    date = date_field(_("Date"))

    class Meta:
        model = Dialogue
        fields = ["unit", "date", "topic", "presiding_name", "is_annual_conference", "participants", "issues"]
        widgets = {"issues": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_units(units)


class CommitmentForm(forms.Form):
    text = forms.CharField(label=_label(Commitment, "text"), widget=forms.Textarea(attrs={"rows": 2}))
    owner_name = forms.CharField(label=_label(Commitment, "owner_name"), required=False,
                                 max_length=200, help_text=_("A person or a body, e.g. Phòng Kinh tế."))
    owner_user = forms.ModelChoiceField(label=_("Reminders go to"), required=False, queryset=None,
                                        help_text=_("A member of the unit who receives the reminders."))
    due_date = date_field(_label(Commitment, "due_date"))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = people
        self.fields["owner_user"].label_from_instance = lambda u: u.get_full_name()


class CommitmentDoneForm(forms.Form):
    done_on = date_field(_label(Commitment, "done_on"))
    result = forms.CharField(label=_label(Commitment, "result"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class SessionFilterForm(forms.Form):
    unit = forms.CharField(label=_("Unit"), required=False, max_length=300)
    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)


class MonthForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTHS, coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    everyone = forms.BooleanField(label=_("Show the communes that held it too"), required=False)
