"""How a deadline's status looks on screen: one GOV.UK tag colour per status, everywhere."""

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


def status_tag(status: str) -> dict:
    return {"status": status, "label": STATUS_LABELS[status], "tag": STATUS_TAG_COLOURS[status]}
