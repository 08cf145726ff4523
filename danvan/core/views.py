from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

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
    memberships = Membership.objects.filter(user=request.user, active=True).select_related("unit").order_by("unit__name")
    notifications = request.user.notifications.all()[:10]
    return render(request, "core/home.html", {"memberships": memberships, "notifications": notifications})
