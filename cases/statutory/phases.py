"""Year groups and transfers between phases of education (SI 2014/1530 regs 2 and 18)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .counting import add_months

# Year groups follow age on 31 August: aged 4 then -> Reception that academic year.
AGE_DATE_MONTH, AGE_DATE_DAY = 8, 31
ACADEMIC_YEAR_START_MONTH = 9  # the school year runs September to August
RECEPTION_AGE = 4
RECEPTION_YEAR_GROUP = 0  # Reception is stored as 0 so that Year n is n (nursery is -1)

# reg 18(1): review and amend "before" these days of the calendar year of the transfer, so the
# last day in time is the day before.
PHASE_TRANSFER_MONTH, PHASE_TRANSFER_DAY = 2, 15  # 15 February: any transfer but (a)
POST16_TRANSFER_MONTH, POST16_TRANSFER_DAY = 3, 31  # 31 March: secondary -> post-16 institution
POST16_MOVE_NOTICE_MONTHS = 5  # reg 18(2): between post-16 institutions, 5 months before
# CFA 2014 s83(2): a "young person" is over compulsory school age and under 25; s46 lets a plan
# be kept until the end of the academic year in which they turn 25. So the service (and the
# SEN2 return) covers ages 0 to 25 inclusive: 25 on the day is in, 26 is out.
OLDEST_AGE = 25
TRANSFER_WINDOW_MONTHS = 12  # reg 18(1): "within 12 months of a transfer"


class TransferKind(StrEnum):
    """A "transfer between phases of education" (SI 2014/1530 reg 2(1), limbs (a) to (f))."""

    EARLY_YEARS_TO_SCHOOL = "early_years_school"
    INFANT_TO_JUNIOR = "infant_junior"
    PRIMARY_TO_MIDDLE = "primary_middle"
    PRIMARY_TO_SECONDARY = "primary_secondary"
    MIDDLE_TO_SECONDARY = "middle_secondary"
    SECONDARY_TO_POST16 = "secondary_post16"


TRANSFER_LABELS: dict[str, str] = {
    TransferKind.EARLY_YEARS_TO_SCHOOL.value: "Early years to school",
    TransferKind.INFANT_TO_JUNIOR.value: "Infant to junior school",
    TransferKind.PRIMARY_TO_MIDDLE.value: "Primary (first) to middle school",
    TransferKind.PRIMARY_TO_SECONDARY.value: "Primary to secondary school",
    TransferKind.MIDDLE_TO_SECONDARY.value: "Middle to secondary school",
    TransferKind.SECONDARY_TO_POST16.value: "Secondary school to post-16",
}
TRANSFER_CHOICES: tuple[tuple[str, str], ...] = tuple(TRANSFER_LABELS.items())


def academic_year_of(day: date) -> int:
    """Return the academic year (September to August) containing ``day``, named by the calendar
    year it starts in: 1 March 2021 is in 2020 (2020/21), 1 September 2021 in 2021."""
    return day.year if day.month >= ACADEMIC_YEAR_START_MONTH else day.year - 1


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on ``day`` (a 29 February birthday counts from 1 March in other
    years)."""
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


def within_age_range(date_of_birth: date, day: date) -> bool:
    """Whether someone born on ``date_of_birth`` is of an age the service covers on ``day``: born
    by then, and no older than OLDEST_AGE (s83(2), s46)."""
    return date_of_birth <= day and age_on(date_of_birth, day) <= OLDEST_AGE


def year_group(date_of_birth: date, academic_year_start: int, year_group_offset: int = 0) -> int:
    """Return the year group of a child in the academic year starting in ``academic_year_start``
    (2020 means 2020/21).

    Year groups follow age on the 31 August before the academic year: aged 4 -> Reception,
    returned as 0; aged n + 4 -> Year n; younger children give negative numbers (-1 nursery).
    Born 10 October 2015: 0 in 2020, 7 in 2027, 12 in 2032. A child born on 31 August is the
    youngest of their year, one born on 1 September the oldest of the next. A 29 February
    birthday falls before 31 August, so it needs no special case. ``year_group_offset`` records a
    child taught out of their chronological year (+1 a year ahead, -1 a year behind).
    """
    age = age_on(date_of_birth, date(academic_year_start, AGE_DATE_MONTH, AGE_DATE_DAY))
    return age - RECEPTION_AGE + RECEPTION_YEAR_GROUP + year_group_offset


