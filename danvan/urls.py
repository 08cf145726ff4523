from django.urls import include, path

from danvan.api.api import api
from danvan.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("calendar/", core_views.calendar_days, name="calendar"),
    path("calendar/<int:pk>/delete/", core_views.calendar_day_delete, name="calendar_day_delete"),
    path("accounts/", include("danvan.accounts.urls")),
    path("units/", include("danvan.org.urls")),
    path("audit/", include("danvan.audit.urls")),
    path("plans/", include("danvan.plans.urls")),
    path("reports/", include("danvan.reporting.urls")),
    path("citizens/", include("danvan.citizens.urls")),
    path("portal/", include("danvan.citizens.portal_urls")),
    path("open311/v2/", include("danvan.citizens.open311_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
]

handler403 = "danvan.core.errors.forbidden"
handler404 = "danvan.core.errors.not_found"
handler500 = "danvan.core.errors.server_error"
