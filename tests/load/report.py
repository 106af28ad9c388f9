"""The load test's report: figures per kind of request and what the checks found, in
Markdown."""

from __future__ import annotations

import os
import platform
import subprocess  # nosec B404 # PostgreSQL's version, with an argument list
from datetime import UTC, datetime
from pathlib import Path

from tests.load.harness import ROOT, LoadRun, postgres_bindir


def machine() -> str:
    """The processor, its cores and the versions that shape the figures."""
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    postgres = subprocess.run([str(postgres_bindir() / "postgres"), "--version"],  # nosec B603
                              capture_output=True, text=True, check=False).stdout.split()[-1]
    return (f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
            f"PostgreSQL {postgres}")


def figure(row: dict, column: str) -> str:
    value = row.get(column) or "0"
    return "–" if value == "N/A" else f"{float(value):.0f}"


def markdown(run: LoadRun, checks: dict[str, str], title: str = "Load test") -> str:
    """The report: the run, its figures per kind of request, refusals, failures, checks."""
    total = run.total
    lines = [
        f"# {title}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
        f"{run.users} simulated members for {run.seconds} s against gunicorn with four "
        f"workers on PostgreSQL with durable commits, demo pole; {machine()}.", "",
        f"**{int(total['Request Count'])} requests, {float(total['Requests/s']):.1f} per "
        f"second; median {figure(total, '50%')} ms, p95 {figure(total, '95%')} ms; "
        f"{int(total['Failure Count'])} failed, {len(run.server_errors())} with a 5xx.**", "",
        "| request | count | median ms | p95 ms | per second | failed |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in sorted(run.kinds, key=lambda r: -int(r["Request Count"])):
        lines.append(f"| {row['Type']} {row['Name'].removeprefix(row['Type'] + ' ')} | "
                     f"{row['Request Count']} | {figure(row, '50%')} | {figure(row, '95%')} | "
                     f"{float(row['Requests/s']):.1f} | {row['Failure Count']} |")
    outcome = run.outcome
    lines += ["", f"Bookings made (201): {len(outcome['booked'])}, cancelled: "
              f"{len(outcome['cancelled'])}; exchanges declared: {len(outcome['declared'])}, "
              f"confirmed: {len(outcome['confirmed'])}.", "",
              "Business refusals (expected answers, not failures):", ""]
    refusals = sorted(outcome["refusals"].items(), key=lambda kv: -kv[1])
    lines += [f"- {name}: {count}" for name, count in refusals] or ["- none"]
    tolerated = outcome.get("tolerated", {})
    if tolerated:
        lines += ["", "Answers tolerated during a fault:", ""]
        lines += [f"- {name}: {count}" for name, count in sorted(tolerated.items())]
    lines += ["", "Failures:", ""]
    lines += [f"- {f['Method']} {f['Name']}: {f['Error'][:160]} × {f['Occurrences']}"
              for f in run.failures] or ["- none"]
    late = sum(outcome.get("failed", {}).values()) - int(total["Failure Count"])
    if late > 0:
        lines.append(f"- and {late} after locust's last statistics")
    lines += ["", "Checks after the run:", ""]
    lines += [f"- {name}: {result}" for name, result in checks.items()]
    return "\n".join(lines) + "\n"


def write(text: str, name: str = "load") -> Path:
    """To LOAD_REPORT if set, else reports/<name>-<date and time>.md; the path."""
    path = Path(os.environ.get("LOAD_REPORT") or
                ROOT / "reports" / f"{name}-{datetime.now(UTC):%Y-%m-%d-%H%M}.md")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path
