"""Made-up values for previewing wording: every placeholder filled, so a preview shows where
each goes (issue 20)."""

from typing import Any

from .placeholders import PLACEHOLDERS

# Yes/no placeholders preview as "no": a letter to a parent about their child, the usual case.
YES_NO = frozenset({"recipient.is_young_person", "transfer.will_assess"})


def example_values() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for placeholder in PLACEHOLDERS:
        group, _, name = placeholder.name.partition(".")
        if placeholder.name in YES_NO:
            value: Any = False
        else:
            value = placeholder.example or f"[{placeholder.meaning.lower()}]"
        values.setdefault(group, {})[name] = value
    return values
