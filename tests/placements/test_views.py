"""The pages: GOV.UK forms that keep what was typed, the tab, the panel and the directory."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import RecordView
from core.public_ids import encode
from placements.models import CostLine, PersonalBudget, Placement, Setting
from tests.factories import ChildFactory, CostLineFactory, PlacementFactory, SettingFactory

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_the_tab_is_on_the_record_after_plans(client, caseworker, child):
    client.force_login(caseworker)
    response = client.get(reverse("cases:child", args=[child.pk]))
    labels = [tab["label"] for tab in response.context["child_tabs"]]
    assert "Placements" in labels
    if "Plans" in labels:
        assert labels.index("Placements") == labels.index("Plans") + 1


def test_the_overview_panel_shows_the_current_placement_and_this_years_cost(
    client, caseworker, child, placement
):
    from placements.years import financial_year_of

    CostLineFactory(
        placement=placement,
        financial_year=financial_year_of(date.today()),
        kind="top_up",
        funding_source="education",
        amount=Decimal("12345"),
    )
    client.force_login(caseworker)
    body = client.get(reverse("cases:child", args=[child.pk])).content.decode()
    assert 'data-testid="placements-panel"' in body
    assert "Riverside Primary School" in body
    assert "£12,345.00" in body


def test_the_placements_tab_lists_history_current_first(client, caseworker, child, school, special):
    old = PlacementFactory(
        child=child, setting=school, entry_on=date(2019, 9, 1), leaving_on=date(2022, 7, 20)
    )
    now = PlacementFactory(child=child, setting=special, entry_on=date(2022, 9, 1))
    client.force_login(caseworker)
    response = client.get(reverse("placements:placements", args=[child.pk]))
    assert [p.pk for p in response.context["placements"]] == [now.pk, old.pk]
    body = response.content.decode()
    assert body.index("Oakfield Special School") < body.index("Riverside Primary School")
    assert "Add a placement" in body
    assert RecordView.objects.filter(child=child, user=caseworker).exists()


def test_heads_of_service_read_without_the_buttons(client, head_of_service, child, placement):
    client.force_login(head_of_service)
    body = client.get(reverse("placements:placements", args=[child.pk])).content.decode()
    assert "Riverside Primary School" in body
    assert "Add a placement" not in body
    body = client.get(reverse("placements:placement", args=[child.pk, placement.pk])).content
    assert b"Add a cost" not in body


def test_adding_a_placement_through_the_form(client, caseworker, child, school, plan):
    client.force_login(caseworker)
    url = reverse("placements:placement_new", args=[child.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "setting": school.pk,
            "plan": plan.pk,
            **_date("entry_on", date(2024, 9, 2)),
            "rank": "1",
            "residential": "",
            "work_based_pathway": "",
            "named_in_section_i": "on",
        },
    )
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response.url == placement.get_absolute_url()
    assert placement.named_in_section_i and placement.plan == plan
    assert placement.entry_on == date(2024, 9, 2)


def test_a_refused_placement_keeps_what_was_typed(client, caseworker, child, school):
    client.force_login(caseworker)
    response = client.post(
        reverse("placements:placement_new", args=[child.pk]),
        {
            "setting": school.pk,
            **_date("entry_on", date(2024, 9, 2)),
            **_date("leaving_on", date(2024, 8, 1)),
            "rank": "1",
            "requested_by_family": "on",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "The leaving date must be the same as or after the entry date" in body
    assert f'<option value="{school.pk}" selected>' in body
    assert response.context["form"]["requested_by_family"].value() is True
    assert response.context["form"]["entry_on"].value() == ["2", "9", "2024"]
    assert not Placement.objects.exists()


def test_an_empty_placement_form_says_what_is_missing(client, caseworker, child):
    client.force_login(caseworker)
    body = client.post(reverse("placements:placement_new", args=[child.pk]), {}).content.decode()
    assert "Choose the setting" in body
    assert "Enter the entry date" in body


def test_editing_ending_and_removing_a_placement(client, caseworker, child, placement):
    client.force_login(caseworker)
    edit = reverse("placements:placement_edit", args=[child.pk, placement.pk])
    form = client.get(edit).context["form"]
    assert form.initial["setting"] == placement.setting_id
    end = reverse("placements:placement_end", args=[child.pk, placement.pk])
    response = client.post(end, _date("leaving_on", date(2025, 7, 18)))
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.leaving_on == date(2025, 7, 18)
    remove = reverse("placements:placement_delete", args=[child.pk, placement.pk])
    page = client.get(remove)
    assert b"Yes, remove the placement" in page.content
    assert Placement.objects.exists()  # asking deletes nothing
    assert client.post(remove).status_code == 302
    assert not Placement.objects.exists()


def test_another_childs_placement_is_not_found(client, caseworker, child, placement):
    other = ChildFactory(team=child.team)
    client.force_login(caseworker)
    url = reverse("placements:placement", args=[other.pk, placement.pk])
    assert client.get(url).status_code == 404


def test_cost_lines_through_the_forms(client, caseworker, child, placement):
    client.force_login(caseworker)
    url = reverse("placements:cost_new", args=[child.pk, placement.pk])
    assert client.get(url).status_code == 200
    typed = {
        "financial_year": "2024",
        "kind": "top_up",
        "funding_source": "education",
        "amount": "12.345",
        "note": "Autumn",
    }
    response = client.post(url, typed)
    body = response.content.decode()
    assert "Enter the amount to the nearest penny" in body
    assert 'value="12.345"' in body and 'value="Autumn"' in body
    response = client.post(url, {**typed, "amount": "-4"})
    assert "Enter an amount more than £0" in response.content.decode()
    response = client.post(url, {**typed, "amount": "4500.50"})
    assert response.status_code == 302
    line = CostLine.objects.get()
    assert line.amount == Decimal("4500.50")
    page = client.get(placement.get_absolute_url()).content.decode()
    assert "£4,500.50" in page and "2024-25" in page
    edit = reverse("placements:cost_edit", args=[child.pk, placement.pk, line.pk])
    client.post(edit, {**typed, "amount": "100", "version": line.version})
    line.refresh_from_db()
    assert line.amount == Decimal("100.00")
    delete = reverse("placements:cost_delete", args=[child.pk, placement.pk, line.pk])
    assert client.get(delete).status_code == 200
    client.post(delete)
    assert not CostLine.objects.exists()


def test_personal_budgets_through_the_forms(client, caseworker, child, plan):
    client.force_login(caseworker)
    url = reverse("placements:budget_new", args=[child.pk])
    link = f'href="{url}?plan={encode(plan.pk)}"'  # the tab's link names the plan by public id
    assert link in client.get(reverse("placements:placements", args=[child.pk])).content.decode()
    assert client.get(url + f"?plan={encode(plan.pk)}").context["form"].initial["plan"] == plan.pk
    for walked in (str(plan.pk), "²", "9" * 30):  # a number is not a plan in a URL
        answer = client.get(url + f"?plan={walked}")
        assert answer.status_code == 200
        assert "plan" not in answer.context["form"].initial
    response = client.post(
        url,
        {
            "plan": plan.pk,
            "kind": "I",
            "direct_payment": "on",
            "annual_amount": "2400",
            **_date("start_on", date(2024, 9, 1)),
            **_date("end_on", date(2024, 1, 1)),
        },
    )
    assert "The end date must be the same as or after the start date" in response.content.decode()
    response = client.post(
        url,
        {
            "plan": plan.pk,
            "kind": "I",
            "direct_payment": "on",
            "annual_amount": "2400",
            **_date("start_on", date(2024, 9, 1)),
        },
    )
    assert response.status_code == 302
    budget = PersonalBudget.objects.get()
    body = client.get(reverse("placements:placements", args=[child.pk])).content.decode()
    assert "£2,400.00 a year, as a direct payment" in body
    delete = reverse("placements:budget_delete", args=[child.pk, budget.pk])
    client.post(delete)
    assert not PersonalBudget.objects.exists()


# --- the directory -------------------------------------------------------------------------


def test_the_directory_searches_and_filters(client, caseworker):
    SettingFactory(name="Brook Primary", urn="111111")
    SettingFactory(name="Brook High", urn="111112", setting_type="academy")
    SettingFactory(
        name="Far House",
        urn="111113",
        setting_type="independent_special",
        la_code="201",
        in_area=False,
    )
    client.force_login(caseworker)
    url = reverse("placements:settings")

    def names(**params):
        page = client.get(url, params).context["page"]
        return [s.name for s in page.object_list]

    assert names() == ["Brook High", "Brook Primary", "Far House"]
    assert names(q="brook") == ["Brook High", "Brook Primary"]
    assert names(q="111113") == ["Far House"]
    assert names(type="academy") == ["Brook High"]
    assert names(area="out") == ["Far House"]
    assert names(area="in", q="primary") == ["Brook Primary"]
    body = client.get(url, {"q": "nothing like it"}).content.decode()
    assert "No settings match these filters" in body


def test_the_directory_pages(client, caseworker):
    for n in range(30):
        SettingFactory(name=f"School {n:02d}", urn=str(300000 + n))
    client.force_login(caseworker)
    first = client.get(reverse("placements:settings"))
    assert len(first.context["page"].object_list) == 25
    assert "govuk-pagination" in first.content.decode()
    second = client.get(reverse("placements:settings"), {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert b"Add a setting" not in first.content  # caseworkers read only


def test_an_empty_directory(client, administrator):
    client.force_login(administrator)
    body = client.get(reverse("placements:settings")).content.decode()
    assert "The directory is empty" in body
    assert "Add a setting" in body


def test_adding_and_changing_a_setting(client, team_manager, settings):
    settings.LA_CODE = "999"
    client.force_login(team_manager)
    url = reverse("placements:setting_new")
    typed = {
        "name": "Moor School",
        "setting_type": "academy",
        "urn": "12",
        "la_code": "999",
        "is_open": "yes",
        "phase": "",
        "ukprn": "",
    }
    body = client.post(url, typed).content.decode()
    assert "A URN must be 6 digits, like 123456" in body
    assert 'value="Moor School"' in body
    response = client.post(url, {**typed, "urn": "123456"})
    setting = Setting.objects.get()
    assert response.url == setting.get_absolute_url()
    assert setting.in_area
    edit = reverse("placements:setting_edit", args=[setting.pk])
    assert client.get(edit).context["form"].initial["is_open"] == "yes"
    client.post(
        edit,
        {**typed, "urn": "123456", "la_code": "201", "is_open": "no", "version": setting.version},
    )
    setting.refresh_from_db()
    assert (setting.in_area, setting.is_open) == (False, False)


def test_a_setting_shows_only_the_children_the_viewer_may_see(
    client, caseworker, head_of_service, administrator, child, school, other_team
):
    PlacementFactory(child=child, setting=school, entry_on=date(2023, 9, 1))
    elsewhere = ChildFactory(team=other_team, first_name="Zed", last_name="Other")
    PlacementFactory(child=elsewhere, setting=school, entry_on=date(2023, 9, 1))
    gone = ChildFactory(team=child.team, first_name="Gone", last_name="Away")
    PlacementFactory(
        child=gone, setting=school, entry_on=date(2020, 9, 1), leaving_on=date(2023, 7, 1)
    )
    url = reverse("placements:setting", args=[school.pk])

    client.force_login(caseworker)
    response = client.get(url)
    assert [p.child for p in response.context["placed"]] == [child]
    assert response.context["others"] == 1
    body = response.content.decode()
    assert "Amelia Stone" in body and "Zed Other" not in body and "Gone Away" not in body
    assert "And 1 other child held by other teams" in body

    client.force_login(head_of_service)
    response = client.get(url)
    assert len(response.context["placed"]) == 2 and response.context["others"] == 0

    client.force_login(administrator)
    response = client.get(url)
    assert response.context["placed"] == [] and response.context["others"] == 2
    assert "Amelia" not in response.content.decode()
