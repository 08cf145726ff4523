from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def petition_detail(request, pk: int):  # placeholder until the officer pages land
    return HttpResponse(status=501)
