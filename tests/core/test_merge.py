"""The three-way merge a refused save is re-shown with (core.locking.merge): each answer is the
user's if they changed it, the saved one if only the other save did, and a clash if both did."""

from datetime import date

from core.locking import merge, same

OPENED = {"section_a": "Likes trains", "section_b": "Reads well", "review": 6}


def test_only_mine_changed_keeps_mine():
    result = merge(OPENED, {**OPENED, "section_a": "Loves trains"}, OPENED)
    assert result.values["section_a"] == "Loves trains"
    assert not result.taken_from_saved and not result.conflicts


def test_only_theirs_changed_takes_the_saved_value():
    saved = {**OPENED, "section_b": "Reads aloud to the class"}
    result = merge(OPENED, dict(OPENED), saved)
    assert result.values["section_b"] == "Reads aloud to the class"
    assert result.taken_from_saved == {"section_b"}
    assert not result.conflicts


def test_both_changed_differently_is_a_conflict_holding_mine():
    result = merge(OPENED, {**OPENED, "section_a": "Mine"}, {**OPENED, "section_a": "Theirs"})
    assert result.conflicts == {"section_a"}
    assert result.values["section_a"] == "Mine"
    assert not result.taken_from_saved


def test_both_made_the_same_change_is_no_conflict():
    changed = {**OPENED, "section_a": "Same words"}
    result = merge(OPENED, changed, {**changed, "section_a": "Same words  "})
    assert result.values["section_a"] == "Same words"
    assert not result.conflicts and not result.taken_from_saved


def test_each_field_on_its_own():
    mine = {**OPENED, "section_a": "Mine"}
    saved = {**OPENED, "section_b": "Theirs", "review": 12}
    result = merge(OPENED, mine, saved)
    assert result.values == {"section_a": "Mine", "section_b": "Theirs", "review": 12}
    assert result.taken_from_saved == {"section_b", "review"}


def test_a_field_without_an_original_keeps_what_was_typed():
    result = merge({}, {"section_a": "Mine"}, {"section_a": "Theirs"})
    assert result.values == {"section_a": "Mine"} and not result.conflicts


def test_sameness_reads_values_as_a_form_does():
    assert same("6", 6)
    assert same(None, "")
    assert same(" text ", "text")
    assert same(date(2024, 1, 2), date(2024, 1, 2))
    assert not same(date(2024, 1, 2), date(2024, 1, 3))
