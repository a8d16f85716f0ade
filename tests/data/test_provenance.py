"""The reference data copied into the repository is still the data as published."""

import pytest

from tests.data import PUBLISHED_SHA256, SEN2_MOCKUP, sha256


@pytest.mark.parametrize("path", PUBLISHED_SHA256, ids=lambda path: path.name)
def test_the_copy_is_byte_for_byte_the_published_file(path):
    assert sha256(path) == PUBLISHED_SHA256[path]


def test_the_mockup_keeps_its_crlf_line_endings():
    """As stored in liia-tools; .gitattributes keeps git from converting them on checkout."""
    assert SEN2_MOCKUP.read_bytes().count(b"\r\n") > 100
