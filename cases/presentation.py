"""How a deadline's status looks on screen and in email: one GOV.UK tag colour per status,
everywhere. Pages and emails ask `status_tag`; no template picks a colour of its own."""

from .statutory import STATUS_LABELS, Status

STATUS_TAG_COLOURS: dict[str, str] = {
    Status.OVERDUE: "govuk-tag--red",
    Status.DUE_TODAY: "govuk-tag--orange",
    Status.DUE_SOON: "govuk-tag--yellow",
    Status.ON_TRACK: "govuk-tag--blue",
    Status.MET: "govuk-tag--green",
    Status.MET_LATE: "govuk-tag--pink",
    Status.EXEMPT: "govuk-tag--grey",
}

# The same tags' text and background colours (GOV.UK Frontend 5), written inline for email:
# mail programs drop stylesheets, so a digest carries the colours the page's classes give.
TAG_INLINE_STYLES: dict[str, str] = {
    "govuk-tag--red": "color: #2a0b06; background-color: #f4cdc6;",
    "govuk-tag--orange": "color: #6e3619; background-color: #fcd6c3;",
    "govuk-tag--yellow": "color: #594d00; background-color: #fff7bf;",
    "govuk-tag--blue": "color: #0c2d4a; background-color: #bbd4ea;",
    "govuk-tag--green": "color: #005a30; background-color: #cce2d8;",
    "govuk-tag--pink": "color: #6b1c40; background-color: #f9e1ec;",
    "govuk-tag--grey": "color: #282d30; background-color: #e5e6e7;",
}


def status_tag(status: str) -> dict:
    """The label, tag class and inline email style of a deadline status."""
    tag = STATUS_TAG_COLOURS[status]
    style = f"{TAG_INLINE_STYLES[tag]} padding: 2px 6px; font-weight: bold;"
    return {"status": status, "label": STATUS_LABELS[status], "tag": tag, "style": style}


def clock_position(current_week: int, limit_weeks: int) -> str:
    """Where an open request stands on its clock: "Week 12 of 20", or once past the limit how
    far past ("4 weeks overdue"), never "Week 24 of 20"."""
    if current_week <= limit_weeks:
        return f"Week {current_week} of {limit_weeks}"
    late = current_week - limit_weeks
    return f"{late} week{'' if late == 1 else 's'} overdue"
