"""A frozen plan version laid out as a document: the sections in statutory order, for the
version's page, its print page and its PDF (plans.pdf), and for a subject access bundle."""

from datetime import date
from typing import Any

from core.formatting import money

from .content import SECTIONS
from .models import Plan
from .models.content import Area

PRINT_CSS = "plans/print.css"


def _heading(section, content: dict) -> str:
    _key, letter, title, statement_name = section
    if content.get("kind") == Plan.Kind.STATEMENT:
        return statement_name
    return f"Section {letter}: {title}"


def plan_document(content: dict) -> list[dict]:
    """The sections of a frozen plan in statutory order, ready to lay out."""
    sections_text = content.get("sections", {})
    outcomes = content.get("outcomes", [])
    described = {outcome.get("id"): outcome.get("description", "") for outcome in outcomes}
    document = []
    for section in SECTIONS:
        key = section[0]
        part: dict[str, Any] = {"key": key, "heading": _heading(section, content), "text": ""}
        if key == "e":
            part["outcome_groups"] = [
                {"label": label, "outcomes": rows}
                for value, label in Area.choices
                if (rows := [o for o in outcomes if o.get("area") == value])
            ]
            # An area the code list no longer has still belongs in the plan that named it.
            known = {value for value, _ in Area.choices}
            strays = [o for o in outcomes if o.get("area") not in known]
            if strays:
                part["outcome_groups"].append({"label": "Other", "outcomes": strays})
            part["empty"] = not outcomes
        elif key == "f":
            part["provision"] = [
                {**item, "outcome": described.get(item.get("outcome_id"), "")}
                for item in content.get("provision", [])
            ]
            part["empty"] = not part["provision"]
        else:
            part["text"] = sections_text.get(key) or ""
            part["named_settings"] = [
                {**setting, "from_day": _day(setting.get("from"))}
                for setting in (content.get("named_settings", []) if key == "i" else [])
            ]
            part["personal_budgets"] = [
                {**budget, "amount_text": money(budget.get("amount"))}
                for budget in (content.get("personal_budgets", []) if key == "j" else [])
            ]
            part["empty"] = not (
                part["text"].strip() or part["named_settings"] or part["personal_budgets"]
            )
        document.append(part)
    return document


def _day(value) -> date | None:
    """A date the snapshot holds as ISO text; None if missing or unreadable."""
    try:
        return date.fromisoformat(value or "")
    except (TypeError, ValueError):
        return None


def document_context(plan, version) -> dict:
    return {
        "born": _day(version.content.get("child", {}).get("date_of_birth")),
        "plan": plan,
        "version": version,
        "content": version.content,
        "document": plan_document(version.content),
        "is_statement": version.content.get("kind") == Plan.Kind.STATEMENT,
        "kind_label": version.content.get("kind_label") or plan.get_kind_display(),
    }


def draft_context(plan, content: dict) -> dict:
    """The draft as it stands laid out like an issued version, marked as a draft (no version
    number or issue date: it has neither yet)."""
    return {
        "born": _day(content.get("child", {}).get("date_of_birth")),
        "plan": plan,
        "version": None,
        "draft": True,
        "content": content,
        "document": plan_document(content),
        "is_statement": content.get("kind") == Plan.Kind.STATEMENT,
        "kind_label": content.get("kind_label") or plan.get_kind_display(),
    }
