"""elder.no-entrance: the homepage offers no entrance to an accessible or elder mode (无障碍,
关怀版, 长者, 适老, 长辈版, 大字版 …) in its links, buttons or a known accessibility toolbar script.

Static from the saved homepage (links, also those opened by script; the header's text; script
sources); when the browser opened the homepage, its buttons and script-added elements count too.
"""
from __future__ import annotations

import re

from inspector.browser.stage import browser_data
from inspector.model import Finding
from rules import load_data

RULE_ID = "elder.no-entrance"
SEVERITY = "error"


def patterns(site) -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_data("elder/elder.toml")["entrance"]
    settings = site.config.get("elder", {}) if isinstance(site.config, dict) else {}
    words = list(data["keywords"]) + [w for w in settings.get("entrance_keywords", []) if isinstance(w, str) and w]
    return (re.compile("|".join(re.escape(w) for w in words)),
            re.compile("|".join(data["toolbar_scripts"]), re.I))


def static_entrance(page, words: re.Pattern[str], toolbars: re.Pattern[str]) -> str | None:
    """What on the saved page is an entrance: a link's text, header text or a toolbar script."""
    for url, text, tag in page.links:
        if tag == "script" and toolbars.search(url):
            return f"无障碍工具条脚本 {url}"
        if tag in ("a", "area", "img") and words.search(text or ""):
            return f"链接“{text}”"
    for _, text in page.chrome:
        match = words.search(text or "")
        if match:
            return f"页头/页脚文字“{match.group(0)}”"
    return None


def browser_entrance(artifact: dict, words: re.Pattern[str], toolbars: re.Pattern[str]) -> str | None:
    measure = artifact.get("measure") or {}
    for entry in measure.get("entrances", []):
        if words.search(entry.get("text", "")):
            return f"{entry.get('tag', '')} “{entry.get('text', '')}”（{entry.get('selector', '')}）"
    for src in measure.get("toolbar_scripts", []):
        if toolbars.search(src):
            return f"无障碍工具条脚本 {src}"
    return None


def check(site) -> list[Finding]:
    words, toolbars = patterns(site)
    data = browser_data(site)
    rendered = {a.get("final_url") or a["url"]: a for a in (data.ok_pages() if data else []) if a.get("role") == "home"}
    findings = []
    for home in site.home_pages:
        if not home.status or home.status >= 400:
            continue
        artifact = rendered.get(home.final_url)
        if not artifact and not home.links:
            continue  # nothing saved to judge by (a homepage built by script, seen by no browser)
        if static_entrance(home, words, toolbars) or (artifact and browser_entrance(artifact, words, toolbars)):
            continue
        how = ("已在浏览器中检查链接、按钮和无障碍工具条脚本" if artifact else
               "按抓取的首页检查了链接、页头页脚文字和脚本；未在浏览器中检查按钮")
        # The entrance is often in the footer: a page read in part may have it in the rest.
        unsure = not artifact and home.partial_reason
        if unsure:
            how += f"；{home.partial_reason}，首页未能完整读取，请人工核实"
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=home.final_url, title=home.title, needs_review=bool(unsure),
            message=f"首页没有无障碍或适老化（关怀版、长者模式等）入口（{how}）",
            suggestion="在首页顶部显著位置提供“无障碍”“关怀版/长者模式”等入口，符合《互联网网站适老化通用设计规范》",
            extra={"browser_checked": bool(artifact)}))
    return findings
