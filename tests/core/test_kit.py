"""The shared plumbing every app uses instead of its own copy: audit, edits, money, dates."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from cases.models import Alert, Child
from core.audit import CHANGE_REASON_LENGTH, apply_changes, audit, check_fields
from core.commands import day
from core.formatting import money
from tests.factories import ChildFactory


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("12345"), "£12,345.00"),
        ("1234.5", "£1,234.50"),
        (-10.5, "-£10.50"),
        (None, "£0.00"),
        ("", "£0.00"),
        (0, "£0.00"),
        ("not money", ""),
    ],
)
def test_money_reads_the_same_everywhere(value, shown):
    assert money(value) == shown


def test_a_command_line_date():
    assert day("2026-01-15") == date(2026, 1, 15)
    for wrong in ("15/01/2026", "2026-02-30", ""):
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            day(wrong)


def test_a_long_reason_is_cut_to_its_column_except_where_kept_whole():
    child = Child()
    audit(child, by=None, reason="x" * 300)
    assert len(child._change_reason) == CHANGE_REASON_LENGTH
    alert = Alert()  # an acknowledgement's reason is kept whole (a TextField)
    audit(alert, by=None, reason="y" * 300)
    assert len(alert._change_reason) == 300
    untouched = Child()
    audit(untouched, by=None)
    assert not hasattr(untouched, "_change_reason")


@pytest.mark.django_db
def test_apply_changes_sets_only_what_differs():
    child = ChildFactory(first_name="Ada", postcode="SW1A 1AA")
    changed = apply_changes(child, {"first_name": "Ada", "postcode": "M1 1AA"})
    assert changed == ["postcode"]
    assert child.postcode == "M1 1AA"
    assert apply_changes(child, {"postcode": "M1 1AA"}) == []


def test_a_service_refuses_fields_it_does_not_take():
    check_fields({"name": "x"}, {"name", "phone"})
    with pytest.raises(TypeError, match="unexpected field"):
        check_fields({"nmae": "x"}, {"name"})


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("42", 42),
        ("0", 0),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        ("²", None),
        ("٣", None),
        ("-1", None),
        (" 4", None),
        ("", None),
        (None, None),
        ("4e2", None),
    ],
)
def test_one_reading_of_a_key_in_a_form_or_query_string(value, key):
    from core.ids import parse_id, parse_ids

    assert parse_id(value) == key
    if value is not None:
        assert parse_ids([value, "7"]) == ({key, 7} if key is not None else {7})
