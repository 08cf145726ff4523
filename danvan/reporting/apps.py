from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "danvan.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        # Register the scheduler jobs and the built-in indicator sources.
        from danvan.reporting import jobs, sources  # noqa: F401
