"""Numbered pages for templates/includes/pagination.html."""

from django.core.paginator import Page, Paginator


def number_links(paginator: Paginator, page: Page) -> Page:
    """Give `page` what the pagination include reads: the page numbers to link, with gaps
    (`page.elided`), and the gap's marker (`page.ellipsis`)."""
    # Attributes of our own on Django's Page, which the template reads.
    page.elided = list(paginator.get_elided_page_range(page.number, on_each_side=2))  # type: ignore[attr-defined]
    page.ellipsis = Paginator.ELLIPSIS  # type: ignore[attr-defined]
    return page
