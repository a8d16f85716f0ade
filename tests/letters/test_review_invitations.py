"""Review invitations for a term, in bulk (issue 20): the reviews due and not yet held, each
meeting arranged and its invitation drafted from one table, the drafts checked and sent
together; only the caseworker's own teams' children; nothing lost when a row is wrong."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from core.public_ids import encode
from letters.bulk import Term, reviews_in_term, terms_from
from letters.models import Letter
from plans.models import AnnualReview
from tests.factories import ChildFactory, ContactFactory, PlanFactory

pytestmark = pytest.mark.django_db

URL = "/letters/review-invitations/"
TODAY = date(2026, 12, 6)


@pytest.fixture
def december(time_machine):
    time_machine.move_to(datetime(2026, 12, 6, 9, tzinfo=ZoneInfo("Europe/London")), tick=False)


def _review(team, lead, due_on, *, name="Ayo", family=True):
    child = ChildFactory(team=team, lead_caseworker=lead, first_name=name, last_name="Bello")
    if family:
        ContactFactory(
            child=child, name=f"Parent of {name}", address="1 Mill Lane\nAnytown\nAN1 2BC"
        )
    return AnnualReview.objects.create(plan=PlanFactory(child=child), due_on=due_on)


def test_terms_run_autumn_spring_summer():
    assert Term.of(TODAY) == Term("autumn", 2026)
    assert Term.of(date(2027, 1, 1)) == Term("spring", 2027)
    assert Term.of(date(2027, 8, 31)) == Term("summer", 2027)
    assert [t.key for t in terms_from(TODAY)] == ["autumn-2026", "spring-2027", "summer-2027"]
    assert Term("spring", 2027).span == "1 January 2027 to 31 March 2027"
    for bad in ("", "winter-2027", "spring-²", "spring-99999", "spring-"):
        assert Term.parse(bad) is None


def test_the_term_holds_its_reviews_and_the_one_under_way_those_overdue(
    team, caseworker, other_team
):
    due_in_spring = _review(team, caseworker, date(2027, 2, 10))
    overdue = _review(team, caseworker, date(2026, 6, 1), name="Bea")
    _review(team, caseworker, date(2027, 5, 1), name="Cy")  # summer
    _review(other_team, None, date(2027, 2, 11), name="Di")  # another team's
    held = _review(team, caseworker, date(2027, 3, 1), name="Ed")
    held.meeting_on = date(2026, 11, 30)
    held.save()
    spring = list(reviews_in_term(caseworker, Term("spring", 2027), mine=True, today=TODAY))
    assert spring == [due_in_spring]
    autumn = list(reviews_in_term(caseworker, Term("autumn", 2026), mine=True, today=TODAY))
    assert autumn == [overdue]


def test_only_the_children_they_lead_unless_they_ask_for_their_teams(team, caseworker):
    from tests.factories import UserFactory

    colleague = UserFactory(username="cal", teams=[team])
    _review(team, colleague, date(2027, 2, 10))
    spring = Term("spring", 2027)
    assert not reviews_in_term(caseworker, spring, mine=True, today=TODAY).exists()
    assert reviews_in_term(caseworker, spring, mine=False, today=TODAY).count() == 1


def test_meetings_are_arranged_and_invitations_drafted_and_a_wrong_row_keeps_its_values(
    client, caseworker, team, december
):
    first = _review(team, caseworker, date(2027, 2, 10))
    second = _review(team, caseworker, date(2027, 2, 20), name="Bea")
    untouched = _review(team, caseworker, date(2027, 3, 1), name="Cy")
    client.force_login(caseworker)
    a, b = encode(first.pk), encode(second.pk)
    response = client.post(
        f"{URL}?term=spring-2027",
        {
            f"{a}-date": "12/1/2027",
            f"{a}-time": "10:30",
            f"{a}-place": "Hill Primary School",
            f"{b}-date": "31/2/2027",
            f"{b}-time": "2pm",
            f"{b}-place": "Town Hall",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Bea Bello: Enter the date like 3/3/2027" in page
    assert f'href="#id_{b}-date"' in page and f'id="id_{b}-date"' in page
    assert 'value="31/2/2027"' in page and 'value="Town Hall"' in page  # kept
    first.refresh_from_db()
    assert first.meeting_place == "Hill Primary School"
    letter = Letter.objects.get(review=first)
    assert letter.kind == "review_invitation" and letter.status == Letter.Status.DRAFT
    assert letter.recipient_name == "Parent of Ayo"
    assert "Tuesday 12 January 2027 at 10:30am" in letter.body
    assert "Place: Hill Primary School" in letter.body
    assert "26 January 2027" in letter.body  # the report, 2 weeks after (reg 20(7))
    assert not Letter.objects.filter(review__in=[second, untouched]).exists()
    second.refresh_from_db()
    assert second.meeting_planned_at is None


def test_a_child_without_family_contact_is_refused_and_nothing_is_arranged(
    client, caseworker, team, december
):
    review = _review(team, caseworker, date(2027, 2, 10), family=False)
    client.force_login(caseworker)
    token = encode(review.pk)
    response = client.post(
        f"{URL}?term=spring-2027",
        {f"{token}-date": "12/1/2027", f"{token}-time": "10:30", f"{token}-place": "School"},
    )
    assert "Add Ayo Bello&#x27;s family to their contacts first" in response.content.decode()
    review.refresh_from_db()
    assert review.meeting_planned_at is None and not Letter.objects.exists()


def test_the_drafts_are_checked_then_sent_together(
    client, caseworker, team, december, settings, django_capture_on_commit_callbacks
):
    settings.LETTERS_PHONE, settings.LETTERS_EMAIL = "0300 000 0002", "send@anytown.gov.uk"
    settings.LETTERS_INFORMATION_SERVICE = "Anytown SENDIASS, 0300 000 0001"
    settings.LETTERS_ADDRESS = "Town Hall"
    reviews = [_review(team, caseworker, date(2027, 2, 10 + n), name=f"C{n}") for n in range(3)]
    client.force_login(caseworker)
    data = {}
    for review in reviews:
        token = encode(review.pk)
        data |= {f"{token}-date": "12/1/2027", f"{token}-time": "10:30", f"{token}-place": "X"}
    assert client.post(f"{URL}?term=spring-2027", data).status_code == 302
    # One is not ready: its address is gone.
    Letter.objects.filter(review=reviews[2]).update(recipient_address="")
    send_url = reverse("letters:review_invitations_send") + "?term=spring-2027"
    check = client.get(send_url).content.decode()
    assert check.count("Ready</strong>") == 2 and "Not yet" in check
    assert "Send 2 invitations" in check
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(send_url)
    assert response.status_code == 302 and len(queued) == 2
    statuses = dict(Letter.objects.values_list("review_id", "status"))
    assert statuses == {
        reviews[0].pk: Letter.Status.SENDING,
        reviews[1].pk: Letter.Status.SENDING,
        reviews[2].pk: Letter.Status.DRAFT,
    }


def test_only_casework_reaches_it_and_the_page_costs_the_same_for_more_reviews(
    client, caseworker, administrator, team, december, django_assert_max_num_queries
):
    client.force_login(administrator)
    assert client.get(URL).status_code == 403
    client.force_login(caseworker)
    _review(team, caseworker, date(2027, 2, 1))
    with django_assert_max_num_queries(20) as few:
        client.get(f"{URL}?term=spring-2027")
    for n in range(6):
        _review(team, caseworker, date(2027, 2, 2 + n), name=f"N{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"{URL}?term=spring-2027").content.decode()
    assert page.count('data-testid="invitation-row"') == 7


def test_the_empty_term_says_so(client, caseworker, december):
    client.force_login(caseworker)
    page = client.get(f"{URL}?term=summer-2027").content.decode()
    assert "No reviews are due in the summer term 2027" in page
