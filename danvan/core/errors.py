from django.shortcuts import render


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    """A form whose CSRF check failed (a page left open past its session, cookies blocked): said in the
    person's language, with what to do, rather than Django's English page. Nothing was saved."""
    return render(request, "errors/403_csrf.html", status=403)
