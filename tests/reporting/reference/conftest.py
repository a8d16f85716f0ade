from pathlib import Path

import pytest

REPO_STOCKPORT = (
    Path(__file__).resolve().parents[3]
    / "reporting"
    / "reference"
    / "data"
    / "stockport_statements_2000_2005.csv"
)
SHARED_STOCKPORT = Path("/work/shared/data/stockport_statements_2000_2005.csv")


@pytest.fixture
def stockport_bytes() -> bytes:
    """The Stockport appendix as published in ../shared/data (the repository's copy elsewhere)."""
    path = SHARED_STOCKPORT if SHARED_STOCKPORT.exists() else REPO_STOCKPORT
    return path.read_bytes()
