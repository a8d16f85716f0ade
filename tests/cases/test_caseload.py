"""The caseload: scopes, filters, sort, pages, CSV export, and a bounded number of queries."""

import csv
import io
import re
from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.urls import NoReverseMatch, reverse

from accounts.roles import CASEWORKER
from cases.codes import Need
from cases.models import Deadline, TimeLimitException
from cases.models.assessment import Regime, Stage
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    DeadlineFactory,
    TimeLimitExceptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2024, 7, 1)
ROW_NAME = re.compile(r'<a class="govuk-link" href="/children/[a-z2-7]{26}/">([^<]+)</a>')
_sources = count(1)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2024, 7, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def add_deadline(child, due_on, *, label="Decide whether to assess", **fields):
    return DeadlineFactory(
        child=child,
        source=f"request:{next(_sources)}",
        kind=Deadline.Kind.DECISION_TO_ASSESS,
        label=label,
        due_on=due_on,
        **fields,
    )


def add_request(child, *, stage=Stage.DECIDING, regime=Regime.EHCP, received_on=date(2024, 5, 1)):
    return AssessmentRequestFactory(
        child=child, source="parent", received_on=received_on, stage=stage, regime=regime
    )


def names(response) -> list[str]:
    assert response.status_code == 200
    return ROW_NAME.findall(response.content.decode())


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("cases:caseload"), params)


def mine(team, caseworker, last_name, **fields):
    return ChildFactory(
        team=team, lead_caseworker=caseworker, first_name="A", last_name=last_name, **fields
    )


# --- Scopes --------------------------------------------------------------------------------


def test_my_cases_are_the_ones_i_lead_and_my_teams_cases_are_the_whole_team(
    client, caseworker, team, other_team
):
    colleague = UserFactory(role=CASEWORKER, teams=[team])
    mine(team, caseworker, "Mine")
    mine(team, colleague, "Colleagues")
    mine(other_team, None, "Elsewhere")
    assert names(get(client, caseworker)) == ["Mine, A"]
    assert sorted(names(get(client, caseworker, scope="team"))) == ["Colleagues, A", "Mine, A"]
    # "All" is not a caseworker's to choose: it falls back to their own cases.
    assert names(get(client, caseworker, scope="all")) == ["Mine, A"]


def test_head_of_service_holds_no_cases_so_sees_all_by_default(
    client, head_of_service, team, other_team, caseworker
):
    mine(team, caseworker, "North")
    mine(other_team, None, "South")
    response = get(client, head_of_service)
    assert sorted(names(response)) == ["North, A", "South, A"]
    body = response.content.decode()
    assert "My cases" not in body
    assert 'aria-current="page">All</a>' in body


def test_an_outsider_never_sees_another_teams_child_whatever_they_ask_for(
    client, outsider, child, caseworker, team
):
    attempts = [
        {},
        {"scope": "team"},
        {"scope": "all"},
        {"scope": "team", "caseworker": caseworker.pk},
        {"scope": "team", "team": team.pk},
    ]
    for params in attempts:
        response = get(client, outsider, **params)
        assert child.get_absolute_url() not in response.content.decode(), params
    body = get(client, outsider, scope="team", team=team.pk).content.decode()
    assert "Choose a team from the list" in body
    body = get(client, outsider, scope="team", caseworker=caseworker.pk).content.decode()
    assert "Choose a caseworker from the list" in body


def test_the_filter_offers_only_the_users_own_teams_and_their_people(
    client, caseworker, outsider, team, other_team
):
    body = get(client, caseworker, scope="team").content.decode()
    assert f'<option value="{team.pk}">North team</option>' in body
    assert "South team" not in body
    assert str(outsider) not in body


# --- Filters -------------------------------------------------------------------------------


