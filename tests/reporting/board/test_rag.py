"""RAG, quartile, trend and the key-message sentences: every boundary, both directions."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from reporting import rag
from reporting.rag import AMBER, DASH, GREEN, GREY, MINUS, RED

T20 = SimpleNamespace(
    code="T20",
    title="New EHC plans issued within 20 weeks, including exceptions",
    unit="%",
    better="higher",
)
NEW = SimpleNamespace(code="NEW", title="New plans issued", unit="count", better="lower")
TAVG = SimpleNamespace(
    code="TAVG", title="Average weeks from request to final EHC plan", unit="weeks", better="lower"
)
SPEND = SimpleNamespace(code="SPEND", title="Placement spend", unit="£", better="lower")
UNKNOWN = SimpleNamespace(code="ZZZ", title="Widgets counted", unit="count", better="higher")


# RAG ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "expected"),
    [
        (60, 60, 5, GREEN),  # equal meets
        (60.1, 60, 5, GREEN),
        (100, 60, 0, GREEN),
        (55, 60, 5, AMBER),  # misses by exactly the tolerance
        (59.9, 60, 0.1, AMBER),  # exactly on the boundary, where floats would say red
        (54.9, 60, 5, RED),
        (59.8, 60, 0.1, RED),
        (59.99, 60, 0, RED),  # no tolerance: any miss is red
        (59, 60, None, RED),  # a missing tolerance counts as 0
        (None, 60, 5, GREY),
        (52.3, None, 5, GREY),
        (None, None, None, GREY),
        (Decimal("55.00"), Decimal("60.00"), Decimal("5.00"), AMBER),
        ("52.3", "50", "0", GREEN),  # text figures, as a form or CSV gives them
    ],
)
def test_rag_higher_is_better(value, target, tolerance, expected):
    assert rag.rag(value, target, tolerance, "higher") == expected


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "expected"),
    [
        (150, 150, 10, GREEN),  # equal meets
        (149, 150, 10, GREEN),
        (0, 150, 0, GREEN),
        (160, 150, 10, AMBER),  # over by exactly the tolerance
        (18.1, 18, 0.1, AMBER),
        (160.01, 150, 10, RED),
        (18.2, 18, 0.1, RED),
        (151, 150, 0, RED),
        (None, 150, 10, GREY),
        (140, None, 10, GREY),
    ],
)
def test_rag_lower_is_better(value, target, tolerance, expected):
    assert rag.rag(value, target, tolerance, "lower") == expected


def test_rag_ignores_the_sign_of_a_tolerance_and_rejects_a_bad_direction():
    assert rag.rag(55, 60, -5, "higher") == AMBER
    with pytest.raises(ValueError, match="better"):
        rag.rag(1, 2, 0, "up")


def test_rag_treats_non_numbers_as_missing():
    assert rag.rag("n/a", 60, 0, "higher") == GREY
    assert rag.rag(float("nan"), 60, 0, "higher") == GREY
    assert rag.rag(True, 60, 0, "higher") == GREY


# Quartile -----------------------------------------------------------------------------------

# Stockport and its ten comparators in January 2005 (% of pupils with a statement).
STOCKPORT_2005 = 3.3
OTHERS_2005 = [3.0, 2.2, 2.4, 2.5, 2.9, 3.1, 3.2, 1.9, 2.0, 2.6]


def test_quartile_of_eleven_councils_by_rank():
    # Ranks 1-2 top, 3-5 second, 6-8 third, 9-11 bottom (ceil(4 * rank / 11)).
    values = sorted([STOCKPORT_2005, *OTHERS_2005], reverse=True)
    expected = [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    for value, quartile in zip(values, expected, strict=True):
        others = list(values)
        others.remove(value)
        assert rag.quartile(value, others, "higher") == quartile, value


def test_quartile_lower_is_better_reverses_the_ranking():
    # The highest prevalence is the worst when fewer is better.
    assert rag.quartile(STOCKPORT_2005, OTHERS_2005, "lower") == 4
    assert rag.quartile(1.9, [3.3, *[v for v in OTHERS_2005 if v != 1.9]], "lower") == 1


def test_quartile_four_values_one_per_quartile():
    others = [10, 20, 30]
    assert rag.quartile(40, others, "higher") == 1
    assert rag.quartile(25, others, "higher") == 2
    assert rag.quartile(15, others, "higher") == 3
    assert rag.quartile(5, others, "higher") == 4
    assert rag.quartile(5, others, "lower") == 1


def test_quartile_ties_share_the_best_rank():
    assert rag.quartile(50, [50, 50, 50], "higher") == 1
    assert rag.quartile(50, [60, 50, 50, 10, 10, 10, 10], "higher") == 1  # rank 2 of 8
    assert rag.quartile(50, [60, 60, 60, 50, 10, 10, 10], "higher") == 2  # rank 4 of 8


def test_quartile_needs_a_value_and_four_figures():
    assert rag.quartile(None, [1, 2, 3], "higher") is None
    assert rag.quartile(5, [], "higher") is None
    assert rag.quartile(5, None, "higher") is None
    assert rag.quartile(5, [1, 2], "higher") is None
    assert rag.quartile(5, [1, None, 2, None], "higher") is None  # missing values dropped
    assert rag.quartile(5, [1, 2, 3], "higher") == 1
    assert rag.quartile(Decimal("5"), [Decimal("1"), "2", 3.0], "higher") == 1


# Trend --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("this", "last", "better", "direction", "improved", "arrow", "words"),
    [
        (52.3, 41.0, "higher", "up", True, "↑", "Up, improving"),
        (41.0, 52.3, "higher", "down", False, "↓", "Down, worse"),
        (180, 167, "lower", "up", False, "↑", "Up, worse"),
        (150, 167, "lower", "down", True, "↓", "Down, improving"),
        (50, 50, "higher", "same", None, "→", "No change"),
        (50, 50.0, "lower", "same", None, "→", "No change"),
        (Decimal("50.00"), 50, "lower", "same", None, "→", "No change"),
        (None, 50, "higher", None, None, DASH, "No comparison"),
        (50, None, "higher", None, None, DASH, "No comparison"),
        (None, None, "lower", None, None, DASH, "No comparison"),
        (0, 0, "lower", "same", None, "→", "No change"),
    ],
)
def test_trend(this, last, better, direction, improved, arrow, words):
    moved = rag.trend(this, last, better)
    assert (moved.direction, moved.improved) == (direction, improved)
    assert moved.arrow == arrow
    assert moved.words == words
    assert moved.as_dict() == {
        "direction": direction,
        "improved": improved,
        "arrow": arrow,
        "words": words,
    }


# Formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "compact", "text"),
    [
        (52.3, "%", False, "52.3%"),
        (60, "%", False, "60.0%"),
        (60, "%", True, "60%"),
        (60.5, "%", True, "60.5%"),
        (1234, "count", False, "1,234"),
        (12.5, "count", False, "12.5"),
        (18.5, "weeks", False, "18.5 weeks"),
        (1, "weeks", True, "1 week"),
        (1234567.89, "£", False, "£1,234,568"),
        (99.5, "£", False, "£99.50"),
        (Decimal("2500.00"), "£", False, "£2,500"),
        (None, "%", False, ""),
    ],
)
def test_format_value(value, unit, compact, text):
    assert rag.format_value(value, unit, compact=compact) == text


def test_format_change():
    assert rag.format_change(52.3, 41.0, "%") == "+11.3 points"
    assert rag.format_change(41.0, 52.3, "%") == f"{MINUS}11.3 points"
    assert rag.format_change(50, 50, "%") == "0.0 points"
    assert rag.format_change(150, 167, "count") == f"{MINUS}17"
    assert rag.format_change(19.5, 18, "weeks") == "+1.5 weeks"
    assert rag.format_change(None, 18, "weeks") == ""


# Sentences ----------------------------------------------------------------------------------


def test_the_example_sentence():
    assert rag.change_sentence(T20, 52.3, 41.0, target=60, england=46.4) == (
        "The share of new EHC plans issued within 20 weeks rose from 41.0% to 52.3%, above the "
        "England average of 46.4% but short of the 60% target."
    )


def test_a_fall_that_meets_the_target_and_beats_the_averages():
    assert rag.change_sentence(
        T20, 62.0, 70.0, target=60, england=55.5, neighbours=58, last_label="2023"
    ) == (
        "The share of new EHC plans issued within 20 weeks fell from 70.0% in 2023 to 62.0%, "
        "above the England average of 55.5% and above the statistical neighbour average of "
        "58.0% and meeting the 60% target."
    )


def test_lower_is_better_words():
    assert rag.change_sentence(NEW, 180, 167, target=159, england=150) == (
        "The number of new plans issued rose from 167 to 180, above the England average of 150 "
        "and above the target of 159."
    )
    assert rag.change_sentence(NEW, 150, 167, target=159, england=170) == (
        "The number of new plans issued fell from 167 to 150, below the England average of 170 "
        "and meeting the target of 159."
    )
    assert rag.change_sentence(TAVG, 18.5, 22.0, target=20, england=18) == (
        "The average time from request to final EHC plan fell from 22.0 weeks to 18.5 weeks, "
        "above the England average of 18.0 weeks but meeting the target of 20 weeks."
    )


def test_good_clauses_gather_before_the_but():
    sentence = rag.change_sentence(T20, 52.3, 41.0, target=50, england=46.4, neighbours=55)
    assert sentence.endswith(
        "above the England average of 46.4% and meeting the 50% target but below the "
        "statistical neighbour average of 55.0%."
    )


def test_equal_values_read_as_unchanged_and_in_line():
    assert rag.change_sentence(T20, 50.0, 50.0, england=50.0) == (
        "The share of new EHC plans issued within 20 weeks was unchanged at 50.0%, in line "
        "with the England average of 50.0%."
    )
    # Equal as shown to one decimal place is equal to a reader.
    assert "unchanged at 50.0%" in rag.change_sentence(T20, 50.04, 50.0)


def test_meeting_a_target_exactly_is_meeting_it():
    assert rag.change_sentence(T20, 60.0, 55.0, target=60).endswith("meeting the 60% target.")
    assert rag.change_sentence(NEW, 159, 170, target=159).endswith("meeting the target of 159.")


def test_missing_values():
    assert rag.change_sentence(T20, 52.3, None) == (
        "The share of new EHC plans issued within 20 weeks was 52.3%."
    )
    assert rag.change_sentence(T20, None, 41.0, target=60) == (
        "The share of new EHC plans issued within 20 weeks could not be measured this period "
        "(nothing to count); it was 41.0% the period before."
    )
    assert rag.change_sentence(T20, None, None) == (
        "The share of new EHC plans issued within 20 weeks could not be measured: there was "
        "nothing to count."
    )


def test_money_and_an_unknown_kpi():
    assert rag.change_sentence(SPEND, 2_500_000, 2_000_000) == (
        "Spending on placements rose from £2,000,000 to £2,500,000."
    )
    assert rag.change_sentence(UNKNOWN, 3, 2) == (
        "The figure for “widgets counted” rose from 2 to 3."
    )


def test_notability_orders_by_size_of_change_and_rag():
    assert rag.notability(T20, 52.3, 41.0) == pytest.approx(1.13)
    assert rag.notability(NEW, 200, 100) == pytest.approx(1.0)
    assert rag.notability(NEW, 5, 0) == 1.0
    assert rag.notability(NEW, 5, 5) == 0.0
    assert rag.notability(NEW, None, 5) == 0.0
    assert rag.notability(NEW, 5, 5, rag_status=RED) == 0.5
    assert rag.notability(NEW, 5, 5, rag_status=AMBER) == 0.2
    assert rag.notability(NEW, 5, 5, rag_status=GREEN) == 0.0
