"""Where each Deadline row's step is recorded: the form a caseworker opens to record it.

A Deadline names its step by ``source`` ("request:12", "advice:40", "review:7" ...) and
``kind``. The home page and the emails link each due step straight to its form. The apps above
cases (plans) add their sources in their AppConfig.ready() with `add_step_links`, so cases never
imports them. Each resolver takes every deadline of its source prefix at once and may run one
query for them all: a list of 200 lines costs one query per prefix, not one per line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from .models import Deadline

# (deadlines of one source prefix) -> {deadline pk: url of the form that records its step}
StepLinks = Callable[[list["Deadline"]], dict[int, str]]
STEP_LINKS: dict[str, StepLinks] = {}

# The assessment request's step forms (cases.views.assessment.STEPS), by deadline kind. A
# re-assessment's plan is "done" either by issuing it or by the notice not to amend; issuing is
# what is due, so the link opens that form.
REQUEST_STEPS: dict[str, str] = {
    "decision_to_assess": "decision",
    "reassess_decision": "decision",
    "notice_not_to_issue": "issue-decision",
    "proposed_statement": "draft-sent",
    "final_plan": "final-issued",
    "final_statement": "final-issued",
    "reassessed_plan": "final-issued",
}


def add_step_links(prefix: str, links: StepLinks) -> None:
    STEP_LINKS[prefix] = links


def source_id(deadline: Deadline) -> int:
    """The id in a deadline's source ("review:7" -> 7)."""
    return int(deadline.source.partition(":")[2])


def _request_links(deadlines: list[Deadline]) -> dict[int, str]:
    links = {}
    for d in deadlines:
        step = REQUEST_STEPS.get(d.kind)
        if step and d.request_id:
            links[d.pk] = reverse("cases:request_step", args=[d.child_id, d.request_id, step])
    return links


def _advice_links(deadlines: list[Deadline]) -> dict[int, str]:
    return {
        d.pk: reverse(
            "cases:request_item_step",
            args=[d.child_id, d.request_id, "advice-received", source_id(d)],
        )
        for d in deadlines
        if d.request_id
    }


add_step_links("request", _request_links)
add_step_links("advice", _advice_links)


def step_links(deadlines: Iterable[Deadline]) -> dict[int, str]:
    """The form that records each deadline's step, by deadline pk; a deadline whose source
    has no form of its own links to its child's record."""
    by_prefix: dict[str, list[Deadline]] = defaultdict(list)
    for deadline in deadlines:
        by_prefix[deadline.source.partition(":")[0]].append(deadline)
    links: dict[int, str] = {}
    for prefix, group in by_prefix.items():
        resolver = STEP_LINKS.get(prefix)
        found = resolver(group) if resolver else {}
        for deadline in group:
            links[deadline.pk] = found.get(deadline.pk) or reverse(
                "cases:child", args=[deadline.child_id]
            )
    return links
