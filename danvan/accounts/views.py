from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.accounts import services
from danvan.accounts.forms import ApiTokenForm, LoginForm, PasswordChangeForm, client_address
from danvan.accounts.models import ApiToken


class LoginView(auth_views.LoginView):
    http_method_names = ["get", "post"]
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        services.login_success_record(user=form.get_user(), address=client_address(self.request))
        return response


@require_POST
def logout_view(request):
    from django.contrib.auth import logout

    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_change_password(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The person's page: their roles and their API tokens."""
    form = ApiTokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = services.api_token_create(user=request.user, name=form.cleaned_data["name"], by=request.user)
        form = ApiTokenForm()
    tokens = request.user.api_tokens.filter(revoked_at__isnull=True)
    memberships = request.user.memberships.select_related("unit").order_by("unit__name")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "raw_token": raw, "tokens": tokens, "memberships": memberships},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")
