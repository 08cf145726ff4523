from django.urls import path

from danvan.citizens import views

urlpatterns = [
    path("petitions/<int:pk>/", views.petition_detail, name="petition"),
]
