"""The KPIs of reporting/kpis written by hand in SQL, for bench/kpis.py to time against the ORM.

Each entry is the query a DBA would write from the KPI's definition in
docs/domain/kpi-definitions.md (one statement, one pass over each table where it can), and a
`shape` function that turns its row(s) into the same `Result` the KPI function returns, so the
two can be compared figure by figure.

Parameters (psycopg2 `%(name)s`): start, end (the period), snapshot, term_start (the first day
of the snapshot's term), fy (the financial year the period's money is counted in), census_year,
school_start (31 August before it), council and la_code (settings.COUNCIL_NAME, LA_CODE).

The statements are in bench/kpis_sql_timeliness.py, bench/kpis_sql_plans.py and
bench/kpis_sql_placements.py, by the KPIs' sections of docs/domain/kpi-definitions.md.
"""

import kpis_sql_placements as money
import kpis_sql_plans as plans
import kpis_sql_timeliness as timeliness


def queries(fy_label: str, census_year: int) -> dict[str, tuple[str, object]]:
    """Code -> (SQL, shape) for every KPI written by hand, in the order of
    docs/domain/kpi-definitions.md."""
    return {
        "T20": (timeliness.T20, timeliness.ratio),
        "T20X": (timeliness.T20X, timeliness.ratio),
        "TAVG": (timeliness.TAVG, timeliness.tavg),
        "TLATE": (timeliness.TLATE, timeliness.tlate),
        "T6": (timeliness.T6, timeliness.ratio),
        "TADV": (timeliness.TADV, timeliness.tadv),
        "T16": (timeliness.T16, timeliness.ratio),
        "RA14": (timeliness.RA14, timeliness.ra14),
        "B43A": (timeliness.B43A, timeliness.ratio),
        "B43B": (timeliness.B43B, timeliness.ratio),
        "S26": (timeliness.S26, timeliness.s26),
        "PROV": (plans.PROV, plans.prov),
        "AR": (plans.AR, plans.ar),
        "ARA": (plans.ARA, timeliness.ratio),
        "PT": (plans.PT, timeliness.ratio),
        "N": (plans.N, plans.by_kind),
        "PREV": (plans.PREV, plans.prev_shape(census_year)),
        "SUPP": (plans.SUPP, plans.supp_shape(census_year)),
        "NEW": (plans.NEW, plans.by_kind),
        "REQ": (plans.REQ, plans.req),
        "CEASE": (plans.CEASE, plans.cease),
        "NEED": (plans.NEED, plans.need),
        "AGE": (plans.AGE, plans.age),
        "MIX": (money.MIX, money.mix),
        "INMSS": (money.INMSS, money.inmss),
        "OOA": (money.OOA, money.ooa),
        "SPEND": (money.SPEND, money.spend_shape(fy_label)),
        "UNIT": (money.UNIT, money.unit),
        "PB": (money.PB, money.pb),
        "MED": (money.MED, money.med),
        "TRIB": (money.TRIB, money.trib),
    }
