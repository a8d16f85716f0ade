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
