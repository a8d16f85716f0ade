import pytest

from tests.data import STOCKPORT_CSV


@pytest.fixture
def stockport_bytes() -> bytes:
    """The Stockport appendix as published (the repository's copy, reporting/reference/data)."""
    return STOCKPORT_CSV.read_bytes()
