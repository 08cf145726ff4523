"""Accounts: lockout after failed logins, password changes, API tokens. Each write is audited."""

import datetime

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import ApiToken, LoginFailure, User, hash_token
from danvan.audit.services import audit_record


def lockout_until(username: str) -> datetime.datetime | None:
    """When the account stops being locked, or None if it is not locked now.

    LOGIN_FAILURE_LIMIT failures within LOGIN_FAILURE_WINDOW seconds lock the account for
    LOGIN_LOCKOUT_SECONDS after the last of them.
    """
    now = timezone.now()
    window = datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    lock = datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    recent = list(
        LoginFailure.objects.filter(username__iexact=username, at__gte=now - window - lock)
        .order_by("-at")
        .values_list("at", flat=True)[: settings.LOGIN_FAILURE_LIMIT]
    )
    if len(recent) < settings.LOGIN_FAILURE_LIMIT:
        return None
    newest, oldest = recent[0], recent[-1]
    if newest - oldest > window:
        return None
    until = newest + lock
    return until if until > now else None


@transaction.atomic
def login_failure_record(*, username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], address=address)
    user = User.objects.filter(username__iexact=username).first()
    if user is not None:
        audit_record(actor=None, action="login_failed", obj=user, changes={"address": [None, address]})
        if lockout_until(username):
            audit_record(actor=None, action="account_locked", obj=user)


@transaction.atomic
def login_success_record(*, user: User, address: str | None) -> None:
    LoginFailure.objects.filter(username__iexact=user.username).delete()
    audit_record(actor=user, action="login", obj=user, changes={"address": [None, address]})


@transaction.atomic
def user_change_password(*, user: User, new_password: str) -> None:
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="password_changed", obj=user)


@transaction.atomic
def api_token_create(*, user: User, name: str, by: User) -> tuple[ApiToken, str]:
    """Issue a token; returns (token row, raw token). The raw token is never stored."""
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:10], token_hash=hash_token(raw))
    audit_record(actor=by, action="api_token_created", obj=token, changes={"name": [None, token.name]})
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=by, action="api_token_revoked", obj=token)


def api_token_user(raw: str) -> User | None:
    """The active person behind a raw token, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_create(
    *, by, username: str, password: str, full_name: str = "", email: str = "", is_superuser: bool = False
) -> User:
    """Create an account; the password must pass Django's validators (AUTH_PASSWORD_VALIDATORS)."""
    user = User(username=username, full_name=full_name, email=email, is_superuser=is_superuser, is_staff=is_superuser)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=by, action="user_created", obj=user,
        changes={"username": [None, username], "full_name": [None, full_name], "email": [None, email],
                 "is_superuser": [None, is_superuser]},
    )
    return user
