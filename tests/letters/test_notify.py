"""The GOV.UK Notify gateway (letters.notify) against the local fake of Notify's API: real HTTP
with the real client, nothing mocked, nothing sent beyond 127.0.0.1."""

import base64
import functools
import io
import logging
import socket
import time

import jwt
import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from letters import notify
from letters.notify import Delivery, NotifyRejected, NotifyUnavailable

from .fake_notify import EMAIL_STATUSES, LETTER_STATUSES

ADDRESS = "zephyrine.parent@example.org"
PERSONAL = {"subject": "About Zephyrine Quillfeather", "body": "Dear Ms Quillfeather, ..."}


def pdf(*sizes: tuple[float, float]) -> bytes:
    """A PDF with one blank page of each size, in points."""
    writer = PdfWriter()
    for width, height in sizes:
        writer.add_blank_page(width=width, height=height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


A4 = (595.28, 841.89)
US_LETTER = (612, 792)
ADDRESS_LINES = ["Ms Zephyrine Quillfeather", "1 High Street", "Townsville", "SW1A 1AA"]


def letter(
    *,
    pages: int = 1,
    size: str = "A4",
    address: list[str] = ADDRESS_LINES,
    address_at: tuple[int, int] = (26, 42),
    last_page: str = "More.",
) -> bytes:
    """A letter as WeasyPrint prints one: the council's name at the top, the address at
    ``address_at`` (mm from the top left; Notify's block is 24.6-120 x 39.5-66.3 mm), the
    text from 100 mm down, then ``pages`` - 1 more pages, the last holding ``last_page``."""
    left, top = address_at
    html = f"""<style>
      @page {{ size: {size}; margin: 0 }}
      body {{ margin: 0; font: 11pt sans-serif }}
      .at {{ position: absolute }}
      .page {{ break-before: page; padding: 20mm }}
    </style>
    <div class=at style="left: 16mm; top: 8mm">Demo Borough Council</div>
    <div class=at style="left: {left}mm; top: {top}mm">{"<br>".join(address)}</div>
    <div style="padding: 100mm 20mm 0">Dear Ms Quillfeather,</div>
    {"<div class=page>More.</div>" * (pages - 2)}
    {f"<div class=page>{last_page}</div>" if pages > 1 else ""}"""
    return HTML(string=html).write_pdf()


@functools.cache
def good_letter() -> bytes:
    return letter()


def send_email(fake, **overrides) -> str:
    arguments = {
        "template_id": fake.template("email").id,
        "email_address": ADDRESS,
        "personalisation": PERSONAL,
        "reference": "email-1",
    }
    return notify.send_email(**{**arguments, **overrides})


# --- sending ------------------------------------------------------------------------------


def test_an_email_goes_with_its_template_address_personalisation_and_reference(fake_notify):
    notification_id = send_email(fake_notify)

    [received] = fake_notify.received
    assert (received.method, received.path, received.status) == (
        "POST",
        "/v2/notifications/email",
        201,
    )
    assert received.body == {
        "email_address": ADDRESS,
        "template_id": fake_notify.template("email").id,
        "personalisation": PERSONAL,
        "reference": "email-1",
    }
    assert received.answer["id"] == notification_id
    assert received.answer["content"]["subject"] == "About Zephyrine Quillfeather"
    assert notify.notification_status(notification_id).delivery is Delivery.SENDING


def test_a_letter_is_posted_as_a_base64_pdf_with_its_postage(fake_notify):
    posted = letter(pages=2)
    notification_id = notify.send_precompiled_letter(
        reference="letter-7", pdf=posted, postage="first"
    )

    [received] = fake_notify.received
    assert (received.path, received.status, received.problems) == (
        "/v2/notifications/letter",
        201,
        [],
    )
    assert set(received.body) == {"reference", "content", "postage"}
    assert received.body["reference"] == "letter-7"
    assert received.body["postage"] == "first"
    assert base64.b64decode(received.body["content"]) == posted
    assert received.answer == {"id": notification_id, "reference": "letter-7", "postage": "first"}
    status = notify.notification_status(notification_id)
    assert (status.type, status.notify_status, status.delivery) == (
        "letter",
        "accepted",
        Delivery.SENDING,
    )


def test_postage_is_one_notify_knows_before_anything_is_sent(fake_notify):
    with pytest.raises(ValueError, match="first, second, economy"):
        notify.send_precompiled_letter(reference="l", pdf=good_letter(), postage="express")
    assert fake_notify.received == []


def test_without_a_key_nothing_is_sent(settings, fake_notify):
    settings.NOTIFY_API_KEY = ""
    assert not notify.is_configured()
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_API_KEY"):
        send_email(fake_notify)
    assert fake_notify.received == []


# --- the fake refuses what Notify refuses --------------------------------------------------


def test_a_token_signed_with_another_key_is_refused(settings, fake_notify):
    other_secret = "3d844edf-8d35-48ac-975b-e847b4f122b0"
    settings.NOTIFY_API_KEY = f"stolen-{fake_notify.service_id}-{other_secret}"
    with pytest.raises(NotifyRejected) as refused:
        send_email(fake_notify)
    assert (refused.value.status_code, refused.value.error) == (403, "AuthError")
    assert not refused.value.retryable
    assert fake_notify.emails == []


def test_a_key_for_another_service_is_refused(settings, fake_notify):
    settings.NOTIFY_API_KEY = f"other-26785a09-ab16-4eb0-8407-a37497a57506-{fake_notify.secret}"
    with pytest.raises(NotifyRejected, match="service not found"):
        send_email(fake_notify)


@pytest.mark.parametrize(
    ("claims", "status", "message"),
    [
        ("stale", 403, "system clock must be accurate to within 30 seconds"),
        ("future", 403, "system clock must be accurate to within 30 seconds"),
        ("no iat", 403, "api token not found"),
        ("no token", 401, "authentication token must be provided"),
    ],
)
def test_the_fake_checks_the_token_as_notify_does(fake_notify, claims, status, message):
    now = int(time.time())
    payload = {
        "stale": {"iss": fake_notify.service_id, "iat": now - 40},
        "future": {"iss": fake_notify.service_id, "iat": now + 40},
        "no iat": {"iss": fake_notify.service_id},
        "no token": None,
    }[claims]
    headers = {"Content-Type": "application/json"}
    if payload is not None:
        headers["Authorization"] = f"Bearer {jwt.encode(payload, fake_notify.secret)}"
    answer = requests.post(
        f"{fake_notify.url}/v2/notifications/email",
        json={"email_address": ADDRESS, "template_id": fake_notify.template("email").id},
        headers=headers,
        timeout=5,
    )
    assert answer.status_code == status
    assert answer.json()["status_code"] == status
    assert message in answer.json()["errors"][0]["message"]
    assert fake_notify.emails == []


def test_a_template_notify_does_not_have_is_refused(fake_notify):
    with pytest.raises(NotifyRejected, match="Template not found") as refused:
        send_email(fake_notify, template_id="f33517ff-2a88-4f6e-b855-c550268ce08a")
    assert (refused.value.status_code, refused.value.error) == (400, "BadRequestError")


def test_a_template_s_placeholders_must_all_be_given(fake_notify):
    with pytest.raises(NotifyRejected, match="Missing personalisation: body"):
        send_email(fake_notify, personalisation={"subject": "Hello"})


def test_an_address_that_is_not_one_is_refused(fake_notify):
    with pytest.raises(NotifyRejected, match="Not a valid email address"):
        send_email(fake_notify, email_address="not an address")


def test_content_that_is_not_a_pdf_is_refused(fake_notify):
    with pytest.raises(NotifyRejected, match="not a valid PDF") as refused:
        notify.send_precompiled_letter(reference="l", pdf=b"Dear parent,\n...")
    assert refused.value.status_code == 400
    assert fake_notify.letters == []


@pytest.mark.parametrize(
    ("posted", "problem"),
    [
        (lambda: letter(size="letter"), "page 1 is 612 x 792 pt, not A4 portrait"),
        (lambda: letter(size="A5"), "page 1 is 420 x 595 pt, not A4 portrait"),
        (lambda: pdf(A4, (841.89, 595.28)), "page 2 is 842 x 595 pt, not A4 portrait"),
        (lambda: letter(pages=11), "11 pages (at most 10)"),
        (lambda: letter(address_at=(10, 42)), "page 1: text outside the printable area"),
        (lambda: letter(address_at=(26, 75)), "page 1: text beside the address block"),
        (lambda: letter(address_at=(130, 42)), "the address block has 0 lines (3 to 7)"),
        (lambda: letter(address=ADDRESS_LINES[2:]), "the address block has 2 lines (3 to 7)"),
        (lambda: letter(address=ADDRESS_LINES[:3]), "the last line of the address is not a UK"),
        (
            lambda: letter(pages=2, last_page='<p style="margin-left: -18mm">In the margin</p>'),
            "page 2: text outside the printable area",
        ),
    ],
)
def test_a_letter_outside_notify_s_specification_fails_validation(fake_notify, posted, problem):
    """Notify takes a precompiled letter and checks it afterwards, as the fake does."""
    notification_id = notify.send_precompiled_letter(reference="l", pdf=posted())
    assert problem in "; ".join(fake_notify.letters[0].problems)
    status = notify.notification_status(notification_id)
    assert (status.notify_status, status.delivery) == ("validation-failed", "validation failed")
    assert status.delivery.is_failure


@pytest.mark.parametrize("pages", [1, 10])
def test_a_letter_within_the_specification(fake_notify, pages):
    posted = letter(pages=pages)
    assert len(PdfReader(io.BytesIO(posted)).pages) == pages
    notification_id = notify.send_precompiled_letter(reference="l", pdf=posted)
    assert fake_notify.letters[0].problems == []
    assert notify.notification_status(notification_id).notify_status == "accepted"


# --- Notify's errors, ours ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error", "kind", "retryable"),
    [
        (400, "BadRequestError", NotifyRejected, False),
        (403, "AuthError", NotifyRejected, False),
        (429, "RateLimitError", NotifyUnavailable, True),
        (500, "Exception", NotifyUnavailable, True),
        (503, "Exception", NotifyUnavailable, True),
    ],
)
def test_notify_errors_say_whether_trying_again_may_help(
    fake_notify, status, error, kind, retryable
):
    fake_notify.fail_next(status)
    with pytest.raises(kind) as failed:
        send_email(fake_notify)
    assert (failed.value.status_code, failed.value.error, failed.value.retryable) == (
        status,
        error,
        retryable,
    )
    assert str(failed.value).startswith(f"Notify answered {status} {error}: ")
    # One failure only: the same request then goes.
    send_email(fake_notify)
    assert [r.status for r in fake_notify.received] == [status, 201]


