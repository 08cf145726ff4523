"""Sending a petition on the public portal: the happy path, the refusals (identity, honeypot, rate limit, files,
CSRF), and the commune picker's fallback without script."""

import datetime
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from danvan.citizens import clocks, portal, services
from danvan.citizens.fields import ensure_fields
from danvan.citizens.models import Field, Petition
from danvan.citizens.portal_forms import IDENTITY_REASON
from danvan.conftest import make_user
from danvan.org.models import Role, Unit
from danvan.org.services import UnitSpec, unit_create

URL = "/portal/submit/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.fixture(autouse=True)
def _fresh(db):
    """Rate-limit counters live in the cache, which outlives a test: start each one clean."""
    ensure_fields()
    cache.clear()
    yield
    cache.clear()


def _form(**overrides) -> dict:
    data = {
        "kind": "feedback", "commune": "quy nhon nam", "unit": "",
        "field": str(Field.objects.get(code="ha-tang").pk),
        "subject": "Đèn đường hỏng trên đường Lê Lợi", "content": "Đèn đường trước nhà số 12 hỏng đã một tuần.",
        "name": "", "address": "", "id_number": "", "phone": "", "email": "", "website": "",
    }
    data.update(overrides)
    return data


def _page(response) -> str:
    return response.content.decode()


def test_the_form_is_public_and_shows_no_officer_navigation(client, people):
    page = _page(client.get(URL))
    assert 'id="portal-submit"' in page and 'name="csrfmiddlewaretoken"' in page
    assert 'data-commune-search="/portal/communes.json"' in page
    client.force_login(people["owner"])  # an officer looking at the portal sees the public layout
    page = _page(client.get(URL))
    assert 'href="/plans/"' not in page and 'href="/reports/' not in page


