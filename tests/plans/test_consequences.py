"""What a step sets in motion, as the check-your-answers pages say it, worked by hand from the
regulations and the Tribunal's time limits."""

from datetime import date

import pytest

from plans.services.consequences import ceasing_consequences, issue_consequences

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("july_2024")]


def test_issuing_opens_the_appeal_window_and_schedules_the_first_review(drafted_plan):
    found = {c.label: c for c in issue_consequences(drafted_plan, date(2024, 5, 20))}
    # 2 months from the notice of 20 May 2024: 20 July 2024 (SEND Tribunal time limit).
    assert found["Appeal window"].on == date(2024, 7, 20)
    # s44(1): within "12 months starting with" 20 May 2024, so by 19 May 2025.
    assert found["First review"].on == date(2025, 5, 19)
    assert "Statement" not in found


def test_an_intended_day_inside_the_window_is_moved_past_it():
    # Notice 31 January 2025; the window closes 31 March 2025 (2 months); the council intended
    # 14 February, but the plan is maintained while an appeal can be brought (s45(4)).
    appeal, ceases = ceasing_consequences(date(2025, 1, 31), date(2025, 2, 14))
    assert appeal.on == date(2025, 3, 31)
    assert ceases.on == date(2025, 4, 1)


def test_an_intended_day_after_the_window_is_kept():
    _appeal, ceases = ceasing_consequences(date(2025, 1, 31), date(2025, 7, 31))
    assert ceases.on == date(2025, 7, 31)
