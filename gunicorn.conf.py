"""gunicorn's settings for `make run` (gunicorn reads ./gunicorn.conf.py by default)."""

import gc
import logging

from pooling.needs.matches import warm_up
from pooling.templating import compile_templates

# gunicorn refuses a request line longer than 4094 bytes itself, with an HTML page, before
# the application sees it. Lifted (0: gunicorn's C parser still stops at 1 MiB), so that
# the application answers a URI longer than pooling.request_checks.MAX_URI_LENGTH with its
# own 414: JSON under /api/, a page elsewhere.
limit_request_line = 0


def post_worker_init(worker) -> None:
    """Each worker compiles the templates, builds the offer index, reads the offers' and
    open needs' sentence vectors and ranks the open needs before it takes a request:
    otherwise its first pages and matches wait for them."""
    app = worker.wsgi
    compile_templates(app)
    try:
        with app.test_request_context():
            warm_up()
    except Exception:  # an empty or unmigrated database: the first request builds them
        logging.getLogger("gunicorn.error").warning("offer index not built", exc_info=True)
    # What the worker built to serve (modules, the application, its templates, the offer
    # index) lives as long as it does: kept out of the collector's full passes, which
    # otherwise walk those few hundred thousand objects and stall a request for 150-200 ms
    # every few pages.
    gc.freeze()
