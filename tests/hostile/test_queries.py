"""Hostile query strings at every URL: what a link or a search box never sends.

Every page of `CASES` (tests/hostile/test_forms.py) is fetched as its user; the GET parameters
it reads are found from the page itself (its GET forms: search, filters, sort, the reference
date; its links back to itself with a query string) plus the names pages commonly read. Each is
then sent hostile values: year 0 and 99999999999 (overflows date()), 0001-01-01, NUL, 20,000
characters, SQL, HTML, NaN and 10^30, superscript digits, lists. Every answer must be a page, a
redirect, or a 400/403/404/405, never a server error.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ..accounts.otp_helpers import VerifyingClient
from .conftest import HOSTILE, TALLY
from .strategies import NASTY_IDS, hostile_number, hostile_text
from .test_forms import CASES

pytestmark = pytest.mark.django_db

# What pages of this kind read, whether or not the page shows a form for it.
COMMON = ("q", "page", "sort", "order", "status", "team", "next", "date", "day", "month", "year")
NASTY_QUERY = [
    "0",
    "-1",
    "0001-01-01",
    "9999-12-31",
    "99999999999",
    "99999999999999999999",
    "2024-02-31",
    "²",
    "\u0661",
    "1e309",
    "NaN",
    "\x00",
    "%00",
    "../../etc/passwd",
    "//evil.example.com",
    "javascript:alert(1)",
]


class _QueryReader(HTMLParser):
    """The parameter names a page's GET forms and its own links carry."""

    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.names: set[str] = set()
        self.in_get_form = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.in_get_form = a.get("method", "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self.in_get_form and a.get("name"):
            self.names.add(a["name"])
        elif tag == "a" and "?" in a.get("href", ""):
            link = urlsplit(a["href"])
            if link.path in ("", self.path):
                self.names |= {name for name, _ in parse_qsl(link.query, keep_blank_values=True)}

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


def query_names(html: str, path: str) -> list[str]:
    reader = _QueryReader(path)
    reader.feed(html)
    return sorted(reader.names | set(COMMON))


def hostile_value() -> st.SearchStrategy:
    one = st.one_of(
        st.sampled_from(NASTY_QUERY), st.sampled_from(NASTY_IDS), hostile_text(60), hostile_number()
    )
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def check_get(response, label: str) -> None:
    TALLY["tried"] += 1
    status = response.status_code
    if status >= 500:
        TALLY["server errors"] += 1
    assert status < 500, f"{label}: server error {status}"
    assert status in (200, 301, 302, 303, 400, 403, 404, 405), f"{label}: unexpected {status}"
    TALLY["refused" if status >= 400 else "shown"] += 1


GROUPS = {
    "project and accounts": [n for n in CASES if ":" not in n],
    "cases": [n for n in CASES if n.startswith("cases:")],
    "plans and placements": [n for n in CASES if n.startswith(("plans:", "placements:"))],
    "reporting and records": [
        n for n in CASES if ":" in n and not n.startswith(("cases:", "plans:", "placements:"))
    ],
}


def _get_case(request, world, name: str) -> None:
    case = CASES[name]
    client = VerifyingClient(raise_request_exception=True)
    user = None if case.user == "anonymous" else request.getfixturevalue(case.user)
    if user is not None:
        client.force_login(user)
    url = case.url(world)
    page = client.get(url)
    readable = page.status_code == 200 and not page.streaming
    names = query_names(page.content.decode(errors="replace") if readable else "", url)

    @hypothesis_settings(HOSTILE, max_examples=max(5, HOSTILE.max_examples // 2))
    @given(query=st.dictionaries(st.sampled_from(names), hostile_value(), min_size=1))
    def attempt(query):
        check_get(client.get(url, query), f"{name} {url}?{query!r}"[:300])

    attempt()
    # Every name at once, with each awkward value: the overflow cases in one request.
    for value in NASTY_QUERY:
        check_get(client.get(url, dict.fromkeys(names, value)), f"{name} all={value!r}")


@pytest.mark.parametrize("group", list(GROUPS))
def test_hostile_query_strings_never_break_a_page(request, world, group):
    failures = {}
    for name in GROUPS[group]:
        try:
            _get_case(request, world, name)
        except Exception as error:  # collected, so one page does not hide the others
            notes = " ".join(getattr(error, "__notes__", []))
            failures[name] = f"{type(error).__name__}: {error} {notes}"[:2000]
    assert not failures, "\n\n".join(f"{name}: {error}" for name, error in failures.items())
