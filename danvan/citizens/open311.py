"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON only, mounted at /open311/v2/.

Plain Django views rather than django-ninja: GeoReport's shapes are not an OpenAPI service's. Requests are
form-encoded with keys like `attribute[unit]`, every resource ends in `.json`, and errors are a bare list of
{"code", "description"}. Ninja would need custom parsers, renderers and exception handlers for each, and would
list the endpoint in the project's own OpenAPI document, where it does not belong.

What this endpoint serves:

- Services are the active fields (lĩnh vực) × {feedback, recommendation}; the service_code is "<kind>-<field
  code>", e.g. "feedback-dat-dai". Complaints and denunciations are not open to Open311: the law asks for the
  petitioner's identity and a signed petition, so they go through the portal or the office.
- Which unit answers: the required attribute `attribute[unit]`, the official code (Unit.code) of a commune or ward
  valid today, listed in each service definition. `jurisdiction_id` is accepted and ignored (one jurisdiction).
- A location (lat/long, address_string) is optional, since the unit already places the request; given, it is
  kept for the handling officers.
- POST needs an `api_key` issued with `manage.py open311_key --create NAME`. The request is created at once
  (type "realtime"); service_request_id is the petition's tracking code, and the token of tokens/{token}.json is
  that same code. The service_notice tells the citizen the code, the secret for the portal and the due date.
- GET responses carry public data only: kind, field, unit, status, dates and the answer when it was published
  (redacted). Never the description, the petitioner's identity, nor the coordinates, which may be a home.
"""

import datetime
import decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from danvan.audit.services import audit_record
from danvan.citizens import ratelimit, services
from danvan.citizens.models import Field, Open311Client, Petition
from danvan.citizens.portal_forms import KIND_HELP
from danvan.citizens.selectors import OPEN_STATUSES
from danvan.core.text import fold, nfc
from danvan.org.models import Unit

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-01-01 00:00"  # when the shape of this endpoint last changed
OPEN_KINDS = (Petition.Kind.FEEDBACK, Petition.Kind.RECOMMENDATION)
CLOSED_TO_OPEN311 = (Petition.Kind.COMPLAINT, Petition.Kind.DENUNCIATION)
ENDED = (Petition.Classification.REFUSED, Petition.Classification.FORWARDED, Petition.Classification.GUIDED,
         Petition.Classification.FILED)
MAX_SPAN = datetime.timedelta(days=90)  # GeoReport v2: a query may not span more than 90 days
MAX_RESULTS = 1000  # GeoReport v2: "first 1000 requests returned"
MAX_DESCRIPTION = 4000  # GeoReport v2: free text limited to 4,000 characters
KEY_PREFIX = "o311_"


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str):
        super().__init__(*descriptions)
        self.status, self.descriptions = status, descriptions


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, content_type="application/json; charset=utf-8",
                        json_dumps_params={"ensure_ascii": False})


def _errors(status: int, *descriptions) -> JsonResponse:
    """The GeoReport error format: a list of {"code", "description"}."""
    return _json([{"code": status, "description": str(text)} for text in descriptions], status)


def _endpoint(view):
    """Turn Open311Error into the specification's error list."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Open311Error as error:
            return _errors(error.status, *error.descriptions)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def _only(request, *methods: str) -> None:
    if request.method not in methods:
        raise Open311Error(405, _("Method %(method)s is not allowed here.") % {"method": request.method})


def _w3(moment: datetime.datetime | None) -> str | None:
    """W3C date-time with the offset, in Vietnam's time: 2025-03-01T08:15:30+07:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


# Keys -----------------------------------------------------------------------------------------------------------

@transaction.atomic
def client_create(*, name: str, by=None) -> tuple[Open311Client, str]:
    """Register a client system. Returns it with its key, which is shown once: only the key's hash is stored."""
    import secrets

    name = nfc(name)
    if not name:
        raise ValidationError({"name": _("Give the client's name.")})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    client = Open311Client.objects.create(name=name[:200], key_prefix=key[:12], key_hash=services.hash_secret(key))
    audit_record(actor=by, action="open311_client_created", obj=client, changes={"name": [None, client.name]})
    return client, key


