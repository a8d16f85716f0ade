"""Request types for the type checker."""

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    """A request to a view behind login_required: its user is signed in, never anonymous."""

    user: User
