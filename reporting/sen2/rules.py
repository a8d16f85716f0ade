"""The registry of SEN2 pre-submission rules: each rule's id, DfE's number for it where we could
confirm one, what it checks, and whether this product checks it.

DfE publishes its rules each year as a spreadsheet ("Special educational needs person level
survey 20NN: validation rules", ODS) on the technical specification page. We could not read
those spreadsheets, so no rule here carries a DfE number yet: the ids are ours ("SP" + number),
stable across releases, and never to be quoted to DfE as theirs. When a DfE number is confirmed,
set `dfe` on the rule; the check page and docs/sen2.md show it.
"""

from __future__ import annotations

from dataclasses import dataclass

SPEC_PAGE = (
    "https://www.gov.uk/government/publications/"
    "special-educational-needs-person-level-survey-technical-specification"
)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    level: str = "error"
    implemented: bool = True
    dfe: str = ""  # DfE's rule number, only where read in DfE's own validation rules

    @property
    def label(self) -> str:
        return f"DfE {self.dfe}" if self.dfe else self.id


RULES: tuple[Rule, ...] = (
    Rule("SP01", "UPN fails its check letter"),
    Rule("SP02", "No UPN and no reason it is unknown (warning where a ULN is given)"),
    Rule("SP03", "ULN fails its check digit", "warning"),
    Rule("SP04", "Request for assessment has no source"),
    Rule("SP05", "Decision whether to assess, or assessment outcome, has no date"),
    Rule("SP06", "Plan issued (or final plan dated) before the request was received"),
    Rule("SP07", "Active plan has no placement in the collection year"),
    Rule("SP08", "Plan issued in the year names no setting"),
    Rule("SP09", "Plan has no issue (start) date"),
    Rule("SP10", "Ceased plan has no cease date"),
    Rule("SP11", "Plan ceased without a reason"),
    Rule("SP12", "Active plan with no primary need"),
    Rule("SP13", "More main or dual placements in the year than SEN2 holds", "warning"),
    Rule("SP14", "Setting with no URN, no UKPRN and no SEN2 setting type"),
    Rule("SP15", "UPN used by more than one person"),
    Rule("SP16", "Two persons with the same names and date of birth", "warning"),
    Rule("SP17", "Two requests for one person received on the same day"),
    Rule("SP18", "Nobody in the return"),
    Rule("SP19", "The file breaks the collection year's schema"),
    Rule("SP20", "A date in the return is after the reference date"),
    Rule("SP21", "Decision whether to assess dated before the request was received"),
    Rule("SP22", "Assessment outcome dated before the request or the decision to assess"),
    Rule("SP23", "Annual review dated before the plan started"),
    Rule("SP24", "Placement leaving date before its entry date"),
    Rule("SP25", "Plan cease date before the plan started"),
    Rule("SP26", "Person older than 25 on the reference date"),
    Rule("SP27", "Need type not in the collection year's code list (e.g. DS before 2025)"),
    Rule("SP28", "SEN2 setting type not in the collection year's code list"),
    Rule("SP29", "Postcode not a valid UK postcode", implemented=False),
    Rule("SP30", "TransferLA is not a known LA code, or is this LA", implemented=False),
    Rule("SP31", "Secondary need the same as the primary need"),
    Rule(
        "SP32",
        "Annual review more than 12 months after the plan or previous review",
        "warning",
        implemented=False,
    ),
)

BY_ID = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> Rule:
    return BY_ID[rule_id]


def coverage() -> dict[str, int]:
    """How many rules the registry lists, how many are checked here, and how many carry a
    number confirmed in DfE's own validation rules."""
    return {
        "listed": len(RULES),
        "implemented": sum(1 for r in RULES if r.implemented),
        "dfe_numbered": sum(1 for r in RULES if r.dfe),
        "dfe_implemented": sum(1 for r in RULES if r.dfe and r.implemented),
    }
