"""The benchmark's URLs: the project's, plus a bare view (the baseline of the portal's throughput). Only the
benchmark's settings name this module: production never serves /bench/bare."""

from django.http import HttpResponse
from django.urls import path

from danvan.urls import handler403, handler404, handler500
from danvan.urls import urlpatterns as project_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def bare(request):
    """What Django costs with nothing to do: the middleware, the URL resolver, a response."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare, name="bench-bare"), *project_urlpatterns]
