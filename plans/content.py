"""A plan's content as one plain dict: what a PlanVersion freezes at issue, what the printable
plan renders and what the comparison of two versions reads.

Sections I (named settings) and J (personal budgets) are partly held by the placements app,
which sits above this one: it adds its part through SNAPSHOT_CONTRIBUTORS (registered in its
AppConfig.ready()), so plans never imports placements.
"""

from collections.abc import Callable

from .models import Plan

# The plan's sections in statutory order (SI 2014/1530 reg 12(1)), with the name a statement
# (Education Act 1996 Sch 27; SI 2001/3455 Sch 2) gives the same content.
SECTIONS = [
    ("a", "A", "Views, interests and aspirations", "Part 1: introduction and views"),
    ("b", "B", "Special educational needs", "Part 2: special educational needs"),
    ("c", "C", "Health needs related to SEN", "Part 5: non-educational needs (health)"),
    ("d", "D", "Social care needs related to SEN", "Part 5: non-educational needs (social care)"),
    ("e", "E", "Outcomes", "Objectives"),
    ("f", "F", "Special educational provision", "Part 3: special educational provision"),
    ("g", "G", "Health provision", "Part 6: non-educational provision (health)"),
    ("h1", "H1", "Social care provision (CSDPA 1970 s2)", "Part 6: non-educational provision"),
    ("h2", "H2", "Other social care provision", "Part 6: other non-educational provision"),
    ("i", "I", "Placement", "Part 4: placement"),
    ("j", "J", "Personal budget", "Personal budget"),
    ("k", "K", "Advice and information", "Appendices: advice"),
]
TEXT_SECTIONS = [key for key, *_ in SECTIONS if key not in ("e", "f")]

SnapshotContributor = Callable[[Plan], dict]
SNAPSHOT_CONTRIBUTORS: list[SnapshotContributor] = []


def add_snapshot_contributor(contributor: SnapshotContributor) -> None:
    if contributor not in SNAPSHOT_CONTRIBUTORS:
        SNAPSHOT_CONTRIBUTORS.append(contributor)


def snapshot(plan: Plan) -> dict:
    """Everything the issued plan says, as JSON-ready data.

    Keys: kind, child (name, date_of_birth ISO, upn, nhs_number), sections (a..k without e and
    f: text), outcomes (list of {id, area, area_label, description, by_when}), provision (list
    of {id, outcome_id, description, provider, frequency, funded_by, funded_by_label}), and from
    the contributors named_settings (list of {name, urn, type_label, from}) and
    personal_budgets (list of {kind_label, amount, direct_payment}).
    """
    child = plan.child
    data = {
        "kind": plan.kind,
        "kind_label": plan.get_kind_display(),
        "child": {
            "name": child.full_name,
            "date_of_birth": child.date_of_birth.isoformat(),
            "upn": child.upn,
            "nhs_number": child.nhs_number,
        },
        "sections": {key: getattr(plan, f"section_{key}") for key in TEXT_SECTIONS},
        "outcomes": [
            {
                "id": outcome.pk,
                "area": outcome.area,
                "area_label": outcome.get_area_display(),
                "description": outcome.description,
                "by_when": outcome.by_when,
            }
            for outcome in plan.outcomes.all()
        ],
        "provision": [
            {
                "id": item.pk,
                "outcome_id": item.outcome_id,
                "description": item.description,
                "provider": item.provider,
                "frequency": item.frequency,
                "funded_by": item.funded_by,
                "funded_by_label": item.get_funded_by_display(),
            }
            for item in plan.provision.all()
        ],
        "named_settings": [],
        "personal_budgets": [],
    }
    for contributor in SNAPSHOT_CONTRIBUTORS:
        data.update(contributor(plan))
    return data
