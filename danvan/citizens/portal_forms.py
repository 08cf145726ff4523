"""Forms of the public portal, and the commune look-up they share with the portal's JSON endpoint."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.citizens.models import Field, Petition
from danvan.core import uploads
from danvan.core.text import fold
from danvan.org.models import Unit

# The order a citizen meets them: the light kinds first; complaints and denunciations need an identity.
PORTAL_KINDS = [Petition.Kind.FEEDBACK, Petition.Kind.RECOMMENDATION, Petition.Kind.COMPLAINT,
                Petition.Kind.DENUNCIATION]
KIND_HELP = {
    Petition.Kind.FEEDBACK: _("Tell the authorities about a problem you have noticed, such as a broken street light "
                              "or a wrong done by an office (phản ánh). Name and contact are optional."),
    Petition.Kind.RECOMMENDATION: _("Propose a change or an improvement to a rule, a procedure or a public service "
                                    "(kiến nghị). Name and contact are optional."),
    Petition.Kind.COMPLAINT: _("Ask for a review of an administrative decision or act that affects your own rights "
                               "(khiếu nại). Your full name and address are required."),
    Petition.Kind.DENUNCIATION: _("Report a breach of the law by an official or an organisation (tố cáo). Your full "
                                  "name and address are required and are kept secret."),
}
IDENTITY_REASON = _(
    "The law does not allow anonymous complaints and denunciations: a complaint must give the complainant's name "
    "and address (Law on Complaints 2011, Article 8), and a denunciation without the denouncer's name and address "
    "is not handled (Law on Denunciations 2018, Articles 23 and 25). A denouncer's name, address and other personal "
    "data are kept secret (Law on Denunciations 2018, Article 9)."
)


def _max_files() -> int:
    return int(getattr(settings, "PORTAL_MAX_FILES", 5))


def communes_matching(text: str, *, limit: int = 20) -> list[Unit]:
    """Communes and wards valid today whose name holds every word typed, diacritics optional ("quy nhon nam"
    finds "Phường Quy Nhơn Nam"). A name that is the text itself, or ends with it, comes first."""
    query = fold(text)
    words = query.split()[:8]
    if not words:
        return []
    units = Unit.objects.valid_on(timezone.localdate()).filter(kind=Unit.Kind.COMMUNE)
    for word in words:
        units = units.filter(name_folded__contains=word)
    found = list(units.select_related("parent").order_by("name", "pk")[:200])

    def rank(unit):
        exact = unit.name_folded == query or unit.name_folded.endswith(" " + query)
        return (not exact, len(unit.name), unit.name)

    return sorted(found, key=rank)[:limit]


def _is_exact(unit: Unit, text: str) -> bool:
    query = fold(text)
    return unit.name_folded == query or unit.name_folded.endswith(" " + query)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you send?"), initial=Petition.Kind.FEEDBACK,
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                             choices=[(kind.value, kind.label) for kind in PORTAL_KINDS])
    commune = forms.CharField(
        label=_("Commune or ward that should answer"), max_length=300,
        help_text=_('Type its name; diacritics are optional, for example "quy nhon nam".'),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.none(), empty_label=_("— choose —"))
    subject = forms.CharField(label=_("Subject"), max_length=300,
                              help_text=_("One line, for example: street light broken on Lê Lợi street."))
    content = forms.CharField(label=_("Content"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("What happened, where and when, and what you ask for."))
    name = forms.CharField(label=_("Full name"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    address = forms.CharField(label=_("Address"), max_length=300, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    id_number = forms.CharField(label=_("Citizen ID number"), max_length=20, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("E-mail"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    attachments = MultipleFileField(
        label=_("Files (photos, documents)"), required=False,
        help_text=_("PDF, DOCX, XLSX, PNG, JPEG or WEBP."),
        widget=MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,application/pdf,.pdf,.docx,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.filter(active=True).order_by("order", "name")
        self.fields["attachments"].help_text = _(
            "PDF, DOCX, XLSX, PNG, JPEG or WEBP; at most %(count)s files of %(size)s MB each."
        ) % {"count": _max_files(), "size": settings.ATTACHMENT_MAX_MB}
        self.commune_matches: list[Unit] = []

    def kind_choices(self):
        """(radio, help text) pairs for the template."""
        return [(radio, KIND_HELP[radio.data["value"]]) for radio in self["kind"]]

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if len(files) > _max_files():
            raise ValidationError(_("Attach at most %(count)s files.") % {"count": _max_files()})
        problems = []
        for upload in files:
            try:
                uploads.check(upload)
            except ValidationError as error:
                problems.extend(error.messages)
        if problems:
            raise ValidationError(problems)
        return files

    def clean(self):
        data = super().clean()
        text, unit_id = data.get("commune", ""), data.get("unit")
        communes = Unit.objects.valid_on(timezone.localdate()).filter(kind=Unit.Kind.COMMUNE)
        unit = communes.filter(pk=unit_id).first() if unit_id else None
        # The id comes from the list the page offered (script or radio buttons); it stands only while the text
        # still names that unit, so a name typed over it afterwards wins.
        if unit is not None and fold(text) not in unit.name_folded:
            unit = None
        if unit is None and text:
            matches = communes_matching(text, limit=10)
            exact = [m for m in matches if _is_exact(m, text)]
            if len(exact) == 1:
                unit = exact[0]
            elif len(matches) == 1:
                unit = matches[0]
            elif not matches:
                self.add_error("commune", _("No commune or ward matches “%(text)s”. Check the name.") % {"text": text})
            else:
                self.commune_matches = matches
                self.add_error("commune", _("Several communes or wards match: choose one below."))
        data["unit_obj"] = unit
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))
    secret = forms.CharField(label=_("Secret"), max_length=100,
                             widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off",
                                                           "spellcheck": "false"}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
