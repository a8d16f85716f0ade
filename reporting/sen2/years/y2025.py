"""SEN2 2025 (reference date 16 January 2025): what changed from 2024."""

from dataclasses import replace

from .base import BASE, GUIDE_PAGE, Change

YEAR_2025 = replace(
    BASE,
    year=2025,
    schema_file="SEN2_schema_2025.xsd",
    export_schema_file="SEN2_schema_2025_export.xsd",
    need_codes=BASE.need_codes | {"DS"},
    changes=(
        Change(
            "SENtype",
            "DS (Down syndrome) added to the need types; the 2025 schemas here are the 2024 "
            "ones with DS added to the sentype enumeration",
            "Special educational needs person level survey 2025: guide (as recorded in "
            "docs/domain/national-figures.md); DfE's 2025 technical specification and validation "
            "rules (ODS), listed on the technical specification page",
            GUIDE_PAGE,
        ),
    ),
    unconfirmed=(
        "DfE's published 2025 XSD: not read; ours is derived from the 2024 schema",
        "Any 2025 change other than DS (the 2025 technical specification's version history "
        "could not be read)",
        "DfE's 2025 validation rule numbers (the validation rules ODS could not be read)",
    ),
)
