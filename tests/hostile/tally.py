"""How many hostile inputs were tried and how the site answered them, for the run's summary
(under pytest-xdist each worker sends its tally to the controller, which prints the sum)."""

from collections import Counter

TALLY: Counter = Counter()


def summary(tally: Counter) -> str:
    return (
        f"Hostile inputs tried: {tally['tried']} ({tally['refused']} refused, "
        f"{tally['accepted']} accepted, {tally['shown']} shown a page), "
        f"server errors: {tally['server errors']}"
    )
