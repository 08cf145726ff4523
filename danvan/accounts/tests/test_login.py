import datetime

import pytest
import time_machine
from django.utils import timezone

from danvan.accounts.models import LoginFailure
from danvan.audit.models import AuditEntry
from danvan.conftest import PASSWORD, make_user

LOGIN = "/accounts/login/"


@pytest.fixture
def person(db):
    return make_user("nguoidung")


def _login(client, password, username="nguoidung"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_a_person_logs_in_and_out(client, person):
    response = _login(client, PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="login", actor_id=person.pk).exists()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_logout_refuses_get(client, person):
    client.force_login(person)
    assert client.get("/accounts/logout/").status_code == 405


def test_a_wrong_password_shows_a_vietnamese_message_and_keeps_the_username(client, person):
    response = _login(client, "sai-mat-khau-roi")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sai tên đăng nhập hoặc mật khẩu" in page
    assert 'value="nguoidung"' in page
    assert LoginFailure.objects.filter(username="nguoidung").count() == 1


def test_five_failures_within_15_minutes_lock_the_account_for_15_minutes(client, person):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(4):
            _login(client, "sai-mat-khau-roi")
            clock.shift(datetime.timedelta(minutes=3))
        response = _login(client, "sai-mat-khau-roi")  # the fifth, 12 minutes after the first
        assert "bị khóa" in response.content.decode()
        response = _login(client, PASSWORD)  # even the right password is refused now
        assert response.status_code == 200 and "bị khóa" in response.content.decode()
        assert AuditEntry.objects.filter(action="account_locked").exists()
        clock.shift(datetime.timedelta(minutes=14))
        assert _login(client, PASSWORD).status_code == 200
        clock.shift(datetime.timedelta(minutes=2))
        response = _login(client, PASSWORD)
        assert response.status_code == 302
    assert LoginFailure.objects.filter(username="nguoidung").count() == 0


def test_failures_spread_over_more_than_15_minutes_do_not_lock(client, person):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            _login(client, "sai-mat-khau-roi")
            clock.shift(datetime.timedelta(minutes=4))
        assert _login(client, PASSWORD).status_code == 302


def test_the_lockout_limits_come_from_settings(client, person, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_SECONDS = 60
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _login(client, "sai-mat-khau-roi")
        _login(client, "sai-mat-khau-roi")
        assert "bị khóa" in _login(client, PASSWORD).content.decode()
        clock.shift(datetime.timedelta(seconds=61))
        assert _login(client, PASSWORD).status_code == 302


def test_sessions_expire_after_30_idle_minutes_and_are_renewed_by_activity(client, person):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert _login(client, PASSWORD).status_code == 302
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity renews the session
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get("/")
        assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_session_idle_time_comes_from_settings(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_the_login_page_refuses_other_methods(client, db):
    assert client.put(LOGIN).status_code == 405
