from django.urls import path

from danvan.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.report, name="report"),
    path("open/<int:period_pk>/<int:unit_pk>/", views.report_start, name="start"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("periods/<int:period_pk>/monitoring/", views.monitoring, name="monitoring"),
    path("periods/<int:period_pk>/urge/", views.urge, name="urge"),
    path("periods/<int:period_pk>/consolidated/", views.consolidated, name="consolidated"),
    path("periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
    path("urging-letters/<int:pk>/", views.urging_letter, name="urging_letter"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/new/", views.indicator_edit, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
]