@transaction.atomic
def client_revoke(*, client: Open311Client, by=None) -> None:
    client.active = False
    client.save(update_fields=["active"])
    audit_record(actor=by, action="open311_client_revoked", obj=client, changes={"active": [True, False]})


def _client(key: str | None) -> Open311Client | None:
    key = (key or "").strip()
    if not key:
        return None
    return Open311Client.objects.filter(key_hash=services.hash_secret(key), active=True).first()


# Services -------------------------------------------------------------------------------------------------------

def service_code(kind: str, field: Field) -> str:
    return f"{kind}-{field.code}"


def _service_name(kind: str, field: Field) -> str:
    return f"{Petition.Kind(kind).label}: {field.name}"


def _active_fields():
    return Field.objects.filter(active=True).order_by("order", "name")


def _parse_service_code(code: str) -> tuple[str, Field]:
    kind, _dash, field_code = (code or "").partition("-")
    if kind in CLOSED_TO_OPEN311 and field_code:
        raise Open311Error(400, _(
            "Complaints and denunciations are not received through Open311, because the law requires the "
            "petitioner's own name and address: send them through the public portal or at the office."))
    field = Field.objects.filter(code=field_code, active=True).first() if kind in OPEN_KINDS else None
    if field is None:
        raise Open311Error(404, _("Unknown service_code: %(code)s.") % {"code": code})
    return kind, field


def _communes():
    return (Unit.objects.valid_on(timezone.localdate()).filter(kind=Unit.Kind.COMMUNE).exclude(code="")
            .order_by("name", "pk"))


@_endpoint
def discovery(request):
    _only(request, "GET")
    contact = getattr(settings, "OPEN311_CONTACT", "") or _(
        "The Department of Home Affairs of %(province)s.") % {"province": settings.PROVINCE_NAME}
    url = settings.SITE_URL.rstrip("/") + reverse("open311:services").rsplit("/", 1)[0]
    return _json({
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": _("Keys are issued by the system's administrators (manage.py open311_key --create NAME); "
                         "ask them through the contact above."),
        "endpoints": [{"specification": SPECIFICATION, "url": url, "changeset": CHANGESET, "type": "production",
                       "formats": ["application/json"]}],
    })


@_endpoint
def services_list(request):
    _only(request, "GET")
    days = settings.FEEDBACK_ANSWER_WORKING_DAYS
    notice = _("Answered within %(days)s working days.") % {"days": days}
    return _json([{
        "service_code": service_code(kind, field),
        "service_name": _service_name(kind, field),
        "description": f"{KIND_HELP[kind]} {notice}",
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join([str(Petition.Kind(kind).label), field.name, fold(field.name)]),
        "group": field.name,
    } for field in _active_fields() for kind in OPEN_KINDS])


@_endpoint
def service_definition(request, code: str):
    _only(request, "GET")
    kind, field = _parse_service_code(code)
    return _json({
        "service_code": service_code(kind, field),
        "attributes": [
            {
                "variable": True, "code": "unit", "datatype": "singlevaluelist", "required": True,
                "datatype_description": _("The official code of the commune or ward (mã đơn vị hành chính)."),
                "order": 1,
                "description": _("The commune or ward that must answer. Send it as attribute[unit]=<code>."),
                "values": [{"key": unit.code, "name": unit.name} for unit in _communes()],
            },
            {
                "variable": True, "code": "subject", "datatype": "string", "required": False,
                "datatype_description": _("At most 300 characters."), "order": 2,
                "description": _("A one-line subject. Without it, the first line of the description is used."),
            },
        ],
    })


# Requests -------------------------------------------------------------------------------------------------------

def _visible():
    """Requests of the kinds open to Open311, from whatever channel they came."""
    return Petition.objects.filter(kind__in=OPEN_KINDS).select_related("unit", "field")


