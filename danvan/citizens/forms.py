from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from danvan.citizens.models import Field, Petition
from danvan.core import uploads
from danvan.core.forms import date_field

# The same words as services._check_identity: Luật Khiếu nại 2011, Điều 8; Luật Tố cáo 2018, Điều 23 and 25.
NAMED_KINDS = (Petition.Kind.COMPLAINT, Petition.Kind.DENUNCIATION)
ANONYMOUS_NOT_ALLOWED = _("A complaint or denunciation must give the petitioner's full name and address: the law "
                          "does not allow anonymous complaints and denunciations.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by its content (core.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(item, initial) for item in data] if isinstance(data, (list, tuple)) else [single(data, initial)]
        files = [f for f in files if f]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        errors = []
        for upload in files:
            try:
                uploads.check(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


FILES_HELP = _("PDF, DOCX, XLSX, PNG, JPEG or WEBP.")


class PetitionForm(forms.ModelForm):
    """What an officer records when a petition arrives (the service checks it again and computes its clocks)."""

    received_on = date_field(_("Received on"))
    attachments = MultipleFileField(label=_("Attachments"), required=False, help_text=FILES_HELP)

    class Meta:
        model = Petition
        fields = ["kind", "channel", "received_on", "unit", "field", "is_group", "group_size", "name", "id_number",
                  "address", "phone", "email", "subject", "content", "is_complex", "is_remote_area"]
        widgets = {"content": forms.Textarea(attrs={"rows": 6})}
        labels = {"name": _("Full name")}
        help_texts = {
            "name": _("Required for a complaint or a denunciation (Luật Khiếu nại 2011, Điều 8; Luật Tố cáo 2018, "
                      "Điều 23). For a group, the representative."),
            "is_remote_area": _("Longer limits for complaints in remote areas (Luật Khiếu nại 2011, Điều 28)."),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["field"].queryset = Field.objects.filter(active=True)
        self.fields["field"].empty_label = None
        self.fields["kind"].choices = [("", "—"), *Petition.Kind.choices]
        self.fields["channel"].choices = [("", "—"), *Petition.Channel.choices]
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
            self.fields["unit"].empty_label = None

    def clean(self):
        data = super().clean()
        if data.get("kind") in NAMED_KINDS:
            for name in ("name", "address"):
                if not (data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, ANONYMOUS_NOT_ALLOWED)
        if data.get("is_group") and (data.get("group_size") or 0) < 2 and "group_size" not in self.errors:
            self.add_error("group_size", _("A group has at least two people."))
        return data

    def _post_clean(self):
        """The service validates and builds the petition: no model validation of a half-made instance here."""


class ClassifyForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Petition.Classification.choices)
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None, required=False,
                                     help_text=_("Needed when the petition is accepted for resolution."))
    is_complex = forms.BooleanField(label=_("Complex case"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Needed when it is refused, guided elsewhere or filed away."))
    forwarded_to = forms.CharField(label=_("Forwarded to"), required=False, max_length=300)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Days of extension"), min_value=1, max_value=366)
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    decision_number = forms.CharField(label=_("Number of the extension decision"), required=False, max_length=100)
    is_complex = forms.BooleanField(label=_("Complex case"), required=False)


class ResolveForm(forms.Form):
    decision_number = forms.CharField(label=_("Number of the decision or answer"), max_length=100)
    decision_date = date_field(_("Date of the decision or answer"))
    answer = forms.CharField(label=_("Decision or answer"), max_length=20000,
                             widget=forms.Textarea(attrs={"rows": 5}))
    publish = forms.BooleanField(label=_("Publish the answer"), required=False,
                                 help_text=_("The published text never carries the petitioner's personal data."))
    public_answer = forms.CharField(label=_("Text to publish"), required=False, max_length=20000,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("Leave empty to publish the answer itself."))


class PublishForm(forms.Form):
    public_answer = forms.CharField(label=_("Text to publish"), required=False, max_length=20000,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("Leave empty to publish the answer itself."))


class SecondInstanceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Body resolving the second instance"), queryset=None)
    received_on = date_field(_("Received on"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Petition.Channel.choices)
    content = forms.CharField(label=_("Content of the second complaint"), max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AttachForm(forms.Form):
    attachments = MultipleFileField(label=_("Files"), help_text=FILES_HELP)


class PetitionFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("All")), ("open", _("Open cases")), ("resolved", _("Resolved cases")),
                      *Petition.Status.choices]
    CLOCK_CHOICES = [("", _("All")), ("due_soon", _("Due soon")), ("overdue", _("Overdue")),
                     ("on_time", _("Resolved on time")), ("late", _("Resolved late"))]
    FLAG_CHOICES = [("", _("All")), ("repeat", _("Repeated")), ("level_jump", _("Jumped a level"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.TextInput(
        attrs={"placeholder": _("Subject, content, name or tracking code"), "type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *Petition.Kind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    clock = forms.ChoiceField(label=_("Time limit"), required=False, choices=CLOCK_CHOICES)
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=None, empty_label=_("All"))
    unit_name = forms.CharField(label=_("Unit name contains"), required=False, max_length=100,
                                help_text=_("Diacritics optional."))
    flag = forms.ChoiceField(label=_("Repeats, level jumps"), required=False, choices=FLAG_CHOICES)
    received_from = date_field(_("Received from"), required=False)
    received_to = date_field(_("Received to"), required=False)

    # Beyond this many units a list of choices is too long to read (and to send: a national coordinator sees
    # four thousand): the unit is typed instead, and a unit chosen elsewhere (the dashboard's links) is kept.
    UNIT_CHOICES_MAX = 300

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.many_units = units.count() > self.UNIT_CHOICES_MAX
        if self.many_units:
            self.fields["unit"].widget = forms.HiddenInput()
        else:
            del self.fields["unit_name"]


class DashboardForm(forms.Form):
    # The table by unit, first the units that need attention: most overdue, then most due soon, then most open.
    SORT_CHOICES = [
        ("overdue", _("Most overdue first")),
        ("due_soon", _("Most due soon first")),
        ("open", _("Most still open first")),
        ("received", _("Most received first")),
        ("on_time_rate", _("Lowest on-time rate first")),
        ("name", _("Unit name")),
    ]

    received_from = date_field(_("Received from"), required=False)
    received_to = date_field(_("Received to"), required=False)
    unit_name = forms.CharField(label=_("Unit name contains"), required=False, max_length=100,
                                help_text=_("Diacritics optional."))
    sort = forms.ChoiceField(label=_("Units sorted by"), required=False, choices=SORT_CHOICES)
