"""The wording shipped for every statutory letter the issue lists (issue 20) is valid, and each
letter with a right of appeal says what regs 5(3), 10(3) and 31(3) require."""

import re

import pytest

from letters import shipped, templating
from letters.preview import example_values

KINDS = {
    "decision_to_assess",
    "decision_not_to_assess",
    "decision_not_to_issue",
    "draft_plan",
    "final_plan",
    "review_invitation",
    "review_decision",
    "proposed_amendments",
    "decision_not_to_amend",
    "intention_to_cease",
    "cessation_notice",
    "transfer_in_notice",
    "advice_request",
    "school_consultation",
}
# Decisions the family may appeal to the First-tier Tribunal (s51(2)).
APPEALABLE = {
    "decision_not_to_assess",
    "decision_not_to_issue",
    "final_plan",
    "review_decision",
    "decision_not_to_amend",
    "cessation_notice",
}


def test_every_statutory_letter_ships():
    assert set(shipped.shipped()) == KINDS


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_wording_uses_only_the_placeholders_and_cites_the_law(kind):
    wording = shipped.shipped()[kind]
    assert templating.check(wording.subject) == []
    assert templating.check(wording.body) == []
    assert re.search(r"SI 2014/1530 reg \d+|Children and Families Act 2014 s\d+", wording.serves)
    letter = templating.render_text(wording.body, example_values())
    assert "Yours sincerely" in letter or "Yours faithfully" in letter


@pytest.mark.parametrize("kind", sorted(APPEALABLE))
def test_a_decision_the_family_may_appeal_gives_every_right(kind):
    body = shipped.shipped()[kind].body
    for words in (
        "First-tier Tribunal",
        "{{ appeal.by }}",
        "mediation certificate",
        "{{ council.mediation_service }}",
        "{{ council.disagreement_service }}",
        "{{ council.information_service }}",
    ):
        assert words in body, f"{kind} does not give {words}"


def test_the_draft_plan_gives_15_days_and_the_right_to_ask_for_a_school():
    body = shipped.shipped()["draft_plan"].body
    assert "{{ plan.comments_by }}" in body and "15 days" in body
    assert re.search(r"school or college|particular school", body)


def test_a_header_without_its_fields_is_refused(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text("title: A letter\nsubject: Hello\n---\nBody\n")
    with pytest.raises(ValueError, match="the header has no serves, recipients"):
        shipped.read(path)
    path.write_text("title: A letter\n")
    with pytest.raises(ValueError, match="no '---' line"):
        shipped.read(path)


def test_the_documented_list_is_the_list():
    from pathlib import Path

    from letters.placeholders import PLACEHOLDERS

    documented = Path(__file__).resolve().parents[2] / "docs" / "letters.md"
    rows = re.findall(r"^\| `\{\{ ([a-z_.]+) \}\}` \|", documented.read_text(), re.MULTILINE)
    assert rows == [p.name for p in PLACEHOLDERS]
