import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def valid_on_q(day: datetime.date, prefix: str = "") -> Q:
    """Rows whose validity covers `day` (valid_from and valid_to are inclusive; empty means open)."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(valid_on_q(day))


class Unit(models.Model):
    """An organisational unit as it was during [valid_from, valid_to].

    A unit row never changes name or parent during its life: a rename or a move ends the row and starts a
    successor, linked by a RestructuringEvent. So "the tree on date D" is a plain query on validity dates.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Provincial People's Committee")
        DEPARTMENT = "department", _("Department")
        COMMUNE = "commune", _("Commune-level People's Committee")
        DISTRICT = "district", _("District People's Committee (before July 2025)")
        FRONT = "front", _("Fatherland Front or mass organisation")
        PARTY = "party", _("Party body (recipient only)")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    division = models.CharField(
        _("division type"), max_length=40, blank=True, help_text=_("xã, phường, đặc khu, huyện, thị xã …")
    )
    code = models.CharField(_("official code"), max_length=20, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    name_folded = models.CharField(max_length=300, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=40, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        indexes = [models.Index(fields=["valid_from", "valid_to"]), models.Index(fields=["parent", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]

    def __str__(self):
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class RestructuringEvent(models.Model):
    """A dated change to the tree that links predecessor units to successor units."""

    class Kind(models.TextChoices):
        ESTABLISH = "establish", _("Establish")
        MERGE = "merge", _("Merge")
        SPLIT = "split", _("Split")
        RENAME = "rename", _("Rename")
        MOVE = "move", _("Move")
        DISSOLVE = "dissolve", _("Dissolve")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("effective date"), db_index=True)
    note = models.TextField(_("note"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    predecessors = models.ManyToManyField(Unit, related_name="events_as_predecessor", verbose_name=_("predecessors"))
    successors = models.ManyToManyField(
        Unit, related_name="events_as_successor", blank=True, verbose_name=_("successors")
    )
    cause = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="consequences",
        verbose_name=_("caused by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("restructuring event")
        verbose_name_plural = _("restructuring events")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    LEADER = "leader", _("Leader")
    UNIT_HEAD = "unit_head", _("Unit head")
    UNIT_OFFICER = "unit_officer", _("Unit officer")
    CASE_HANDLER = "case_handler", _("Case handler")
    INSPECTOR = "inspector", _("Inspector")
    AUDITOR = "auditor", _("Auditor")


class Membership(models.Model):
    """A person holds a role in a unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
