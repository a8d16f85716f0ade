"""The timeout warning's "Stay signed in" (static/js/timeout-warning.js): a request that marks
the user active and says how long the sign-in now lasts. The session middleware has already
signed out a sign-in that ran out, and login_required then answers with a redirect the script
reads as "signed out"."""

import time

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import sessions


@never_cache
@login_required
@require_POST
def keep_alive(request):
    now = time.time()
    sessions.keep_alive(request.session, now)
    return JsonResponse({"seconds_left": sessions.seconds_left(request.session, now)})
