from danvan.org import scoping


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_restructure": scoping.has_perm(user, "restructure_units"),
        "can_read_audit": scoping.has_perm(user, "read_audit"),
        "can_manage_calendar": scoping.has_perm(user, "manage_calendar"),
        "can_monitor": scoping.has_perm(user, "monitor_reports"),
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
    }