def transfer_calendar_year(
    date_of_birth: date, to_year_group: int, year_group_offset: int = 0
) -> int:
    """Return the calendar year in which the child moves into ``to_year_group``.

    The move happens in September, so this is the calendar year the academic year starts in,
    and the reg 18 deadline falls earlier in that same calendar year: entering Year 7 in
    September 2027 means a deadline in February 2027.
    """
    # year_group rises by exactly 1 per academic year, so solve year_group(...) == to_year_group.
    reference_year = date_of_birth.year
    reference_group = year_group(date_of_birth, reference_year, year_group_offset)
    return reference_year + (to_year_group - reference_group)


def phase_transfer_deadline(transfer_year: int, to_post16: bool) -> date:
    """Return the last day in time to review and amend a plan for a phase transfer
    (SI 2014/1530 reg 18(1)): the plan must be done "before" 15 February of the calendar year of
    transfer, so by 14 February; "before" 31 March, so by 30 March, when a young person moves
    from secondary school to a post-16 institution (reg 18(1)(a)). An amended plan issued on
    15 February is late.
    """
    if to_post16:
        before = date(transfer_year, POST16_TRANSFER_MONTH, POST16_TRANSFER_DAY)
    else:
        before = date(transfer_year, PHASE_TRANSFER_MONTH, PHASE_TRANSFER_DAY)
    return before - timedelta(days=1)


def transfer_kind_leaving(last_year_group: int) -> TransferKind:
    """The kind of transfer a child makes on leaving a setting whose oldest pupils are in
    ``last_year_group`` (reg 2(1)): an early years setting (below Reception) -> school; an infant
    school (to Year 2) -> junior; a first school (to Year 3, 4 or 5) -> middle; a primary or
    junior school (to Year 6) -> secondary; a middle school (to Year 7 to 10) -> secondary; a
    secondary, all-through or special school teaching Year 11 or beyond -> post-16."""
    if last_year_group < RECEPTION_YEAR_GROUP:
        return TransferKind.EARLY_YEARS_TO_SCHOOL
    if last_year_group <= 2:
        return TransferKind.INFANT_TO_JUNIOR
    if last_year_group <= 5:
        return TransferKind.PRIMARY_TO_MIDDLE
    if last_year_group == 6:
        return TransferKind.PRIMARY_TO_SECONDARY
    if last_year_group <= 10:
        return TransferKind.MIDDLE_TO_SECONDARY
    return TransferKind.SECONDARY_TO_POST16


def setting_year_groups(
    low_age: int, high_age: int, early_years_only: bool = False
) -> tuple[int, int]:
    """The first and last year groups a setting teaches, from its statutory age range as the
    DfE's register of schools gives it (pupils from ``low_age`` to leaving at ``high_age``):
    4-11 primary -> Reception to Year 6; 4-7 infant -> Reception to Year 2; 9-13 middle ->
    Year 5 to Year 8; 11-16 -> Years 7 to 11; 11-18 -> Years 7 to 13. A nursery's children leave
    before Reception, whatever its upper age says (``early_years_only``)."""
    first = low_age - RECEPTION_AGE
    last = high_age - RECEPTION_AGE - 1
    if early_years_only:
        last = min(last, RECEPTION_YEAR_GROUP - 1)
    return first, max(first, last)


@dataclass(frozen=True)
class PhaseTransfer:
    """A transfer between phases: its kind, the calendar year of the move (September) and
    whether a young person is moving to a post-16 institution (reg 18(1)(a))."""

    kind: TransferKind
    year: int
    to_post16_institution: bool = False

    @property
    def moves_on(self) -> date:
        return date(self.year, ACADEMIC_YEAR_START_MONTH, 1)

    @property
    def deadline(self) -> date:
        """The last day in time under reg 18(1) (see :func:`phase_transfer_deadline`)."""
        return phase_transfer_deadline(self.year, self.to_post16_institution)

    @property
    def label(self) -> str:
        return TRANSFER_LABELS[self.kind]

    def carried_by(self, review_start: date, review_due: date) -> bool:
        """Whether the review counted from ``review_start`` (the plan made, or last reviewed) and
        due by ``review_due`` is the one that must review and amend the plan for this transfer
        (reg 18(1): "within 12 months of a transfer ... before 15 February").

        It is the review falling due within the 12 months before the move, from 1 September of
        the year before, that started before the deadline passed: a review due on 1 February of
        the year of transfer carries it; so does one due in June of that year, which must then
        be held early, before the deadline; and so does the first review of a plan made in the
        autumn before the move, though it is due after it. The first such review carries it;
        the caller makes sure a later one does not again.
        """
        window_opens = add_months(self.moves_on, -TRANSFER_WINDOW_MONTHS)
        return review_due >= window_opens and review_start < self.deadline


