"""The public portal (no account): send a petition, follow it with its tracking code and secret, read the answers
published, the reception calendars and the public disclosures.

Templates get plain dicts built here, never a Petition: a template cannot show a field the view did not choose.
Search folds diacritics on both sides ("den duong" finds "đèn đường") with a regular expression that accepts
every Vietnamese form of each letter, so it needs no folded copy of the text and works on SQLite and PostgreSQL.
"""

import datetime
import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from danvan.citizens import ratelimit, services
from danvan.citizens.models import Disclosure, Petition, ReceptionRequirement, ReceptionSession
from danvan.citizens.portal_forms import IDENTITY_REASON, SearchForm, SubmissionForm, TrackForm, communes_matching
from danvan.core.text import fold

# The receipt travels in a signed cookie, not the session: the secret is never stored on the server (only its
# hash, on the petition), and a submission writes nothing but the petition.
RECEIPT = "portal_receipt"
RECEIPT_SALT = "danvan.citizens.portal.receipt"
HONEYPOT = "website"
_VARIANTS = {"a": "aàáảãạăằắẳẵặâầấẩẫậ", "d": "dđ", "e": "eèéẻẽẹêềếểễệ", "i": "iìíỉĩị",
             "o": "oòóỏõọôồốổỗộơờớởỡợ", "u": "uùúủũụưừứửữự", "y": "yỳýỷỹỵ"}


# Search ---------------------------------------------------------------------------------------------------------

def search_words(text: str) -> list[str]:
    return [word[:50] for word in re.findall(r"\w+", fold(text))][:8]


