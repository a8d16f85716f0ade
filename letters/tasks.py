"""The letters app's Celery tasks, for Celery's autodiscovery; each is defined beside its work."""

from .deliveries import check_deliveries
from .sending import send_letter, sweep_unsent_letters

__all__ = ["check_deliveries", "send_letter", "sweep_unsent_letters"]
