"""Review, amendment, phase-transfer and provision KPIs against hand-worked cases."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from plans.services import editing, lifecycle, provision, reviews
from reporting.kpis import Period
from reporting.kpis.reviews import ar, ara, prov, pt, term_start
from tests.factories import ChildFactory
from tests.plans.content import fill_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2025, 6, 30, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def existing(by, team, issued, born=date(2012, 1, 1)):
    child = ChildFactory(team=team, lead_caseworker=by, date_of_birth=born)
    return lifecycle.record_existing_plan(child=child, by=by, kind="ehc_plan", issued_on=issued)


def decide(plan, by, meeting, decided):
    review = plan.reviews.get(meeting_on__isnull=True)
    reviews.record_meeting(review=review, by=by, meeting_on=meeting)
    if decided is not None:
        reviews.record_decision(review=review, by=by, decision="M", decision_on=decided)
    return review


def test_reviews_completed_on_time_and_overdue(caseworker, team):
    # s44(1): 12 months starting with the day the plan was made, so made 1 March 2024 -> due by
    # 28 February 2025. Complete when the decision is sent (reg 20(10)).
    early = existing(caseworker, team, date(2024, 3, 1))  # due 28 Feb 2025
    late = existing(caseworker, team, date(2024, 4, 1))  # due 31 Mar 2025
    slow = existing(caseworker, team, date(2024, 4, 15))  # due 14 Apr 2025
    existing(caseworker, team, date(2024, 5, 1))  # due 30 Apr 2025, never held
    existing(caseworker, team, date(2024, 9, 1))  # due 31 Aug 2025: not yet due
    decide(early, caseworker, date(2025, 2, 3), date(2025, 2, 28))  # decided on the due day
    decide(late, caseworker, date(2025, 4, 10), date(2025, 4, 20))  # met and decided late
    # Met in time (10 April) but the decision went on 1 May, after the due day: late.
    decide(slow, caseworker, date(2025, 4, 10), date(2025, 5, 1))
    result = ar(Period(date(2025, 1, 1), date(2025, 6, 30), snapshot=date(2025, 6, 30)))
    assert (result.numerator, result.denominator) == (1, 4)
    assert result.breakdown == {"meetings_on_time": 2, "overdue": 1}
    # On 5 April: the late review was overdue (decision 20 April); the slow and the unheld ones
    # not yet due.
    assert (
        ar(Period(date(2025, 1, 1), date(2025, 6, 30), date(2025, 4, 5))).breakdown["overdue"] == 1
    )
    # On 25 April: late (decided 20 April) is done; slow (due 14 April, decided 1 May) overdue.
    overdue = ar(Period(date(2025, 1, 1), date(2025, 6, 30), date(2025, 4, 25)))
    assert overdue.breakdown["overdue"] == 1


def test_a_meeting_alone_does_not_complete_a_review(caseworker, team):
    plan = existing(caseworker, team, date(2024, 3, 1))
    decide(plan, caseworker, date(2025, 2, 3), None)
    result = ar(Period(date(2025, 1, 1), date(2025, 6, 30), snapshot=date(2025, 6, 30)))
    assert (result.numerator, result.denominator) == (0, 1)
    assert result.breakdown == {"meetings_on_time": 1, "overdue": 1}


def amend(plan, by, meeting, proposals, issued):
    review = plan.reviews.get(meeting_on__isnull=True)
    reviews.record_meeting(review=review, by=by, meeting_on=meeting)
    reviews.record_decision(
        review=review, by=by, decision="A", decision_on=proposals, proposals_sent_on=proposals
    )
    fill_plan(plan, by)  # recorded without its content: the amendment writes it
    reviews.issue_amended_plan(review=review, by=by, issued_on=issued)


def test_amendments_within_12_weeks_of_the_meeting(caseworker, team):
    # Meeting 3 Feb 2025: 12 weeks end on 28 April 2025.
    amend(
        existing(caseworker, team, date(2024, 3, 1)),
        caseworker,
        date(2025, 2, 3),
        date(2025, 2, 24),
        date(2025, 4, 28),
    )
    amend(
        existing(caseworker, team, date(2024, 3, 2)),
        caseworker,
        date(2025, 2, 3),
        date(2025, 3, 3),
        date(2025, 4, 29),
    )
    result = ara(Period(date(2025, 1, 1), date(2025, 6, 30), date(2025, 6, 30)))
    assert (result.numerator, result.denominator) == (1, 2)


def test_phase_transfers_amended_before_15_february(caseworker, team):
    # Born 10 October 2013: Year 7 in September 2025, so reviewed and amended before 15
    # February 2025 (reg 18(1)): the 14th is in time, the 15th is late.
    born = date(2013, 10, 10)
    on_time = existing(caseworker, team, date(2024, 6, 1), born=born)
    on_the_15th = existing(caseworker, team, date(2024, 6, 3), born=born)
    late = existing(caseworker, team, date(2024, 6, 2), born=born)
    amend(on_time, caseworker, date(2024, 12, 2), date(2024, 12, 16), date(2025, 2, 14))
    amend(on_the_15th, caseworker, date(2024, 12, 2), date(2024, 12, 16), date(2025, 2, 15))
    amend(late, caseworker, date(2025, 1, 6), date(2025, 1, 20), date(2025, 3, 3))
    result = pt(Period(date(2025, 1, 1), date(2025, 12, 31), date(2025, 6, 30)))
    assert (result.numerator, result.denominator) == (1, 3)


def check(item, by, delivery, start, end):
    provision.record_check(
        item=item,
        by=by,
        delivery=delivery,
        period_from=start,
        period_to=end,
        confirmed_by="SENCo",
        note="" if delivery == "delivered" else "Missed",
    )


def test_provision_confirmed_delivered_this_term(caseworker, team):
    plans = []
    for issued in (date(2024, 1, 10), date(2024, 1, 11), date(2024, 1, 12), date(2024, 1, 13)):
        plan = existing(caseworker, team, issued)
        review = plan.reviews.get()
        reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2024, 12, 2))
        reviews.record_decision(
            review=review,
            by=caseworker,
            decision="A",
            decision_on=date(2024, 12, 9),
            proposals_sent_on=date(2024, 12, 9),
        )
        for what in ("Speech therapy", "Teaching assistant"):
            editing.add_provision(
                plan=plan, by=caseworker, description=what, provider="School", frequency="Weekly"
            )
        plans.append(plan)
    a, b, c, d = ([*p.provision.all()] for p in plans)
    summer = (date(2025, 4, 1), date(2025, 6, 27))
    check(a[0], caseworker, "delivered", *summer)  # a: both delivered this term -> counts
    check(a[1], caseworker, "delivered", *summer)
    check(b[0], caseworker, "delivered", *summer)  # b: one delivered, one never checked
    check(c[0], caseworker, "delivered", *summer)  # c: one not delivered
    check(c[1], caseworker, "not_delivered", *summer)
    check(d[0], caseworker, "delivered", date(2025, 1, 6), date(2025, 3, 28))  # d: last term
    check(d[1], caseworker, "delivered", *summer)
    result = prov(Period(date(2025, 4, 1), date(2025, 6, 30), snapshot=date(2025, 6, 30)))
    assert (result.numerator, result.denominator) == (1, 4)
    assert result.breakdown == {"not_delivered": 1}


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2025, 9, 1), date(2025, 9, 1)),
        (date(2025, 12, 31), date(2025, 9, 1)),
        (date(2026, 1, 1), date(2026, 1, 1)),
        (date(2026, 3, 31), date(2026, 1, 1)),
        (date(2026, 4, 1), date(2026, 4, 1)),
        (date(2026, 8, 31), date(2026, 4, 1)),
    ],
)
def test_term_start(day, start):
    assert term_start(day) == start


def test_provision_as_it_stood_on_an_earlier_snapshot(caseworker, team):
    """The item keeps its latest check; a snapshot before that check began looks back."""
    plan = existing(caseworker, team, date(2024, 9, 2))
    review = plan.reviews.get()
    reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2024, 12, 2))
    reviews.record_decision(
        review=review,
        by=caseworker,
        decision="A",
        decision_on=date(2024, 12, 9),
        proposals_sent_on=date(2024, 12, 9),
    )
    editing.add_provision(
        plan=plan, by=caseworker, description="Speech therapy", provider="NHS", frequency="Weekly"
    )
    item = plan.provision.get()
    check(item, caseworker, "delivered", date(2025, 4, 1), date(2025, 6, 27))
    # Recorded later, but for an earlier term: the summer check stays the latest.
    check(item, caseworker, "not_delivered", date(2025, 1, 6), date(2025, 3, 28))
    item.refresh_from_db()
    assert (item.latest_delivery, item.latest_to) == ("delivered", date(2025, 6, 27))

    summer = prov(Period(date(2025, 4, 1), date(2025, 6, 30), snapshot=date(2025, 6, 30)))
    assert (summer.numerator, summer.denominator, summer.breakdown) == (
        1,
        1,
        {"not_delivered": 0},
    )
    spring = prov(Period(date(2025, 1, 1), date(2025, 3, 31), snapshot=date(2025, 3, 31)))
    assert (spring.numerator, spring.denominator, spring.breakdown) == (
        0,
        1,
        {"not_delivered": 1},
    )
    # Before any check had begun, the item was simply unchecked.
    winter = prov(Period(date(2024, 10, 1), date(2024, 12, 31), snapshot=date(2024, 12, 31)))
    assert (winter.numerator, winter.breakdown) == (0, {"not_delivered": 0})
