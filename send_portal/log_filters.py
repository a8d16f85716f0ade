"""Logging filters that keep personal data out of the logs."""

import logging
import re

_QUERY = re.compile(r"\?\S*")


class DropQueryStrings(logging.Filter):
    """Removes the query string from request lines ("GET /children/?q=... HTTP/1.1"): a search
    or a filter puts a child's name, UPN or date of birth there. Used on runserver's
    django.server logger; gunicorn's access log has the same rule in gunicorn.conf.py."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            record.args = (_QUERY.sub("", record.args[0]), *record.args[1:])
        return True


# PostgreSQL puts the offending values in its errors: "DETAIL:  Key (upn)=(A123…) already
# exists." and "Failing row contains (12, Amelia, Stone, …)."
_KEY_VALUES = re.compile(r"(Key \([^)]*\)=\().*?(\) (?:already exists|is not present))", re.S)
_FAILING_ROW = re.compile(r"Failing row contains \(.*?\)\.", re.S)


def redact_database_values(text: str) -> str:
    text = _KEY_VALUES.sub(r"\1…\2", text)
    return _FAILING_ROW.sub("Failing row contains (…).", text)


class RedactDatabaseValues(logging.Filter):
    """Takes the values out of database errors in a record's message and traceback: an error
    that reaches the log (a 500, a failed task) must not carry the UPN or name it was about."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_database_values(record.exc_text)
        message = record.getMessage()
        redacted = redact_database_values(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
