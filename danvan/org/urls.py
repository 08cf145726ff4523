from django.urls import path

from danvan.org import views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("restructure/", views.restructure, name="restructure"),
    path("<int:pk>/members/<int:membership_pk>/end/", views.membership_end, name="membership_end"),
]