def test_a_citizen_sends_feedback_without_a_name_and_gets_a_code_a_secret_and_the_due_date(client, tree):
    photo = SimpleUploadedFile("den-duong.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, content_type="image/jpeg")
    response = client.post(URL, _form(attachments=[photo]))
    assert response.status_code == 302 and response["Location"] == "/portal/submit/receipt/"
    page = _page(client.get(response["Location"]))

    petition = Petition.objects.get()
    assert (petition.source, petition.channel, petition.kind) == ("portal", "online", "feedback")
    assert petition.unit == tree["commune"] and petition.field.code == "ha-tang" and petition.name == ""
    assert petition.attachments.get().content_type == "image/jpeg"
    assert f'id="tracking-code">{petition.tracking_code}<' in page
    secret = re.search(r'id="tracking-secret">([^<]+)<', page).group(1)
    assert services.find_for_petitioner(petition.tracking_code, secret) == petition
    due = clocks.resolve_due("feedback", received_on=timezone.localdate(), accepted_on=None)
    assert petition.resolve_due == due and due > timezone.localdate()
    assert f"{due:%d/%m/%Y}" in page
    # Shown again on reload, from a signed cookie the browser forgets when it closes: the server keeps no copy of
    # the secret (the petition holds its hash) and the submission wrote no session.
    cookie = response.cookies["portal_receipt"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["max-age"]
    assert cookie["path"] == "/portal/submit/receipt/"
    assert signing.loads(cookie.value, salt=portal.RECEIPT_SALT)["secret"] == secret
    assert not Session.objects.exists()
    assert f'id="tracking-secret">{secret}<' in _page(client.get("/portal/submit/receipt/"))


def test_the_receipt_page_without_a_petition_sends_back_to_the_form(client, db):
    response = client.get("/portal/submit/receipt/")
    assert response.status_code == 302 and response["Location"] == URL


def test_a_receipt_cookie_altered_or_too_old_shows_nothing(client, tree):
    response = client.post(URL, _form())
    value = response.cookies["portal_receipt"].value
    client.cookies["portal_receipt"] = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    altered = client.get("/portal/submit/receipt/")
    assert altered.status_code == 302 and altered["Location"] == URL
    client.cookies["portal_receipt"] = value
    assert client.get("/portal/submit/receipt/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=29)):
        assert client.get("/portal/submit/receipt/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):  # a session's idle time
        late = client.get("/portal/submit/receipt/")
    assert late.status_code == 302 and late["Location"] == URL


def test_a_complaint_without_identity_is_refused_with_the_legal_reason_and_keeps_the_text(client, tree):
    content = "Tôi khiếu nại Quyết định thu hồi đất số 45/QĐ-UBND vì không đúng diện tích."
    response = client.post(URL, _form(kind="complaint", subject="Khiếu nại quyết định thu hồi đất", content=content))
    page = _page(response)
    assert response.status_code == 200
    assert not Petition.objects.exists()
    assert escape(_("A complaint or denunciation must give the petitioner's full name and address: the law does "
                    "not allow anonymous complaints and denunciations.")) in page
    assert escape(str(IDENTITY_REASON)) in page
    assert content in page and "Khiếu nại quyết định thu hồi đất" in page
    assert re.search(r'value="complaint"[^>]*checked', page)


def test_a_complaint_with_name_and_address_is_received_with_its_acceptance_clock(client, tree):
    response = client.post(URL, _form(kind="complaint", name="Trần Thị Bình", address="5 Nguyễn Huệ, Quy Nhơn Nam"))
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.kind == "complaint" and petition.accept_due is not None
    page = _page(client.get(response["Location"]))
    assert f"{petition.accept_due:%d/%m/%Y}" in page and f"{petition.resolve_due:%d/%m/%Y}" in page


def test_a_filled_honeypot_creates_nothing_and_says_why(client, tree):
    response = client.post(URL, _form(website="http://cheap-pills.example"))
    page = _page(response)
    assert response.status_code == 400
    assert not Petition.objects.exists()
    assert 'id="refusal"' in page and escape(_("Website (leave this empty)")) in page
    assert "Đèn đường hỏng trên đường Lê Lợi" in page  # what was typed is kept
    assert "cheap-pills" not in page  # the trap is shown empty again


def test_the_rate_limit_refuses_after_n_submissions_from_one_address(client, tree, settings):
    settings.PORTAL_RATE_LIMIT = 2
    for number in range(2):
        assert client.post(URL, _form(subject=f"Phản ánh số {number}")).status_code == 302
    response = client.post(URL, _form(subject="Phản ánh thứ ba"))
    page = _page(response)
    assert response.status_code == 429
    assert Petition.objects.count() == 2
    assert 'id="refusal"' in page and "Phản ánh thứ ba" in page
    # Another address is not affected; invalid forms do not use up the allowance.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(URL, _form(subject="")).status_code == 200
    assert other.post(URL, _form(subject="Từ địa chỉ khác")).status_code == 302
    assert Petition.objects.count() == 3


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(client, tree, settings):
    settings.PORTAL_RATE_LIMIT, settings.PORTAL_TRUSTED_PROXIES = 1, 1
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert first.post(URL, _form()).status_code == 302
    assert first.post(URL, _form()).status_code == 429
    assert second.post(URL, _form()).status_code == 302


def test_a_file_whose_extension_lies_is_refused_and_files_must_be_chosen_again(client, tree):
    disguised = SimpleUploadedFile("anh-chup.png", PDF, content_type="image/png")
    response = client.post(URL, _form(attachments=[disguised]))
    page = _page(response)
    assert response.status_code == 200
    assert not Petition.objects.exists()
    assert escape(_("%(name)s is not an accepted file: send PDF, DOCX, XLSX, PNG, JPEG or WEBP.")
                  % {"name": "anh-chup.png"}) in page
    assert 'id="files-dropped"' in page and "Đèn đường hỏng trên đường Lê Lợi" in page


def test_too_many_or_too_large_files_are_refused(client, tree, settings):
    settings.PORTAL_MAX_FILES = 1
    files = [SimpleUploadedFile(f"a{i}.png", PNG, content_type="image/png") for i in range(2)]
    assert 'id="files-dropped"' in _page(client.post(URL, _form(attachments=files)))
    settings.ATTACHMENT_MAX_MB = 0
    big = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    assert 'id="files-dropped"' in _page(client.post(URL, _form(attachments=[big])))
    assert not Petition.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(tree):
    response = Client(enforce_csrf_checks=True).post(URL, _form())
    assert response.status_code == 403
    assert not Petition.objects.exists()


def test_an_ambiguous_commune_name_offers_a_choice_without_script(client, tree):
    start = datetime.date(2020, 1, 1)
    north = unit_create(by=None, valid_from=start, spec=UnitSpec(name="Phường Quy Nhơn Bắc", kind=Unit.Kind.COMMUNE,
                                                                  parent=tree["province"]))
    response = client.post(URL, _form(commune="quy nhon"))
    page = _page(response)
    assert not Petition.objects.exists()
    assert 'id="commune-choices"' in page
    assert f'value="{north.pk}"' in page and f'value="{tree["commune"].pk}"' in page
    assert client.post(URL, _form(commune="quy nhon", unit=str(north.pk))).status_code == 302
    assert Petition.objects.get().unit == north


def test_a_commune_id_that_no_longer_names_the_typed_text_is_ignored(client, tree):
    """The picker's id stands only while the text names that unit: a name typed over it wins."""
    response = client.post(URL, _form(commune="dak po", unit=str(tree["commune"].pk)))
    assert response.status_code == 302
    assert Petition.objects.get().unit == tree["other_commune"]


def test_units_no_longer_valid_and_unknown_names_are_refused(client, tree):
    old = unit_create(by=None, valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2025, 6, 30),
                      spec=UnitSpec(name="Xã Phước Mỹ", kind=Unit.Kind.COMMUNE, parent=tree["province"]))
    page = _page(client.post(URL, _form(commune="phuoc my", unit=str(old.pk))))
    assert escape(_("No commune or ward matches “%(text)s”. Check the name.") % {"text": "phuoc my"}) in page
    assert not Petition.objects.exists()


def test_the_staff_of_the_unit_are_notified_of_a_portal_petition(client, tree, django_capture_on_commit_callbacks):
    officer = make_user("canbo", unit=tree["commune"], role=Role.UNIT_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _form())
    assert officer.notifications.count() == 1


def test_the_form_refuses_other_methods(client, db):
    assert client.put(URL).status_code == 405
