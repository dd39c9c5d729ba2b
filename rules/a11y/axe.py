"""a11y.<axe-rule-id>: each axe-core violation saved by the browser stage, with its selector, HTML,
impact → severity and GB/T 37668 / WCAG criterion; axe "incomplete" results are needs_review.

One finding per element; an element that shows the same HTML on several checked pages (a shared
header or footer) is one finding listing the pages, first seen on the earliest checked page.
"""
from __future__ import annotations

import re
from typing import Any

from inspector.browser.stage import browser_data
from inspector.model import Finding
from rules import load_data

RULE_ID = "a11y.*"
SEVERITY = "warning"
IMPACT_LABELS = {"critical": "严重", "serious": "较重", "moderate": "中等", "minor": "轻微"}
_SC_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")


def check(site) -> list[Finding]:
    data = browser_data(site)
    if data is None:
        return []
    settings = load_data("a11y/axe.toml")
    disabled = set(settings.get("disabled", {}))
    found: dict[tuple, Finding] = {}
    for page in data.ok_pages():
        url = page.get("final_url") or page["url"]
        for kind in ("violations", "incomplete"):
            for entry in (page.get("axe") or {}).get(kind, []):
                if entry.get("id") in disabled:
                    continue
                for node in entry.get("nodes", [])[:settings["max_nodes"]]:
                    key = (entry["id"], kind, _selector(node), node.get("html", ""))
                    if key in found:
                        add_page(found[key], url)
                    else:
                        found[key] = make_finding(entry, node, page, url, incomplete=kind == "incomplete")
    return list(found.values())


def make_finding(entry: dict[str, Any], node: dict[str, Any], page: dict[str, Any], url: str,
                 incomplete: bool = False) -> Finding:
    rule_id = entry["id"]
    impact = node.get("impact") or entry.get("impact") or "moderate"
    severity = load_data("a11y/axe.toml")["severity"].get(impact, SEVERITY)
    standard, criteria = criterion(rule_id, entry.get("tags", []))
    help_text = entry.get("help") or entry.get("description") or rule_id
    message = f"{help_text}（影响程度：{IMPACT_LABELS.get(impact, impact)}；{standard}）"
    if incomplete:
        message = f"需人工核实：{message}。axe-core 无法自动判定此处是否符合要求"
    suggestion = (load_data("a11y/criteria.toml").get("rules", {}).get(rule_id, {}).get("suggestion")
                  or _first_fix(node.get("failureSummary", "")) or help_text)
    return Finding(
        rule=f"a11y.{rule_id}", severity=severity, url=url, title=page.get("title", ""), column=page.get("column"),
        message=message, selector=_selector(node), context=node.get("html", ""), suggestion=suggestion,
        needs_review=incomplete,
        extra={"impact": impact, "criteria": criteria, "standard": standard, "axe_rule": rule_id,
               "help_url": entry.get("helpUrl", ""), "failure_summary": node.get("failureSummary", ""),
               "axe_result": "incomplete" if incomplete else "violation"},
    )


def criterion(rule_id: str, tags: list[str]) -> tuple[str, list[str]]:
    """('GB/T 37668-2019 可感知性；WCAG 2.0 1.1.1 非文本内容（A 级）', ['1.1.1'])."""
    data = load_data("a11y/criteria.toml")
    numbers = [".".join(m.groups()) for m in map(_SC_TAG.match, tags) if m]
    override = data.get("rules", {}).get(rule_id, {}).get("criteria")
    numbers = list(override) if override else numbers
    if not numbers:
        return "WCAG 相关规则，无对应成功准则", []
    principles: list[str] = []
    parts = []
    for number in numbers:
        sc = data["sc"].get(number)
        if sc is None:
            parts.append(f"WCAG {number}")
        elif sc["version"] == "2.0":
            principle = data["principles"][number.split(".")[0]]
            principles += [] if principle in principles else [principle]
            parts.append(f"WCAG 2.0 {number} {sc['name']}（{sc['level']} 级）")
        else:
            parts.append(f"WCAG {sc['version']} {number} {sc['name']}（{sc['level']} 级；GB/T 37668-2019 未包含）")
    head = [f"GB/T 37668-2019 {'、'.join(principles)}"] if principles else []
    return "；".join(head + parts), numbers


def _selector(node: dict[str, Any]) -> str:
    target = node.get("target") or []
    # axe gives one selector per frame or shadow root on the way to the element
    return " >>> ".join(t if isinstance(t, str) else " ".join(t) for t in target)


def _first_fix(summary: str) -> str:
    lines = [line.strip() for line in summary.splitlines() if line.strip()]
    return lines[1] if len(lines) > 1 else ""


def add_page(finding: Finding, url: str) -> None:
    pages = finding.extra.setdefault("pages", [finding.url])
    if url not in pages:
        pages.append(url)
    finding.extra["page_count"] = len(pages)
