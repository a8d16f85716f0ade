"""Producing List 1: build it, write the file and record who took it, in one call that the
page and the management command both make."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from ..models import AnnexAProduction
from .build import List1, build_list1, upns_in_force
from .render import WRITERS, file_name
from .supplement import Supplement, read_supplement

if TYPE_CHECKING:
    from accounts.models import User


@dataclass
class Produced:
    list1: List1
    content: bytes
    file_name: str
    audit: AnnexAProduction


def read_list_supplement(data: bytes, *, day: date, children: QuerySet) -> Supplement:
    """The supplement checked against the children on the list (SupplementRefused if bad)."""
    return read_supplement(data, known_upns=upns_in_force(day, children))


def produce_list1(
    *,
    day: date,
    children: QuerySet,
    file_format: str,
    channel: str,
    by: User | None = None,
    operator: str = "",
    supplement: Supplement | None = None,
) -> Produced:
    if file_format not in WRITERS:
        raise ValueError(f"unknown format {file_format!r}: xlsx or csv")
    list1 = build_list1(day=day, children=children, supplement=supplement)
    content = WRITERS[file_format](list1)
    # Recorded once the file exists and before anyone has it.
    audit = AnnexAProduction.objects.create(
        produced_by=by,
        operator=operator[:150],
        channel=channel,
        file_format=file_format,
        list_day=day,
        row_count=len(list1.rows),
        supplement_rows=supplement.matched if supplement else 0,
        blank_columns=list1.blank_columns,
    )
    return Produced(list1, content, file_name(list1, file_format), audit)
