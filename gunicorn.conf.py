"""gunicorn's settings for `make run` (gunicorn reads ./gunicorn.conf.py by default)."""

# gunicorn refuses a request line longer than 4094 bytes itself, with an HTML page, before
# the application sees it. Lifted (0: gunicorn's C parser still stops at 1 MiB), so that
# the application answers a URI longer than pooling.request_checks.MAX_URI_LENGTH with its
# own 414: JSON under /api/, a page elsewhere.
limit_request_line = 0