def folded_pattern(word: str) -> str:
    """A regular expression matching `word` (already folded) in text with or without diacritics, any case."""
    parts = []
    for ch in word:
        if ch in _VARIANTS:
            parts.append(f"[{_VARIANTS[ch]}{_VARIANTS[ch].upper()}]")
        elif "a" <= ch <= "z":
            parts.append(f"[{ch}{ch.upper()}]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _search_query(request) -> str:
    form = SearchForm(request.GET)
    return form.cleaned_data["q"] if form.is_valid() else ""


def _page(request, rows, per_page: int):
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


# Home -----------------------------------------------------------------------------------------------------------

@require_GET
def home(request):
    return render(request, "citizens/portal/home.html",
                  {"answer_days": settings.FEEDBACK_ANSWER_WORKING_DAYS})


# Sending a petition -------------------------------------------------------------------------------------------

def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields and field != "unit" else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _submit_page(request, form, *, refusal: str = "", status: int = 200):
    context = {
        "form": form,
        "refusal": refusal,
        # Browsers never re-send a file: say so whenever a refused form had some.
        "files_dropped": request.method == "POST" and bool(request.FILES),
        "identity_reason": IDENTITY_REASON,
        "honeypot": HONEYPOT,
    }
    return render(request, "citizens/portal/submit.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method == "GET":
        return _submit_page(request, SubmissionForm())
    form = SubmissionForm(request.POST, request.FILES)
    who, limit = ratelimit.client_address(request), ratelimit.portal_submissions()
    if request.POST.get(HONEYPOT):
        limit.hit(who)  # robots fill every field; they also use up their allowance
        form.is_valid()
        return _submit_page(request, form, status=400, refusal=_(
            "Nothing was sent: the field “Website”, which must stay empty, was filled in (automatic form fillers do "
            "this). Check what you typed below and send it again."))
    if limit.exceeded(who):
        form.is_valid()
        return _submit_page(request, form, status=429, refusal=_(
            "Nothing was sent: too many petitions have come from this connection recently. Please try again in "
            "%(minutes)s minutes; what you typed is kept below.") % {"minutes": limit.minutes_left()})
    if form.is_valid():
        data = form.cleaned_data
        try:
            petition, secret = services.petition_create(
                by=None, source=Petition.Source.PORTAL, channel=Petition.Channel.ONLINE,
                received_on=timezone.localdate(), kind=data["kind"], unit=data["unit_obj"], field=data["field"],
                subject=data["subject"], content=data["content"], name=data["name"], address=data["address"],
                id_number=data["id_number"], phone=data["phone"], email=data["email"],
                attachments=data["attachments"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            limit.hit(who)
            receipt = {
                "code": petition.tracking_code, "secret": secret, "kind": petition.get_kind_display(),
                "unit": petition.unit.name, "accept_due": petition.accept_due and petition.accept_due.isoformat(),
                "resolve_due": petition.resolve_due and petition.resolve_due.isoformat(),
            }
            response = redirect("portal:receipt")
            # No max_age: the browser forgets it when it closes; the signature's age bounds it as a session's idle
            # time would (a shared computer at a one-stop desk or an internet café).
            response.set_cookie(RECEIPT, signing.dumps(receipt, salt=RECEIPT_SALT, compress=True),
                                path=reverse("portal:receipt"), secure=settings.SESSION_COOKIE_SECURE,
                                httponly=True, samesite="Strict")
            return response
    return _submit_page(request, form)


@never_cache
@require_GET
def receipt(request):
    """The tracking code and secret of the petition just sent, until the browser closes or SESSION_COOKIE_AGE
    (the idle time of a session, 30 minutes by default) has passed."""
    try:
        data = signing.loads(request.COOKIES.get(RECEIPT, ""), salt=RECEIPT_SALT, max_age=settings.SESSION_COOKIE_AGE)
    except signing.BadSignature:  # none, tampered with or too old
        data = None
    if not data:
        return redirect("portal:submit")
    context = {
        **data,
        "accept_due": data["accept_due"] and datetime.date.fromisoformat(data["accept_due"]),
        "resolve_due": data["resolve_due"] and datetime.date.fromisoformat(data["resolve_due"]),
    }
    return render(request, "citizens/portal/receipt.html", context)


# Following it ---------------------------------------------------------------------------------------------------

def _own_case(petition: Petition) -> dict:
    """What the petitioner reads about their own case: its steps and the answer, with the identity removed even
    where the answer quotes it (whoever holds the code and the secret may not be the petitioner)."""
    today = timezone.localdate()

    def private(text: str) -> str:
        return services.redact(text, petition)

    resolved = petition.status in (Petition.Status.RESOLVED, Petition.Status.CLOSED) and bool(petition.answer)
    return {
        "code": petition.tracking_code,
        "kind": petition.get_kind_display(),
        "field": petition.field.name,
        "unit": petition.unit.name,
        "subject": petition.subject,
        "received_on": petition.received_on,
        "status": petition.get_status_display(),
        "is_open": petition.is_open,
        "accept_due": petition.accept_due if petition.status == Petition.Status.RECEIVED else None,
        "resolve_due": petition.resolve_due if petition.is_open else None,
        "overdue": petition.is_open and petition.resolve_due is not None and petition.resolve_due < today,
        "updates": [{"at": u.at, "text": private(u.text)} for u in petition.updates.filter(public=True)],
        # The denouncer is told that it was resolved; the conclusion is published separately (Luật Tố cáo, Điều 40).
        "answer": private(petition.answer) if resolved and petition.kind != Petition.Kind.DENUNCIATION else "",
        "decision_number": petition.decision_number if resolved else "",
        "decision_date": petition.decision_date if resolved else None,
        "public_answer": private(petition.public_answer) if petition.answer_public else "",
    }


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """Code and secret are posted, never put in the address, so they stay out of logs and browser history."""
    if request.method == "GET":
        form = TrackForm(initial={"code": request.GET.get("code", "")[:20]})
        return render(request, "citizens/portal/track.html", {"form": form})
    form = TrackForm(request.POST)
    who, limit = ratelimit.client_address(request), ratelimit.portal_lookups()
    if limit.exceeded(who):
        form.add_error(None, _("Too many wrong codes or secrets from this connection. Please try again in "
                               "%(minutes)s minutes.") % {"minutes": limit.minutes_left()})
        return render(request, "citizens/portal/track.html", {"form": form}, status=429)
    if form.is_valid():
        petition = services.find_for_petitioner(form.cleaned_data["code"], form.cleaned_data["secret"])
        if petition is not None:
            return render(request, "citizens/portal/track.html", {"form": None, "case": _own_case(petition)})
        limit.hit(who)
        # The same words whether the code exists or not: the page must not confirm a code to a guesser.
        form.add_error(None, _("No petition matches this tracking code and secret. Check both; the secret "
                               "distinguishes capital and small letters."))
    return render(request, "citizens/portal/track.html", {"form": form})


# Published answers ----------------------------------------------------------------------------------------------

def _published_answer(petition: Petition) -> dict:
    return {
        "kind": petition.get_kind_display(),
        "field": petition.field.name,
        "unit": petition.unit.name,
        "decision_number": petition.decision_number,
        "resolved_on": petition.resolved_on,
        "published_on": timezone.localdate(petition.published_at) if petition.published_at else None,
        # Redacted when published (services.petition_resolve); again here, in case it was edited since.
        "text": services.redact(petition.public_answer, petition),
    }


@require_GET
def answers(request):
    query = _search_query(request)
    rows = (Petition.objects.filter(answer_public=True).exclude(public_answer="").select_related("unit", "field")
            .order_by("-published_at", "-pk"))
    for word in search_words(query):
        pattern = folded_pattern(word)
        rows = rows.filter(Q(public_answer__regex=pattern) | Q(field__name__regex=pattern)
                           | Q(unit__name_folded__contains=word))
    page = _page(request, rows, 20)
    return render(request, "citizens/portal/answers.html",
                  {"q": query, "page": page, "items": [_published_answer(p) for p in page]})


# Reception calendars --------------------------------------------------------------------------------------------

@require_GET
def receptions(request):
    """Reception days of the coming weeks by unit, and how often the law asks each kind of head to receive."""
    query = _search_query(request)
    today = timezone.localdate()
    weeks = int(getattr(settings, "PORTAL_RECEPTION_WEEKS", 4))
    sessions = (ReceptionSession.objects.filter(date__gte=today, date__lte=today + datetime.timedelta(weeks=weeks))
                .select_related("unit").order_by("unit__name", "unit_id", "date", "pk"))
    for word in search_words(query):
        sessions = sessions.filter(unit__name_folded__contains=word)
    page = _page(request, sessions, 100)
    items = [{
        "unit": s.unit.name, "unit_id": s.unit_id, "date": s.date, "presiding": s.presiding_name,
        "role": s.get_presiding_role_display(), "kind": s.get_kind_display(),
        "head_regular": (s.kind == ReceptionSession.Kind.REGULAR
                         and s.presiding_role == ReceptionSession.PresidingRole.HEAD),
    } for s in page]
    requirements = [{"kind": r.get_unit_kind_display(), "min_days": r.min_days, "every": r.get_every_display()}
                    for r in ReceptionRequirement.objects.order_by("unit_kind")]
    return render(request, "citizens/portal/receptions.html", {
        "q": query, "page": page, "items": items, "requirements": requirements, "weeks": weeks,
        "until": today + datetime.timedelta(weeks=weeks),
    })


# Public disclosures ---------------------------------------------------------------------------------------------

def _published_disclosures():
    return Disclosure.objects.filter(published_on__lte=timezone.localdate()).select_related("unit")


@require_GET
def disclosures(request):
    query = _search_query(request)
    rows = _published_disclosures().order_by("-published_on", "-pk")
    for word in search_words(query):
        pattern = folded_pattern(word)
        rows = rows.filter(Q(title__regex=pattern) | Q(category__regex=pattern) | Q(unit__name_folded__contains=word))
    page = _page(request, rows, 20)
    items = [{"pk": d.pk, "title": d.title, "category": d.category, "unit": d.unit.name,
              "published_on": d.published_on, "has_file": bool(d.file)} for d in page]
    return render(request, "citizens/portal/disclosures.html", {"q": query, "page": page, "items": items})


@require_GET
def disclosure(request, pk: int):
    d = get_object_or_404(_published_disclosures(), pk=pk)
    item = {"pk": d.pk, "title": d.title, "category": d.category, "unit": d.unit.name, "published_on": d.published_on,
            "body": d.body, "has_file": bool(d.file), "file_name": d.file.name.rsplit("/", 1)[-1] if d.file else ""}
    return render(request, "citizens/portal/disclosure.html", {"item": item})


@require_GET
def disclosure_file(request, pk: int):
    d = get_object_or_404(_published_disclosures(), pk=pk)
    if not d.file:
        raise Http404
    # Always a download: a file served inline from our origin could run script in the visitor's browser.
    return FileResponse(d.file.open("rb"), as_attachment=True, filename=d.file.name.rsplit("/", 1)[-1])


# Commune look-up for the form -----------------------------------------------------------------------------------

@require_GET
def communes(request):
    """{"results": [{"id", "name", "code", "parent"}]}: communes and wards valid today matching ?q= (≥ 2 letters)."""
    text = request.GET.get("q", "")[:100]
    units = communes_matching(text, limit=20) if len(fold(text)) >= 2 else []
    results = [{"id": u.pk, "name": u.name, "code": u.code, "parent": u.parent.name if u.parent else ""}
               for u in units]
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
