from django.urls import path

from danvan.citizens import views

urlpatterns = [
    path("petitions/", views.petition_list, name="petitions"),
    path("petitions/new/", views.petition_create, name="petition_create"),
    path("petitions/export.xlsx", views.petitions_export, name="petitions_export"),
    path("petitions/dashboard/", views.dashboard, name="dashboard"),
    path("petitions/protracted/", views.protracted, name="protracted"),
    path("petitions/<int:pk>/", views.petition_detail, name="petition"),
    path("petitions/<int:pk>/classify/", views.petition_classify, name="petition_classify"),
    path("petitions/<int:pk>/assign/", views.petition_assign, name="petition_assign"),
    path("petitions/<int:pk>/extend/", views.petition_extend, name="petition_extend"),
    path("petitions/<int:pk>/resolve/", views.petition_resolve, name="petition_resolve"),
    path("petitions/<int:pk>/publish/", views.petition_publish, name="petition_publish"),
    path("petitions/<int:pk>/close/", views.petition_close, name="petition_close"),
    path("petitions/<int:pk>/second-instance/", views.petition_second_instance, name="petition_second_instance"),
    path("petitions/<int:pk>/attach/", views.petition_attach, name="petition_attach"),
    path("petitions/attachments/<int:pk>/", views.petition_attachment, name="petition_attachment"),
]
