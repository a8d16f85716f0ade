"""The letters app's Celery tasks, for Celery's autodiscovery; each is defined beside its work."""

from .sending import send_letter, sweep_unsent_letters

__all__ = ["send_letter", "sweep_unsent_letters"]
