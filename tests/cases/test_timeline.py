from datetime import date

from cases.statutory import Status
from cases.timeline import Step, week_by_week

RECEIVED = date(2024, 1, 8)


def test_twenty_weeks_with_each_step_in_its_week():
    steps = [
        Step("Decide whether to assess", date(2024, 2, 19), date(2024, 2, 12), Status.MET),
        Step("Issue the final EHC plan", date(2024, 5, 27), None, Status.ON_TRACK),
    ]
    weeks = week_by_week(received=RECEIVED, limit_weeks=20, steps=steps, today=date(2024, 3, 1))
    # The 20-week limit ends on 27 May (received + 140 days), the last day of week 20.
    assert len(weeks) == 20
    assert weeks[0].starts_on == RECEIVED and weeks[0].ends_on == date(2024, 1, 15)
    assert weeks[1].starts_on == date(2024, 1, 16)
    assert [s.label for s in weeks[5].due] == ["Decide whether to assess"]  # week 6 ends 19 Feb
    assert [s.label for s in weeks[4].done] == ["Decide whether to assess"]  # 12 Feb: week 5
    assert [s.label for s in weeks[19].due] == ["Issue the final EHC plan"]
    assert weeks[19].ends_on == date(2024, 5, 27)
    assert [w.number for w in weeks if w.is_current] == [8]  # 1 Mar is day 53


def test_an_overdue_case_runs_on_to_today():
    steps = [Step("Issue the final EHC plan", date(2024, 5, 27), None, Status.OVERDUE)]
    weeks = week_by_week(received=RECEIVED, limit_weeks=20, steps=steps, today=date(2024, 7, 1))
    assert len(weeks) == 25 and weeks[-1].is_current  # 1 Jul is day 175, the end of week 25


def test_a_finished_case_stops_at_its_last_step():
    steps = [Step("Issue the final EHC plan", date(2024, 5, 27), date(2024, 5, 20), Status.MET)]
    weeks = week_by_week(received=RECEIVED, limit_weeks=20, steps=steps, today=date(2025, 7, 1))
    assert len(weeks) == 20 and not any(w.is_current for w in weeks)
