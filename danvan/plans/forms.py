from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import date_field
from danvan.core.text import nfc
from danvan.org.models import Unit
from danvan.plans.models import Plan
from danvan.plans.services import LegalRef

ASSIGNABLE_KINDS = [
    (kind, label) for kind, label in Unit.Kind.choices if kind not in (Unit.Kind.PROVINCE, Unit.Kind.PARTY)
]


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


ONE_PER_LINE = _("One item per line.")


def _one_per_line(label, help_text=ONE_PER_LINE):
    return forms.CharField(label=label, required=False, widget=_textarea(4), help_text=help_text)


class UnitLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.valid_to:
            return _("%(name)s (until %(date)s)") % {"name": obj.name, "date": f"{obj.valid_to:%d/%m/%Y}"}
        return obj.name


class PlanForm(forms.Form):
    """A plan's texts. Lists (purposes, requirements, implementation, recipients) are typed one item per line."""

    issuer = UnitLabelChoiceField(label=_("Issued by"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=500,
                            help_text=_("The summary under “KẾ HOẠCH”, e.g. “Thực hiện công tác dân vận chính quyền "
                                        "năm 2025”."))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(label=_("Number"), min_value=1, required=False,
                                help_text=_("Leave empty until the plan is issued."))
    symbol = forms.CharField(label=_("Symbol"), max_length=50, initial="KH-UBND")
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    issuer_title = forms.CharField(label=_("Issuing body as printed"), max_length=200, required=False,
                                   help_text=_("e.g. ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH"))
    parent_body = forms.CharField(label=_("Governing body"), max_length=200, required=False)
    preamble = forms.CharField(label=_("Basis paragraph"), required=False, widget=_textarea(4),
                               help_text=_("Paragraphs separated by an empty line."))
    purposes = _one_per_line(_("Purposes"))
    requirements = _one_per_line(_("Requirements"))
    implementation = _one_per_line(_("Implementation"))
    closing = forms.CharField(label=_("Closing paragraph"), required=False, widget=_textarea(2))
    recipients = _one_per_line(_("Recipients"), help_text=_("One recipient per line, e.g. “Lưu: VT, K7”."))
    signer_authority = forms.CharField(label=_("Signing authority"), max_length=100, required=False,
                                       help_text=_("e.g. TM. ỦY BAN NHÂN DÂN"))
    signer_prefix = forms.CharField(label=_("Signing prefix"), max_length=100, required=False,
                                    help_text=_("e.g. KT. CHỦ TỊCH"))
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False,
                                   help_text=_("e.g. PHÓ CHỦ TỊCH"))
    signer_name = forms.CharField(label=_("Signer"), max_length=100, required=False)
    assigned_kinds = forms.MultipleChoiceField(
        label=_("Assigned to"), choices=ASSIGNABLE_KINDS, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Every direct sub-unit of these kinds, as the organisation tree stands on each date."),
    )
    assigned_text = forms.CharField(label=_("Assignment as printed"), required=False, widget=_textarea(2))

    LIST_FIELDS = ("purposes", "requirements", "implementation", "recipients")
    PROVINCIAL_ONLY = ("issuer", "assigned_kinds", "assigned_text")

    def __init__(self, *args, plan: Plan | None = None, issuers=None, provincial: bool = True, **kwargs):
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(plan)
        super().__init__(*args, **kwargs)
        if plan is not None or not provincial:
            del self.fields["issuer"]  # the issuer of a plan does not change
        else:
            self.fields["issuer"].queryset = issuers if issuers is not None else Unit.objects.none()
        if not provincial:
            for name in ("assigned_kinds", "assigned_text"):
                del self.fields[name]

    @classmethod
    def initial_for(cls, plan: Plan) -> dict:
        initial = {name: getattr(plan, name) for name in (
            "title", "year", "number", "symbol", "place", "issuer_title", "parent_body", "preamble", "closing",
            "signer_authority", "signer_prefix", "signer_title", "signer_name", "assigned_kinds", "assigned_text",
        )}
        for name in cls.LIST_FIELDS:
            initial[name] = "\n".join(getattr(plan, name))
        return initial

    def plan_fields(self) -> dict:
        """Keyword arguments for plan_create / plan_update."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "issuer"}
        for name in self.LIST_FIELDS:
            data[name] = [nfc(line) for line in data[name].splitlines() if nfc(line)]
        return data


class TaskForm(forms.Form):
    number = forms.IntegerField(label=_("No."), min_value=1)
    title = forms.CharField(label=_("Task"), widget=_textarea(2))
    body = forms.CharField(label=_("Content"), required=False, widget=_textarea(5))


class LegalBasisForm(forms.Form):
    kind = forms.CharField(label=_("Document type"), max_length=100,
                           help_text=_("Chỉ thị, Nghị định, Quyết định, Kế hoạch …"))
    number_symbol = forms.CharField(label=_("Number and symbol"), max_length=100, required=False,
                                    help_text=_("e.g. 33/CT-TTg"))
    date = date_field(_("Date"), required=False)
    issuer = forms.CharField(label=_("Issued by"), max_length=300, required=False)
    title = forms.CharField(label=_("Summary"), required=False, widget=_textarea(2))


TaskFormSet = forms.formset_factory(TaskForm, extra=2, can_delete=True)
LegalBasisFormSet = forms.formset_factory(LegalBasisForm, extra=2, can_delete=True)


def _kept(formset) -> list[dict]:
    return [
        form.cleaned_data for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def task_initial(plan: Plan) -> list[dict]:
    return [{"number": t.number, "title": t.title, "body": t.body} for t in plan.tasks.all()]


def tasks_from(formset) -> list[tuple]:
    return [(d["number"], d["title"], d.get("body", "")) for d in _kept(formset)]


def legal_initial(plan: Plan) -> list[dict]:
    citations = plan.plancitation_set.select_related("document").order_by("order")
    return [{"kind": c.document.kind, "number_symbol": c.document.number_symbol, "date": c.document.date,
             "issuer": c.document.issuer, "title": c.document.title} for c in citations]


def legal_bases_from(formset) -> list[LegalRef]:
    return [
        LegalRef(kind=d["kind"], number_symbol=d.get("number_symbol", ""), date=d.get("date"),
                 issuer=d.get("issuer", ""), title=d.get("title", ""))
        for d in _kept(formset)
    ]


class IssueForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    issued_on = date_field(_("Date"))


class StartForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])


class UnitStatusFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("All units")), ("issued", _("With an issued plan")),
                      ("not_issued", _("Without an issued plan"))]
    date = date_field(_("As of"), required=False)
    status = forms.ChoiceField(label=_("Show"), choices=STATUS_CHOICES, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Plan file (JSON)"),
                           help_text=_("The DânVận plan format (plan.schema.json)."))
    issuer = UnitLabelChoiceField(label=_("Issued by"), queryset=Unit.objects.none())

    def __init__(self, *args, issuers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers if issuers is not None else Unit.objects.none()
