"""The fleet summary: fleet.json, fleet.html (sites ranked by verdict), fleet.csv and fleet.xlsx.

fleet.html is rendered with Jinja2 autoescaping: site names and URLs come from the fleet config
and from crawled pages, and show as text, never run. Exports carry one row per site and
indicator (a rule with counted findings) with its count, for the supervising office.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .html import RULE_LABELS, SEVERITY_LABELS, VERDICT_LABELS, safe_href

FLEET_VERDICT_LABELS = {**VERDICT_LABELS, "error": "扫描失败"}
EXPORT_HEADERS = ("排名", "网站", "网址", "结论", "扫描完成", "指标", "规则", "严重程度", "数量")
_REPORT_LINK = re.compile(r"^[0-9]{2,}-[a-z0-9.\-]+/report\.html$")


def report_href(path: str | None) -> str:
    """Only a site's own report inside the fleet folder is linked."""
    return path if isinstance(path, str) and _REPORT_LINK.match(path) else "#"


def export_rows(summary: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for site in summary["sites"]:
        head = [site["rank"], site["name"], " ".join(site.get("start_urls") or []),
                FLEET_VERDICT_LABELS.get(site["verdict"], site["verdict"]), "是" if site["finished"] else "否"]
        if not site["rules"]:
            unfinished = f"（扫描未完成：{site['stop_reason']}）" if site.get("stop_reason") else "（扫描未完成）"
            rows.append(head + ["（无问题）" if site["finished"] else unfinished, "", "", 0])
        for rule, info in sorted(site["rules"].items(), key=lambda kv: (-kv[1]["count"], kv[0])):
            rows.append(head + [RULE_LABELS.get(rule, rule), rule,
                                SEVERITY_LABELS.get(info.get("severity"), info.get("severity") or ""), info["count"]])
    return rows


def _cell(value: Any) -> Any:
    """Spreadsheet formula injection: text starting with = + - @ is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_fleet_csv(summary: dict[str, Any], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_HEADERS)
        writer.writerows([[_cell(v) for v in row] for row in export_rows(summary)])


def write_fleet_xlsx(summary: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "网站问题汇总"
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(summary):
        sheet.append([_cell(v) for v in row])
    for column, width in zip("ABCDEFGHI", (6, 28, 36, 10, 10, 24, 26, 10, 8)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    book.save(path)


def render_fleet(summary: dict[str, Any]) -> str:
    env = Environment(loader=PackageLoader("inspector.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["href"] = safe_href
    env.filters["report_href"] = report_href
    return env.get_template("fleet.html.j2").render(
        summary=summary, verdict_labels=FLEET_VERDICT_LABELS, rule_labels=RULE_LABELS,
        severity_labels=SEVERITY_LABELS)


def write_fleet_outputs(summary: dict[str, Any], out: Path) -> None:
    tmp = out / "fleet.json.tmp"
    tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(out / "fleet.json")
    (out / "fleet.html").write_text(render_fleet(summary), encoding="utf-8")
    write_fleet_csv(summary, out / "fleet.csv")
    write_fleet_xlsx(summary, out / "fleet.xlsx")
