"""The page for an unexpected error: 503 "unavailable" when the database cannot be reached.

Lost connections and refused ones (PostgreSQL restarting, failing over, out of connections) are
temporary: a 503 with Retry-After tells the user, a load balancer and a monitor to try again,
where a 500 says the service itself is broken. Neither page touches the database or the session.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    """settings.handler500: called while the exception is being handled, so it can see it."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponseServerError(loader.get_template("503.html").render())
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
