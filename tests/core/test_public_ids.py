"""Record ids in URLs: encrypted, stable, and impossible to walk (core.public_ids)."""

import random
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter

from core import public_ids
from core.public_ids import ALPHABET, LENGTH, decode, encode

TOKEN = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


@pytest.mark.parametrize("key", [1, 2, 1000, 123_456_789, 2**63 - 1])
def test_a_key_goes_there_and_back(key):
    token = encode(key)
    assert TOKEN.match(token)
    assert decode(token) == key


@pytest.mark.parametrize("key", [0, -1, 2**63])
def test_only_a_database_key_has_a_public_id(key):
    with pytest.raises(ValueError):
        encode(key)


def test_neighbouring_keys_share_nothing_a_walker_could_use():
    tokens = [encode(key) for key in range(1, 1001)]
    assert len(set(tokens)) == 1000
    assert tokens != sorted(tokens)
    # No common prefix: the token of key n says nothing about the token of n + 1.
    assert len({token[:4] for token in tokens}) > 900


def test_a_changed_character_is_not_another_record():
    token = encode(42)
    for position in range(LENGTH):
        for letter in ALPHABET:
            changed = token[:position] + letter + token[position + 1 :]
            if changed != token:
                with pytest.raises(ValueError):
                    decode(changed)


def test_guesses_are_refused():
    rng = random.Random(17)
    for _ in range(20_000):
        guess = "".join(rng.choice(ALPHABET) for _ in range(LENGTH))
        with pytest.raises(ValueError):
            decode(guess)


@pytest.mark.parametrize(
    "value", ["1", "42", "", "a" * 25, "a" * 27, "A" * 26, "ä" * 26, "0" * 26, "²" * 26]
)
def test_anything_else_is_refused(value):
    with pytest.raises(ValueError):
        decode(value)


def test_an_old_link_still_opens_after_the_secret_key_is_rotated(settings):
    settings.SECRET_KEY = "the old key " * 5
    token = encode(7)
    settings.SECRET_KEY = "the new key " * 5
    with pytest.raises(ValueError):
        decode(token)
    settings.SECRET_KEY_FALLBACKS = ["the old key " * 5]
    assert decode(token) == 7
    assert encode(7) != token  # new links use the new key


def test_public_id_key_keeps_links_whatever_happens_to_the_secret_key(settings):
    settings.PUBLIC_ID_KEY = "a key for URLs only"
    token = encode(7)
    settings.SECRET_KEY = "rotated without fallbacks " * 3
    assert decode(token) == 7


def _patterns(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern


OUR_PACKAGES = {"core", "accounts", "cases", "plans", "placements", "reporting", "records"}


def test_no_url_of_the_project_takes_a_plain_number():
    ours = [p for p in _patterns() if p.lookup_str.split(".")[0] in OUR_PACKAGES]
    numbered = [
        str(p.pattern)
        for p in ours
        if any(isinstance(c, IntConverter) for c in p.pattern.converters.values())
    ]
    assert numbered == []
    ids = {
        f"{p.pattern}:{name}": type(converter).__name__
        for p in ours
        for name, converter in p.pattern.converters.items()
        if name == "pk" or name.endswith("_id")
    }
    assert len(ids) > 70  # every app's record pages, not a handful
    assert set(ids.values()) == {public_ids.PublicIdConverter.__name__}


def test_urls_carry_the_token_and_views_get_the_key():
    url = reverse("cases:child", args=[5])
    assert url == f"/children/{encode(5)}/"
    assert resolve(url).kwargs == {"pk": 5}


@pytest.mark.django_db
def test_walking_numbers_finds_no_child_even_ones_the_user_may_see(client, caseworker, child):
    client.force_login(caseworker)
    assert client.get(reverse("cases:child", args=[child.pk])).status_code == 200
    for number in range(child.pk - 2, child.pk + 3):
        assert client.get(f"/children/{number}/").status_code == 404
    assert client.get(f"/children/{encode(child.pk)[:-1]}a/").status_code in (404,)
