from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_catalogue(sender, **kwargs):
    from danvan.reporting.catalogue import ensure_catalogue

    ensure_catalogue()


class ReportingConfig(AppConfig):
    name = "danvan.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        # Register the scheduler jobs and the built-in indicator sources.
        from danvan.reporting import jobs, sources  # noqa: F401

        # The built-in indicator catalogue is reference data: every database gets it after migrating (and
        # after a test flush, which emits post_migrate too). Existing indicators are never overwritten.
        post_migrate.connect(_ensure_catalogue, sender=self, dispatch_uid="reporting_catalogue")
