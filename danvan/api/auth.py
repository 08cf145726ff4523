from ninja.security import HttpBearer, django_auth

from danvan.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer dv_…`: a token issued to one person (profile page)."""

    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


# Tried in order: a bearer token, then the browser session (CSRF-checked for writes).
AUTH = [TokenAuth(), django_auth]