def test_a_letter_failing_twice_then_taken(fake_notify):
    fake_notify.fail_next(429, times=2)
    for _ in range(2):
        with pytest.raises(NotifyUnavailable):
            notify.send_precompiled_letter(reference="l", pdf=good_letter())
    notify.send_precompiled_letter(reference="l", pdf=good_letter())
    assert [r.status for r in fake_notify.received] == [429, 429, 201]


def test_notify_out_of_reach_may_be_tried_again(settings, fake_notify):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{port}"
    with pytest.raises(NotifyUnavailable) as failed:
        send_email(fake_notify)
    assert failed.value.retryable


def test_a_notification_notify_does_not_know(fake_notify):
    with pytest.raises(NotifyRejected) as failed:
        notify.notification_status("3d1ce039-5476-414c-99b2-fac1e6add62c")
    assert (failed.value.status_code, failed.value.error) == (404, "NoResultFound")


# --- statuses -------------------------------------------------------------------------------

EXPECTED = {
    "created": Delivery.SENDING,
    "sending": Delivery.SENDING,
    "delivered": Delivery.DELIVERED,
    "permanent-failure": Delivery.PERMANENT_FAILURE,
    "temporary-failure": Delivery.TEMPORARY_FAILURE,
    "technical-failure": Delivery.TECHNICAL_FAILURE,
    "pending-virus-check": Delivery.SENDING,
    "accepted": Delivery.SENDING,
    "received": Delivery.DELIVERED,
    "cancelled": Delivery.CANCELLED,
    "virus-scan-failed": Delivery.VALIDATION_FAILED,
    "validation-failed": Delivery.VALIDATION_FAILED,
    "returned-letter": Delivery.RETURNED_LETTER,
}


