"""Signing in through the real sign-in page, as a browser does: for the load and fault benches.

No Django import: the locust file loads this after gevent has patched the standard library.
`client` is a requests.Session, or locust's HttpSession (a subclass) whose extra keyword
arguments (`name`) are passed through; see `PlainClient` for a session with a base address.

Team managers and heads of service may have to pass a second step (a TOTP code). If the page
after the password asks for a code, or the sign-in form itself does, the code is computed from
the user's TOTP key (hex, as django-otp's TOTPDevice stores it), which the caller passes in.
"""

import html
import re
from urllib.parse import urljoin

import requests
from django_otp.oath import totp  # pure Python: needs no settings

SIGN_IN = "/sign-in/"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.IGNORECASE | re.DOTALL)
# The names a one-time code field goes by (django-otp's forms use "otp_token").
_CODE_NAME = re.compile(r"^(otp_token|otp|token|code|totp|verification_code)$")


class SignInFailed(Exception):
    """The credentials were refused, or a code was asked for and none could be given."""


def csrf_token(page: str) -> str:
    found = _CSRF.search(page)
    if not found:
        raise SignInFailed("no CSRF token on the page")
    return found.group(1)


def code_field(page: str) -> str | None:
    """The name of the visible one-time code input on the page, if it has one."""
    for tag in _INPUT.findall(page):
        attrs = dict(_ATTR.findall(tag))
        if attrs.get("type", "text") != "hidden" and _CODE_NAME.match(attrs.get("name", "")):
            return attrs["name"]
    return None


def current_code(key_hex: str) -> str:
    """The TOTP code now for a device key, with django-otp's defaults (30 s step, 6 digits)."""
    return f"{totp(bytes.fromhex(key_hex), step=30, t0=0, digits=6):06d}"


def form_target(page_url: str, page: str, field: str) -> str:
    """Where the form holding the named field posts to (the page itself if it has no action):
    the header's search and sign-out forms come first on a signed-in page."""
    for attributes, body in _FORM.findall(page):
        if f'name="{field}"' in body:
            action = html.unescape(dict(_ATTR.findall(attributes)).get("action", ""))
            return urljoin(page_url, action) if action else page_url
    raise SignInFailed(f"no form with a {field} field on {page_url}")


def sign_in(client, username: str, password: str, totp_key: str | None = None, **extra):
    """Sign in; returns the response of the page the user lands on. Raises SignInFailed."""
    page = client.get(SIGN_IN, **extra)
    page.raise_for_status()
    data = {"csrfmiddlewaretoken": csrf_token(page.text), "username": username}
    data["password"] = password
    field = code_field(page.text)
    if field:  # a one-page form asking for the code beside the password
        if not totp_key:
            raise SignInFailed(f"{username}: the sign-in form asks for a code; no TOTP key")
        data[field] = current_code(totp_key)
    landed = client.post(
        form_target(page.url, page.text, "password"),
        data=data,
        headers={"Referer": page.url},
        **extra,
    )
    landed.raise_for_status()
    field = code_field(landed.text)
    if field:  # the second step: a page of its own asking for the code
        if not totp_key:
            raise SignInFailed(f"{username}: asked for a code; no TOTP key")
        if "name" in extra:  # locust's name for the request: the second step apart
            extra = {**extra, "name": f"{extra['name']}, two-factor code"}
        landed = client.post(
            form_target(landed.url, landed.text, field),
            data={"csrfmiddlewaretoken": csrf_token(landed.text), field: current_code(totp_key)},
            headers={"Referer": landed.url},
            **extra,
        )
        landed.raise_for_status()
        if code_field(landed.text):
            raise SignInFailed(f"{username}: the code was refused")
    if landed.url.rstrip("/").endswith(SIGN_IN.rstrip("/")):
        raise SignInFailed(f"{username}: the username or password was refused")
    return landed


class PlainClient(requests.Session):
    """A requests session with a base address, like locust's HttpSession, for bench/faults.py."""

    def __init__(self, base_url: str, timeout: float = 30):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, urljoin(self.base_url + "/", url), *args, **kwargs)
