"""Ofsted's Annex A List 1 for an area SEND inspection: children and young people with an EHC
plan. The header is the template's, character for character (the dashes are en dashes), in its
order: the published Annex A SEND validator (data-to-insight/annex-a-sen-validator-be,
sen_validator/config.py) refuses a file whose columns differ, so nothing here may be renamed.

Each column says where its value comes from. Columns the product does not hold are read from a
supplement CSV keyed by UPN (supplement.py) or left blank.
"""

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"  # dd/mm/yyyy, as the validator reads dates (day first)
    COUNT = "count"  # a whole number, 0 or more
    PERCENT = "percent"  # 0 to 100, decimals allowed
    YES_NO = "yes_no"  # Yes or No


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    source: str  # shown on the page and in docs/annex-a.md
    held: bool  # False: the product does not hold it; from the supplement, else blank


UNIQUE_ID = "Unique ID"
UPN = "UPN"
ULN = "ULN"
DATE_OF_BIRTH = "Date of birth"
GENDER = "Gender"
ETHNICITY = "Ethnicity"
INITIAL_PLAN = "Date initial EHC plan issued"
UPDATED_PLAN = "Date updated EHC plan issued"
LAST_REVIEWED = "Date EHC plan last reviewed"
PRIMARY_NEED = "SEN primary need"
MAIN_URN = "Main education establishment \N{EN DASH} URN"
MAIN_PHASE = "Main education establishment \N{EN DASH} phase"
DUAL_PHASE = "Subsidiary education establishment \N{EN DASH} phase (dual registration)"
HOME_EDUCATED = "Elective home education"
SUSPENSIONS = "Suspensions"
EXCLUSIONS = "Permanent exclusions"
ABSENCE = "Absence"
PUPIL_PREMIUM = "Pupil Premium"
KNOWN_TO_SOCIAL_CARE = "Known to children's social care?"
SOCIAL_CARE_TEAM = "Which children's social care team?"
DISABILITY = "Does the child or young person have a disability?"

LIST_1 = (
    Column(UNIQUE_ID, Kind.TEXT, "The child's record number in SEND Portal", True),
    Column(UPN, Kind.TEXT, "Child: UPN", True),
    Column(ULN, Kind.TEXT, "Child: ULN", True),
    Column(DATE_OF_BIRTH, Kind.DATE, "Child: date of birth", True),
    Column(GENDER, Kind.TEXT, "Child: sex, as 1 (male), 2 (female) or 0 (not known)", True),
    Column(ETHNICITY, Kind.TEXT, "Child: ethnicity, DfE code (WBRI, ...)", True),
    Column(INITIAL_PLAN, Kind.DATE, "EHC plan: date first issued", True),
    Column(
        UPDATED_PLAN,
        Kind.DATE,
        "EHC plan: latest amended plan issued (after a review or a re-assessment)",
        True,
    ),
    Column(LAST_REVIEWED, Kind.DATE, "EHC plan: latest annual review meeting held", True),
    Column(PRIMARY_NEED, Kind.TEXT, "Child: primary need, DfE code (ASD, SEMH, ...)", True),
    Column(MAIN_URN, Kind.TEXT, "Current main placement: the setting's URN", True),
    Column(MAIN_PHASE, Kind.TEXT, "Current main placement: the setting's phase", True),
    Column(DUAL_PHASE, Kind.TEXT, "Current dual placement: the setting's phase", True),
    Column(
        HOME_EDUCATED,
        Kind.YES_NO,
        "Current main placement: Yes if elective home education (EHE)",
        True,
    ),
    Column(SUSPENSIONS, Kind.COUNT, "Supplement: number of suspensions", False),
    Column(EXCLUSIONS, Kind.COUNT, "Supplement: number of permanent exclusions", False),
    Column(ABSENCE, Kind.PERCENT, "Supplement: absence, % of sessions missed", False),
    Column(PUPIL_PREMIUM, Kind.YES_NO, "Supplement: eligible for the pupil premium", False),
    Column(
        KNOWN_TO_SOCIAL_CARE,
        Kind.YES_NO,
        "Supplement; otherwise Yes for a child recorded as looked after",
        False,
    ),
    Column(SOCIAL_CARE_TEAM, Kind.TEXT, "Supplement: the social care team", False),
    Column(DISABILITY, Kind.YES_NO, "Supplement: has a disability", False),
)

HEADER = tuple(column.name for column in LIST_1)
BY_NAME = {column.name: column for column in LIST_1}
IMPORTED = tuple(column for column in LIST_1 if not column.held)

# The template codes gender as the DfE common basic data set does (the validator's sample file
# has 1 and 2); the product stores SEN2's M/F/U.
GENDER_CODES = {"M": "1", "F": "2", "U": "0"}
