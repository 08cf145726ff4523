"""The benchmark's URLs: the project's, plus the baselines of the portal's throughput. Only the benchmark's
settings name this module: production never serves /bench/.

- bare: what Django costs with nothing to do (the goal's baseline);
- form: the portal's POST read and checked as the portal's is (CSRF, the multipart body parsed), nothing done
  with it: the ceiling of any view that takes this form;
- insert: the same, then one petition row written from it (no validation, audit, notice or receipt): the floor
  of any view that stores it.
"""

import secrets

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from danvan.citizens.models import Petition
from danvan.urls import handler403, handler404, handler500
from danvan.urls import urlpatterns as project_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
INSERT_CODE_PREFIX = "BW"


def bare(request):
    """What Django costs with nothing to do: the middleware, the URL resolver, a response."""
    return HttpResponse("ok", content_type="text/plain")


@require_POST
def form(request):
    request.POST, request.FILES  # noqa: B018 - parsing them is the whole point
    return HttpResponse("ok", content_type="text/plain")


@require_POST
def insert(request):
    data = request.POST
    Petition.objects.create(
        kind=data["kind"], channel=Petition.Channel.ONLINE, source=Petition.Source.PORTAL,
        received_on=timezone.localdate(), unit_id=int(data["unit"]), field_id=int(data["field"]),
        subject=data["subject"], content=data["content"], name=data["name"], address=data["address"],
        tracking_code=INSERT_CODE_PREFIX + secrets.token_hex(8).upper(),  # 18 of 20 characters: no collision
    )
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare", bare, name="bench-bare"),
    path("bench/form", form, name="bench-form"),
    path("bench/insert", insert, name="bench-insert"),
    *project_urlpatterns,
]
