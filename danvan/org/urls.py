from django.urls import path

from danvan.org import views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("restructure/", views.restructure, name="restructure"),
]
