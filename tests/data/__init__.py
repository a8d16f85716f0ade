"""Where the tests find the reference data kept in this repository (see tests/data/README.md).

Every path is relative to this file, so the suite runs from a fresh clone anywhere. The data
itself lives with the code that uses it in production (the SEN2 schemas under
reporting/sen2/schema/, Stockport's table under reporting/reference/data/); only what nothing but
the tests reads (the SEN2 mock-up return) is kept here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

DATA = Path(__file__).resolve().parent
REPOSITORY = DATA.parents[1]

SEN2_MOCKUP = DATA / "sen2" / "SEN2-2024-mockup.xml"
SEN2_SCHEMA_2024 = REPOSITORY / "reporting" / "sen2" / "schema" / "SEN2_schema_2024.xsd"
SEN2_EXPORT_SCHEMA_2024 = (
    REPOSITORY / "reporting" / "sen2" / "schema" / "SEN2_schema_2024_export.xsd"
)
STOCKPORT_CSV = (
    REPOSITORY / "reporting" / "reference" / "data" / "stockport_statements_2000_2005.csv"
)

# SHA-256 of each file as it was published (or, for the export schema, first derived), recorded
# when it was copied in: a test checks that no one has edited a copy of someone else's data.
PUBLISHED_SHA256 = {
    SEN2_MOCKUP: "9751820da0d1585f459ec6458a92367fbbed5060d6b17b4e940547280d8e4887",
    SEN2_SCHEMA_2024: "8f6c180ebbfbac285e3edeff6c1cb1846f4f6816d9420d368b9c4d4c28a5ab9a",
    SEN2_EXPORT_SCHEMA_2024: "50eea80318a927172fa98b3bd39ce43bc436e96b3abd9ad4fc617c9a2f0e9fd3",
    STOCKPORT_CSV: "efe351a98e02272b2ba03d68f8f2f0b2b7400c6944c831f2cc0926a57bd85399",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
