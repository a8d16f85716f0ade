"""GOV.UK Notify, the service councils already use to send email and post letters (issue 20).

Three calls: send an email with one of the council's Notify templates, post a precompiled PDF
letter, and read back what became of a notification, in our own few words. Notify's errors
become ours, saying whether sending again later may help. Used only when
``settings.NOTIFY_API_KEY`` is set.

Nothing here logs what is sent: personalisation, email and postal addresses are a child's
special-category data. Logs carry Notify's status code, its error type and the notification id.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from http import HTTPStatus
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from notifications_python_client.errors import APIError, InvalidResponse
from notifications_python_client.notifications import NotificationsAPIClient
from notifications_python_client.utils import prepare_upload

from core.mail import MessageRefused

logger = logging.getLogger(__name__)

# Notify answers in well under a second; a hung connection costs a worker this long at most.
TIMEOUT_SECONDS = 30

Postage = Literal["first", "second", "economy"]
POSTAGE: tuple[Postage, ...] = ("first", "second", "economy")

# Rate limited, or Notify's own failure: the same request may work later. Not 400/403/404.
_RETRYABLE_STATUS = {429} | set(range(500, 600))


class Delivery(StrEnum):
    """What became of a notification, in the service's words (Notify's own word for it is kept
    as ``NotificationStatus.notify_status``)."""

    SENDING = "sending"
    DELIVERED = "delivered"
    PERMANENT_FAILURE = "permanent failure"
    TEMPORARY_FAILURE = "temporary failure"
    TECHNICAL_FAILURE = "technical failure"
    RETURNED_LETTER = "returned letter"
    VALIDATION_FAILED = "validation failed"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        """Notify will not change it any more (a returned letter can still follow "delivered",
        weeks later: a poller keeps asking about posted letters for a while)."""
        return self is not Delivery.SENDING

    @property
    def is_failure(self) -> bool:
        """The family has not been told: the caseworker must be alerted."""
        return self not in (Delivery.SENDING, Delivery.DELIVERED)


# Notify's statuses, as documented for email and for (precompiled) letters:
# https://docs.notifications.service.gov.uk/rest-api.html#get-message-status
NOTIFY_STATUSES: dict[str, Delivery] = {
    # email
    "created": Delivery.SENDING,  # queued at Notify, for seconds
    "sending": Delivery.SENDING,  # with the provider, who tries for up to 72 hours
    "pending": Delivery.SENDING,
    "delivered": Delivery.DELIVERED,
    "permanent-failure": Delivery.PERMANENT_FAILURE,  # wrong address; letters: cannot print
    "temporary-failure": Delivery.TEMPORARY_FAILURE,  # inbox full, spam filter
    "technical-failure": Delivery.TECHNICAL_FAILURE,  # between Notify and its provider
    # letters
    "pending-virus-check": Delivery.SENDING,
    "accepted": Delivery.SENDING,  # sent to the printer
    "received": Delivery.DELIVERED,  # printed and posted: as far as anyone ever knows
    "returned-letter": Delivery.RETURNED_LETTER,
    "validation-failed": Delivery.VALIDATION_FAILED,  # outside the printable area, bad address
    # Notify refused the file itself, as for a failed validation: the same PDF fails again.
    "virus-scan-failed": Delivery.VALIDATION_FAILED,
    "cancelled": Delivery.CANCELLED,  # cancelled in Notify by someone at the council
}


class NotifyError(Exception):
    """Notify did not take the request. ``retryable``: whether the same request later may work."""

    retryable = False

    def __init__(self, message: str, *, status_code: int | None = None, error: str = "") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.error = error  # Notify's error type: ValidationError, AuthError, RateLimitError...


class NotifyUnavailable(NotifyError):
    """Rate limited (429), or Notify failed or could not be reached (5xx): try again later."""

    retryable = True


class NotifyRejected(NotifyError):
    """Notify refused the request (400 invalid, 403 key or clock, 404): sending the same again
    fails the same way until someone fixes the data or the configuration."""


class NotifyRefusedMessage(NotifyRejected, MessageRefused):
    """A 400: something in this request (an address Notify will not send to, a value) was
    refused. The key and the service work, so a run sending to others goes on."""


@dataclass(frozen=True)
class NotificationStatus:
    """What Notify says of one notification; its recipient's details are left out on purpose."""

    id: str
    reference: str | None
    type: str
    notify_status: str
    delivery: Delivery
    completed_at: str | None


def is_configured() -> bool:
    return bool(settings.NOTIFY_API_KEY)


def template_id(name: str) -> str | None:
    """The council's Notify template for the message ``name``, or None when none is set."""
    return settings.NOTIFY_TEMPLATES.get(name) or None


