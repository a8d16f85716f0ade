"""The accounts app's Celery tasks, for Celery's autodiscovery. Each is defined beside its work
(a task queued by the module that defines it needs no import back from here)."""

from .password_reset import send_password_reset
from .unlock import send_sign_in_unlock

__all__ = ["send_password_reset", "send_sign_in_unlock"]
