import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Unit
from danvan.plans.models import Plan, Task


class Period(models.Model):
    """A reporting period of a plan: its data window (thời gian chốt số liệu), due date and recipient.

    6M, 9M and YEAR are cumulative from the start of the year (Nghị định 09/2019/NĐ-CP scheme)."""

    class Kind(models.TextChoices):
        Q1 = "Q1", _("First quarter")
        H1 = "6M", _("Six months")
        M9 = "9M", _("Nine months")
        YEAR = "YEAR", _("Year")
        AD_HOC = "ADHOC", _("Ad hoc")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("name"), max_length=100, blank=True)
    data_from = models.DateField(_("data from"))
    data_to = models.DateField(_("data to"))
    due_date = models.DateField(_("due date"))
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    revision_days = models.PositiveSmallIntegerField(
        _("days to resubmit a returned report"), default=5,
        help_text=_("Working days after a return within which a resubmission still counts as on time."),
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "due_date"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], condition=~Q(kind="ADHOC"), name="period_kind_unique"),
            models.CheckConstraint(condition=Q(data_to__gte=models.F("data_from")), name="period_window"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.label or f"{self.get_kind_display()} {self.plan.year}"

    @property
    def cumulative(self) -> bool:
        return self.kind in (self.Kind.H1, self.Kind.M9, self.Kind.YEAR)


class IndicatorGroup(models.Model):
    """A heading of the indicator catalogue, one per task of the plan (1 … 9)."""

    number = models.PositiveSmallIntegerField(_("task number"), unique=True)
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("indicator group")
        verbose_name_plural = _("indicator groups")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Indicator(models.Model):
    """A figure each report gives (chỉ tiêu)."""

    class ValueType(models.TextChoices):
        COUNT = "count", _("Count")
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percent")
        TEXT = "text", _("Text")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        MAX = "max", _("Maximum")
        LATEST = "latest", _("Latest")
        RATIO = "ratio", _("Ratio of two indicators")

    group = models.ForeignKey(IndicatorGroup, on_delete=models.PROTECT, related_name="indicators",
                              verbose_name=_("group"))
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices, default=ValueType.COUNT)
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    numerator = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("numerator"))
    denominator = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("denominator"))
    cumulative = models.BooleanField(_("cumulative"), default=True,
                                     help_text=_("The value counts from the start of the year and never shrinks."))
    not_more_than = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("not more than"),
        help_text=_("Validation: this value may not exceed that indicator's value (resolved ≤ received)."),
    )
    source = models.CharField(_("source"), max_length=100, blank=True,
                              help_text=_("A registered function that computes the value from records."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["group__number", "order", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Report(models.Model):
    """One unit's report for one period of one plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports", verbose_name=_("plan"))
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports", verbose_name=_("period"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports", verbose_name=_("unit"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    on_time = models.BooleanField(_("on time"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_comment = models.TextField(_("comment on return"), blank=True)
    revision_due = models.DateField(_("resubmit by"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("accepted by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["period__due_date", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="report_unit_period_unique")]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self):
        return f"{self.unit} · {self.period}"

    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def is_sent(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)


class Narrative(models.Model):
    """What a report says about one task, in the four usual sections."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="+", verbose_name=_("task"))
    results = models.TextField(_("Results achieved"), blank=True)
    shortcomings = models.TextField(_("Shortcomings and causes"), blank=True)
    next_steps = models.TextField(_("Tasks and solutions for the next period"), blank=True)
    proposals = models.TextField(_("Proposals and recommendations"), blank=True)

    SECTIONS = ("results", "shortcomings", "next_steps", "proposals")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "task"], name="narrative_unique")]
        ordering = ["task__number"]

    def __str__(self):
        return f"{self.report} · {self.task_id}"


class IndicatorValue(models.Model):
    """A figure of a report. `computed` is what the records prove; `value` is what the unit reports. When
    the unit overrides, both stay visible."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)
    computed = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    overridden = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="indicator_value_unique")]
        indexes = [
            models.Index(fields=["indicator", "report"]),
            # Consolidation reads the figures of a period's reports (selectors._unit_rows, _totals): with the
            # value in the index, that read stays in it. At national scale (820,000 figures, 153,000 of the
            # period), PostgreSQL read them in 99 ms instead of a 321 ms scan of the whole table.
            models.Index(fields=["report", "indicator", "value"], name="reporting_value_by_report"),
        ]

    def __str__(self):
        return f"{self.indicator_id}={self.value}"


def attachment_path(instance, filename):
    return f"reports/{instance.report_id}/{datetime.date.today():%Y%m}/{filename}"


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class ReportVersion(models.Model):
    """A snapshot of a report each time it is saved or changes status, so nothing typed is ever lost."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20)
    reason = models.CharField(max_length=100)
    data = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]

    def __str__(self):
        return f"{self.report_id} v{self.number}"


class Reminder(models.Model):
    """One reminder for one unit and period at one offset from the due date (negative: before). The unique
    constraint makes sending idempotent: the scheduler can run twice and nobody is reminded twice."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    offset_days = models.SmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "unit", "offset_days"], name="reminder_unique")]

    def __str__(self):
        return f"{self.period_id} {self.unit_id} {self.offset_days:+d}"


class UrgingLetter(models.Model):
    """A công văn đôn đốc listing the late units of a period."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="urging_letters")
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    symbol = models.CharField(max_length=50)
    date = models.DateField()
    units = models.ManyToManyField(Unit, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-number"]

    def __str__(self):
        return self.number_symbol

    @property
    def number_symbol(self) -> str:
        return f"{self.number:02d}/{self.symbol}"
