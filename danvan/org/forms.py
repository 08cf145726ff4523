import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import date_field
from danvan.core.text import nfc
from danvan.org import services
from danvan.org.models import RestructuringEvent, Role, Unit


class TreeFilterForm(forms.Form):
    date = date_field(_("As of"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def day(self) -> datetime.date:
        if self.is_valid() and self.cleaned_data.get("date"):
            return self.cleaned_data["date"]
        return timezone.localdate()


def _unit_label(unit: Unit) -> str:
    parent = f" — {unit.parent.name}" if unit.parent_id else ""
    return f"{unit.name}{parent}"


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)


class OneUnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)


class RestructureForm(forms.Form):
    """One form for the five kinds of restructuring; `clean` says which fields each kind needs."""

    KINDS = [
        (RestructuringEvent.Kind.MERGE, _("Merge units")),
        (RestructuringEvent.Kind.SPLIT, _("Split a unit")),
        (RestructuringEvent.Kind.RENAME, _("Rename a unit")),
        (RestructuringEvent.Kind.MOVE, _("Move a unit under another parent")),
        (RestructuringEvent.Kind.DISSOLVE, _("Dissolve a unit")),
    ]
    kind = forms.ChoiceField(label=_("Change"), choices=KINDS)
    date = date_field(_("Effective date"))
    units = UnitChoiceField(
        label=_("Units concerned"), queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Merge: the units that merge. Other changes: exactly one unit."),
    )
    target = OneUnitChoiceField(
        label=_("Existing unit"), queryset=Unit.objects.none(), required=False,
        help_text=_("Merge: the existing unit they merge into (or give a new name below). Move: the new parent."),
    )
    new_name = forms.CharField(label=_("New name"), required=False, max_length=300,
                               help_text=_("Merge into a new unit, or rename."))
    new_short_name = forms.CharField(label=_("New short name"), required=False, max_length=100)
    new_code = forms.CharField(label=_("New official code"), required=False, max_length=20)
    split_names = forms.CharField(
        label=_("Units after the split"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line; the first one takes over the sub-units and the members."),
    )
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, max_length=300)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = (units_qs if units_qs is not None else Unit.objects.all()).filter(valid_to__isnull=True)
        qs = qs.select_related("parent").order_by("kind", "name")
        self.fields["units"].queryset = qs
        self.fields["target"].queryset = qs

    def clean(self):
        data = super().clean()
        kind, units = data.get("kind"), list(data.get("units") or [])
        if not kind or not units:
            return data
        one_unit_kinds = {RestructuringEvent.Kind.SPLIT, RestructuringEvent.Kind.RENAME,
                          RestructuringEvent.Kind.MOVE, RestructuringEvent.Kind.DISSOLVE}
        if kind in one_unit_kinds and len(units) != 1:
            self.add_error("units", _("Choose exactly one unit for this change."))
        if kind == RestructuringEvent.Kind.MERGE:
            if not data.get("target") and not nfc(data.get("new_name")):
                self.add_error("new_name", _("Choose the unit they merge into, or give the new unit's name."))
            if data.get("target") and nfc(data.get("new_name")):
                self.add_error("new_name", _("Either an existing unit or a new name, not both."))
        if kind == RestructuringEvent.Kind.RENAME and not nfc(data.get("new_name")):
            self.add_error("new_name", _("Give the new name."))
        if kind == RestructuringEvent.Kind.MOVE and not data.get("target"):
            self.add_error("target", _("Choose the new parent unit."))
        if kind == RestructuringEvent.Kind.SPLIT and len(self.split_list()) < 2:
            self.add_error("split_names", _("Give at least two names, one per line."))
        return data

    def split_list(self) -> list[str]:
        return [nfc(line) for line in (self.cleaned_data.get("split_names") or "").splitlines() if nfc(line)]

    def service_call(self, by):
        """(service, keyword arguments) for the chosen change."""
        data = self.cleaned_data
        kind, units, date = data["kind"], list(data["units"]), data["date"]
        common = {"by": by, "date": date, "note": data["note"], "legal_basis": data["legal_basis"]}
        unit = units[0]
        if kind == RestructuringEvent.Kind.MERGE:
            new = None
            if not data.get("target"):
                new = services.UnitSpec(
                    name=data["new_name"], short_name=data["new_short_name"], code=data["new_code"], kind=unit.kind,
                    division=unit.division, parent=unit.parent,
                )
            return services.unit_merge, {**common, "predecessors": units, "successor": data.get("target"), "new": new}
        if kind == RestructuringEvent.Kind.SPLIT:
            specs = [services.UnitSpec(name=name, kind=unit.kind, division=unit.division, parent=unit.parent)
                     for name in self.split_list()]
            return services.unit_split, {**common, "unit": unit, "new": specs}
        if kind == RestructuringEvent.Kind.RENAME:
            return services.unit_rename, {
                **common, "unit": unit, "name": data["new_name"], "short_name": data["new_short_name"],
                "code": data["new_code"] or None,
            }
        if kind == RestructuringEvent.Kind.MOVE:
            return services.unit_move, {**common, "unit": unit, "parent": data["target"]}
        return services.unit_dissolve, {**common, "unit": unit}


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_username(self):
        from danvan.accounts.models import User

        user = User.objects.filter(username__iexact=nfc(self.cleaned_data["username"]), is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account with this username."))
        self.user = user
        return user.username
