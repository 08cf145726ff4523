"""The versioned REST API. OpenAPI at /api/openapi.json, documentation at /api/docs.

Handlers fetch through the scoping module, like the pages. Errors are JSON `{"detail": "…"}` in the
request's language (Vietnamese by default), never a stack trace.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from danvan.api.auth import AUTH
from danvan.api.reporting import periods as periods_router
from danvan.api.reporting import plans as plans_router
from danvan.api.reporting import reports as reports_router
from danvan.api.units import router as units_router

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="DânVận API",
    version="1",
    description="Công tác dân vận chính quyền: units, plans, reports, citizens' feedback.",
    auth=AUTH,
    urls_namespace="api",
)
api.add_router("/v1/units", units_router, tags=["units"])
api.add_router("/v1/plans", plans_router, tags=["plans"])
api.add_router("/v1/periods", periods_router, tags=["periods"])
api.add_router("/v1/reports", reports_router, tags=["reports"])


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Log in or send an API token.")}, status=401)


@api.exception_handler(NinjaValidationError)
def on_invalid(request, exc):
    fields = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        fields.append(".".join(loc))
    return api.create_response(
        request,
        {"detail": _("Invalid input: %(fields)s.") % {"fields": ", ".join(fields) or "?"}, "fields": fields},
        status=422,
    )


@api.exception_handler(DjangoValidationError)
def on_rule_broken(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def on_error(request, exc):
    log.exception("API error on %s", request.path)
    return api.create_response(request, {"detail": _("Server error. The error has been logged.")}, status=500)
