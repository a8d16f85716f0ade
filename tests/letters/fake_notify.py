"""A local fake of the GOV.UK Notify API, for tests: nothing in the test suite reaches Notify.

A small threaded HTTP server on 127.0.0.1 (a free port) that checks each request as Notify's
REST API documentation says (https://docs.notifications.service.gov.uk/rest-api.html) and
answers as Notify does:

- every request: ``Authorization: Bearer <JWT>``, the token HS256-signed with the secret half of
  the API key (``{key_name}-{service id}-{secret}``), ``iss`` the service id, ``iat`` within
  30 seconds of now (403 ``AuthError`` otherwise; 401 without a token);
- ``POST /v2/notifications/email``: ``email_address``, ``template_id`` (one of the fake's
  templates), ``personalisation`` (every ``((placeholder))`` of the template given; a file
  as ``{"file": base64, "filename", "confirm_email_before_download", "retention_period"}``,
  kept in ``fake.files`` under the link put in its place), ``reference``; nothing else (400
  ``ValidationError``/``BadRequestError`` otherwise);
- ``POST /v2/notifications/letter``, precompiled: ``reference``, ``content`` (a base64 PDF),
  ``postage`` (first, second or economy). Not a PDF: 400. Notify checks the letter
  specification after taking the letter, so a letter outside it (pages not A4 portrait,
  595 x 842 pt +-1, or more than 10; text outside the printable area; the address not in the
  address block, or not 3 to 7 lines ending with a postcode: ``letter_problems``) is taken
  (201) and its status is ``validation-failed``, with the reasons kept on the request;
- ``GET /v2/notifications/{id}``: the notification with its status (404 ``NoResultFound``).

Errors are ``{"status_code": .., "errors": [{"error": .., "message": ..}]}``. The fake keeps
every request it received (``fake.received``), can be told to fail the next request(s) with a
400, 403, 429 or 500 (``fake.fail_next``) and to report a status for a notification
(``fake.set_status``).

``pytest_plugins`` in tests/conftest.py loads this module: the ``fake_notify`` fixture points
the settings at a fresh fake, and every other test runs with no Notify key at all.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import os
import re
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
import pytest
from pypdf import PdfReader
from pypdf.errors import PdfReadError

A4_POINTS = (595.0, 842.0)  # 210 x 297 mm
A4_TOLERANCE = 1.0
MAX_LETTER_PAGES = 10
CLOCK_SKEW_SECONDS = 30
POSTAGE = ("first", "second", "economy")
FILE_TYPES = {
    "csv",
    "jpeg",
    "jpg",
    "png",
    "xlsx",
    "doc",
    "docx",
    "pdf",
    "json",
    "odt",
    "rtf",
    "txt",
}
EMAIL_STATUSES = {
    "created",
    "sending",
    "delivered",
    "permanent-failure",
    "temporary-failure",
    "technical-failure",
}
LETTER_STATUSES = {
    "accepted",
    "received",
    "cancelled",
    "pending-virus-check",
    "virus-scan-failed",
    "validation-failed",
    "technical-failure",
    "permanent-failure",
    "returned-letter",
}
# What Notify answers for each error the fake can be told to give.
ERRORS = {
    400: ("BadRequestError", "Cannot send to this recipient when service is in trial mode"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    ),
    500: ("Exception", "Internal server error"),
    503: ("Exception", "Service unavailable"),
}
_PLACEHOLDER = re.compile(r"\(\(([^()]+)\)\)")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Template:
    name: str
    subject: str
    body: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def placeholders(self) -> set[str]:
        return set(_PLACEHOLDER.findall(self.subject + self.body))

    def render(self, text: str, personalisation: dict) -> str:
        return _PLACEHOLDER.sub(lambda m: str(personalisation.get(m.group(1), m.group(0))), text)


@dataclass
class Received:
    """One request as the fake received it, and what it answered."""

    method: str
    path: str
    body: dict | None
    status: int = 0
    answer: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # a letter outside the specification

    def summary(self, templates: dict[str, Template]) -> str:
        """One line without personal data: the endpoint, template, keys and answer."""
        parts = [self.method, self.path.split("?")[0]]
        body = self.body or {}
        if self.path.startswith("/v2/notifications/") and self.method == "GET":
            parts[1] = "/v2/notifications/{id}"
        if "template_id" in body:
            template = templates.get(str(body["template_id"]))
            parts.append(f"template={template.name if template else 'unknown'}")
        if isinstance(body.get("personalisation"), dict):
            keys = [
                f"{key}(file)" if isinstance(value, dict) else key
                for key, value in sorted(body["personalisation"].items())
            ]
            parts.append(f"personalisation={','.join(keys)}")
        if "reference" in body:
            parts.append(f"reference={body['reference']}")
        if "content" in body:
            parts.append(f"postage={body.get('postage', '(default)')} pdf")
        if self.problems:
            parts.append(f"problems={'; '.join(self.problems)}")
        parts.append(f"-> {self.status}")
        if self.status < 300 and self.answer.get("status"):
            parts.append(str(self.answer["status"]))
        elif self.status >= 400:
            parts.append(str(self.answer["errors"][0]["error"]))
        return " ".join(parts)


class NotifyAnswer(Exception):  # an answer, raised to leave the handler early
    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


class FakeNotify:
    def __init__(self, templates: list[Template] | None = None) -> None:
        self.service_id = str(uuid.uuid4())
        self.secret = str(uuid.uuid4())
        self.api_key = f"send_portal_tests-{self.service_id}-{self.secret}"
        self.templates = {t.id: t for t in templates or default_templates()}
        self.notifications: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}  # sent by email, by their links
        self.received: list[Received] = []
        self._failures: deque[tuple[int, str, str]] = deque()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- running -------------------------------------------------------------------------

    def start(self) -> FakeNotify:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- telling it what to do -----------------------------------------------------------

    def template(self, name: str) -> Template:
        return next(t for t in self.templates.values() if t.name == name)

    def fail_next(
        self, status: int, times: int = 1, *, error: str | None = None, message: str | None = None
    ) -> None:
        """Answer the next ``times`` requests (any endpoint) with this error."""
        default_error, default_message = ERRORS[status]
        with self._lock:
            for _ in range(times):
                self._failures.append((status, error or default_error, message or default_message))

    def set_status(self, notification_id: str, status: str) -> None:
        """What Notify will say of this notification from now on."""
        with self._lock:
            notification = self.notifications[notification_id]
            allowed = EMAIL_STATUSES if notification["type"] == "email" else LETTER_STATUSES
            assert status in allowed, f"Notify has no {notification['type']} status {status!r}"
            notification["status"] = status
            if status not in ("created", "sending", "accepted", "pending-virus-check"):
                notification["completed_at"] = _now()

    # --- what it received ----------------------------------------------------------------

    def requests_to(self, method: str, path: str) -> list[Received]:
        return [r for r in self.received if r.method == method and r.path == path]

    @property
    def emails(self) -> list[Received]:
        return [r for r in self.requests_to("POST", "/v2/notifications/email") if r.status == 201]

    @property
    def letters(self) -> list[Received]:
        return [r for r in self.requests_to("POST", "/v2/notifications/letter") if r.status == 201]

    def pdf(self, notification_id: str) -> bytes:
        return self.notifications[notification_id]["pdf"]

    def summaries(self) -> list[str]:
        return [r.summary(self.templates) for r in self.received]

    # --- answering (on the server's threads) ---------------------------------------------

    def answer(self, method: str, path: str, headers: Any, raw: bytes) -> Received:
        body = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = {"(not JSON)": raw[:50].decode("latin-1")}
        received = Received(method=method, path=path, body=body)
        try:
            with self._lock:
                failure = self._failures.popleft() if self._failures else None
            if failure:
                raise NotifyAnswer(*failure)
            self._check_token(headers.get("Authorization", ""))
            received.status, received.answer = self._route(method, path, headers, body, received)
        except NotifyAnswer as refused:
            received.status = refused.status
            received.answer = {
                "status_code": refused.status,
                "errors": [{"error": refused.error, "message": refused.message}],
            }
        with self._lock:
            self.received.append(received)
        return received

    def _check_token(self, authorization: str) -> None:
        if not authorization.startswith("Bearer "):
            raise NotifyAnswer(
                401, "AuthError", "Unauthorized: authentication token must be provided"
            )
        token = authorization.removeprefix("Bearer ")
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise NotifyAnswer(403, "AuthError", "Invalid token: signature") from exc
        if header.get("alg") != "HS256" or header.get("typ") != "JWT":
            raise NotifyAnswer(403, "AuthError", "Invalid token: algorithm used is not HS256")
        if claims.get("iss") != self.service_id:
            raise NotifyAnswer(403, "AuthError", "Invalid token: service not found")
        try:
            jwt.decode(
                token,
                key=self.secret,
                algorithms=["HS256"],
                options={"verify_iat": False, "require": ["iss", "iat"]},
            )
        except jwt.PyJWTError as exc:
            raise NotifyAnswer(
                403, "AuthError", "Invalid token: signature, api token not found"
            ) from exc
        if not isinstance(claims.get("iat"), int) or (
            abs(time.time() - claims["iat"]) > CLOCK_SKEW_SECONDS
        ):
            raise NotifyAnswer(
                403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds"
            )

    def _route(
        self, method: str, path: str, headers: Any, body: dict | None, received: Received
    ) -> tuple[int, dict]:
        if method == "POST" and path in ("/v2/notifications/email", "/v2/notifications/letter"):
            if not headers.get("Content-Type", "").startswith("application/json"):
                raise NotifyAnswer(400, "BadRequestError", "Content-Type must be application/json")
            if not isinstance(body, dict) or "(not JSON)" in body:
                raise NotifyAnswer(400, "ValidationError", "Invalid JSON supplied in POST data")
            if path.endswith("/email"):
                return 201, self._email(body)
            return 201, self._letter(body, received)
        if method == "GET" and path.startswith("/v2/notifications/"):
            return 200, self._status(path.removeprefix("/v2/notifications/"))
        if method == "GET" and path.partition("?")[0] in (
            "/v2/notifications",
            "/v2/notifications/",
        ):
            return 200, self._listing(parse_qs(path.partition("?")[2]))
        raise NotifyAnswer(404, "ResourceNotFound", "The requested URL was not found on the server")

    def _email(self, body: dict) -> dict:
        _properties(
            body,
            required=("email_address", "template_id"),
            allowed=(
                "personalisation",
                "reference",
                "email_reply_to_id",
                "one_click_unsubscribe_url",
                "sanitise_content_for",
            ),
        )
        if not _UUID.match(str(body["template_id"])):
            raise NotifyAnswer(400, "ValidationError", "template_id is not a valid UUID")
        template = self.templates.get(body["template_id"])
        if template is None:
            raise NotifyAnswer(400, "BadRequestError", "Template not found")
        if not isinstance(body["email_address"], str) or not _EMAIL.match(body["email_address"]):
            raise NotifyAnswer(400, "ValidationError", "email_address Not a valid email address")
        personalisation = body.get("personalisation") or {}
        if not isinstance(personalisation, dict):
            raise NotifyAnswer(400, "ValidationError", "personalisation is not of type object")
        personalisation = {
            key: self._file_link(value) if isinstance(value, dict) else value
            for key, value in personalisation.items()
        }
        missing = sorted(template.placeholders - set(personalisation))
        if missing:
            raise NotifyAnswer(
                400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}"
            )
        notification_id = str(uuid.uuid4())
        subject = template.render(template.subject, personalisation)
        text = template.render(template.body, personalisation)
        with self._lock:
            self.notifications[notification_id] = {
                "id": notification_id,
                "reference": body.get("reference"),
                "email_address": body["email_address"],
                "type": "email",
                "status": "created",
                "template": {"id": template.id, "version": 1, "uri": self._uri(template)},
                "body": text,
                "subject": subject,
                "created_at": _now(),
                "completed_at": None,
            }
        return {
            "id": notification_id,
            "reference": body.get("reference"),
            "content": {
                "subject": subject,
                "body": text,
                "from_email": "send.portal@notifications.service.gov.uk",
            },
            "uri": f"{self.url}/v2/notifications/{notification_id}",
            "template": {"id": template.id, "version": 1, "uri": self._uri(template)},
        }

    def _file_link(self, upload: dict) -> str:
        """A file sent by email (``{"file": base64, "filename", "confirm_email_before_download",
        "retention_period"}``): kept, and the link Notify puts in its placeholder."""
        unexpected = set(upload) - {
            "file",
            "filename",
            "confirm_email_before_download",
            "retention_period",
        }
        if "file" not in upload or unexpected:
            raise NotifyAnswer(400, "ValidationError", "personalisation file is not valid")
        try:
            content = base64.b64decode(str(upload["file"]), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise NotifyAnswer(400, "BadRequestError", "File is not base64 encoded") from exc
        filename = upload.get("filename")
        if filename is not None and (
            len(filename) > 100 or not re.search(r"\.[A-Za-z0-9]+$", filename)
        ):
            raise NotifyAnswer(400, "BadRequestError", "filename must end with a file extension")
        extension = (filename or ".pdf").rsplit(".", 1)[-1].lower()
        if extension not in FILE_TYPES:
            raise NotifyAnswer(400, "BadRequestError", f"Unsupported file type '{extension}'")
        confirm = upload.get("confirm_email_before_download")
        if confirm is not None and not isinstance(confirm, bool):
            raise NotifyAnswer(
                400, "BadRequestError", "Unsupported value for confirm_email_before_download"
            )
        period = upload.get("retention_period")
        weeks = re.fullmatch(r"(\d+) weeks?", period or "26 weeks")
        if not weeks or not 1 <= int(weeks.group(1)) <= 78:
            raise NotifyAnswer(400, "BadRequestError", "Supported periods are from 1 to 78 weeks.")
        link = f"https://documents.service.gov.uk/d/{uuid.uuid4().hex}?key={uuid.uuid4().hex}"
        with self._lock:
            self.files[link] = {
                "content": content,
                "filename": filename,
                "confirm_email_before_download": confirm is not False,
                "retention_period": period or "26 weeks",
            }
        return link

    def _letter(self, body: dict, received: Received) -> dict:
        _properties(body, required=("reference", "content"), allowed=("postage",))
        postage = body.get("postage", "second")
        if postage not in POSTAGE:
            raise NotifyAnswer(
                400,
                "ValidationError",
                "postage invalid. It must be either first, second or economy.",
            )
        try:
            pdf = base64.b64decode(str(body["content"]), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise NotifyAnswer(
                400, "ValidationError", "Cannot decode letter content (file) from base64 encoding"
            ) from exc
        received.problems = letter_problems(pdf)  # raises for a file that is not a PDF
        notification_id = str(uuid.uuid4())
        with self._lock:
            self.notifications[notification_id] = {
                "id": notification_id,
                "reference": body["reference"],
                "type": "letter",
                # Notify checks the file after taking it: the status says what it found.
                "status": "validation-failed" if received.problems else "accepted",
                "postage": postage,
                "line_1": "Provided as PDF",
                "created_at": _now(),
                "completed_at": _now() if received.problems else None,
                "pdf": pdf,
            }
        return {"id": notification_id, "reference": body["reference"], "postage": postage}

    def _status(self, notification_id: str) -> dict:
        if not _UUID.match(notification_id):
            raise NotifyAnswer(400, "ValidationError", "id is not a valid UUID")
        with self._lock:
            notification = self.notifications.get(notification_id)
            if notification is None:
                raise NotifyAnswer(404, "NoResultFound", "No result found")
            return {k: v for k, v in notification.items() if k != "pdf"}

    def _listing(self, query: dict[str, list[str]]) -> dict:
        """GET /v2/notifications: the notifications matching ``reference`` (and ``status``,
        ``template_type``), newest first, as Notify lists them."""
        reference = (query.get("reference") or [None])[0]
        wanted_type = (query.get("template_type") or [None])[0]
        with self._lock:
            found = [
                {k: v for k, v in n.items() if k != "pdf"}
                for n in reversed(list(self.notifications.values()))
                if (reference is None or n.get("reference") == reference)
                and (wanted_type is None or n.get("type") == wanted_type)
            ]
        return {"notifications": found, "links": {"current": f"{self.url}/v2/notifications"}}

    def _uri(self, template: Template) -> str:
        return f"{self.url}/v2/template/{template.id}"


def letter_problems(pdf: bytes) -> list[str]:
    """Where a PDF breaks Notify's letter specification; raises the 400 Notify gives for
    content that is not a PDF at all. Checked: A4 portrait pages, at most 10 of them; on each,
    no text outside the printable area; on the first, the address in the address block (at
    least 3 and at most 7 lines, the last a UK postcode) and no other text beside it.
    Text is placed by where each piece starts (its extent, images and lines are not checked)."""
    if not pdf.startswith(b"%PDF-"):
        raise NotifyAnswer(400, "BadRequestError", "Letter content is not a valid PDF")
    try:
        pages = PdfReader(io.BytesIO(pdf)).pages
        sizes = [_portrait_size(page) for page in pages]
        problems = []
        if len(sizes) > MAX_LETTER_PAGES:
            problems.append(f"{len(sizes)} pages (at most {MAX_LETTER_PAGES})")
        for number, (page, (width, height)) in enumerate(zip(pages, sizes, strict=True), 1):
            if (
                abs(width - A4_POINTS[0]) > A4_TOLERANCE
                or abs(height - A4_POINTS[1]) > A4_TOLERANCE
            ):
                problems.append(f"page {number} is {width:.0f} x {height:.0f} pt, not A4 portrait")
                continue
            problems += _layout_problems(number, _text_positions(page))
    except (PdfReadError, ValueError, KeyError) as exc:
        raise NotifyAnswer(400, "BadRequestError", "Letter content is not a valid PDF") from exc
    return problems


# Notify's letter specification (v2.4), in mm from the page's top left corner.
PRINTABLE = (15.0, 5.0, 195.0, 292.0)  # left, top, right, bottom: 15 mm sides, 5 mm top/bottom
ADDRESS_BLOCK = (24.6, 39.5, 120.0, 66.3)
LOGO_BOTTOM, SERVICE_ADDRESS_LEFT, BODY_TOP = 30.0, 125.0, 95.0
_MM = 72 / 25.4
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$", re.I)  # spaces taken out


def _text_positions(page: Any) -> list[tuple[float, float, str]]:
    """(mm from the left, mm from the top, text) where each piece of text on a page starts."""
    found: list[tuple[float, float, str]] = []
    height = float(page.mediabox.height)

    def visit(text: str, cm: list, tm: list, font: Any, size: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x / _MM, (height - y) / _MM, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def _portrait_size(page: Any) -> tuple[float, float]:
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    if (page.get("/Rotate") or 0) % 180:
        width, height = height, width
    return width, height


def _inside(x: float, y: float, area: tuple[float, float, float, float]) -> bool:
    """Within the area or 1 mm of it: Notify's own check allows 1 mm all round."""
    left, top, right, bottom = area
    return left - 1 <= x <= right + 1 and top - 1 <= y <= bottom + 1