def test_every_documented_status_has_our_word():
    documented = EMAIL_STATUSES | LETTER_STATUSES
    assert documented <= set(notify.NOTIFY_STATUSES)
    assert documented == set(EXPECTED)


@pytest.mark.parametrize("notify_status", sorted(EMAIL_STATUSES))
def test_an_email_s_status(fake_notify, notify_status):
    notification_id = send_email(fake_notify)
    fake_notify.set_status(notification_id, notify_status)
    status = notify.notification_status(notification_id)
    assert (status.id, status.type, status.reference) == (notification_id, "email", "email-1")
    assert status.delivery is EXPECTED[notify_status]
    assert status.delivery.is_final == (notify_status not in ("created", "sending"))
    assert status.delivery.is_failure == notify_status.endswith("failure")
    assert (status.completed_at is None) == (not status.delivery.is_final)
    assert ADDRESS not in repr(status)  # the recipient's details are not kept


@pytest.mark.parametrize("notify_status", sorted(LETTER_STATUSES))
def test_a_letter_s_status(fake_notify, notify_status):
    notification_id = notify.send_precompiled_letter(reference="letter-2", pdf=good_letter())
    fake_notify.set_status(notification_id, notify_status)
    delivery = notify.notification_status(notification_id).delivery
    assert delivery is EXPECTED[notify_status]
    assert delivery.is_failure == (
        notify_status not in ("accepted", "pending-virus-check", "received")
    )


