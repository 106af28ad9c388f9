"""Small helpers shared by the views."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


def local_target(target: str | None) -> str:
    """A path on this site to go back to; anything else (another site) becomes home."""
    if target and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("core.home")
