"""Issue 19: backup codes can be downloaded or printed from the page that shows them once."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from accounts import two_factor

pytestmark = pytest.mark.django_db


def test_new_backup_codes_come_with_a_download_and_a_print_button(client, team_manager):
    client.force_login(team_manager)  # the client fixture verifies the second step too
    two_factor.issue_backup_codes(team_manager)
    page = client.post(reverse("backup_codes"))
    body = page.content.decode()
    codes = page.context["codes"]
    text = unquote(page.context["codes_file"].split(",", 1)[1])
    assert page.context["codes_file"].startswith("data:text/plain;charset=utf-8,")
    assert len(codes) == 10 and all(code in text for code in codes)
    assert 'download="' in body and "Download the codes" in body
    assert "data-print" in body and "Print the codes" in body