def next_phase_transfer(
    date_of_birth: date,
    on: date,
    *,
    year_group_offset: int = 0,
    setting_last_year: int | None = None,
    to_post16_institution: bool = False,
) -> PhaseTransfer | None:
    """Return the next transfer between phases after ``on`` (its move in a later September), or
    None when the child will make none (already past Year 13 at their setting, say).

    With the child's current setting known (``setting_last_year``, its oldest year group) the
    transfer is the child leaving it: into the year after, of the kind
    :func:`transfer_kind_leaving` names. An infant school gives a move into Year 3, a 9-13 middle
    school one into Year 9. Without it (or when the child is already past the setting's last year,
    so the record is out of date), the usual English pattern: into Reception from early years,
    into Year 7 from primary, into Year 12 from secondary.

    A young person leaving secondary school goes to a post-16 institution (31 March) when
    ``to_post16_institution`` says so, or always after a sixth form (Year 13). Moving on into
    another school's sixth form after Year 11 is not named in reg 2, but the plan must still
    name the new school, so the product keeps the 15 February date for it.
    """
    current = year_group(date_of_birth, academic_year_of(on), year_group_offset)
    if setting_last_year is not None and setting_last_year + 1 > current:
        moves = [(setting_last_year + 1, transfer_kind_leaving(setting_last_year))]
    else:
        # No setting known, or one the child is already past (the record is out of date).
        moves = [
            (RECEPTION_YEAR_GROUP, TransferKind.EARLY_YEARS_TO_SCHOOL),
            (7, TransferKind.PRIMARY_TO_SECONDARY),
            (12, TransferKind.SECONDARY_TO_POST16),
        ]
    for into, kind in moves:
        if into <= current:
            continue
        post16 = kind == TransferKind.SECONDARY_TO_POST16 and (to_post16_institution or into > 12)
        return PhaseTransfer(
            kind, transfer_calendar_year(date_of_birth, into, year_group_offset), post16
        )
    return None


def phase_transfer_due(
    date_of_birth: date,
    to_year_group: int,
    to_post16: bool = False,
    year_group_offset: int = 0,
) -> date:
    """Return the last day of the reg 18 phase-transfer limit (SI 2014/1530 reg 18) for a child
    moving into ``to_year_group``: 14 February (or 30 March for secondary -> post-16) of the
    calendar year of the move. ``year_group_offset`` is +1 for a child taught a year ahead of
    their chronological year group, -1 for a year behind."""
    return phase_transfer_deadline(
        transfer_calendar_year(date_of_birth, to_year_group, year_group_offset), to_post16
    )


def post16_move_review_due(move: date) -> date:
    """Return the last day to review and amend a plan before a move between post-16 institutions
    at a time other than the usual transfer: at least 5 months before the move
    (SI 2014/1530 reg 18(2))."""
    return add_months(move, -POST16_MOVE_NOTICE_MONTHS)


# Education Act 1996 s8(3) and the Education (School Leaving Date) Order 1997 (SI 1997/1970)
# art. 2: a child ceases to be of compulsory school age at the end of the school leaving date (the
# last Friday in June) of the calendar year in which they turn 16 if that birthday falls on or
# after it and before the next school year begins (s8(3)(a)-(b)); otherwise at the next leaving
# date after the birthday (s8(3)(c)). The school year begins with the first term after July
# (s579(1)), a date each school sets; the rule here takes 1 September, so a child whose 16th
# birthday falls in September before their school's term starts is treated as leaving a year
# later than the Act would have it (they are still written to through their parent).
SCHOOL_LEAVING_AGE = 16
SCHOOL_LEAVING_MONTH = 6  # June
FRIDAY = 4  # date.weekday()


def compulsory_school_age_ends(date_of_birth: date) -> date:
    """Return the last day of compulsory school age: the last Friday in June of the school year
    (1 September to 31 August) in which the child turns 16 (Education Act 1996 s8; SI
    1997/1970). Born 17 July 2010: turns 16 on 17 July 2026, in the school year ending August
    2026, so the last day is Friday 26 June 2026; born 1 September 2010: the school year
    ending August 2027, so Friday 25 June 2027."""
    turns_16_month = date_of_birth.month  # the day does not matter, only the school year
    year = date_of_birth.year + SCHOOL_LEAVING_AGE
    school_year_ends = year + 1 if turns_16_month >= ACADEMIC_YEAR_START_MONTH else year
    last = date(school_year_ends, SCHOOL_LEAVING_MONTH, 30)
    return last - timedelta(days=(last.weekday() - FRIDAY) % 7)


def is_young_person(date_of_birth: date, day: date) -> bool:
    """Is this person a "young person" on `day`, over compulsory school age (CFA 2014 s83(2)),
    so that the Act's rights and letters are theirs rather than their parent's?"""
    return day > compulsory_school_age_ends(date_of_birth)
