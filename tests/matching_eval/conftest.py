"""The evaluation's pole, loaded on empty tables for a test that needs it."""

import pytest

from tests.matching_eval.loader import EvalPole, load


@pytest.fixture
def eval_pole(app) -> EvalPole:
    return load()
