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
    # The 20-week limit ends on 27 May, the first day of week 21 (received + 140 days).
    assert len(weeks) == 21
    assert weeks[0].starts_on == RECEIVED and weeks[0].ends_on == date(2024, 1, 14)
    assert [s.label for s in weeks[6].due] == ["Decide whether to assess"]  # week 7 starts 19 Feb
    assert [s.label for s in weeks[5].done] == ["Decide whether to assess"]
    assert [s.label for s in weeks[20].due] == ["Issue the final EHC plan"]
    assert [w.number for w in weeks if w.is_current] == [8]


def test_an_overdue_case_runs_on_to_today():
    steps = [Step("Issue the final EHC plan", date(2024, 5, 27), None, Status.OVERDUE)]
    weeks = week_by_week(received=RECEIVED, limit_weeks=20, steps=steps, today=date(2024, 7, 1))
    assert len(weeks) == 26 and weeks[-1].is_current


def test_a_finished_case_stops_at_its_last_step():
    steps = [Step("Issue the final EHC plan", date(2024, 5, 27), date(2024, 5, 20), Status.MET)]
    weeks = week_by_week(received=RECEIVED, limit_weeks=20, steps=steps, today=date(2025, 7, 1))
    assert len(weeks) == 21 and not any(w.is_current for w in weeks)
