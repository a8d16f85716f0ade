"""SEN2 2026 (reference date 15 January 2026): what changed from 2025."""

from dataclasses import replace

from .base import GUIDE_PAGE, Change
from .y2025 import YEAR_2025

GUIDE_2026 = (
    "https://assets.publishing.service.gov.uk/media/6937018aa6fc97b81e5743a7/"
    "Special_educational_needs_survey_guide_2026.pdf"
)

YEAR_2026 = replace(
    YEAR_2025,
    year=2026,
    schema_file="SEN2_schema_2026.xsd",
    export_schema_file="SEN2_schema_2026_export.xsd",
    changes=(
        Change(
            "Schema",
            "No change we could confirm: the 2026 schemas here are the 2025 ones (DS kept)",
            "Special educational needs person level survey 2026: technical specification and "
            "validation rules (added to the technical specification page, January 2025)",
            GUIDE_PAGE,
        ),
        Change(
            "Compulsory items",
            "A secondary source says the 2026 collection makes some items compulsory (it names "
            "DSCO, the request source and phase-transfer / annual-review dates); not applied "
            "here until read in DfE's guide",
            "Special educational needs survey (SEN2 person level): guide 2026",
            GUIDE_2026,
            confirmed=False,
        ),
    ),
    unconfirmed=(
        "DfE's published 2026 XSD: not read; ours is the 2025 one",
        "Which items the 2026 guide makes compulsory, and what DSCO is",
        "DfE's 2026 validation rule numbers (the validation rules ODS could not be read)",
    ),
)
