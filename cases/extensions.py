"""Where the apps above cases (plans, placements) add to a child's record without cases ever
importing them: a tab of the record, and a panel on its overview page. They register in their
AppConfig.ready()."""

from collections.abc import Callable

# The tabs of a child's record: (label, url name), in order.
CHILD_TABS: list[tuple[str, str]] = [
    ("Overview", "cases:child"),
    ("Assessment", "cases:requests"),
    ("Contacts", "cases:contacts"),
    ("Documents", "cases:documents"),
    ("Chronology", "cases:chronology"),
    ("History", "cases:history"),
]

# Each panel is called with (request, child) and returns (template name, context) to include on
# the child's overview, or None to show nothing. It must run a bounded number of queries.
ChildPanel = Callable[..., tuple[str, dict] | None]
CHILD_PANELS: list[ChildPanel] = []


def add_child_tab(label: str, url_name: str, *, after: str) -> None:
    if any(name == url_name for _, name in CHILD_TABS):
        return
    labels = [existing for existing, _ in CHILD_TABS]
    CHILD_TABS.insert(labels.index(after) + 1, (label, url_name))


def add_child_panel(panel: ChildPanel) -> None:
    if panel not in CHILD_PANELS:
        CHILD_PANELS.append(panel)


def child_panels(request, child) -> list[dict]:
    panels = []
    for panel in CHILD_PANELS:
        result = panel(request, child)
        if result is not None:
            template, context = result
            panels.append({"template": template, "context": context})
    return panels


# Links another app offers on an assessment request's page, as (label, url): the plans app's
# "Draft the plan", which leads straight to the plan's sections. Each is called with
# (request, assessment, can_edit) and must run a bounded number of queries.
RequestLinks = Callable[..., list[tuple[str, str]]]
REQUEST_LINKS: list[RequestLinks] = []


def add_request_links(links: RequestLinks) -> None:
    if links not in REQUEST_LINKS:
        REQUEST_LINKS.append(links)


def request_links(request, assessment, can_edit: bool) -> list[tuple[str, str]]:
    return [link for links in REQUEST_LINKS for link in links(request, assessment, can_edit)]