def test_a_status_notify_adds_later_reads_as_still_sending(fake_notify, caplog):
    notification_id = send_email(fake_notify)
    fake_notify.notifications[notification_id]["status"] = "sorting-office-on-fire"
    assert notify.notification_status(notification_id).delivery is Delivery.SENDING
    assert "sorting-office-on-fire" in caplog.text


# --- logs -----------------------------------------------------------------------------------


def test_no_address_or_personalisation_in_any_log(fake_notify, caplog):
    caplog.set_level(logging.DEBUG)
    notification_id = send_email(fake_notify)
    notify.notification_status(notification_id)
    fake_notify.fail_next(400)
    with pytest.raises(NotifyRejected):
        send_email(fake_notify)
    with pytest.raises(NotifyRejected):
        send_email(fake_notify, email_address="zephyrine at example")
    logged = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {r.exc_info or ''}" for r in caplog.records
    )
    assert "Notify send email failed: 400 BadRequestError" in logged
    for secret in ("Zephyrine", "Quillfeather", "zephyrine", "example.org"):
        assert secret not in logged


# --- a file by email ------------------------------------------------------------------------


def test_a_file_by_email_is_checked_as_notify_does(fake_notify):
    template_id = fake_notify.template("email_with_file").id
    good = notify.file_link(b"%PDF-1.7", filename="letter.pdf", retention_weeks=4)
    assert good["confirm_email_before_download"] is True
    assert good["retention_period"] == "4 weeks"
    with_file = {**PERSONAL, "link_to_file": good}
    send_email(fake_notify, template_id=template_id, personalisation=with_file)
    assert len(fake_notify.files) == 1

    for bad, message in [
        ({**good, "filename": "letter"}, "must end with a file extension"),
        ({**good, "filename": "letter.exe"}, "Unsupported file type 'exe'"),
        ({**good, "retention_period": "100 weeks"}, "from 1 to 78 weeks"),
        ({**good, "confirm_email_before_download": "no"}, "confirm_email_before_download"),
        ({**good, "file": "not base64!"}, "not base64"),
    ]:
        with pytest.raises(NotifyRejected, match=message):
            send_email(
                fake_notify,
                template_id=template_id,
                personalisation={**PERSONAL, "link_to_file": bad},
            )
    assert len(fake_notify.files) == 1 and len(fake_notify.emails) == 1
