"""Every page has exactly one h1, and no two headings (or a caption and a heading) say the same
thing: a screen reader's list of headings is the page's table of contents (issue 19.11).

The pages of a child's record come from tests/cases/test_url_walk.py's list, itself built from
cases.urls, so a page added there is checked here too."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.cases.test_url_walk import record  # noqa: F401  (a fixture: every record URL)

pytestmark = pytest.mark.django_db

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "caption"}


class Headings(HTMLParser):
    """The text of each heading, table caption and GOV.UK caption (the line above an h1)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        # A GOV.UK caption inside a heading ("Overdue (3)") is part of that heading's text.
        if tag in HEADINGS or (tag == "span" and "govuk-caption-" in classes and not self._open):
            self._open.append((tag, []))

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            name, parts = self._open.pop()
            self.found.append((name, " ".join("".join(parts).split())))

    def handle_data(self, data):
        if self._open:
            self._open[-1][1].append(data)


def problems(html: str) -> list[str]:
    parser = Headings()
    parser.feed(html)
    found = parser.found
    wrong = []
    h1s = [text for tag, text in found if tag == "h1"]
    if len(h1s) != 1:
        wrong.append(f"{len(h1s)} h1: {h1s}")
    texts = [text.casefold() for _, text in found if text]
    wrong += [f"said twice: {text!r}" for text in sorted(set(texts)) if texts.count(text) > 1]
    return wrong


def walk(client, urls) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if wrong := problems(response.content.decode()):
            found[url] = wrong
    return found


def test_the_checker_sees_a_repeated_heading_and_a_missing_h1():
    assert problems("<h1>Alerts</h1><h2>Alerts</h2>") == ["said twice: 'alerts'"]
    assert problems('<span class="govuk-caption-l">Plan</span><h1>Plan</h1>') == [
        "said twice: 'plan'"
    ]
    assert problems("<h2>Only</h2>") == ["0 h1: []"]
    assert problems("<h1>One</h1><table><caption>Two</caption></table>") == []
    counted = '<h2>{} <span class="govuk-caption-m">(0)</span></h2>'
    assert problems("<h1>Home</h1>" + counted.format("Overdue") + counted.format("Alerts")) == []


def test_every_page_of_a_childs_record(client, caseworker, record):  # noqa: F811
    client.force_login(caseworker)
    assert walk(client, record.values()) == {}


@pytest.mark.parametrize(
    ("visitor", "names"),
    [
        (
            "caseworker",
            [
                "home",
                "cases:caseload",
                "cases:children",
                "cases:alerts",
                "cases:child_new",
                "account_security",
                "notification_preferences",
                "password_change",
                "placements:settings",
            ],
        ),
        ("team_manager", ["home", "cases:caseload", "dashboard"]),
        ("head_of_service", ["home", "dashboard", "reports", "board:list", "sen2:check"]),
        ("data_protection_officer", ["records:retention"]),
    ],
)
def test_every_page_of_the_service(client, request, child, visitor, names):
    client.force_login(request.getfixturevalue(visitor))
    assert walk(client, [reverse(name) for name in names]) == {}
