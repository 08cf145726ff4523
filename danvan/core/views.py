import holidays
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core import services
from danvan.core.forms import CalendarDayForm, YearForm
from danvan.core.models import CalendarDay
from danvan.org import scoping
from danvan.org.models import Membership


@require_GET
def healthz(request):
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database error means "not reachable"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor,
                         "time": timezone.now().isoformat()})


@login_required
@require_GET
def home(request):
    memberships = (
        Membership.objects.filter(user=request.user, active=True).select_related("unit").order_by("unit__name")
    )
    notifications = request.user.notifications.all()[:10]
    return render(request, "core/home.html", {"memberships": memberships, "notifications": notifications})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_days(request):
    """The year's public holidays (from the `holidays` package) and the days the government added."""
    scoping.require_perm(request.user, "manage_calendar")
    year_form = YearForm(request.GET or None)
    year = (year_form.cleaned_data.get("year") if year_form.is_valid() else None) or timezone.localdate().year
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.calendar_day_set(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The calendar has been updated."))
            return redirect(f"{request.path}?year={form.cleaned_data['date'].year}")
    public = sorted(holidays.country_holidays("VN", years=year, language="vi").items())
    context = {
        "year": year, "year_form": year_form, "form": form, "public_holidays": public,
        "days": CalendarDay.objects.filter(date__year=year),
    }
    return render(request, "core/calendar.html", context)


@login_required
@require_POST
def calendar_day_delete(request, pk: int):
    scoping.require_perm(request.user, "manage_calendar")
    day = get_object_or_404(CalendarDay, pk=pk)
    services.calendar_day_delete(by=request.user, day=day)
    messages.success(request, _("The calendar has been updated."))
    return redirect(f"/calendar/?year={day.date.year}")
