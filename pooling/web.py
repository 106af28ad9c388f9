"""Small helpers shared by the views."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request, url_for


def local_target(target: str | None) -> str:
    """A path on this site to go back to; anything else (another site) becomes home."""
    if target and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("core.home")


def warn_ignored_forwarded_for() -> None:
    """Say once in the log that requests come through a proxy that BEHIND_PROXY ignores: every
    client then has the proxy's address, and the sign-in limits per network count them all
    together."""
    if "X-Forwarded-For" not in request.headers \
            or current_app.extensions.get("pooling.forwarded_for_warned"):
        return
    current_app.extensions["pooling.forwarded_for_warned"] = True
    current_app.logger.warning(
        "Requests carry X-Forwarded-For but BEHIND_PROXY is off: the client address used by "
        "the sign-in limits is the proxy's (%s). Set BEHIND_PROXY=1 behind a reverse proxy, "
        "or make it stop sending the header.", request.remote_addr)