@pytest.fixture
def north(team, caseworker):
    """A team's cases with one feature each, so each filter picks out exactly one or two."""
    colleague = UserFactory(role=CASEWORKER, teams=[team], first_name="Col", last_name="League")
    children = {
        "plain": mine(team, caseworker, "Plain", primary_need=Need.SLCN),
        "colleague": mine(team, colleague, "Colleague", primary_need=Need.SLCN),
        "assessing": mine(team, caseworker, "Assessing", primary_need=Need.SLCN),
        "statement": mine(team, caseworker, "Statement", primary_need=Need.SLCN),
        "semh": mine(team, caseworker, "Semh", primary_need=Need.SEMH),
        "soon": mine(team, caseworker, "Soon", primary_need=Need.SLCN),
        "later": mine(team, caseworker, "Later", primary_need=Need.SLCN),
        "overdue": mine(team, caseworker, "Overdue", primary_need=Need.SLCN),
        "excepted": mine(team, caseworker, "Excepted", primary_need=Need.SLCN),
    }
    # The current stage is the most recent *open* request's: a newer issued one does not count.
    add_request(children["assessing"], stage=Stage.ASSESSING, received_on=date(2024, 1, 1))
    add_request(children["assessing"], stage=Stage.ISSUED, received_on=date(2024, 3, 1))
    add_request(children["plain"], stage=Stage.ISSUED, received_on=date(2024, 3, 1))
    add_request(children["statement"], regime=Regime.STATEMENT)
    add_deadline(children["soon"], TODAY + timedelta(days=5))
    add_deadline(children["later"], TODAY + timedelta(days=20))
    add_deadline(children["overdue"], TODAY - timedelta(days=1))
    # Done, or excepted, deadlines are not overdue however old.
    add_deadline(children["plain"], TODAY - timedelta(days=30), completed_on=TODAY)
    add_deadline(children["plain"], TODAY - timedelta(days=30), exempt=True)
    excepted = add_request(children["excepted"])
    TimeLimitExceptionFactory(
        request=excepted,
        step=TimeLimitException.Step.DECISION_TO_ASSESS,
        reason=TimeLimitException.Reason.ABSENCE,
        starts_on=date(2024, 5, 10),
        note="Family abroad",
    )
    children["colleague_user"] = colleague
    return children


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stage": Stage.ASSESSING}, {"Assessing"}),
        ({"stage": Stage.DECIDING}, {"Statement", "Excepted"}),
        ({"regime": Regime.STATEMENT}, {"Statement"}),
        ({"regime": Regime.EHCP}, {"Assessing", "Excepted"}),
        ({"need": Need.SEMH}, {"Semh"}),
        ({"due_within": "7"}, {"Soon"}),
        ({"due_within": "28"}, {"Soon", "Later"}),
        ({"overdue": "on"}, {"Overdue"}),
        ({"has_exception": "on"}, {"Excepted"}),
        ({"need": Need.SLCN, "due_within": "28"}, {"Soon", "Later"}),
    ],
)
def test_each_filter_narrows_the_list(client, caseworker, north, params, expected):
    assert {name.split(",")[0] for name in names(get(client, caseworker, **params))} == expected


def test_caseworker_and_team_filters(client, caseworker, north, head_of_service, team, other_team):
    colleague = north["colleague_user"]
    assert names(get(client, caseworker, scope="team", caseworker=colleague.pk)) == ["Colleague, A"]
    mine(other_team, None, "Southern")
    assert names(get(client, head_of_service, team=other_team.pk)) == ["Southern, A"]
    assert len(names(get(client, head_of_service, team=team.pk))) == 9


