from django.urls import path

from danvan.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("import/", views.plan_import, name="import"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/issue/", views.plan_issue, name="issue"),
    path("<int:pk>/start/", views.unit_plan_start, name="start"),
    path("<int:pk>/approve/", views.unit_plan_approve, name="approve"),
    path("<int:pk>/units/", views.plan_units, name="units"),
    path("<int:pk>/export.json", views.plan_export, name="export"),
]