def send_email(
    *,
    template_id: str,
    email_address: str,
    personalisation: Mapping[str, str | dict[str, Any]],
    reference: str | None = None,
) -> str:
    """Send an email through Notify with one of the council's templates; Notify's id for it.
    ``reference`` (ours, for finding it again) must hold no personal data. A file goes as a
    personalisation value made by ``file_link``."""
    response = _call(
        "send email",
        lambda client: client.send_email_notification(
            email_address=email_address,
            template_id=template_id,
            personalisation=dict(personalisation),
            reference=reference,
        ),
    )
    return _notification_id(response)


def file_link(content: bytes, *, filename: str, retention_weeks: int = 26) -> dict[str, Any]:
    """A file to send by email: Notify keeps it and puts a link to it in the email's
    ``((link_to_file))`` placeholder. The recipient must type their email address before the
    file opens (Notify's default, kept: these are a child's records). At most 2 MB."""
    try:
        return prepare_upload(
            io.BytesIO(content),
            filename=filename,
            confirm_email_before_download=True,
            retention_period=f"{retention_weeks} weeks",
        )
    except ValueError as exc:  # larger than Notify takes
        raise NotifyRejected(f"Notify cannot send this file: {exc}") from exc


def send_precompiled_letter(*, reference: str, pdf: bytes, postage: Postage = "second") -> str:
    """Post a letter made by us as a PDF (it must meet Notify's letter specification: A4, at
    most 10 pages, the address in its window); Notify's id for it. Notify checks the PDF after
    taking it: a bad one comes back as ``validation failed`` from ``notification_status``."""
    if postage not in POSTAGE:
        raise ValueError(f"postage must be one of {', '.join(POSTAGE)}, not {postage!r}")
    response = _call(
        "send letter",
        lambda client: client.send_precompiled_letter_notification(
            reference=reference, pdf_file=io.BytesIO(pdf), postage=postage
        ),
    )
    return _notification_id(response)


def find_by_reference(reference: str) -> str | None:
    """Notify's id for a notification sent with our ``reference``, or None. Asked before sending
    again after an attempt whose answer never came (a timeout, a worker killed mid-request):
    if Notify took it, it is not sent twice."""
    data = _call(
        "find by reference", lambda client: client.get_all_notifications(reference=reference)
    )
    found = data.get("notifications") or []
    return str(found[0]["id"]) if found else None


def notification_status(notification_id: str) -> NotificationStatus:
    """What became of a notification. An unknown Notify status reads as still sending (and is
    logged), so a new status from Notify delays an alert rather than raising a false one."""
    data = _call("get status", lambda client: client.get_notification_by_id(notification_id))
    notify_status = str(data.get("status", ""))
    delivery = NOTIFY_STATUSES.get(notify_status)
    if delivery is None:
        logger.warning(
            "Notify notification %s has a status we do not know: %r", notification_id, notify_status
        )
        delivery = Delivery.SENDING
    return NotificationStatus(
        id=str(data.get("id", notification_id)),
        reference=data.get("reference"),
        type=str(data.get("type", "")),
        notify_status=notify_status,
        delivery=delivery,
        completed_at=data.get("completed_at"),
    )


def _client() -> NotificationsAPIClient:
    if not is_configured():
        raise ImproperlyConfigured("NOTIFY_API_KEY is not set: nothing can be sent through Notify.")
    # A client per call: it is not thread-safe, and building one costs nothing but a session.
    return NotificationsAPIClient(
        settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=TIMEOUT_SECONDS
    )


def _call(what: str, request: Any) -> dict[str, Any]:
    """Run ``request(client)``, turning Notify's errors into ours. The client raises an
    HTTPError for an answer outside 2xx, and for no answer at all (a 503 of its own)."""
    try:
        response = request(_client())
    except InvalidResponse as exc:
        # A 2xx that is not JSON: Notify may well have taken it, so not safe to send again.
        raise NotifyError(f"Notify answered {what} with no JSON ({exc.status_code})") from exc
    except APIError as exc:
        status_code = exc.status_code
        error, message = _first_error(exc)
        logger.warning("Notify %s failed: %s %s", what, status_code, error or "no answer")
        kind: type[NotifyError] = NotifyRejected
        if status_code in _RETRYABLE_STATUS:
            kind = NotifyUnavailable
        elif status_code == HTTPStatus.BAD_REQUEST:
            kind = NotifyRefusedMessage
        raise kind(
            f"Notify answered {status_code} {error}: {message}".strip(),
            status_code=status_code,
            error=error,
        ) from exc
    if not isinstance(response, dict):
        raise NotifyError(f"Notify answered {what} with no JSON object")
    return response


def _first_error(exc: APIError) -> tuple[str, str]:
    """Notify's error type and message (``{"errors": [{"error": .., "message": ..}]}``)."""
    found = exc.message
    if isinstance(found, list) and found and isinstance(found[0], dict):
        return str(found[0].get("error", "")), str(found[0].get("message", ""))
    return "", str(found)


def _notification_id(response: Mapping[str, Any]) -> str:
    notification_id = response.get("id")
    if not notification_id:
        raise NotifyError("Notify took the request but gave no notification id")
    return str(notification_id)
