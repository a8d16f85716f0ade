"""One way to write a day and a moment, the GOV.UK way, in Python and in templates alike."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from core.formatting import clock, date_time, day

UTC = ZoneInfo("UTC")


def test_a_day_has_no_leading_zero_and_its_month_in_full():
    assert day(date(2026, 12, 4)) == "4 December 2026"
    assert day(None) == ""


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (time(14, 5), "2:05pm"),
        (time(9, 0), "9am"),
        (time(12, 0), "midday"),
        (time(0, 30), "12:30am"),
    ],
)
def test_a_time_reads_on_the_twelve_hour_clock(at, expected):
    assert clock(at) == expected


def test_a_moment_is_written_in_the_councils_time_zone():
    # 13:05 UTC in July is 2:05pm in London (British Summer Time), and the day can change.
    assert date_time(datetime(2026, 7, 4, 13, 5, tzinfo=UTC)) == "4 July 2026 at 2:05pm"
    assert date_time(datetime(2026, 7, 4, 23, 30, tzinfo=UTC)) == "5 July 2026 at 12:30am"
    assert day(datetime(2026, 7, 4, 23, 30, tzinfo=UTC)) == "5 July 2026"


def test_templates_write_the_same_with_date_and_date_time():
    rendered = Template("{{ on|date }} / {{ at|date_time }}").render(
        Context({"on": date(2026, 12, 4), "at": datetime(2026, 12, 4, 12, 0, tzinfo=UTC)})
    )
    assert rendered == "4 December 2026 / 4 December 2026 at midday"


# The formats a template may still spell out: machine-readable ones (a <time datetime>, a
# query string), the weekday in the daily emails' "on Monday 7 December 2026" (the email is
# about that one day and read in an inbox of them), a month alone, and a range's first day.
ALLOWED = {"c", "Y-m-d", "l j F Y", "F Y", "j F"}


def test_no_template_spells_out_its_own_date_format(settings):
    import re
    from pathlib import Path

    found = {}
    for path in Path(settings.BASE_DIR, "templates").rglob("*.*"):
        for spelled in re.findall(r"""\|date:["']([^"']*)["']""", path.read_text()):
            if spelled not in ALLOWED:
                found.setdefault(spelled, []).append(str(path))
    assert found == {}, "use |date (4 December 2026) or |date_time (… at 2:05pm)"
