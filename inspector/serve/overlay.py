"""Today's triage state laid over a scan's findings before the report templates render them."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..triage import matches
from . import scans as history
from .state import Triage


def site_config(db: sqlite3.Connection, site: str) -> Path | None:
    """The config file of the site's latest scan that was run with one the office keeps. A config
    inside the scan's own output folder was written for that run by `inspector fleet` from the
    fleet config: an [[ignore]] added there would be gone by the next fleet run."""
    for scan in history.scans_of(db, site, limit=1000):
        config_file = history.config_file_of(scan)
        if config_file is None:
            continue
        if scan.get("out_dir") and config_file.parent == Path(scan["out_dir"]):
            return None
        return config_file
    return None


def overlay(db: sqlite3.Connection, site: str, document: dict[str, Any]) -> dict[str, Any]:
    """Put today's triage state on the scan's findings: ignores as the site config says now (so
    the page agrees with the next CLI scan), 整改 states and the last 复查 by finding id."""
    config_file = site_config(db, site)
    entries, problem = history.config_ignores(config_file)
    triage = Triage(db)
    app_ignores, remediation, rechecks = triage.ignores(site), triage.remediation(site), triage.rechecks(site)
    for finding in document["findings"]:
        view = SimpleNamespace(id=finding["id"], rule=finding["rule"], url=finding["url"],
                               evidence=finding.get("evidence") or "")
        entry = next((e for e in entries if matches(e, view)), None)
        own = app_ignores.get(finding["id"])
        was_ignored = bool(finding.get("ignored"))
        if entry is not None:
            finding["ignored"] = True
            finding["ignore"] = {k: str(entry[k]) for k in ("reason", "who", "date") if k in entry}
            undo = entry.get("id") == finding["id"]
        elif own is not None and (config_file is None or own["config_file"] is None):
            finding["ignored"] = True
            finding["ignore"] = {"reason": own["reason"], "who": own["who"] or "", "date": own["created_at"][:10]}
            undo = True
        else:
            finding["ignored"], undo = False, False
            finding.pop("ignore", None)
        if finding["ignored"]:
            finding["state"] = "ignored"
        elif was_ignored or finding.get("state") == "ignored":
            finding["state"] = "open" if finding.get("first_seen") else "new"
        finding["triage"] = {"undo": undo}
        if finding["id"] in remediation:
            state = finding["remediation"] = remediation[finding["id"]]
            # Marked 已整改 before this scan, yet this scan found it again.
            finding["triage"]["still_found"] = state["state"] == "done" and document["started_at"] > state["updated_at"]
        if finding["id"] in rechecks:
            finding["recheck"] = rechecks[finding["id"]]
    return {"config_file": str(config_file) if config_file else None, "config_problem": problem}
