"""findings.json (the contract in shared/spec/findings-contract.md) and the CSV/XLSX exports."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

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
    with open(tmp, "w", encoding="utf-8") as out:  # in pieces: thousands of findings are never one string
        json.dump(document, out, ensure_ascii=False, indent=2)
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


LEDGER_HEADERS = ("序号", "问题类型", "严重程度", "栏目", "页面标题", "链接", "问题描述", "修改建议", "首次发现", "状态",
                  "整改人", "整改时间")
_SEVERITY = {"veto": "单项否决", "error": "扣分项", "warning": "警告", "info": "提示"}
_STATUS = {"new": "新发现", "open": "未整改", "regressed": "再次出现", "ignored": "已忽略"}


_REMEDIATION = {"todo": "待整改", "doing": "整改中", "done": "已整改"}


def ledger_rows(document: dict[str, Any]) -> list[list[Any]]:
    """The 整改台账: one row per finding, most severe first. 整改人 and 整改时间 are left for the
    office, or filled from the 整改 state kept by `inspector serve` (then a 整改说明 column follows)."""
    from .report.html import RULE_LABELS

    notes = any(f.get("remediation") for f in document["findings"])
    rows = []
    for number, f in enumerate(document["findings"], 1):
        status = f.get("state") or ("ignored" if f.get("ignored") else "new")
        remediation = f.get("remediation") or {}
        label = _STATUS.get(status, status)
        if remediation and status != "ignored":
            label = _REMEDIATION.get(remediation["state"], label)
        done_at = (remediation.get("updated_at") or "")[:10] if remediation.get("state") == "done" else ""
        row = [number, RULE_LABELS.get(f["rule"], f["rule"]), _SEVERITY.get(f["severity"], f["severity"]),
               f.get("column") or "", f.get("title") or "", f["url"], f["message"], f.get("suggestion") or "",
               f.get("first_seen") or document["started_at"][:10], label, remediation.get("person") or "",
               done_at]
        if notes:
            row.append(remediation.get("note") or "")
        rows.append(row)
    return rows


def verdict_rows(document: dict[str, Any]) -> list[list[Any]]:
    """The single-veto panel (站点无法访问 … 互动回应差 …): indicator, result, explanation."""
    from .report.html import VERDICT_LABELS

    rows = []
    for indicator in (document.get("verdict") or {}).get("indicators", []):
        note = indicator.get("note") or ""
        if "threshold" in indicator:
            note = f"{indicator.get('count')} 个（达到 {indicator['threshold']} 个即否决）" + (f"；{note}" if note else "")
        rows.append([indicator["name"], VERDICT_LABELS.get(indicator["status"], indicator["status"]), note])
    return rows


def verdict_sheet(book, document: dict[str, Any]) -> None:
    from openpyxl.styles import Font

    from .report.html import VERDICT_LABELS

    sheet = book.create_sheet("单项否决指标")
    result = (document.get("verdict") or {}).get("result", "")
    sheet.append([f"总体结论：{VERDICT_LABELS.get(result, result)}（监测点 {document['as_of']}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["指标", "结果", "说明"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in verdict_rows(document):
        sheet.append(row)
    for column, width in zip("ABC", (36, 10, 80)):
        sheet.column_dimensions[column].width = width


def write_xlsx(document: dict[str, Any], path: Path | IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet.append([f"{document['site']['name']} 网站问题整改台账（监测点 {document['as_of']}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    notes = any(f.get("remediation") for f in document["findings"])
    sheet.append([*LEDGER_HEADERS, "整改说明"] if notes else list(LEDGER_HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in ledger_rows(document):
        sheet.append(row)
    widths = (6, 18, 10, 14, 30, 40, 50, 30, 12, 10, 10, 12, 30)
    for column, width in zip("ABCDEFGHIJKLM", widths):
        sheet.column_dimensions[column].width = width
    wrapped = Alignment(wrap_text=True, vertical="top")  # one object: openpyxl indexes styles by equality
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = wrapped
    sheet.freeze_panes = "A3"
    verdict_sheet(book, document)
    data = book.create_sheet("findings")  # every field, for tools
    data.append(list(EXPORT_FIELDS))
    for row in _rows(document):
        data.append(["" if v is None else v for v in row])
    book.save(path)
