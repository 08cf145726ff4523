"""Reception sessions and dialogues (included in the "citizens" namespace under /citizens/)."""

from django.urls import path

from danvan.citizens import reception_views as views

urlpatterns = [
    path("receptions/", views.receptions, name="receptions"),
    path("receptions/new/", views.reception_create, name="reception_create"),
    path("receptions/compliance/", views.reception_compliance, name="reception_compliance"),
    path("receptions/<int:pk>/", views.reception, name="reception"),
    path("receptions/<int:pk>/edit/", views.reception_edit, name="reception_edit"),
    path("receptions/<int:pk>/cases/", views.reception_case_add, name="reception_case_add"),
    path("reception-cases/<int:pk>/petition/", views.reception_case_petition, name="reception_case_petition"),
    path("dialogues/", views.dialogues, name="dialogues"),
    path("dialogues/new/", views.dialogue_create, name="dialogue_create"),
    path("dialogues/compliance/", views.dialogue_compliance, name="dialogue_compliance"),
    path("dialogues/<int:pk>/", views.dialogue, name="dialogue"),
    path("dialogues/<int:pk>/edit/", views.dialogue_edit, name="dialogue_edit"),
    path("dialogues/<int:pk>/commitments/", views.commitment_add, name="commitment_add"),
    path("commitments/<int:pk>/done/", views.commitment_done, name="commitment_done"),
    path("commitments/<int:pk>/reopen/", views.commitment_reopen, name="commitment_reopen"),
]
