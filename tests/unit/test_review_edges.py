"""A network's pairs read as the page reads them (the heaviest few, by a heap) are the first
of the same pairs read whole (sorted), ties included, and survive pickling in order."""

import pickle
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pooling.review.network import Edge, Edges

# Few values and counts, so that ties are the rule: the order must still be one.
PAIRS = st.lists(st.tuples(st.integers(1, 40), st.integers(41, 80),
                           st.sampled_from([Decimal("12.50"), Decimal("40.00"),
                                            Decimal("40.01"), Decimal("-15.00")]),
                           st.integers(1, 3)),
                 unique_by=lambda p: p[:2], max_size=120)


def in_order(pairs: list[tuple]) -> list[Edge]:
    """Heaviest first, then the most exchanges, then by ids."""
    return [Edge(*p) for p in sorted(pairs, key=lambda p: (-p[2], -p[3], p[0], p[1]))]


@given(PAIRS, st.integers(0, 130))
def test_the_heaviest_few_are_the_first_of_every_pair_in_order(pairs, count):
    expected = in_order(pairs)
    edges = Edges(pairs)
    assert list(edges[:count]) == expected[:count]
    assert [edges[i] for i in range(len(pairs))] == expected
    assert list(edges) == expected and len(edges) == len(pairs)
    read_again = pickle.loads(pickle.dumps(edges))
    assert list(read_again) == expected and read_again == edges
    assert list(Edges(pairs)[:count]) == expected[:count]  # before any full read
