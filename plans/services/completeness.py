"""Whether a plan says enough to be issued: what SI 2014/1530 reg 12 requires of a final EHC plan
(and Sch 2 of SI 2001/3455 of a statement), as a list of gaps, each linked to where it is fixed.

Issuing, issuing an amended plan and issuing after a re-assessment all refuse a plan with gaps
(`require_complete`), so no page, command or import path can issue an empty plan. A plan issued
before it was recorded here (a SEN2 import, a transfer in, a migration) is recorded, not issued
by this council now, and its content is not held: those paths do not ask.

The check reads the plan's snapshot (plans.content), so section I counts a setting named through
the placements app as well as a type of setting written into the section's text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse

from ..content import SECTIONS, snapshot
from ..models import Plan

# Words that leave provision unquantified: the Code (9.69) asks for provision "detailed and
# specific ... normally quantified", and the Tribunal reads "regular", "as required" or "access
# to" as not saying how much.
VAGUE = re.compile(
    r"\b(as (required|needed|appropriate|necessary)|when (required|needed)|if (required|needed)"
    r"|regular(ly)?|access to|opportunit(y|ies)|where possible)\b",
    re.IGNORECASE,
)
# How much or how often: a number, or a period the provision recurs over.
AMOUNT = re.compile(
    r"\d|\b(once|twice|daily|weekly|fortnightly|monthly|termly|annually|hours?|minutes?"
    r"|sessions?|days?|weeks?|fortnights?|months?|terms?|years?|each|every|per)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Gap:
    """Something the plan must say and does not: its section, why, and where to write it."""

    section: str  # the section's letter: "B", "E", "F", "I", "K"
    message: str
    url: str


def _heading(plan: Plan, key: str) -> str:
    for section_key, letter, _title, statement_name in SECTIONS:
        if section_key == key:
            return statement_name if plan.kind == Plan.Kind.STATEMENT else f"Section {letter}"
    raise KeyError(key)


def plan_gaps(plan: Plan) -> list[Gap]:
    """The gaps of the plan's current content, in section order; none for a complete plan."""
    content = snapshot(plan)
    text = content["sections"]
    page = plan.get_absolute_url()
    sections = reverse("plans:sections", args=[plan.child_id, plan.pk])
    gaps: list[Gap] = []

    def gap(key: str, message: str, url: str) -> None:
        gaps.append(Gap(key.upper(), f"{_heading(plan, key)}: {message}", url))

    if not (text.get("b") or "").strip():
        gap("b", "describe the special educational needs", f"{sections}#id_section_b")
    if not content["outcomes"]:
        gap("e", "add at least one outcome", f"{page}#outcomes")
    provision = content["provision"]
    if not provision:
        gap("f", "specify the special educational provision", f"{page}#provision")
    for number, item in enumerate(provision, start=1):
        edit = reverse("plans:provision_edit", args=[plan.child_id, plan.pk, item["id"]])
        if not (item["provider"] or "").strip():
            gap("f", f"say who provides provision {number}", edit)
        frequency = (item["frequency"] or "").strip()
        if not AMOUNT.search(frequency) or VAGUE.search(frequency):
            gap(
                "f",
                f"quantify provision {number} (how much, how often: "
                f"“{frequency or 'not given'}” does not say)",
                edit,
            )
    if not ((text.get("i") or "").strip() or content["named_settings"]):
        gap("i", "name the school or other institution, or the type", f"{sections}#id_section_i")
    if not (text.get("k") or "").strip():
        gap("k", "list the advice and information obtained", f"{sections}#id_section_k")
    return gaps


def require_complete(plan: Plan) -> None:
    """Refuse to issue a plan with gaps, listing them all."""
    gaps = plan_gaps(plan)
    if gaps:
        raise ValidationError(
            ["The plan cannot be issued until it is complete"] + [gap.message for gap in gaps]
        )
