"""elder.small-text: the page's main text is rendered below 12 px in the browser (axe-core has
no rule for text size). Measured by page.js over the text of the page's main content block."""
from __future__ import annotations

from inspector.browser.stage import browser_data
from inspector.model import Finding
from rules import load_data

RULE_ID = "elder.small-text"
SEVERITY = "warning"


def check(site) -> list[Finding]:
    data = browser_data(site)
    limits = load_data("elder/elder.toml")["text"]
    findings = []
    for artifact in data.ok_pages() if data else []:
        text = (artifact.get("measure") or {}).get("text") or {}
        small, total = text.get("small_chars", 0), text.get("main_chars", 0)
        if small < limits["min_chars"] or not total or small / total < limits["min_share"]:
            continue
        example = (text.get("examples") or [{}])[0]
        smallest = text.get("smallest")
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=artifact.get("final_url") or artifact["url"],
            title=artifact.get("title", ""), column=artifact.get("column"),
            message=(f"正文字号过小：{small} 个字（占正文 {100 * small / total:.0f}%）"
                     f"小于 {limits['min_font_px']} 像素，最小 {smallest:g} 像素"),
            evidence=f"{smallest:g}px", selector=example.get("selector"), context=example.get("text", ""),
            suggestion=f"正文字号不小于 {limits['min_font_px']} 像素（适老化页面宜更大），并允许用户放大",
            extra={"smallest_px": smallest, "small_chars": small, "main_chars": total,
                   "main": text.get("main"), "examples": text.get("examples", [])}))
    return findings