def test_selected_filters_show_as_tags_that_remove_themselves(client, caseworker, north):
    body = get(client, caseworker, need=Need.SLCN, overdue="on", sort="name").content.decode()
    assert "Selected filters" in body
    assert "Speech, language and communication needs</a>" in body
    # Removing the need filter keeps the other filter and the sort.
    assert 'href="?overdue=on&amp;sort=name"' in body
    assert 'href="?sort=name">Clear filters</a>' in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"stage": "nonsense"}, "Choose a stage from the list"),
        ({"due_within": "5"}, "Choose a number of days from the list"),
        ({"need": "XYZ"}, "Choose a primary need from the list"),
        ({"scope": "team", "caseworker": "x"}, "Choose a caseworker from the list"),
        ({"scope": "team", "caseworker": "999999"}, "Choose a caseworker from the list"),
    ],
)
def test_a_bad_filter_value_is_explained_not_a_server_error(
    client, caseworker, child, params, message
):
    response = get(client, caseworker, **params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem with the filters" in body
    assert message in body
    # The rest of the list still shows, and the download is withheld until it is fixed.
    assert child.get_absolute_url() in body
    assert "Download as CSV" not in body


def test_nonsense_page_and_sort_fall_back_to_the_defaults(client, caseworker, child):
    assert names(get(client, caseworker, page="abc", sort="shoe size")) == ["Stone, Amelia"]


# --- Columns and sorting -------------------------------------------------------------------


def test_next_deadline_is_the_earliest_open_one_with_a_coloured_status(client, caseworker, team):
    overdue = mine(team, caseworker, "Overdue")
    add_deadline(overdue, TODAY - timedelta(days=3), label="Decide whether to assess")
    add_deadline(overdue, TODAY - timedelta(days=9), label="Done already", completed_on=TODAY)
    add_deadline(overdue, TODAY + timedelta(days=40), label="Issue the final EHC plan")
    today = mine(team, caseworker, "Today")
    add_deadline(today, TODAY, label="Health advice")
    later = mine(team, caseworker, "Later")
    add_deadline(later, TODAY + timedelta(days=60), label="Issue the final EHC plan")
    add_deadline(later, TODAY - timedelta(days=60), label="Excepted", exempt=True)
    body = get(client, caseworker).content.decode()
    assert "Decide whether to assess<br>" in body
    assert "Done already" not in body and "Excepted" not in body
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in body
    assert '<strong class="govuk-tag govuk-tag--orange">Due today</strong>' in body
    assert '<strong class="govuk-tag govuk-tag--blue">On track</strong>' in body
    assert "28 June 2024" in body


@pytest.fixture
def three(team, caseworker):
    none = mine(team, caseworker, "Adams", date_of_birth=date(2012, 1, 1))
    soon = mine(team, caseworker, "Cole", date_of_birth=date(2010, 1, 1))
    later = mine(team, caseworker, "Baker", date_of_birth=date(2015, 1, 1))
    add_deadline(soon, TODAY + timedelta(days=2))
    add_deadline(later, TODAY + timedelta(days=30))
    return none, soon, later


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, ["Cole", "Baker", "Adams"]),  # by next deadline; none open last
        ("-deadline", ["Baker", "Cole", "Adams"]),  # still none open last
        ("name", ["Adams", "Baker", "Cole"]),
        ("-name", ["Cole", "Baker", "Adams"]),
        ("dob", ["Cole", "Adams", "Baker"]),
        ("-dob", ["Baker", "Adams", "Cole"]),
    ],
)
def test_sort_orders(client, caseworker, three, sort, expected):
    params = {"sort": sort} if sort else {}
    assert [n.split(",")[0] for n in names(get(client, caseworker, **params))] == expected


def test_sorted_header_says_so_and_its_link_reverses_it(client, caseworker, three):
    def header(aria_sort, href, text):
        link = f'<a class="govuk-link govuk-link--no-visited-state" href="{href}">{text}</a>'
        return f'aria-sort="{aria_sort}">{link}'

    body = get(client, caseworker, sort="name", need=Need.ASD).content.decode()
    assert header("ascending", "?sort=-name&amp;need=ASD", "Name and UPN") in body
    assert header("none", "?sort=deadline&amp;need=ASD", "Next deadline") in body
    body = get(client, caseworker).content.decode()
    assert header("ascending", "?sort=-deadline", "Next deadline") in body
    body = get(client, caseworker, sort="-deadline").content.decode()
    assert header("descending", "?sort=deadline", "Next deadline") in body


def test_pages_of_fifty_keep_the_filters_and_sort(client, caseworker, team):
    for n in range(120):
        mine(team, caseworker, f"Child{n:03d}", primary_need=Need.ASD)
    mine(team, caseworker, "Other", primary_need=Need.SEMH)
    first = get(client, caseworker, need=Need.ASD, sort="name")
    assert len(names(first)) == 50
    body = first.content.decode()
    assert 'href="?need=ASD&amp;sort=name&amp;page=2" rel="next"' in body
    assert 'aria-label="Page 3"' in body
    last = get(client, caseworker, need=Need.ASD, sort="name", page=3)
    assert names(last) == [f"Child{n:03d}, A" for n in range(100, 120)]
    assert "121 children" not in body and "120 children" in body


