from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Unit


class LegalDocument(models.Model):
    """A document a plan cites as its basis: "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ"."""

    kind = models.CharField(_("document type"), max_length=100)  # Chỉ thị, Kế hoạch, Nghị định, Quyết định …
    # Empty for a document cited by name only ("Luật Thực hiện dân chủ ở cơ sở năm 2022"); `title` then holds
    # the name as printed after the kind.
    number_symbol = models.CharField(_("number and symbol"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=300, blank=True)
    title = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["date", "number_symbol"]
        constraints = [
            models.UniqueConstraint(
                fields=["number_symbol", "date"], name="legal_document_unique", condition=~models.Q(number_symbol="")
            )
        ]

    def __str__(self):
        if not self.number_symbol:
            return f"{self.kind} {self.title}".strip()
        date = f" ngày {self.date:%d/%m/%Y}" if self.date else ""
        return f"{self.kind} số {self.number_symbol}{date}"

    @property
    def citation(self) -> str:
        """The document as a plan cites it: "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về …"."""
        if not self.number_symbol:
            return str(self)
        issuer = f" của {self.issuer}" if self.issuer else ""
        summary = f" {self.title}" if self.title else ""
        return f"{self}{issuer}{summary}"


class Plan(models.Model):
    """A plan (kế hoạch): the provincial plan, or a unit's implementation plan (parent = the provincial one)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved by the head")
        ISSUED = "issued", _("Issued")

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("issuer"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="unit_plans",
        verbose_name=_("implements"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=50, default="KH-UBND")
    issued_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    parent_body = models.CharField(_("governing body"), max_length=200, blank=True)
    issuer_title = models.CharField(_("issuing body as printed"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    preamble = models.TextField(_("basis paragraph"), blank=True)
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    requirements = models.JSONField(_("requirements"), default=list, blank=True)
    implementation = models.JSONField(_("implementation"), default=list, blank=True)
    closing = models.TextField(_("closing paragraph"), blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    signer_authority = models.CharField(_("signing authority"), max_length=100, blank=True)
    signer_prefix = models.CharField(_("signing prefix"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer"), max_length=100, blank=True)
    legal_bases = models.ManyToManyField(
        LegalDocument, blank=True, through="PlanCitation", verbose_name=_("legal bases")
    )
    assigned_kinds = models.JSONField(
        _("assigned kinds of units"), default=list, blank=True,
        help_text=_("Direct sub-units of the issuer of these kinds are assigned, as the tree stands on each due date."),
    )
    assigned_text = models.TextField(
        _("assignment as printed"), blank=True,
        help_text=_("The words of the plan that assign the work, e.g. “Các sở, ban, ngành, Ủy ban nhân dân các "
                    "huyện”."),
    )
    assigned_units = models.ManyToManyField(
        Unit, blank=True, related_name="assigned_plans", verbose_name=_("assigned units"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number", "symbol"], name="plan_number_unique",
                condition=models.Q(number__isnull=False),
            ),
            # One implementation plan per unit and provincial plan, even when two officers start it at once.
            models.UniqueConstraint(
                fields=["parent", "issuer"], name="plan_one_unit_plan_per_unit",
                condition=models.Q(parent__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def number_symbol(self) -> str:
        """"12/KH-UBND"; numbers below 10 take a leading zero (Nghị định 30/2020, Phụ lục I, ô số 3)."""
        number = f"{self.number:02d}" if self.number else ""
        return f"{number}/{self.symbol}"

    @property
    def full_title(self) -> str:
        """"Kế hoạch thực hiện công tác dân vận chính quyền năm 2025": the type and the summary in one line."""
        if self.title.lower().startswith("kế hoạch"):
            return self.title
        title = self.title[:1].lower() + self.title[1:]
        return f"Kế hoạch {title}".strip()

    def assigned_kind_labels(self) -> list[str]:
        return [str(Unit.Kind(kind).label) for kind in self.assigned_kinds if kind in Unit.Kind.values]

    def is_provincial(self) -> bool:
        return self.parent_id is None

    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class PlanCitation(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE)
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["plan", "document"], name="plan_citation_unique")]

    def __str__(self):
        return str(self.document)


class Task(models.Model):
    """A numbered task of a plan (nhiệm vụ). A unit plan's tasks point to the provincial task they carry out."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("title"))
    body = models.TextField(_("content"), blank=True)
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derived",
        verbose_name=_("provincial task"),
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="task_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.title}"
