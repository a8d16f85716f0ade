"""How long a child's SEN record is kept. Pure date arithmetic, no Django.

The rule (docs/domain/statutory.md, "Retention and access"): child SEN records are kept
until the date of birth + 31 years (25, the oldest a plan can run to, plus the 6-year limitation
period; the IRMS toolkit's common schedule). Some councils keep longer: `years` says how long.
"""

from datetime import date, timedelta

RETENTION_YEARS = 31


def retention_date(date_of_birth: date, years: int = RETENTION_YEARS) -> date:
    """The last day the record must be kept: the child's birthday `years` on.

    Born on 29 February, the birthday in a year without one is taken as 1 March, the later of
    the two candidate days, so a record is never erased before the full period has run."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:
        return date(date_of_birth.year + years, 3, 1)


def is_past_retention(date_of_birth: date, today: date, years: int = RETENTION_YEARS) -> bool:
    """True once the whole retention date has passed: from the day after it."""
    return today > retention_date(date_of_birth, years)


def latest_birth_date_past_retention(today: date, years: int = RETENTION_YEARS) -> date:
    """The latest date of birth whose record is past retention on `today`: a record is past it
    exactly when the date of birth is on or before this day, so one indexed comparison finds
    them all (the tests check this against is_past_retention day by day)."""
    last_kept = today - timedelta(days=1)
    try:
        candidate = last_kept.replace(year=last_kept.year - years)
    except ValueError:
        candidate = date(last_kept.year - years, 2, 28)
    # retention_date only ever moves forward with the date of birth: step to the boundary.
    while retention_date(candidate + timedelta(days=1), years) <= last_kept:
        candidate += timedelta(days=1)
    while retention_date(candidate, years) > last_kept:
        candidate -= timedelta(days=1)
    return candidate
