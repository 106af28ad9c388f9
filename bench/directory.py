"""Time the member directory over HTTP on the large benchmark pole.

Usage: make bench  (or: .venv/bin/python bench/directory.py [--requests N])
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import run  # noqa: E402

SCENARIOS = {
    "directory, first page": "/api/v1/members",
    "directory, search 'ateliers'": "/api/v1/members?q=ateliers",
    "directory, legal form + domain": "/api/v1/members?legal_form=association&domain=food",
    "directory, page 10": "/api/v1/members?page=10&per_page=20",
    "organisation with its people": "/api/v1/members/5",
}

if __name__ == "__main__":
    run(SCENARIOS)
