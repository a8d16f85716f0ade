"""When a child becomes a "young person" (CFA 2014 s83(2)): after the school leaving date, the
last Friday in June of the school year in which they turn 16 (Education Act 1996 s8, SI
1997/1970). Letters then go to the young person, not their parent (issue 20)."""

from datetime import date

import pytest

from cases.statutory.phases import compulsory_school_age_ends, is_young_person


@pytest.mark.parametrize(
    ("born", "last_day"),
    [
        # Turns 16 on 17 July 2026, in the school year ending August 2026 (30 June 2026 is a
        # Tuesday, so the last Friday is the 26th).
        (date(2010, 7, 17), date(2026, 6, 26)),
        # Born 31 August: the youngest of the year, the same leaving date.
        (date(2010, 8, 31), date(2026, 6, 26)),
        # Born 1 September: the oldest of the next year, a year later (30 June 2027 is a
        # Wednesday: Friday the 25th).
        (date(2010, 9, 1), date(2027, 6, 25)),
        # Born on 29 February 2008: turns 16 in the school year ending 2024; 30 June 2024 is a
        # Sunday, so Friday 28 June.
        (date(2008, 2, 29), date(2024, 6, 28)),
        # 30 June itself a Friday (2028).
        (date(2012, 1, 5), date(2028, 6, 30)),
    ],
)
def test_compulsory_school_age_ends_on_the_last_friday_in_june(born, last_day):
    assert compulsory_school_age_ends(born) == last_day
    assert last_day.weekday() == 4


def test_a_young_person_from_the_day_after():
    born = date(2010, 7, 17)
    assert not is_young_person(born, date(2026, 6, 26))
    assert is_young_person(born, date(2026, 6, 27))
    assert not is_young_person(born, date(2016, 1, 1))
