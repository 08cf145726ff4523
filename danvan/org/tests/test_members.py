from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from danvan.accounts.models import User
from danvan.audit.models import AuditEntry
from danvan.conftest import make_user
from danvan.org.models import Membership


def test_admin_adds_a_member_on_the_unit_page(client, people, tree):
    newcomer = make_user("newcomer")
    client.force_login(people["admin"])
    response = client.post(f"/units/{tree['commune'].pk}/", {"username": "NEWCOMER", "role": "case_handler"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, unit=tree["commune"], role="case_handler", active=True).exists()
    assert AuditEntry.objects.filter(action="membership_added", actor_id=people["admin"].pk).exists()


def test_an_unknown_username_is_refused_and_nothing_changes(client, people, tree):
    client.force_login(people["admin"])
    before = Membership.objects.count()
    response = client.post(f"/units/{tree['commune'].pk}/", {"username": "khongco", "role": "case_handler"})
    assert response.status_code == 200
    assert "Không có tài khoản đang hoạt động" in response.content.decode()
    assert Membership.objects.count() == before


def test_only_admins_add_or_end_memberships(client, people, tree):
    membership = Membership.objects.get(user=people["owner"])
    for name in ("member", "coordinator", "owner"):
        client.force_login(people[name])
        response = client.post(f"/units/{tree['commune'].pk}/", {"username": "outsider", "role": "unit_head"})
        assert response.status_code == 403
        url = f"/units/{tree['commune'].pk}/members/{membership.pk}/end/"
        assert client.post(url).status_code == 403
    client.force_login(people["admin"])
    assert client.post(f"/units/{tree['commune'].pk}/members/{membership.pk}/end/").status_code == 302
    membership.refresh_from_db()
    assert membership.active is False


def test_create_user_command_makes_an_audited_account_with_a_role(tree, monkeypatch):
    monkeypatch.setenv("DANVAN_PASSWORD", "Mot-mat-khau-dai-2026")
    call_command("create_user", "nguoimoi", "--full-name", "Người Mới", "--unit", str(tree["dept"].pk),
                 "--role", "coordinator", stdout=StringIO())
    user = User.objects.get(username="nguoimoi")
    assert user.check_password("Mot-mat-khau-dai-2026")
    assert Membership.objects.get(user=user).role == "coordinator"
    assert AuditEntry.objects.filter(action="user_created", object_id=str(user.pk)).exists()


def test_create_user_command_refuses_a_weak_password_and_creates_nothing(tree, monkeypatch):
    monkeypatch.setenv("DANVAN_PASSWORD", "12345")
    with pytest.raises(CommandError):
        call_command("create_user", "yeu", "--unit", str(tree["dept"].pk), "--role", "coordinator", stdout=StringIO())
    assert not User.objects.filter(username="yeu").exists()
