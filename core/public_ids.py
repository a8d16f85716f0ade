"""Record keys as they appear in URLs: stable, opaque and not guessable in sequence.

A database key is a small number handed out in order. Put in a URL as it is, it lets anyone
walk the records (/children/1/, /children/2/, ...) and turns one forgotten access check into
every child's file. So every key in a URL is encrypted instead: one AES block holding a fixed
tag and the key, written as 26 base32 letters and digits. Without the secret a valid id cannot
be made (a guess decodes to the tag with odds of 1 in 2**64), and the same record always has
the same URL, so bookmarks and links in emails keep working.

The secret is PUBLIC_ID_KEY when set, otherwise derived from SECRET_KEY. Rotating SECRET_KEY
with the old one in SECRET_KEY_FALLBACKS keeps old links readable; setting PUBLIC_ID_KEY
keeps them stable whatever happens to SECRET_KEY.
"""

import base64
import hashlib
import re
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

# Plaintext is TAG + the key as 8 bytes; a token that does not decrypt to TAG is refused.
TAG = b"SENDid\x00\x01"
LENGTH = 26  # 16 bytes in base32, without its padding
ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
MAX_KEY = 2**63 - 1  # the largest key PostgreSQL's bigint and SQLite's integer hold


@lru_cache(maxsize=8)
def _cipher(secret: str) -> Cipher[modes.ECB]:
    key = hashlib.sha256(b"send_portal.public_ids:" + secret.encode()).digest()[:16]
    # One block, deterministic by design: ECB's weakness (equal blocks look equal) is what a
    # stable URL needs, and no two records share a plaintext block.
    return Cipher(algorithms.AES(key), modes.ECB())  # noqa: S305


def _secrets() -> list[str]:
    explicit = getattr(settings, "PUBLIC_ID_KEY", "")
    if explicit:
        return [explicit]
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def encode(key: int) -> str:
    """The URL form of a database key."""
    if not 0 < key <= MAX_KEY:
        raise ValueError(f"not a record key: {key}")
    encryptor = _cipher(_secrets()[0]).encryptor()
    block = encryptor.update(TAG + key.to_bytes(8, "big")) + encryptor.finalize()
    return _text(block)


def _text(block: bytes) -> str:
    return base64.b32encode(block).decode("ascii").rstrip("=").lower()


def decode(token: str) -> int:
    """The database key a URL's id stands for; ValueError for anything that is not one."""
    if len(token) != LENGTH or not set(token) <= set(ALPHABET):
        raise ValueError("not a public id")
    block = base64.b32decode(token.upper() + "======")
    if _text(block) != token:  # the last letter's two spare bits must be zero: one id, one URL
        raise ValueError("not a public id")
    for secret in _secrets():
        decryptor = _cipher(secret).decryptor()
        plain = decryptor.update(block) + decryptor.finalize()
        if plain[:8] == TAG:
            key = int.from_bytes(plain[8:], "big")
            if 0 < key <= MAX_KEY:
                return key
    raise ValueError("not a public id")


def find_in(text: str) -> int | None:
    """The record key of the public id in `text` (the id itself, or an address pasted whole),
    or None."""
    for token in reversed(re.findall(f"[{ALPHABET}]{{{LENGTH}}}", text.strip().lower())):
        try:
            return decode(token)
        except ValueError:
            continue
    return None


class PublicIdConverter:
    """`<id:pk>` in a URL pattern: the view gets the database key, reverse() writes the token.

    Django treats the ValueError of to_python as "no match", so a walked or mistyped id is a
    404 before any view runs."""

    regex = f"[{ALPHABET}]{{{LENGTH}}}"

    def to_python(self, value: str) -> int:
        return decode(value)

    def to_url(self, value: int | str) -> str:
        return encode(int(value))