def _layout_problems(number: int, texts: list[tuple[float, float, str]]) -> list[str]:
    problems = []
    if any(not _inside(x, y, PRINTABLE) for x, y, _ in texts):
        problems.append(f"page {number}: text outside the printable area")
    if number > 1:
        return problems
    if any(
        LOGO_BOTTOM < y < BODY_TOP and x < SERVICE_ADDRESS_LEFT and not _inside(x, y, ADDRESS_BLOCK)
        for x, y, _ in texts
    ):
        problems.append("page 1: text beside the address block")
    # The address's lines, top to bottom: pieces whose baselines are within 1 mm share a line.
    address = sorted((y, x, text) for x, y, text in texts if _inside(x, y, ADDRESS_BLOCK))
    lines: list[list[tuple[float, str]]] = []
    last_y = None
    for y, x, text in address:
        if last_y is None or y - last_y > 1.0:
            lines.append([])
        last_y = y
        lines[-1].append((x, text))
    joined = []
    for pieces in lines:  # a piece holding line breaks is several lines of its own
        joined += " ".join(text for _, text in sorted(pieces)).split("\n")
    if not 3 <= len(joined) <= 7:
        problems.append(f"the address block has {len(joined)} lines (3 to 7)")
    elif not _POSTCODE.match("".join(joined[-1].split())):
        problems.append("the last line of the address is not a UK postcode")
    return problems


