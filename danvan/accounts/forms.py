from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts import services


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request else None


class LoginForm(AuthenticationForm):
    """Django's login form, with a lockout after repeated failures."""

    error_messages = {
        "invalid_login": _("Wrong username or password. Please check and try again."),
        "inactive": _("This account is disabled."),
        "locked": _("Too many failed logins. This account is locked until %(until)s."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            until = services.lockout_until(username)
            if until:
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"until": formats.date_format(timezone.localtime(until), "d/m/Y H:i")},
                )
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                services.login_failure_record(username=username, address=client_address(self.request))
                until = services.lockout_until(username)
                if until:
                    raise forms.ValidationError(
                        self.error_messages["locked"],
                        code="locked",
                        params={"until": formats.date_format(timezone.localtime(until), "d/m/Y H:i")},
                    )
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput, strip=False)
    new_password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput,
        strip=False,
    )
    new_password2 = forms.CharField(label=_("New password again"), widget=forms.PasswordInput, strip=False)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "At least %(n)s characters, not too common, not only digits."
        ) % {"n": settings.PASSWORD_MIN_LENGTH}

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("The current password is wrong."))
        return value

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("new_password1"), data.get("new_password2")
        if p1 and p2:
            if p1 != p2:
                self.add_error("new_password2", _("The two new passwords differ."))
            else:
                try:
                    password_validation.validate_password(p1, self.user)
                except forms.ValidationError as error:
                    self.add_error("new_password1", error)
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100, help_text=_("What the token is for."))
