"""Every email the service sends, through GOV.UK Notify: a Django email backend (issue 20).

Settings choose it when ``NOTIFY_API_KEY`` is set and ``EMAIL_URL`` is not, so the reminder
digests, unlock links, password resets and access-change notices go through Notify unchanged:
whoever sends them claims them first as before, and a failure raises as a mail server's would.

Each message is sent with a Notify template: the one named by its ``X-Notify-Template`` header
(``settings.NOTIFY_TEMPLATES[name]``), else the generic ``"email"`` template, whose subject is
``((subject))`` and body ``((body))``. Every template is given ``subject`` and ``body`` (Notify
ignores what a template does not use). Notify sends from the service's own address and takes
replies at its reply-to address, so ``from_email`` and ``reply_to`` are not used; the plain text
body is sent, not the HTML alternative (Notify lays out its own). Notify reads Markdown in
what it is given: the characters that make a link, ``[ ] ( )``, are escaped in the body, so a
name someone typed cannot become a link (Notify's advice); plain URLs stay links. Subjects are
not Markdown and go as they are.

Notify does not attach files: it keeps one file an email and links to it. A message with one
attachment (at most 2 MB) goes with the ``email_with_file`` template (or the one its header
names), whose ``((link_to_file))`` becomes the link; the recipient confirms their email
address before the file opens.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from . import notify

logger = logging.getLogger(__name__)

TEMPLATE_HEADER = "X-Notify-Template"
REFERENCE_HEADER = "X-Notify-Reference"  # ours, to find it in Notify: never personal data
GENERIC_TEMPLATE = "email"
# A message with a file (a letter sent by email): its template has ((link_to_file)) too.
FILE_TEMPLATE = "email_with_file"
FILE_PLACEHOLDER = "link_to_file"
_LINK_MARKDOWN = re.compile(r"([\[\]()])")


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """Send each message to each of its recipients (Notify takes one address a request).
        Raises the first failure unless ``fail_silently``: the recipients before it have had
        the email, the rest have not."""
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue  # as Django's SMTP backend: nothing to send, not counted
            try:
                send_message(message)
            except notify.NotifyError:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent


def send_message(message: EmailMessage) -> list[str]:
    """Send one email through Notify; Notify's id for each recipient's copy."""
    template_id = _template_id(message)
    personalisation: dict[str, str | dict] = {
        "subject": str(message.subject),
        "body": _LINK_MARKDOWN.sub(r"\\\1", str(message.body)),
    }
    if message.attachments:
        personalisation[FILE_PLACEHOLDER] = _file(message)
    reference = _header(message, REFERENCE_HEADER)
    return [
        notify.send_email(
            template_id=template_id,
            email_address=address,
            personalisation=personalisation,
            reference=reference,
        )
        for address in message.recipients()
    ]


def _template_id(message: EmailMessage) -> str:
    """The template the message names, else the generic one (for a message with a file, the
    generic template with ``((link_to_file))``)."""
    generic = FILE_TEMPLATE if message.attachments else GENERIC_TEMPLATE
    name = _header(message, TEMPLATE_HEADER) or generic
    template_id = notify.template_id(name)
    if template_id is None and name != generic:
        logger.warning("No Notify template for %r: sent with the %r template", name, generic)
        template_id = notify.template_id(generic)
    if template_id is None:
        setting = (
            f"NOTIFY_TEMPLATE_IDS={FILE_TEMPLATE}=<id>"
            if generic == FILE_TEMPLATE
            else "NOTIFY_EMAIL_TEMPLATE_ID"
        )
        raise ImproperlyConfigured(f"Set {setting}: the Notify template this email goes with.")
    return template_id


def _file(message: EmailMessage) -> dict:
    """The message's one attachment, as the link Notify puts in ``((link_to_file))``."""
    if len(message.attachments) != 1 or not isinstance(message.attachments[0], tuple):
        raise notify.NotifyRejected("GOV.UK Notify sends one file an email, as a link")
    filename, content, _mimetype = message.attachments[0]
    if isinstance(content, str):
        content = content.encode()
    return notify.file_link(content, filename=filename or "file.pdf")


def _header(message: EmailMessage, name: str) -> str | None:
    """An extra header's value, whatever its case (mail headers are case-insensitive)."""
    for key, value in message.extra_headers.items():
        if key.lower() == name.lower():
            return str(value).strip() or None
    return None
