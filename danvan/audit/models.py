import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class AuditHead(models.Model):
    """The single row that holds the chain's head. Writers update it first, which takes a row lock on
    PostgreSQL and the write lock on SQLite, so no two writers ever read the same head."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self):
        return f"head #{self.seq}"


class AuditEntry(models.Model):
    """One write, as it happened. Append-only: each entry stores the hash of the one before it."""

    seq = models.BigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("actor"), max_length=200, blank=True)
    unit_id = models.BigIntegerField(_("unit id"), null=True, blank=True, db_index=True)
    unit_name = models.CharField(_("unit"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_repr}"

    def change_rows(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for display. A template cannot walk `changes` itself: `changes.items`
        would look up a changed field called "items" before the dict method."""
        return [
            (field, *(value if isinstance(value, list) and len(value) == 2 else [None, value]))
            for field, value in self.changes.items()
        ]

    def compute_hash(self) -> str:
        payload = {
            "seq": self.seq,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "prev_hash": self.prev_hash,
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
