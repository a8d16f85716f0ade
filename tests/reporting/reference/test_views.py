"""The reference data pages: who may open them, uploads with their errors, targets on screen."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from reporting.models import Comparator, PopulationCount, Target
from reporting.reference import services

pytestmark = pytest.mark.django_db

PAGES = [
    ("reference:index", []),
    ("reference:population", []),
    ("reference:comparators", []),
    ("reference:prevalence", []),
    ("reference:targets", []),
    ("reference:target_new", []),
    ("reference:import", ["population"]),
    ("reference:import", ["comparators"]),
    ("reference:import", ["targets"]),
    ("reference:template", ["population"]),
    ("reference:template", ["comparators"]),
    ("reference:template", ["targets"]),
]
TARGET_PAGES = ["reference:target_edit", "reference:target_delete"]


@pytest.fixture
def target(administrator):
    return services.save_target(
        by=administrator,
        fields={"kpi": "T20", "year": 2025, "value": Decimal("60"), "tolerance": Decimal("5")},
    )


def _urls(target):
    urls = [reverse(name, args=args) for name, args in PAGES]
    return urls + [reverse(name, args=[target.pk]) for name in TARGET_PAGES]


def test_anonymous_visitors_are_sent_to_sign_in(client, target):
    for url in _urls(target):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("role", ["caseworker", "team_manager"])
def test_caseworkers_and_team_managers_are_refused(client, target, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in _urls(target):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("reference:target_delete", args=[target.pk]))
    assert response.status_code == 403
    assert Target.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("role", ["head_of_service", "administrator"])
def test_heads_of_service_and_administrators_may_open_every_page(client, target, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in _urls(target):
        assert client.get(url).status_code == 200, url


def test_an_unknown_kind_is_not_found(client, administrator):
    client.force_login(administrator)
    assert client.get("/reports/reference/people/import/").status_code == 404
    assert client.get("/reports/reference/people/template.csv").status_code == 404


def test_the_template_downloads_as_csv(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("reference:template", args=["comparators"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="comparators-template.csv"' in response["Content-Disposition"]
    assert response.content.decode().startswith("kpi,year,area,area_name,value,source\r\n")


def _upload(client, kind, content: bytes, name="data.csv", **extra):
    return client.post(
        reverse("reference:import", args=[kind]),
        {"file": SimpleUploadedFile(name, content, "text/csv"), **extra},
    )


def test_uploading_stockport_adds_counts_and_comparators(client, head_of_service, stockport_bytes):
    client.force_login(head_of_service)
    page = client.get(reverse("reference:import", args=["population"])).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="record_percentages"' in page and "checked" in page
    response = _upload(
        client, "population", stockport_bytes, name="stockport.csv", record_percentages="on"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reference:population")
    assert PopulationCount.objects.count() == 55
    assert Comparator.objects.filter(kpi="PREV").count() == 55
    assert Comparator.objects.first().source == "Imported from stockport.csv"
    followed = client.get(response["Location"]).content.decode()
    assert (
        "Import finished: 55 added, 0 updated, 0 unchanged; published percentages as PREV"
        " comparators: 55 added" in followed
    )
    table = client.get(reverse("reference:prevalence")).content.decode()
    assert "Stockport" in table and "+0.8" in table and "-1.0" in table
    assert table.count('data-testid="published"') == 3  # Bury 2004, 2005 and Trafford 2002
    index = client.get(reverse("reference:index")).content.decode()
    assert 'data-testid="total-population">55 stored' in index
    assert 'data-testid="year-2005"' in index


def test_an_unticked_box_leaves_the_percentages_out(client, administrator, stockport_bytes):
    client.force_login(administrator)
    assert _upload(client, "population", stockport_bytes).status_code == 302
    assert PopulationCount.objects.count() == 55
    assert not Comparator.objects.exists()


def test_upload_errors_are_listed_with_their_lines_and_nothing_is_imported(client, administrator):
    client.force_login(administrator)
    content = (
        b"kpi,year,area,area_name,value\n"
        b"T20,2024,england,,46.4\n"
        b"T99,2024,england,,1\n"
        b"T20,2024,council,,46.4\n"
    )
    response = _upload(client, "comparators", content)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="import-problems"' in body
    assert "The file was not imported: fix 2 problems" in body
    assert "Line 3: unknown KPI &#x27;T99&#x27;" in body
    assert "Line 4: the area_name is missing (a council needs its name)" in body
    assert not Comparator.objects.exists()


def test_a_file_that_is_not_csv_is_refused(client, administrator):
    client.force_login(administrator)
    response = _upload(client, "targets", b"kpi,year,value\nT20,2025,60\n", name="targets.xlsx")
    assert "The file must be a CSV file (.csv)" in response.content.decode()
    assert not Target.objects.exists()


def test_uploading_targets(client, administrator):
    client.force_login(administrator)
    response = _upload(client, "targets", b"kpi,year,value,tolerance\nT20,2025,60,5\n")
    assert response["Location"] == reverse("reference:targets")
    target = Target.objects.get()
    assert target.history.get().history_user == administrator


# --- targets on screen -----------------------------------------------------------------------


def _target_form(**changes):
    data = {
        "kpi": "AR",
        "year": "2025",
        "value": "85",
        "tolerance": "5",
        "baseline": "",
        "baseline_year": "",
        "note": "",
    }
    data.update(changes)
    return data


def test_adding_a_target(client, head_of_service):
    client.force_login(head_of_service)
    page = client.get(reverse("reference:target_new")).content.decode()
    assert (
        '<option value="PREV">PREV: % of pupils with a statement or EHC plan (%)</option>' in page
    )
    response = client.post(
        reverse("reference:target_new"), _target_form(baseline="70", baseline_year="2024")
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.kpi, target.year, target.value, target.tolerance, target.baseline) == (
        "AR",
        2025,
        Decimal("85.00"),
        Decimal("5.00"),
        Decimal("70.00"),
    )
    assert target.updated_by == head_of_service
    listing = client.get(response["Location"]).content.decode()
    assert "Target saved" in listing
    assert 'data-testid="targets-2025"' in listing and "Annual reviews completed on time" in listing


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"tolerance": "-1"}, "tolerance", "The tolerance must be 0 or more"),
        ({"value": "120"}, "value", "The target is a percentage: 100 at most"),
        ({"kpi": "NOPE"}, "kpi", "Choose a KPI"),
        ({"year": "20255"}, "year", "Enter a year from 1990"),
        ({"value": "lots"}, "value", "Enter the target as a number"),
        ({"baseline_year": "2026"}, "baseline_year", "The baseline year must be the target"),
    ],
)
def test_a_wrong_target_keeps_what_was_typed(client, administrator, changes, field, message):
    client.force_login(administrator)
    data = _target_form(note="Typed by hand", **changes)
    response = client.post(reverse("reference:target_new"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert message in body
    assert f'href="#id_{field}"' in body
    assert "Typed by hand</textarea>" in body
    assert (
        f'value="{data[field]}"' in body
        or f'value="{data[field]}" selected' in body
        or field == "kpi"
    )
    assert not Target.objects.exists()


def test_a_second_target_for_the_same_kpi_and_year_is_refused(client, administrator, target):
    client.force_login(administrator)
    response = client.post(
        reverse("reference:target_new"), _target_form(kpi="T20", value="70", tolerance="2")
    )
    assert response.status_code == 200
    assert "There is already a T20 target for 2025: change that one" in response.content.decode()
    assert 'value="70"' in response.content.decode()
    assert Target.objects.get().value == Decimal("60.00")


def test_changing_a_target_is_kept_in_its_history(client, administrator, head_of_service, target):
    client.force_login(head_of_service)
    url = reverse("reference:target_edit", args=[target.pk])
    page = client.get(url).content.decode()
    assert 'value="60.00"' in page
    wrong = client.post(
        url, _target_form(kpi="T20", value="62", tolerance="-2", version=target.version)
    )
    assert wrong.status_code == 200
    assert 'value="62"' in wrong.content.decode() and 'value="-2"' in wrong.content.decode()
    target.refresh_from_db()
    assert target.value == Decimal("60.00")
    response = client.post(
        url, _target_form(kpi="T20", value="62", tolerance="3", version=target.version)
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.value, target.tolerance, target.updated_by) == (
        Decimal("62.00"),
        Decimal("3.00"),
        head_of_service,
    )
    latest = target.history.first()
    assert latest.history_user == head_of_service
    assert latest.history_change_reason == "Changed on screen: target, tolerance"
    page = client.get(url).content.decode()
    assert page.count('data-testid="history-entry"') == 2
    assert f"by {escape(str(head_of_service))}" in page
    assert f"by {escape(str(administrator))}" in page
    assert "Changed on screen: target, tolerance" in page
    assert '<td class="govuk-table__cell">60.00</td>' in page
    assert '<td class="govuk-table__cell">62.00</td>' in page


def test_deleting_a_target_asks_first(client, administrator, target):
    client.force_login(administrator)
    url = reverse("reference:target_delete", args=[target.pk])
    page = client.get(url).content.decode()
    assert "Are you sure you want to delete the T20 target for 2025?" in page
    assert Target.objects.filter(pk=target.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse("reference:targets")
    assert not Target.objects.exists()
    deleted = Target.history.filter(id=target.pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", administrator)
    assert client.get(reverse("reference:target_edit", args=[target.pk])).status_code == 404
