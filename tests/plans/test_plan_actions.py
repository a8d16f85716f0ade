"""The plan page's buttons ask plans.actions: the plan's state joined with the access policy."""

import pytest

from plans.actions import plan_actions

pytestmark = pytest.mark.django_db


def test_a_draft_may_be_issued_and_edited_by_its_team_only(
    drafted_plan, caseworker, outsider, head_of_service
):
    mine = plan_actions(caseworker, drafted_plan)
    assert (mine.change, mine.issue, mine.edit_sections) == (True, True, True)
    assert not (mine.review_settings or mine.check_delivery or mine.start_transfer_review)
    assert not mine.amendment_under_way
    for reader in (outsider, head_of_service):  # may not change a record: no button at all
        theirs = plan_actions(reader, drafted_plan)
        assert not any(vars(theirs)[flag] for flag in ("change", "issue", "edit_sections"))


def test_an_issued_plan_is_reviewed_and_checked_not_edited(issued_plan, caseworker):
    actions = plan_actions(caseworker, issued_plan)
    assert (actions.issue, actions.edit_sections, actions.amendment_under_way) == (
        False,
        False,
        False,
    )
    assert actions.review_settings and actions.check_delivery
    assert not actions.start_transfer_review  # an EHC plan, not a statement


def test_the_page_shows_what_the_actions_allow(client, issued_plan, caseworker):
    from django.urls import reverse

    client.force_login(caseworker)
    page = client.get(reverse("plans:plan", args=[issued_plan.child.pk, issued_plan.pk]))
    body = page.content.decode()
    assert page.context["actions"] == plan_actions(caseworker, issued_plan)
    assert "Review settings" in body
    assert "Issue the final plan" not in body
    assert "Edit sections" not in body
