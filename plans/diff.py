"""What changed between two versions of a plan: two snapshot dicts (plans.content.snapshot) in,
plain data out. No Django here, so the comparison is tested on dicts alone and the templates
only lay out what it found.

Text is compared word by word, keeping the whitespace, so that an amendment reads as the
sentence the family will see with the words added and removed marked. Outcomes and provision
are matched by their `id` (a row survives rewording); named settings and personal budgets
have no id in the snapshot, so a row that differs at all counts as one removed and one added.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

SAME, ADDED, REMOVED = "same", "added", "removed"

# The fields a reader would call a change, with the label each is shown under.
OUTCOME_FIELDS = {"area": "Area", "description": "Outcome", "by_when": "By when"}
PROVISION_FIELDS = {
    "description": "What",
    "provider": "Who",
    "frequency": "How often",
    "funded_by": "Funded by",
    "outcome_id": "Linked outcome",
}
# Fields stored as codes, shown by the label the snapshot keeps beside them.
_LABEL_OF = {"area": "area_label", "funded_by": "funded_by_label"}

# A word, a punctuation mark or a run of whitespace: joined back together they give the text
# unchanged, and a sentence that gains a clause does not lose its full stop to the diff.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    """A run of text that is the same in both versions, or only in one of them."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    old: dict
    new: dict
    fields: list[FieldChange]


@dataclass
class SectionDiff:
    """One section: its text compared, and the rows it holds (if any) added, removed, changed."""

    key: str
    text: list[Piece] = field(default_factory=list)
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    @property
    def text_changed(self) -> bool:
        return any(piece.op != SAME for piece in self.text)

    @property
    def has_changes(self) -> bool:
        return self.text_changed or bool(self.added or self.removed or self.changed)


def compare_text(old: str, new: str) -> list[Piece]:
    """`old` turned into `new` as runs of same, removed and added text."""
    old_tokens, new_tokens = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(pieces, SAME, old_tokens[i1:i2])
            continue
        # A replacement reads better as everything removed, then everything added.
        _append(pieces, REMOVED, old_tokens[i1:i2])
        _append(pieces, ADDED, new_tokens[j1:j2])
    return pieces


def _append(pieces: list[Piece], op: str, tokens: list[str]) -> None:
    if not tokens:
        return
    text = "".join(tokens)
    if pieces and pieces[-1].op == op:
        pieces[-1] = Piece(op, pieces[-1].text + text)
    else:
        pieces.append(Piece(op, text))


def compare_rows(
    old_rows: list[dict],
    new_rows: list[dict],
    fields: dict[str, str],
    *,
    shown: dict[str, Any] | None = None,
) -> tuple[list[dict], list[dict], list[RowChange]]:
    """Rows matched by `id`: those only in `new_rows` (added), only in `old_rows` (removed), and
    those in both whose `fields` differ. `shown` maps a field to a function (row, side) -> text,
    for values that need the rest of the version to read (a linked outcome's description)."""
    shown = shown or {}
    old_by_id = {row.get("id"): row for row in old_rows}
    new_ids = {row.get("id") for row in new_rows}
    added = [row for row in new_rows if row.get("id") not in old_by_id]
    removed = [row for row in old_rows if row.get("id") not in new_ids]
    changed = []
    for new in new_rows:
        old = old_by_id.get(new.get("id"))
        if old is None:
            continue
        differences = [
            FieldChange(
                name,
                label,
                _shown(old, name, "old", shown),
                _shown(new, name, "new", shown),
            )
            for name, label in fields.items()
            if old.get(name) != new.get(name)
        ]
        if differences:
            changed.append(RowChange(old=old, new=new, fields=differences))
    return added, removed, changed


def _shown(row: dict, name: str, side: str, shown: dict) -> str:
    if name in shown:
        return shown[name](row, side)
    value = row.get(_LABEL_OF.get(name, name), row.get(name))
    return "" if value is None else str(value)


def compare_sets(old_rows: list[dict], new_rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """Rows without an id, compared whole: (added, removed), each in its version's order."""
    old_keys = {_row_key(row) for row in old_rows}
    new_keys = {_row_key(row) for row in new_rows}
    added = [row for row in new_rows if _row_key(row) not in old_keys]
    removed = [row for row in old_rows if _row_key(row) not in new_keys]
    return added, removed


def _row_key(row: dict) -> tuple:
    return tuple(sorted((key, repr(value)) for key, value in row.items()))


def compare(old: dict, new: dict) -> dict[str, SectionDiff]:
    """Every section of two snapshots compared, by section key ("a" ... "k").

    Outcomes are section "e" and provision "f"; named settings go with section "i" and
    personal budgets with "j", beside those sections' text. A snapshot missing a part (one
    frozen before that part existed) is read as having it empty."""
    old_text, new_text = old.get("sections", {}), new.get("sections", {})
    result = {
        key: SectionDiff(key, text=compare_text(old_text.get(key, ""), new_text.get(key, "")))
        for key in dict.fromkeys([*old_text, *new_text])
    }

    outcomes = result.setdefault("e", SectionDiff("e"))
    outcomes.added, outcomes.removed, outcomes.changed = compare_rows(
        old.get("outcomes", []), new.get("outcomes", []), OUTCOME_FIELDS
    )

    descriptions = {
        "old": {row.get("id"): row.get("description", "") for row in old.get("outcomes", [])},
        "new": {row.get("id"): row.get("description", "") for row in new.get("outcomes", [])},
    }

    def linked_outcome(row: dict, side: str) -> str:
        outcome_id = row.get("outcome_id")
        if outcome_id is None:
            return "None"
        return descriptions[side].get(outcome_id, "An outcome no longer in the plan")

    provision = result.setdefault("f", SectionDiff("f"))
    provision.added, provision.removed, provision.changed = compare_rows(
        old.get("provision", []),
        new.get("provision", []),
        PROVISION_FIELDS,
        shown={"outcome_id": linked_outcome},
    )

    for key, rows in (("i", "named_settings"), ("j", "personal_budgets")):
        section = result.setdefault(key, SectionDiff(key))
        section.added, section.removed = compare_sets(old.get(rows, []), new.get(rows, []))
    return result
