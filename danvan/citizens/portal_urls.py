"""The public portal, mounted at /portal/ (no account needed)."""

from django.urls import path

from danvan.citizens import portal

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("submit/", portal.submit, name="submit"),
    path("submit/receipt/", portal.receipt, name="receipt"),
    path("track/", portal.track, name="track"),
    path("answers/", portal.answers, name="answers"),
    path("receptions/", portal.receptions, name="receptions"),
    path("disclosures/", portal.disclosures, name="disclosures"),
    path("disclosures/<int:pk>/", portal.disclosure, name="disclosure"),
    path("disclosures/<int:pk>/file/", portal.disclosure_file, name="disclosure_file"),
    path("communes.json", portal.communes, name="communes"),
]