# --- CSV -----------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_is_the_whole_filtered_sorted_list(client, caseworker, three, team):
    for n in range(60):
        mine(team, caseworker, f"Extra{n:02d}", primary_need=Need.SEMH)
    client.force_login(caseworker)
    response = client.get(reverse("cases:caseload_csv"), {"need": Need.ASD})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["Name", "Date of birth", "UPN"]
    assert [row[0] for row in rows[1:]] == ["Cole, A", "Baker, A", "Adams, A"]
    assert rows[1][5:8] == ["Decide whether to assess", "2024-07-03", "Due soon"]
    everything = csv_rows(client.get(reverse("cases:caseload_csv"), {"sort": "name"}))
    assert len(everything) == 1 + 63


def test_csv_cells_cannot_run_as_formulas(client, caseworker, team):
    ChildFactory(team=team, lead_caseworker=caseworker, first_name="=HYPERLINK(1)", last_name="+x")
    ChildFactory(team=team, lead_caseworker=caseworker, first_name="A", last_name="@SUM(A1)")
    ChildFactory(team=team, lead_caseworker=caseworker, first_name="B", last_name="-2+3")
    client.force_login(caseworker)
    rows = csv_rows(client.get(reverse("cases:caseload_csv"), {"sort": "name"}))
    assert sorted(row[0] for row in rows[1:]) == ["'+x, =HYPERLINK(1)", "'-2+3, B", "'@SUM(A1), A"]


def test_csv_with_a_bad_filter_is_refused_rather_than_unfiltered(client, caseworker, child):
    client.force_login(caseworker)
    response = client.get(reverse("cases:caseload_csv"), {"stage": "nonsense"})
    assert response.status_code == 400
    assert "Choose a stage from the list" in response.content.decode()


def test_csv_keeps_to_the_users_teams(client, outsider, child):
    client.force_login(outsider)
    rows = csv_rows(client.get(reverse("cases:caseload_csv"), {"scope": "team"}))
    assert rows[1:] == []


# --- Reassign, empty states ----------------------------------------------------------------


def _reassign_exists() -> bool:
    try:
        reverse("cases:reassign")
    except NoReverseMatch:
        return False
    return True


def test_checkboxes_for_reassigning_only_for_those_who_may_change_a_child(
    client, caseworker, head_of_service, child
):
    body = get(client, head_of_service).content.decode()
    assert 'name="child"' not in body and "Reassign selected" not in body
    body = get(client, caseworker).content.decode()
    if _reassign_exists():
        assert f'name="child" type="checkbox" value="{child.pk}"' in body
        assert "Reassign selected" in body
    else:  # the page must work before the reassign view exists
        assert 'name="child"' not in body


def test_empty_states(client, caseworker, team_manager, head_of_service, child):
    body = get(client, team_manager).content.decode()
    assert "You are not the lead caseworker for any child yet" in body
    body = get(client, caseworker, need=Need.VI).content.decode()
    assert "No cases match these filters" in body
    assert "clear all the filters</a>" in body
    client.force_login(UserFactory(role=CASEWORKER, teams=[]))
    assert (
        "Your teams hold no cases yet"
        in client.get(reverse("cases:caseload"), {"scope": "team"}).content.decode()
    )


# --- Bounded queries -----------------------------------------------------------------------


def _council(size, team, caseworker):
    for n in range(size):
        child = mine(team, caseworker, f"Child{n:04d}")
        request = add_request(child, stage=Stage.ASSESSING)
        add_deadline(child, TODAY + timedelta(days=n % 40 - 10))
        if n % 3 == 0:
            TimeLimitExceptionFactory(
                request=request,
                step=TimeLimitException.Step.FINAL_PLAN,
                reason=TimeLimitException.Reason.ABSENCE,
                starts_on=TODAY,
                note="Away",
            )


@pytest.mark.parametrize("size", [10, 200])
def test_queries_do_not_grow_with_the_caseload(
    client, caseworker, team, size, django_assert_max_num_queries
):
    _council(size, team, caseworker)
    client.force_login(caseworker)
    url = reverse("cases:caseload")
    params = {"scope": "team", "stage": Stage.ASSESSING, "has_exception": "on", "sort": "name"}
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(url, params).status_code == 200
    with django_assert_max_num_queries(13):
        response = client.get(reverse("cases:caseload_csv"), {"scope": "team"})
        assert len(csv_rows(response)) == size + 1
    with django_assert_max_num_queries(13):
        assert client.get(reverse("cases:children"), {"q": "Child"}).status_code == 200
