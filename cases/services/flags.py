"""Raise and clear the flags other apps put on a child for the caseload to filter on."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..models import CaseFlag

if TYPE_CHECKING:
    from ..models import Child


def set_flag(
    *, child: Child, kind: str, source: str, raised: bool, on: date, detail: str = ""
) -> None:
    """Raise (or refresh) the flag of `kind` from `source`, or clear it when `raised` is False.
    Idempotent, so the caller can simply say what is true now."""
    if not raised:
        CaseFlag.objects.filter(source=source, kind=kind).delete()
        return
    CaseFlag.objects.update_or_create(
        source=source,
        kind=kind,
        defaults={"child": child, "raised_on": on, "detail": detail[:255]},
    )
