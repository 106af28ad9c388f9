"""Time the catalogue search over HTTP on the large benchmark pole: medians and percentiles.

Usage: make bench  (or: .venv/bin/python bench/catalogue.py [--requests N])
Uses DATABASE_URL if set (an empty database), else a fresh SQLite file in a temporary folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import run  # noqa: E402

SCENARIOS = {
    "catalogue, first page": "/api/v1/offers",
    "search 'salle' (accents ignored)": "/api/v1/offers?q=salle",
    "search two words 'camion hayon'": "/api/v1/offers?q=camion%20hayon",
    "search a sentence (12 words)": "/api/v1/offers?q=On%20cherche%20une%20salle%20pour%20"
                                    "une%20formation%20de%2012%20personnes%20jeudi",
    "premises for 20+ people": "/api/v1/offers?kind=premises&min_capacity=20",
    "available Monday 10:00-12:00": "/api/v1/offers?available_from=2026-06-01T10:00"
                                    "&available_to=2026-06-01T12:00",
    "tools, Friday 17:00 to Monday 9:00": "/api/v1/offers?kind=tool"
                                          "&available_from=2026-06-05T17:00"
                                          "&available_to=2026-06-08T09:00",
    "tools, sorted by name, page 5": "/api/v1/offers?kind=tool&sort=name&page=5",
    "one offer": "/api/v1/offers/100",
}

if __name__ == "__main__":
    run(SCENARIOS)
