"""gunicorn reads this file from the directory it starts in (the image's /app, the project root).

The access log leaves out the query string and the referrer: a search or a caseload filter puts
a child's name, UPN or date of birth in the query string (?q=...), and the referrer repeats the
previous page's. Method, path (ids only), status, size, time and user agent are kept.
"""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'
