import pytest

from danvan.accounts.models import ApiToken, hash_token
from danvan.accounts.services import api_token_user
from danvan.audit.models import AuditEntry
from danvan.conftest import PASSWORD, make_user


@pytest.fixture
def person(db):
    return make_user("nguoidung")


def test_change_password_with_a_valid_new_password(client, person):
    client.force_login(person)
    response = client.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": "Hoa-sen-no-2026", "new_password2": "Hoa-sen-no-2026"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Hoa-sen-no-2026")
    assert AuditEntry.objects.filter(action="password_changed", actor_id=person.pk).exists()
    assert client.get("/").status_code == 200  # still logged in after the change


@pytest.mark.parametrize(
    ("new", "message"),
    [("ngan123", "ít nhất 10 ký tự"), ("1234567890123", "hoàn toàn là số"), ("password123", "quá phổ biến")],
)
def test_a_weak_password_is_refused_in_vietnamese(client, person, new, message):
    client.force_login(person)
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    response = client.post("/accounts/password/", data)
    assert response.status_code == 200
    assert message in response.content.decode().lower()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_wrong_current_password_is_refused(client, person):
    client.force_login(person)
    response = client.post("/accounts/password/", {
        "old_password": "khong-dung-dau", "new_password1": "Hoa-sen-no-2026", "new_password2": "Hoa-sen-no-2026"})
    assert "Mật khẩu hiện tại không đúng" in response.content.decode()


def test_password_change_needs_login(client, db):
    response = client.get("/accounts/password/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_token_is_shown_once_and_only_its_hash_is_stored(client, person):
    client.force_login(person)
    response = client.post("/accounts/profile/", {"name": "Hệ thống báo cáo"})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw.startswith("dv_")
    token = ApiToken.objects.get(user=person)
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert api_token_user(raw) == person
    assert raw not in client.get("/accounts/profile/").content.decode()
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api_token_user(raw) is None
    assert AuditEntry.objects.filter(action="api_token_revoked").exists()


def test_nobody_can_revoke_someone_elses_token(client, person):
    other = make_user("nguoikhac")
    client.force_login(other)
    client.force_login(person)
    from danvan.accounts.services import api_token_create

    token, raw = api_token_create(user=other, name="x", by=other)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert api_token_user(raw) == other
