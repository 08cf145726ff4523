"""Open311 GeoReport v2, mounted at /open311/v2/ (see danvan.citizens.open311)."""

from django.urls import path, re_path

from danvan.citizens import open311

app_name = "open311"
urlpatterns = [
    path("discovery.json", open311.discovery, name="discovery"),
    path("services.json", open311.services_list, name="services"),
    path("services/<slug:code>.json", open311.service_definition, name="service"),
    path("requests.json", open311.requests_view, name="requests"),
    path("requests/<slug:request_id>.json", open311.request_detail, name="request"),
    path("tokens/<slug:token_id>.json", open311.token, name="token"),
    re_path(r"^(?P<rest>.*)$", open311.not_found, name="not_found"),
]
