"""Clients released together, each on its own database session and connection."""

import threading

from pooling.extensions import db


def race(app, action, clients: int) -> list:
    """Run `action(index)` in `clients` threads released together; return each outcome
    (its result or the exception it raised)."""
    barrier = threading.Barrier(clients)
    outcomes = [None] * clients

    def client(index):
        # A request context, as in production: e-mails carry links to the site.
        with app.test_request_context():
            barrier.wait()
            try:
                outcomes[index] = action(index)
            except Exception as error:  # noqa: BLE001 (the outcome is what the test checks)
                outcomes[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    db.session.rollback()  # end the test's own snapshot to see what the clients committed
    return outcomes