def _properties(body: dict, *, required: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    for name in required:
        if name not in body:
            raise NotifyAnswer(400, "ValidationError", f"{name} is a required property")
    unexpected = sorted(set(body) - set(required) - set(allowed))
    if unexpected:
        raise NotifyAnswer(
            400,
            "ValidationError",
            f"Additional properties are not allowed ({', '.join(unexpected)} was unexpected)",
        )
    reference = body.get("reference")
    if reference is not None and (not isinstance(reference, str) or len(reference) > 1000):
        raise NotifyAnswer(400, "ValidationError", "reference is not a string of 1000 or fewer")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())


class _Handler(BaseHTTPRequestHandler):
    fake: FakeNotify

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        received = self.fake.answer(self.command, self.path, self.headers, raw)
        payload = json.dumps(received.answer).encode()
        self.send_response(received.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer  # BaseHTTPRequestHandler's names

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the fake keeps what it received in ``fake.received``."""


def default_templates() -> list[Template]:
    return [
        # The generic template every email without its own goes through (README: Notify).
        Template(name="email", subject="((subject))", body="((body))"),
        Template(name="reminder_digest", subject="((subject))", body="Your reminders\n\n((body))"),
        Template(
            name="email_with_file",
            subject="((subject))",
            body="((body))\n\nOpen the letter: ((link_to_file))",
        ),
    ]


# --- pytest ----------------------------------------------------------------------------------

RECEIVED_IN_RUN: list[str] = []


@pytest.fixture(autouse=True)
def _no_real_notify(settings):
    """No test talks to GOV.UK Notify, whatever the environment or .env says: no key, and an
    address where nothing listens (the discard port on this machine)."""
    settings.NOTIFY_API_KEY = ""
    settings.NOTIFY_BASE_URL = "http://127.0.0.1:9"


@pytest.fixture
def fake_notify(settings, monkeypatch):
    """A fresh fake Notify, and the settings pointing at it (its key, address and templates)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # requests honours proxy variables
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    fake = FakeNotify().start()
    settings.NOTIFY_API_KEY = fake.api_key
    settings.NOTIFY_BASE_URL = fake.url
    settings.NOTIFY_TEMPLATES = {t.name: t.id for t in fake.templates.values()}
    try:
        yield fake
    finally:
        fake.stop()
        RECEIVED_IN_RUN.extend(fake.summaries())


def pytest_terminal_summary(terminalreporter):
    """What the fake received in this run, counted (and each request listed in the file named
    by NOTIFY_FAKE_LOG, for the closing note of a change)."""
    if not RECEIVED_IN_RUN:
        return
    counted = Counter(RECEIVED_IN_RUN)
    terminalreporter.write_line(f"Fake GOV.UK Notify received {len(RECEIVED_IN_RUN)} requests.")
    if path := os.environ.get("NOTIFY_FAKE_LOG"):
        with open(path, "a", encoding="utf-8") as log:
            for line, times in counted.items():
                log.write(f"{times} x {line}\n")
