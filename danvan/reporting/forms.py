from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import date_field
from danvan.reporting.models import Indicator, IndicatorGroup, Period


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX, PNG, JPEG or WEBP."))


class MonitoringFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("All")), ("sent", _("Sent")), ("on_time", _("Sent on time")), ("late", _("Sent late")),
        ("missing", _("Not sent")), ("returned", _("Returned")),
    ]
    SORT_CHOICES = [("name", _("Unit")), ("kind", _("Kind")), ("status", _("Status")), ("submitted", _("Sent on"))]
    kind = forms.ChoiceField(label=_("Kind of unit"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + list(kinds)


class TreeDateForm(forms.Form):
    tree_date = date_field(_("Tree as of"), required=False,
                           help_text=_("Figures of units that no longer exist on this date count in their successors."))


class UrgingForm(forms.Form):
    date = date_field(_("Date of the letter"))


class PeriodForm(forms.ModelForm):
    data_from = date_field(_("Data from"))
    data_to = date_field(_("Data to"))
    due_date = date_field(_("Due date"))

    class Meta:
        model = Period
        fields = ["label", "data_from", "data_to", "due_date", "recipient", "revision_days"]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["group", "code", "name", "unit_of_measure", "value_type", "aggregation", "numerator", "denominator",
                  "cumulative", "not_more_than", "source", "order", "active"]

    def __init__(self, *args, **kwargs):
        from danvan.core import sources

        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = IndicatorGroup.objects.all()
        self.fields["source"] = forms.ChoiceField(
            label=_("Source"), required=False, choices=[("", "—")] + sources.choices(),
            help_text=Indicator._meta.get_field("source").help_text,
        )
