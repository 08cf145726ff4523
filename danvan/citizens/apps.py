from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_fields(sender, **kwargs):
    from danvan.citizens.fields import ensure_fields

    ensure_fields()


class CitizensConfig(AppConfig):
    name = "danvan.citizens"
    label = "citizens"
    verbose_name = _("Citizens")

    def ready(self):
        # Scheduler jobs (clocks, commitments) and the figures the reports take from citizens' records.
        from danvan.citizens import jobs, sources  # noqa: F401

        # The list of fields (lĩnh vực) is reference data, like the indicator catalogue.
        post_migrate.connect(_ensure_fields, sender=self, dispatch_uid="citizens_fields")
