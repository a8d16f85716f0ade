from pathlib import Path

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from cases.models import Child

from .conftest import MOCKUP

pytestmark = pytest.mark.django_db
URLS = [
    ("get", "sen2:check"),
    ("get", "sen2:download"),
    ("get", "sen2:import"),
    ("post", "sen2:import_confirm"),
]


@pytest.mark.parametrize(("method", "name"), URLS)
def test_anonymous_is_sent_to_log_in(client, method, name):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# A team manager reads the checks page for their own teams (test_access), never the file; an
# administrator reads neither (issue 17: they manage accounts, not children's records).
REFUSED = [
    (role, method, name) for role in ("caseworker", "administrator") for method, name in URLS
] + [("team_manager", method, name) for method, name in URLS if name != "sen2:check"]


@pytest.mark.parametrize(("role", "method", "name"), REFUSED)
def test_caseworkers_team_managers_and_administrators_may_not(client, request, role, method, name):
    client.force_login(request.getfixturevalue(role))
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 403
    if name == "sen2:check":
        assert b"Only a team manager or a head of service can read" in response.content
    else:
        assert b"Only a head of service can produce the SEN2 return" in response.content


def test_a_head_of_service_sees_the_check_page(client, head_of_service, council):
    client.force_login(head_of_service)
    response = client.get(reverse("sen2:check"), {"day": "18", "month": "1", "year": "2024"})
    assert response.status_code == 200
    assert response.context["counts"] == {"persons": 5, "requests": 3, "plans": 3}
    assert response.context["errors"] == []
    assert b"Download the SEN2 file" in response.content


def test_default_reference_date_is_this_years_census_day(client, head_of_service):
    from django.utils import timezone

    from reporting.kpis.base import census_day

    client.force_login(head_of_service)
    response = client.get(reverse("sen2:check"))
    assert response.context["reference_date"] == census_day(timezone.localdate().year)
    bad = client.get(reverse("sen2:check"), {"day": "31", "month": "2", "year": "2024"})
    assert bad.context["date_error"]


def test_download_is_valid_and_named_without_personal_data(client, head_of_service, council):
    client.force_login(head_of_service)
    response = client.get(reverse("sen2:download"), {"date": "2024-01-18"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="SEN2_999_2024-01-18.xml"')
    assert b"<Surname>New</Surname>" in response.content


def test_errors_block_the_download_unless_for_checking(client, head_of_service, council):
    child = council["new"]
    child.upn = "X123456789875"
    child.save()
    client.force_login(head_of_service)
    page = client.get(reverse("sen2:check"), {"date": "2024-01-18"})
    assert any("check letter" in p.message for p in page.context["errors"])
    assert child.get_absolute_url().encode() in page.content
    assert b"Download anyway, for checking" in page.content
    refused = client.get(reverse("sen2:download"), {"date": "2024-01-18"})
    assert refused.status_code == 302
    anyway = client.get(reverse("sen2:download"), {"date": "2024-01-18", "anyway": "1"})
    assert anyway.status_code == 200


def test_an_invalid_file_is_never_downloaded(client, head_of_service):
    client.force_login(head_of_service)
    page = client.get(reverse("sen2:check"), {"date": "2024-01-18"})
    assert b"disabled" in page.content
    response = client.get(reverse("sen2:download"), {"date": "2024-01-18", "anyway": "1"})
    assert response.status_code == 302


def test_import_preview_then_confirm(client, head_of_service, team):
    client.force_login(head_of_service)
    with open(MOCKUP, "rb") as upload:
        preview = client.post(reverse("sen2:import"), {"file": upload, "team": team.pk})
    assert preview.status_code == 200
    assert preview.context["result"].created["children"] == 2
    assert b"Confirm the import" in preview.content
    assert Child.objects.count() == 0
    done = client.post(reverse("sen2:import_confirm"), follow=True)
    assert b"Imported SEN2-2024-mockup.xml" in done.content
    assert Child.objects.filter(team=team).count() == 2
    again = client.post(reverse("sen2:import_confirm"))
    assert again.status_code == 302 and Child.objects.count() == 2


def test_import_shows_every_problem(client, head_of_service, tmp_path):
    client.force_login(head_of_service)
    bad = tmp_path / "bad.xml"
    bad.write_text(
        Path(MOCKUP).read_text().replace("<Sex>F</Sex>", "<Sex>Q</Sex>").replace("<DMO>Y", "<DMO>Z")
    )
    with open(bad, "rb") as upload:
        response = client.post(reverse("sen2:import"), {"file": upload})
    assert response.status_code == 200
    assert len(response.context["problems"]) == 2
    assert b"Line 121" in response.content
    assert Child.objects.count() == 0
    empty = client.post(reverse("sen2:import"), {})
    assert empty.context["file_error"] == "Choose a SEN2 XML file"
