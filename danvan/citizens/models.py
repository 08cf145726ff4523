from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Unit

CONFIDENTIAL = "[bảo mật]"


class Field(models.Model):
    """A field (lĩnh vực) a petition concerns: land, environment, social policy … (configurable)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Petition(models.Model):
    """A complaint, denunciation, recommendation or feedback (đơn thư) and its handling."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")  # khiếu nại
        DENUNCIATION = "denunciation", _("Denunciation")  # tố cáo
        RECOMMENDATION = "recommendation", _("Recommendation")  # kiến nghị
        FEEDBACK = "feedback", _("Feedback")  # phản ánh

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        POST = "post", _("By post")
        ONLINE = "online", _("Online")
        RECEPTION = "reception", _("At a reception session")
        FORWARDED = "forwarded", _("Forwarded by another body")
        PHONE = "phone", _("By phone")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        CLASSIFIED = "classified", _("Classified")
        IN_PROGRESS = "in_progress", _("Being handled")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    class Classification(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted for resolution")
        REFUSED = "refused", _("Refused")
        FORWARDED = "forwarded", _("Forwarded to the competent body")
        GUIDED = "guided", _("Petitioner guided elsewhere")
        FILED = "filed", _("Filed away")

    class Clock(models.TextChoices):
        RUNNING = "running", _("On schedule")
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        STOPPED = "stopped", _("Stopped")

    class Source(models.TextChoices):
        OFFICER = "officer", _("Entered by an officer")
        PORTAL = "portal", _("Public portal")
        RECEPTION = "reception", _("Reception session")
        OPEN311 = "open311", _("Open311 client")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.OFFICER)
    received_on = models.DateField(_("received on"), db_index=True)
    # The petitioner: a person, or a group with its size and representative.
    is_group = models.BooleanField(_("a group"), default=False)
    group_size = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    id_number = models.CharField(_("citizen ID number"), max_length=20, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    name_folded = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    address_folded = models.CharField(max_length=300, blank=True, editable=False)
    subject = models.CharField(_("subject"), max_length=300)
    content = models.TextField(_("content"))
    search_folded = models.TextField(blank=True, editable=False)  # folded subject and content, for search
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("field"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="petitions",
                             verbose_name=_("responsible unit"))
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="handled_petitions", verbose_name=_("handler"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    classification = models.CharField(_("classification"), max_length=20, choices=Classification.choices,
                                      blank=True)
    classification_reason = models.TextField(_("reason"), blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)
    classified_on = models.DateField(_("classified on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    # Clocks (computed by danvan.citizens.clocks from the calendar module).
    instance = models.PositiveSmallIntegerField(_("instance"), default=1)
    first_instance = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="second_instances", verbose_name=_("first instance"))
    is_complex = models.BooleanField(_("complex case"), default=False)
    is_remote_area = models.BooleanField(_("remote area"), default=False)
    accept_due = models.DateField(_("accept by"), null=True, blank=True)
    resolve_due = models.DateField(_("resolve by"), null=True, blank=True, db_index=True)
    extended_days = models.PositiveSmallIntegerField(_("days of extension"), default=0)
    clock = models.CharField(_("clock"), max_length=10, choices=Clock.choices, default=Clock.RUNNING,
                             db_index=True)
    # The scheduler's claim on the acceptance warnings (jobs.petition_clocks_due): a date on or before accept_due
    # means "due soon" was sent, a later one "overdue". Nullable, so adding it kept SQLite's triggers.
    accept_warned_on = models.DateField(null=True, blank=True, editable=False)
    # Resolution
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolved_on_time = models.BooleanField(_("resolved on time"), null=True, blank=True)
    decision_number = models.CharField(_("decision or answer number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_public = models.BooleanField(_("publish the answer"), default=False)
    public_answer = models.TextField(_("published answer"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Follow-up by the petitioner (portal, Open311)
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    secret_hash = models.CharField(max_length=64, blank=True)
    api_client = models.ForeignKey("Open311Client", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="petitions")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # Cases that drag on or jump levels
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats",
                                  verbose_name=_("repeat of"))
    repeat_count = models.PositiveSmallIntegerField(_("times repeated"), default=0)
    level_jump = models.BooleanField(_("jumped a level"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["status", "clock"]),
            models.Index(fields=["kind", "received_on"]),
            models.Index(fields=["answer_public", "published_at"]),
            # Repeats (services._earlier_matches): the same folded name and address within the window. The name
            # alone is common ("nguyen van binh"): hundreds of rows to read at national scale.
            models.Index(fields=["name_folded", "address_folded", "received_on"], name="citizens_pe_same_person"),
        ]

    def __str__(self):
        return f"{self.tracking_code} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.RESOLVED, self.Status.CLOSED) and self.classification not in (
            self.Classification.REFUSED, self.Classification.FORWARDED, self.Classification.GUIDED,
            self.Classification.FILED)

    @property
    def is_confidential(self) -> bool:
        """A denouncer's identity is secret (Luật Tố cáo 2018, Điều 9.1.b and Điều 56)."""
        return self.kind == self.Kind.DENUNCIATION


class PetitionTally(models.Model):
    """How many petitions each unit received of each kind, how many are resolved and how many on time: what the
    dashboard shows for every petition without counting a million rows each time.

    Kept by the database itself (triggers of citizens migration 0004) on every insert, delete and change of a
    petition's unit, kind or outcome, whoever writes it; never written by the application."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    kind = models.CharField(max_length=20)
    received = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="citizens_tally_unit_kind")]

    def __str__(self):
        return f"{self.unit_id} {self.kind}: {self.received}"


class PetitionExtension(models.Model):
    """A recorded decision to extend the time limit, with its reason."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.TextField(_("reason"))
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["decided_on", "pk"]

    def __str__(self):
        return f"+{self.days} ({self.petition_id})"


class PetitionUpdate(models.Model):
    """A step of the petition's life as the petitioner may read it (when `public`) on the portal."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20)
    text = models.TextField()
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.petition_id} {self.status}"


def petition_file_path(instance, filename):
    return f"petitions/{instance.petition_id}/{filename}"


class PetitionAttachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=petition_file_path)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    def __str__(self):
        return self.name


class ReceptionSession(models.Model):
    """A day (or session) of receiving citizens (tiếp công dân)."""

    class PresidingRole(models.TextChoices):
        HEAD = "head", _("Head")
        DEPUTY = "deputy", _("Deputy head")
        OFFICER = "officer", _("Officer")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        AD_HOC = "ad_hoc", _("Ad hoc")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reception_sessions",
                             verbose_name=_("unit"))
    date = models.DateField(_("date"), db_index=True)
    presiding_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", verbose_name=_("presided by"))
    presiding_name = models.CharField(_("presided by"), max_length=200)
    presiding_role = models.CharField(_("role of the person presiding"), max_length=10,
                                      choices=PresidingRole.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    citizens_count = models.PositiveIntegerField(_("citizens received"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["unit", "date"])]

    def __str__(self):
        return f"{self.unit} {self.date:%d/%m/%Y}"


class ReceptionCase(models.Model):
    """A matter raised at a reception session; it can become a petition."""

    session = models.ForeignKey(ReceptionSession, on_delete=models.CASCADE, related_name="cases")
    citizen_name = models.CharField(_("citizen"), max_length=200, blank=True)
    summary = models.TextField(_("matter"))
    petition = models.OneToOneField(Petition, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="reception_case")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.summary[:80]


class ReceptionRequirement(models.Model):
    """How often the head of a kind of unit must receive citizens (Luật Tiếp công dân 2013, Điều 12, 15, 18;
    configurable since the 2025 reform changed the levels)."""

    class Every(models.TextChoices):
        WEEK = "week", _("week")
        MONTH = "month", _("month")

    unit_kind = models.CharField(_("kind of unit"), max_length=20, choices=Unit.Kind.choices, unique=True)
    min_days = models.PositiveSmallIntegerField(_("minimum days"))
    every = models.CharField(_("every"), max_length=10, choices=Every.choices)

    class Meta:
        verbose_name = _("reception requirement")
        verbose_name_plural = _("reception requirements")

    def __str__(self):
        return f"{self.unit_kind}: {self.min_days}/{self.every}"


class Dialogue(models.Model):
    """A dialogue (đối thoại) between a unit's leaders and the people."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="dialogues", verbose_name=_("unit"))
    date = models.DateField(_("date"), db_index=True)
    presiding_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", verbose_name=_("presided by"))
    presiding_name = models.CharField(_("presided by"), max_length=200)
    topic = models.CharField(_("topic"), max_length=300)
    is_annual_conference = models.BooleanField(
        _("annual dialogue conference"), default=True,
        help_text=_("The conference each commune holds at least once a year (Luật Thực hiện dân chủ ở cơ sở, "
                    "Điều 32)."),
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    issues = models.TextField(_("issues raised"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.unit} {self.date:%d/%m/%Y} {self.topic}"


class Commitment(models.Model):
    """What the leaders promised at a dialogue, followed to done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField(_("commitment"))
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="commitments", verbose_name=_("owner"))
    owner_name = models.CharField(_("owner"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.text[:80]


class Disclosure(models.Model):
    """A document a unit publishes under the Law on Grassroots Democracy (công khai)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=300)
    category = models.CharField(_("category"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), db_index=True)
    body = models.TextField(_("content"), blank=True)
    file = models.FileField(_("file"), upload_to="disclosures/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("public disclosure")
        verbose_name_plural = _("public disclosures")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return self.title


class Open311Client(models.Model):
    """A client system allowed to POST service requests (its key is shown once and stored hashed)."""

    name = models.CharField(_("name"), max_length=200)
    key_prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"
