"""Every upload goes through one check (core.uploads): present, not empty, within its size
limit, named as the page accepts, with first bytes that agree with the name. Each page's refusal
says what it accepts, and a refused file is never parsed and writes nothing. A NUL anywhere in a
request (a field, a query, a file name) is refused once, for every page, by
send_portal.null_characters."""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cases.services.documents import DOCUMENT_UPLOAD
from core.uploads import UploadRule, check_upload
from placements.services.importing import CSV_UPLOAD, MAX_IMPORT_BYTES
from reporting.sen2.importing import MAX_BYTES as SEN2_MAX_BYTES
from reporting.sen2.importing import SEN2_UPLOAD

from ..accounts.otp_helpers import VerifyingClient
from .conftest import HOSTILE, TALLY, changed_tables, check_answer, rolled_back, row_counts
from .strategies import NUL

pytestmark = pytest.mark.django_db

VALID_CSV_ROW = b"urn,name,type,la_code\n100123,Riverside Primary School,academy,999\n"


def _pages(child):
    """Each upload page: (url, user, a good file name, the rule, extra form fields)."""
    return {
        "document": (
            reverse("cases:document_new", args=[child.pk]),
            "team_manager",
            "report.pdf",
            DOCUMENT_UPLOAD,
            {"kind": "advice", "title": "EP report"},
        ),
        "settings CSV": (
            reverse("placements:settings_import"),
            "team_manager",
            "settings.csv",
            CSV_UPLOAD,
            {},
        ),
        **{
            f"{kind} CSV": (
                reverse("reference:import", args=[kind]),
                "head_of_service",
                f"{kind}.csv",
                CSV_UPLOAD,
                {},
            )
            for kind in ("population", "comparators", "targets")
        },
        "SEN2 XML": (reverse("sen2:import"), "head_of_service", "return.xml", SEN2_UPLOAD, {}),
    }


PAGES = ["document", "settings CSV", "population CSV", "comparators CSV", "targets CSV", "SEN2 XML"]


def _post(client, url, fields, name, data):
    body = dict(fields)
    if name is not None:
        body["file"] = SimpleUploadedFile(name, data)
    return client.post(url, body)


def _refusal(response, before, label) -> str:
    check_answer(response, before, label=label)
    assert response.status_code in (200, 400), f"{label}: accepted"
    assert not changed_tables(before, row_counts())
    return response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_each_upload_is_checked_for_presence_size_name_and_content(request, child, media, page):
    url, user, good_name, rule, fields = _pages(child)[page]
    client = VerifyingClient()
    client.force_login(request.getfixturevalue(user))
    stem = good_name.rsplit(".", 1)[0]
    oversized = (
        b"<" + b"a" * rule.max_bytes
        if rule is SEN2_UPLOAD
        else VALID_CSV_ROW.ljust(rule.max_bytes + 1, b"\n")
    )
    attempts = {
        "no file": (None, b"", rule.missing),
        "an empty file": (good_name, b"", "is empty"),
        # Just over the limit; for the CSV pages a good file, to show it is refused unread.
        "one byte over the limit": (good_name, oversized, f"{rule.limit_text} or smaller"),
        "a program": (f"{stem}.exe", b"MZ\x90\x00", f"must be {rule.what}"),
        "no extension": (stem, b"%PDF-1.4", f"must be {rule.what}"),
        "binary under the right name": (good_name, b"\x00\x01\x02\xff" * 50, "is not a real"),
    }
    for what, (name, data, message) in attempts.items():
        before = row_counts()
        body = _refusal(_post(client, url, fields, name, data), before, f"{page}: {what}")
        assert message.replace("'", "&#x27;") in body, f"{page}: {what}: no '{message}'"


@pytest.mark.parametrize("page", PAGES)
def test_a_null_character_in_a_field_is_refused_and_one_in_a_file_name_dropped(
    request, child, media, page
):
    url, user, good_name, _, fields = _pages(child)[page]
    client = VerifyingClient()
    client.force_login(request.getfixturevalue(user))
    before = row_counts()
    response = _post(client, url, {**fields, "title": f"EP{NUL}"}, good_name, VALID_CSV_ROW)
    body = _refusal(response, before, f"{page}: NUL in a field")
    assert response.status_code == 400 and "null" in body
    # Django's upload parser drops unprintable characters from file names (the name becomes
    # "ab.csv"): whatever the page then decides, nothing breaks and no NUL is kept.
    with rolled_back():
        before = row_counts()
        response = _post(client, url, fields, f"a{NUL}b.{good_name.rsplit('.')[-1]}", b"x")
        check_answer(response, before, label=f"{page}: NUL in a file name")


def test_a_null_character_in_a_search_is_refused_not_a_server_error(client, team_manager):
    client.force_login(team_manager)
    TALLY["tried"] += 1
    response = client.get(reverse("cases:children"), {"q": f"Stone{NUL}"})
    assert response.status_code == 400
    TALLY["refused"] += 1


def test_the_admin_refuses_a_null_character_too(client, administrator):
    client.force_login(administrator)
    before = row_counts()
    response = client.post(reverse("admin:accounts_team_add"), {"name": f"East{NUL}"})
    TALLY["tried"] += 1
    assert response.status_code == 400 and not changed_tables(before, row_counts())
    TALLY["refused"] += 1


# --- the rule itself ----------------------------------------------------------------------------

RULES = {"document": DOCUMENT_UPLOAD, "CSV": CSV_UPLOAD, "SEN2 XML": SEN2_UPLOAD}


@pytest.mark.parametrize("rule_name", list(RULES))
def test_the_rule_accepts_only_what_it_says_whatever_the_name_and_bytes(rule_name):
    rule: UploadRule = RULES[rule_name]

    @hypothesis_settings(HOSTILE, max_examples=HOSTILE.max_examples * 2)
    @given(
        name=st.one_of(st.text(max_size=40), st.sampled_from([".csv", "a.CSV", "a.xml.exe"])),
        data=st.binary(max_size=500),
    )
    def attempt(name, data):
        try:
            upload = SimpleUploadedFile(name, data)
        except SuspiciousFileOperation:
            assume(False)  # no name left once folders are removed: Django never uploads that
        TALLY["tried"] += 1
        try:
            file_type = check_upload(upload, rule)
        except ValidationError as error:
            TALLY["refused"] += 1
            assert error.messages and all(m.strip() for m in error.messages)
        else:
            TALLY["accepted"] += 1
            assert name.lower().endswith(tuple(rule.types)) and data
            assert file_type in rule.types.values()

    attempt()


def test_the_limits_are_the_ones_the_pages_state():
    assert CSV_UPLOAD.max_bytes == MAX_IMPORT_BYTES == 2 * 1024 * 1024
    assert SEN2_UPLOAD.max_bytes == SEN2_MAX_BYTES
    assert CSV_UPLOAD.requirement == "The file must be a CSV file (.csv), 2 MB or smaller"
