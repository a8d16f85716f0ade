"""The rules of one SEN2 collection year, and the 2024 collection's rules (`BASE`).

A later year is `BASE` (or the year before it) with `dataclasses.replace` applied to what changed,
in a module of its own: a change for next year never edits this year's rules, so a return for a
past reference date is still checked and written as it was then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import xmlschema

from cases import statutory

from ...kpis.base import census_day

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
GUIDE_PAGE = "https://www.gov.uk/government/publications/special-educational-needs-person-level-survey-technical-specification"


@dataclass(frozen=True)
class Change:
    """What a year changed against the year before, where it is written down, and whether we
    could read it in DfE's own documents (`confirmed`) or only in a secondary source."""

    item: str
    what: str
    source: str
    url: str = ""
    confirmed: bool = True


@dataclass(frozen=True)
class Sen2Year:
    year: int
    schema_file: str
    export_schema_file: str
    need_codes: frozenset[str]
    setting_codes: frozenset[str]
    collection: str = "SEN2"
    # EHC plans run to the end of the academic year in which the young person turns 25
    # (Children and Families Act 2014 s.46): older than 25 on the reference date is an error.
    max_age: int = statutory.OLDEST_AGE
    changes: tuple[Change, ...] = ()
    unconfirmed: tuple[str, ...] = ()

    @property
    def header_year(self) -> str:
        """The <Year> the header carries: the reference date's year."""
        return str(self.year)

    @property
    def reference_date(self) -> date:
        return census_day(self.year)

    def schema(self) -> xmlschema.XMLSchema:
        """The schema files are read against (as DfE publishes it, or as we derived it)."""
        return _load(SCHEMA_DIR / self.schema_file)

    def export_schema(self) -> xmlschema.XMLSchema:
        """The schema this product's files must pass (SENSetting optional where a URN is
        given, as the guide says, where the published schema requires it)."""
        return _load(SCHEMA_DIR / self.export_schema_file)

    def accepts_need(self, code: str) -> bool:
        return code in self.need_codes

    def accepts_setting(self, code: str) -> bool:
        return code in self.setting_codes


@cache
def _load(path: Path) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(path)


BASE = Sen2Year(
    year=2024,
    schema_file="SEN2_schema_2024.xsd",
    export_schema_file="SEN2_schema_2024_export.xsd",
    need_codes=frozenset(
        ("SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH")
    ),
    setting_codes=frozenset(("OLA", "EHE", "EYP", "OPA", "OTH", "NEET", "NIEC", "NIEO")),
    changes=(
        Change(
            "Schema",
            "DfE's SEN2 2024 schema as published (copied from SocialFinanceDigitalLabs/"
            "liia-tools, MIT licence); the export schema makes SENSetting optional where a URN "
            "or UKPRN is given, as the guide asks",
            "Special educational needs person level survey 2024: technical specification",
            GUIDE_PAGE,
        ),
    ),
)
