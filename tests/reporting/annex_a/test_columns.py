from reporting.annex_a.columns import HEADER, IMPORTED, LIST_1

# Ofsted's Annex A template, List 1, as the published validator checks it
# (data-to-insight/annex-a-sen-validator-be, sen_validator/config.py): the dashes are en dashes.
TEMPLATE_LIST_1 = [
    "Unique ID",
    "UPN",
    "ULN",
    "Date of birth",
    "Gender",
    "Ethnicity",
    "Date initial EHC plan issued",
    "Date updated EHC plan issued",
    "Date EHC plan last reviewed",
    "SEN primary need",
    "Main education establishment \u2013 URN",
    "Main education establishment \u2013 phase",
    "Subsidiary education establishment \u2013 phase (dual registration)",
    "Elective home education",
    "Suspensions",
    "Permanent exclusions",
    "Absence",
    "Pupil Premium",
    "Known to children's social care?",
    "Which children's social care team?",
    "Does the child or young person have a disability?",
]


def test_header_is_the_templates_exactly():
    assert list(HEADER) == TEMPLATE_LIST_1


def test_every_column_names_its_source():
    assert all(column.source for column in LIST_1)


def test_the_columns_not_held_are_the_schools_and_social_cares():
    assert [column.name for column in IMPORTED] == TEMPLATE_LIST_1[14:]
