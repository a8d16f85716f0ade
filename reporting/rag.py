"""Reading a KPI against its target, its comparators and its last period: pure functions, no
Django, so the board report, the dashboard and the tests all judge a figure the same way.

Every comparison is made on Decimals built from the figures' text (`Decimal(str(x))`), so a
value exactly on a tolerance boundary (59.9 against 60 with a tolerance of 0.1) is amber, never
red by a float's rounding error.
"""

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
MINUS, DASH = "\N{MINUS SIGN}", "\N{EN DASH}"  # typographic, as a paper prints them
RAG_LABELS = {GREEN: "Green", AMBER: "Amber", RED: "Red", GREY: "No target"}
UP, DOWN, SAME = "up", "down", "same"


def _number(value) -> Decimal | None:
    """`value` as a Decimal, or None if it is missing or not a finite number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _check_better(better: str) -> None:
    if better not in ("higher", "lower"):
        raise ValueError(f"better must be 'higher' or 'lower', not {better!r}")


def is_better(a, b, better: str) -> bool:
    """Whether `a` is strictly better than `b` for a KPI where `better` is "higher"/"lower"."""
    _check_better(better)
    return a > b if better == "higher" else a < b


def rag(value, target, tolerance, better: str) -> str:
    """Green when `value` meets `target` (equal counts as met); amber when it misses it by no
    more than `tolerance` (in the KPI's unit; None counts as 0); red otherwise; grey when there
    is no target or no value to judge."""
    _check_better(better)
    value, target = _number(value), _number(target)
    if value is None or target is None:
        return GREY
    tolerance = _number(tolerance) or Decimal(0)
    shortfall = target - value if better == "higher" else value - target
    if shortfall <= 0:
        return GREEN
    if shortfall <= abs(tolerance):
        return AMBER
    return RED


def quartile(value, others, better: str) -> int | None:
    """The quartile (1 = best, 4 = worst) the council's `value` sits in among `others` (the
    comparator councils' values for the same KPI and year) together with its own.

    Method: the values (own included; missing ones dropped) are ranked best first, ties sharing
    the best rank they span (the council's rank is 1 + how many values are strictly better);
    the quartile is ceil(4 * rank / n). With 11 councils ranks 1-2 are the top quartile, 3-5
    the second, 6-8 the third and 9-11 the bottom one. None when the council has no value or
    there are fewer than 4 values in all: quartiles of two or three figures say nothing.
    """
    _check_better(better)
    own = _number(value)
    if own is None:
        return None
    values = [own, *(n for n in map(_number, others or ()) if n is not None)]
    if len(values) < 4:
        return None
    rank = 1 + sum(1 for other in values if is_better(other, own, better))
    return math.ceil(4 * rank / len(values))


QUARTILE_LABELS = {
    1: "Top quartile",
    2: "Second quartile",
    3: "Third quartile",
    4: "Bottom quartile",
}


@dataclass(frozen=True)
class Trend:
    """How a KPI moved since the last period: `direction` "up", "down" or "same" (None when
    either figure is missing), and `improved` True / False (None when unchanged or unknown)."""

    direction: str | None
    improved: bool | None

    @property
    def arrow(self) -> str:
        arrows: dict[str | None, str] = {UP: "↑", DOWN: "↓", SAME: "→"}
        return arrows.get(self.direction, DASH)

    @property
    def words(self) -> str:
        if self.direction is None:
            return "No comparison"
        if self.direction == SAME:
            return "No change"
        moved = "Up" if self.direction == UP else "Down"
        return f"{moved}, {'improving' if self.improved else 'worse'}"

    def as_dict(self) -> dict:
        return {
            "direction": self.direction,
            "improved": self.improved,
            "arrow": self.arrow,
            "words": self.words,
        }


def trend(this, last, better: str) -> Trend:
    """The direction from `last` to `this` and whether that is an improvement."""
    _check_better(better)
    this, last = _number(this), _number(last)
    if this is None or last is None:
        return Trend(None, None)
    if this == last:
        return Trend(SAME, None)
    direction = UP if this > last else DOWN
    return Trend(direction, is_better(this, last, better))


# Formatting ----------------------------------------------------------------------------------


def format_value(value, unit: str, *, compact: bool = False) -> str:
    """A figure as a councillor reads it: 52.3%, 1,234, 18.5 weeks, £1,234,567. `compact`
    drops a needless ".0" (a target of 60% rather than 60.0%). An empty string for None."""
    number = _number(value)
    if number is None:
        return ""
    if unit == "%":
        text = f"{number:.1f}"
        return f"{_trim(text) if compact else text}%"
    if unit == "weeks":
        text = f"{number:.1f}"
        text = _trim(text) if compact else text
        return f"{text} week{'' if number == 1 else 's'}"
    if unit == "£":
        if number == number.to_integral_value() or abs(number) >= 1000:
            return f"£{number:,.0f}"
        return f"£{number:,.2f}"
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number:,.1f}"


def _trim(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text


def format_change(this, last, unit: str) -> str:
    """The change as text: "+11.3 points" for a percentage, "+12" or "-3.5 weeks" otherwise."""
    this, last = _number(this), _number(last)
    if this is None or last is None:
        return ""
    change = this - last
    sign = "+" if change > 0 else (MINUS if change < 0 else "")
    size = abs(change)
    if unit == "%":
        return f"{sign}{size:.1f} points"
    return f"{sign}{format_value(size, unit)}"


# Key messages --------------------------------------------------------------------------------

# What each KPI is called in a sentence ("The share of ... rose from ..."); a KPI without a
# phrase here is named by its title.
SUBJECTS = {
    "T20": "The share of new EHC plans issued within 20 weeks",
    "T20X": "The share of new EHC plans issued within 20 weeks (excluding exceptions)",
    "TAVG": "The average time from request to final EHC plan",
    "TLATE": "The number of EHC plans issued after more than 20 weeks",
    "T6": "The share of decisions whether to assess made within 6 weeks",
    "TADV": "The share of advice returned within 6 weeks",
    "T16": "The share of decisions not to issue a plan made within 16 weeks",
    "RA14": "The share of re-assessments completed within 14 weeks",
    "B43A": "The share of proposed statements issued within 18 weeks (excluding exceptions)",
    "B43B": "The share of proposed statements issued within 18 weeks (including exceptions)",
    "S26": "The share of final statements issued within 26 weeks",
    "PROV": "The share of plans with their provision confirmed as delivered",
    "AR": "The share of annual reviews completed on time",
    "ARA": "The share of amended plans issued within 12 weeks of the review",
    "PT": "The share of phase transfers amended by the deadline",
    "N": "The number of children and young people with a plan",
    "PREV": "The share of pupils with a statement or EHC plan",
    "SUPP": "The share of pupils on SEN support",
    "NEW": "The number of new plans issued",
    "REQ": "The number of requests for assessment",
    "CEASE": "The number of plans ceased",
    "MIX": "The share of children with a plan educated in mainstream schools",
    "INMSS": "The share of children with a plan in independent or non-maintained special schools",
    "OOA": "The share of children with a plan placed outside the council's area",
    "SPEND": "Spending on placements",
    "UNIT": "The average annual cost of a placement",
    "PB": "The number of plans with a personal budget",
    "MED": "The number of mediation cases",
    "TRIB": "The number of tribunal appeals registered",
}


def subject_of(kpi) -> str:
    """How a sentence names the KPI (`kpi` has .code and .title)."""
    phrase = SUBJECTS.get(getattr(kpi, "code", ""))
    if phrase:
        return phrase
    title = kpi.title
    return f"The figure for “{title[:1].lower()}{title[1:]}”"


@dataclass(frozen=True)
class _Clause:
    text: str
    good: bool | None  # True reads well, False badly, None neither


def _against_average(value, average, name: str, unit: str, better: str) -> _Clause | None:
    average_number = _number(average)
    if average_number is None:
        return None
    shown = format_value(average, unit)
    # Compare what a reader sees: 46.4% against 46.4% is "in line", whatever lies beyond.
    if format_value(value, unit) == shown:
        return _Clause(f"in line with the {name} of {shown}", None)
    side = "above" if value > average_number else "below"
    return _Clause(f"{side} the {name} of {shown}", is_better(value, average_number, better))


def _against_target(value, target, unit: str, better: str) -> _Clause | None:
    target_number = _number(target)
    if target_number is None:
        return None
    shown = format_value(target, unit, compact=True)
    # "the 60% target", but "the target of 150" for a count or sum.
    named = f"the {shown} target" if unit == "%" else f"the target of {shown}"
    if not is_better(target_number, value, better):
        return _Clause(f"meeting {named}", True)
    return _Clause(f"{'short of' if better == 'higher' else 'above'} {named}", False)


def _join(clauses: list[_Clause]) -> str:
    """Clauses that read the same way as the first joined by "and", then "but" and those that
    read the other way: "above the England average ... but short of the 60% target"."""
    first = next((clause.good for clause in clauses if clause.good is not None), None)
    along = [clause.text for clause in clauses if clause.good in (first, None)]
    against = [clause.text for clause in clauses if clause.good not in (first, None)]
    text = " and ".join(along)
    return f"{text} but {' and '.join(against)}" if against else text


def change_sentence(
    kpi, this, last, *, target=None, england=None, neighbours=None, last_label: str = ""
) -> str:
    """One plain-English key message for a KPI (`kpi` has .code, .title, .unit, .better):

    "The share of new EHC plans issued within 20 weeks rose from 41.0% to 52.3%, above the
    England average of 46.4% but short of the 60% target."

    The movement is said in the KPI's own words (rose / fell / was unchanged, or just the figure
    when there is no last period); then how it stands against the England and statistical
    neighbour averages and the target, joined by "but" where one reads well and the next badly.
    """
    subject, unit, better = subject_of(kpi), kpi.unit, kpi.better
    now, before = _number(this), _number(last)
    if now is None:
        if before is None:
            return f"{subject} could not be measured: there was nothing to count."
        return (
            f"{subject} could not be measured this period (nothing to count); "
            f"it was {format_value(before, unit)} the period before."
        )
    shown = format_value(now, unit)
    if before is None:
        movement = f"was {shown}"
    elif format_value(before, unit) == shown:
        movement = f"was unchanged at {shown}"
    else:
        since = f" in {last_label}" if last_label else ""
        verb = "rose" if now > before else "fell"
        movement = f"{verb} from {format_value(before, unit)}{since} to {shown}"
    clauses = [
        clause
        for clause in (
            _against_average(now, england, "England average", unit, better),
            _against_average(now, neighbours, "statistical neighbour average", unit, better),
            _against_target(now, target, unit, better),
        )
        if clause is not None
    ]
    if not clauses:
        return f"{subject} {movement}."
    return f"{subject} {movement}, {_join(clauses)}."


def notability(kpi, this, last, *, rag_status: str = GREY) -> float:
    """How much a change deserves a key message, for ordering them (bigger first): the change
    in points for a percentage ÷ 10, the relative change otherwise; plus 0.5 for a red KPI
    and 0.2 for an amber one, so a missed target is said even when it barely moved."""
    now, before = _number(this), _number(last)
    score = 0.0
    if now is not None and before is not None and now != before:
        if kpi.unit == "%":
            score = float(abs(now - before)) / 10
        elif before == 0:
            score = 1.0
        else:
            score = float(abs(now - before) / abs(before))
    return score + {RED: 0.5, AMBER: 0.2}.get(rag_status, 0.0)