def _open_q() -> Q:
    """Petition.is_open as a query."""
    return Q(status__in=OPEN_STATUSES) & ~Q(classification__in=ENDED)


def _expected(petition: Petition) -> str | None:
    if petition.resolve_due is None:
        return None
    end_of_day = datetime.datetime.combine(petition.resolve_due, datetime.time(23, 59, 59))
    return _w3(timezone.make_aware(end_of_day))


def _request_json(petition: Petition) -> dict:
    """One service request as anybody may read it: no description, no identity, no coordinates."""
    published = petition.answer_public and bool(petition.public_answer)
    return {
        "service_request_id": petition.tracking_code,
        "status": "open" if petition.is_open else "closed",
        "status_notes": services.redact(petition.public_answer, petition) if published
        else petition.get_status_display(),
        "service_name": _service_name(petition.kind, petition.field),
        "service_code": service_code(petition.kind, petition.field),
        "description": None,
        "agency_responsible": petition.unit.name,
        "service_notice": None,
        "requested_datetime": _w3(petition.created_at),
        "updated_datetime": _w3(petition.updated_at),
        "expected_datetime": _expected(petition),
        "address": petition.unit.name,
        "address_id": petition.unit.code or None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _moment(name: str, value: str, *, end: bool) -> datetime.datetime:
    """A W3C date-time (2010-01-01T00:00:00Z) or date; a date means its start (or, as end_date, its end)."""
    value = value.strip().replace(" ", "+")  # an unencoded "+07:00" arrives as " 07:00"
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise Open311Error(400, _("%(name)s must be a W3C date-time such as 2025-01-01T00:00:00Z.")
                               % {"name": name})
        moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _window(params) -> tuple[datetime.datetime, datetime.datetime]:
    start = _moment("start_date", params["start_date"], end=False) if params.get("start_date") else None
    end = _moment("end_date", params["end_date"], end=True) if params.get("end_date") else None
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > MAX_SPAN:
        raise Open311Error(400, _("start_date and end_date may not be more than 90 days apart."))
    return start, end


def _listed(params):
    if params.get("service_request_id"):  # "This overrides all other arguments."
        codes = [c.strip().upper() for c in params["service_request_id"].split(",") if c.strip()][:MAX_RESULTS]
        return _visible().filter(tracking_code__in=codes).order_by("-created_at", "-pk")
    start, end = _window(params)
    rows = _visible().filter(created_at__gte=start, created_at__lte=end)
    if params.get("service_code"):
        wanted = Q(pk__in=[])
        for code in params["service_code"].split(","):
            kind, _dash, field_code = code.strip().partition("-")
            if kind in OPEN_KINDS and field_code:
                wanted |= Q(kind=kind, field__code=field_code)
        rows = rows.filter(wanted)
    if params.get("status"):
        statuses = {s.strip().lower() for s in params["status"].split(",") if s.strip()}
        if not statuses <= {"open", "closed"}:
            raise Open311Error(400, _("status must be open or closed."))
        if statuses == {"open"}:
            rows = rows.filter(_open_q())
        elif statuses == {"closed"}:
            rows = rows.exclude(_open_q())
    return rows.order_by("-created_at", "-pk")


def _location(params) -> tuple[decimal.Decimal | None, decimal.Decimal | None]:
    lat, long = params.get("lat", "").strip(), params.get("long", "").strip()
    if not lat and not long:
        return None, None
    if not (lat and long):
        raise Open311Error(400, _("Send lat and long together."))
    try:
        latitude, longitude = decimal.Decimal(lat), decimal.Decimal(long)
    except decimal.InvalidOperation:
        raise Open311Error(400, _("lat and long must be numbers (WGS84).")) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Open311Error(400, _("lat and long are outside the earth's range."))
    step = decimal.Decimal("0.000001")
    return latitude.quantize(step), longitude.quantize(step)


def _create(request):
    params = request.POST
    client = _client(params.get("api_key"))
    if client is None:
        raise Open311Error(403, _("Invalid or missing api_key: this request cannot be created."))
    limit = ratelimit.open311_posts()
    if limit.exceeded(str(client.pk)):
        raise Open311Error(429, _("Too many requests from this client; try again in %(minutes)s minutes.")
                           % {"minutes": limit.minutes_left()})
    if not params.get("service_code"):
        raise Open311Error(400, _("service_code is required."))
    kind, field = _parse_service_code(params["service_code"])
    unit_code = params.get("attribute[unit]", "").strip()
    if not unit_code:
        raise Open311Error(400, _("attribute[unit] is required: the official code of the commune or ward "
                                  "(see the service definition)."))
    unit = _communes().filter(code=unit_code).first()
    if unit is None:
        raise Open311Error(400, _("attribute[unit]=%(code)s is not a commune or ward in operation today.")
                           % {"code": unit_code})
    description = nfc(params.get("description"))
    if not description:
        raise Open311Error(400, _("description is required."))
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, _("description is limited to 4,000 characters."))
    subject = nfc(params.get("attribute[subject]")) or description.splitlines()[0]
    if len(subject) > 300:
        subject = subject[:299].rsplit(" ", 1)[0] + "…"
    latitude, longitude = _location(params)
    content = description
    if params.get("address_string", "").strip():
        content += "\n\n" + _("Location: %(address)s") % {"address": nfc(params["address_string"])[:300]}
    if params.get("media_url", "").strip():
        media_url = params["media_url"].strip()
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            raise Open311Error(400, _("media_url must be an http or https address.")) from None
        content += "\n" + _("Media: %(url)s") % {"url": media_url}
    name = " ".join(nfc(params.get(part)) for part in ("first_name", "last_name") if nfc(params.get(part)))
    try:
        petition, secret = services.petition_create(
            by=None, source=Petition.Source.OPEN311, channel=Petition.Channel.ONLINE,
            received_on=timezone.localdate(), kind=kind, unit=unit, field=field, subject=subject, content=content,
            name=name[:200], phone=nfc(params.get("phone"))[:30], email=nfc(params.get("email")),
            api_client=client, latitude=latitude, longitude=longitude,
        )
    except ValidationError as error:
        raise Open311Error(400, *error.messages) from None
    limit.hit(str(client.pk))
    portal = settings.SITE_URL.rstrip("/") + reverse("portal:track")
    notice = _("Tracking code %(code)s, secret %(secret)s (keep both). %(unit)s answers by %(due)s. Follow it at "
               "%(url)s with the code and the secret.") % {
        "code": petition.tracking_code, "secret": secret, "unit": unit.name,
        "due": f"{petition.resolve_due:%d/%m/%Y}", "url": portal}
    return _json([{"service_request_id": petition.tracking_code, "service_notice": notice, "account_id": None}])


@csrf_exempt  # a machine client with an api_key, not a browser session: nothing for a forged form to ride on
@_endpoint
def requests_view(request):
    _only(request, "GET", "POST")
    if request.method == "POST":
        return _create(request)
    return _json([_request_json(p) for p in _listed(request.GET)[:MAX_RESULTS]])


@_endpoint
def request_detail(request, request_id: str):
    _only(request, "GET")
    petition = _visible().filter(tracking_code=request_id.upper()).first()
    if petition is None:
        raise Open311Error(404, _("Unknown service_request_id: %(id)s.") % {"id": request_id})
    return _json([_request_json(petition)])


@_endpoint
def token(request, token_id: str):
    """Requests are created at once, so a token is the request's own id."""
    _only(request, "GET")
    code = _visible().filter(tracking_code=token_id.upper()).values_list("tracking_code", flat=True).first()
    if code is None:
        raise Open311Error(404, _("Unknown token: %(token)s.") % {"token": token_id})
    return _json([{"service_request_id": code, "token": code}])


@csrf_exempt
def not_found(request, rest: str = ""):
    if rest.endswith(".xml"):
        return _errors(400, _("This endpoint serves JSON only: use the .json resources."))
    return _errors(404, _("No such Open311 resource."))
