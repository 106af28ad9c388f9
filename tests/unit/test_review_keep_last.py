"""What the review keeps per process: the entry read last stays, the oldest goes beyond the
limit, and a worker's threads sharing the cache never fail on each other's drops."""

import threading
from collections import OrderedDict

from pooling.review.remembered import keep_last


def test_the_entry_read_last_stays_and_the_oldest_goes():
    cache: OrderedDict = OrderedDict()
    for key in "abc":
        keep_last(cache, key, key.upper(), limit=3)
    keep_last(cache, "a", "A", limit=3)  # read again: now the last
    keep_last(cache, "d", "D", limit=3)
    assert list(cache.items()) == [("c", "C"), ("a", "A"), ("d", "D")]


def test_threads_sharing_a_cache_never_fail():
    cache: OrderedDict = OrderedDict()
    failures: list[BaseException] = []

    def hammer(offset: int) -> None:
        try:
            for n in range(20_000):
                keep_last(cache, (offset + n) % 7, n, limit=3)
        except BaseException as error:  # noqa: BLE001 # reported below
            failures.append(error)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and len(cache) <= 3
