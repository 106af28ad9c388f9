"""Check requirements.lock against the known advisories of the Python packages (pip-audit).

Fails on any advisory not ignored on the command line. When the advisory database cannot be
reached (no network, or a registry mirror without PyPI's per-version JSON API), pip-audit
skips every package and would pass in silence: this says so plainly instead, and fails too
when AUDIT_STRICT=1 (for a machine that must not go on without the check).
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404 # runs pip-audit, a fixed command from the virtual environment
import sys
from pathlib import Path

# What pip-audit's traceback says when the advisory database is out of reach.
UNREACHABLE = ("ConnectionError", "ProxyError", "ConnectTimeout", "Could not connect",
               "NameResolutionError", "Max retries exceeded")


def unchecked(lock: str, why: str) -> int:
    """Say plainly that nothing was audited; fail only where the check is required."""
    print(f"pip-audit: NOT CHECKED: the advisory database could not be reached, so no "
          f"package of {lock} was audited ({why})")
    return 1 if os.environ.get("AUDIT_STRICT") == "1" else 0


def audit(lock: str, ignored: list[str]) -> dict | None:
    """pip-audit's JSON report on the pinned versions of the lock, without resolving them;
    None when the advisory database cannot be reached."""
    command = [str(Path(sys.executable).with_name("pip-audit")), "-r", lock, "--no-deps",
               "--disable-pip", "--progress-spinner", "off", "--format", "json"]
    for advisory in ignored:
        command += ["--ignore-vuln", advisory]
    # pip-audit exits 1 when it finds an advisory; the report says which.
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        if any(sign in done.stderr for sign in UNREACHABLE):
            return None
        sys.exit(f"pip-audit failed:\n{done.stderr}")


def main() -> int:
    lock, ignored = sys.argv[1], sys.argv[2:]
    report = audit(lock, ignored)
    if report is None:
        return unchecked(lock, "no connection to it")
    packages = report["dependencies"]
    found = [(p["name"], p["version"], v) for p in packages for v in p.get("vulns", [])]
    skipped = [p for p in packages if "skip_reason" in p]
    for name, version, vuln in found:
        fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
        print(f"{name} {version}: {vuln['id']} (fixed in {fixed}) {vuln.get('description', '')}")
    if found:
        print(f"pip-audit: {len(found)} known advisories in {lock}; upgrade (make lock) "
              "or ignore one with its reason in the Makefile's AUDIT_IGNORE")
        return 1
    if skipped and len(skipped) == len(packages):
        # A registry mirror that serves packages but not PyPI's per-version JSON API.
        return unchecked(lock, f"it knows none of them: {skipped[0]['skip_reason']}")
    for package in skipped:
        print(f"pip-audit: not audited: {package['skip_reason']}")
    print(f"pip-audit: no known advisory in the {len(packages) - len(skipped)} packages "
          f"audited of {lock}" + (f", ignored: {' '.join(ignored)}" if ignored else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
