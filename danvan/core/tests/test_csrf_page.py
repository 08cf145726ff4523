"""A form sent without a valid CSRF token (a page left open too long, cookies blocked) gets a page in Vietnamese
that says what to do, and nothing is saved."""

import pytest
from django.test import Client

from danvan.citizens.models import Petition

pytestmark = pytest.mark.django_db


def test_a_stale_form_is_refused_in_vietnamese_and_saves_nothing():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/portal/submit/", {"kind": "feedback", "subject": "Đèn đường hỏng", "content": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu chưa được gửi" in page and "Không có gì được lưu." in page
    assert "CSRF verification failed" not in page and "Forbidden" not in page
    assert Petition.objects.count() == 0
    login = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert login.status_code == 403 and "Biểu mẫu chưa được gửi" in login.content.decode()
