"""findings.json (the contract in shared/spec/findings-contract.md) and the CSV/XLSX exports."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from . import __version__
from .model import Finding
from .site_model import SiteModel

SCHEMA = "inspector/findings@1"
EXPORT_FIELDS = ("id", "rule", "severity", "source", "url", "title", "column", "message", "evidence",
                 "context", "suggestion", "selector", "published", "needs_review", "referrers")


def findings_document(site: SiteModel, findings: list[Finding], *, started_at: str, finished_at: str,
                      stats: dict[str, Any], verdict: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "inspector", "version": __version__},
        "site": {"name": site.name, "start_urls": site.start_urls},
        "as_of": site.as_of.isoformat(),
        "started_at": started_at,
        "finished_at": finished_at,
        "complete": site.complete,
        "stats": stats,
        "columns": [c.contract_dict() for c in site.columns],
        "findings": [f.contract_dict() for f in findings],
        "verdict": verdict,
        **extra,
    }


def write_json(document: dict[str, Any], path: Path) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


def _rows(document: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for f in document["findings"]:
        row = []
        for name in EXPORT_FIELDS:
            value = f.get(name)
            row.append("\n".join(value) if isinstance(value, list) else value)
        rows.append(row)
    return rows


def write_csv(document: dict[str, Any], path: Path) -> None:
    # utf-8-sig so that Excel on Windows opens the Chinese text correctly.
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_FIELDS)
        writer.writerows(_rows(document))


def write_xlsx(document: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "findings"
    sheet.append(list(EXPORT_FIELDS))
    for row in _rows(document):
        sheet.append(["" if v is None else v for v in row])
    book.save(path)
