"""Case notes: a caseworker's own record of a call, a meeting or a letter.

A note is its own item on the chronology, so adding one writes no CaseEvent.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit

from ..models import CaseNote, Child

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def add_note(
    *, child: Child, by: User, kind: str, happened_on: date, summary: str, body: str = ""
) -> CaseNote:
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": "The date cannot be in the future"})
    if kind not in CaseNote.Kind.values:
        raise ValidationError({"kind": "Select what kind of note it is"})
    if not summary.strip():
        raise ValidationError({"summary": "Enter a summary"})
    note = CaseNote(
        child=child,
        kind=kind,
        happened_on=happened_on,
        summary=summary.strip(),
        body=body.strip(),
        written_by=by,
    )
    audit(note, by=by)
    note.save()
    logger.info("case note %s added to child %s by user %s", note.pk, child.pk, by.pk)
    return note
