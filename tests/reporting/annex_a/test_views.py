import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse

from reporting.annex_a.columns import HEADER
from reporting.models import AnnexAProduction

from .conftest import DAY, UPN_HOME, UPN_LISTED

pytestmark = pytest.mark.django_db
URL = reverse("annex_a:list1")


@pytest.fixture(autouse=True)
def on_the_day(time_machine):
    # The page lists the plans in force today: the conftest's council is dated for DAY.
    time_machine.move_to(DAY, tick=False)


def _csv(text: str, name="supplement.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("role", ["caseworker", "team_manager", "administrator"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_a_head_of_service_may(client, request, role, method, council):
    client.force_login(request.getfixturevalue(role))
    response = getattr(client, method)(URL, {"format": "csv"} if method == "post" else None)
    assert response.status_code == 403
    assert not AnnexAProduction.objects.exists()


def test_the_page_shows_the_rows_columns_and_blanks(client, head_of_service, council):
    client.force_login(head_of_service)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["row_count"] == 2
    page = response.content.decode()
    assert "Main education establishment \u2013 URN" in page
    assert "Does the child or young person have a disability?" in page


def test_the_reports_page_links_to_it_for_a_head_of_service_only(
    client, head_of_service, team_manager
):
    client.force_login(head_of_service)
    assert URL.encode() in client.get(reverse("reports")).content
    client.force_login(team_manager)
    assert URL.encode() not in client.get(reverse("reports")).content


def test_a_head_of_service_downloads_the_workbook_and_it_is_audited(
    client, head_of_service, council
):
    client.force_login(head_of_service)
    response = client.post(URL, {"format": "xlsx"})
    assert response.status_code == 200
    assert 'filename="annex-a-list-1-2025-03-03.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["List_1"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADER)
    assert {row[1] for row in rows[1:]} == {UPN_LISTED, UPN_HOME}
    audit = AnnexAProduction.objects.get()
    assert audit.produced_by == head_of_service
    assert audit.channel == "page"
    assert audit.file_format == "xlsx"
    assert audit.row_count == 2
    assert len(audit.blank_columns) == 7


def test_a_bad_supplement_is_refused_with_its_lines_and_nothing_produced(
    client, head_of_service, council
):
    client.force_login(head_of_service)
    text = f"UPN,Suspensions\n{UPN_LISTED},many\n"
    response = client.post(URL, {"format": "csv", "supplement": _csv(text)})
    assert response.status_code == 400
    assert (
        "Line 2: Suspensions: &#x27;many&#x27; is not a whole number" in response.content.decode()
    )
    assert not AnnexAProduction.objects.exists()


def test_unknown_upns_are_shown_before_anything_is_produced(client, head_of_service, council):
    client.force_login(head_of_service)
    text = f"UPN,Suspensions\n{UPN_LISTED},1\nA999400100099,2\n"
    response = client.post(URL, {"format": "csv", "supplement": _csv(text)})
    assert response.status_code == 400
    assert "Line 3: UPN A999400100099 is not a child on the list" in response.content.decode()
    assert not AnnexAProduction.objects.exists()
    response = client.post(URL, {"format": "csv", "supplement": _csv(text), "ignore_unknown": "1"})
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert any(line.startswith(f"{council['listed'].pk},{UPN_LISTED},") for line in lines)
    listed = next(line for line in lines if UPN_LISTED in line).split(",")
    assert listed[HEADER.index("Suspensions")] == "1"
    assert AnnexAProduction.objects.get().supplement_rows == 1


def test_a_format_must_be_chosen(client, head_of_service, council):
    client.force_login(head_of_service)
    assert client.post(URL, {"format": "pdf"}).status_code == 400
