"""Every history row written while a file is imported gives "SEN2 import" as its reason,
whichever service wrote it, so that a migration can be told apart from casework in the audit
trail (the services name their own steps, "Decision whether to assess" and so on)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from simple_history.signals import pre_create_historical_record

_reason: ContextVar[str | None] = ContextVar("history_reason", default=None)


def _stamp(sender, history_instance=None, **kwargs) -> None:
    reason = _reason.get()
    if reason is not None and history_instance is not None:
        history_instance.history_change_reason = reason


pre_create_historical_record.connect(_stamp, dispatch_uid="sen2-import-history-reason")


@contextmanager
def history_reason(reason: str) -> Iterator[None]:
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)
