"""elder.zoom-blocked: the page forbids zooming (viewport user-scalable=no, or maximum-scale < 2).

Static: read from the <meta name="viewport"> saved with every crawled page, so it needs no browser;
a viewport that only script sets is taken from the pages the browser opened. Pages of one column
with the same viewport are one finding listing them.
"""
from __future__ import annotations

import re

from inspector.browser.stage import browser_data
from inspector.model import Finding
from rules import load_data
from rules.a11y.axe import add_page

RULE_ID = "elder.zoom-blocked"
SEVERITY = "error"
_HTML_KINDS = {"home", "list", "channel", "article", "single", "calendar", "blank"}


def parse_viewport(content: str) -> dict[str, str]:
    """'width=device-width, user-scalable=no' → {'width': 'device-width', 'user-scalable': 'no'}."""
    pairs = {}
    for part in re.split(r"[,;]", content or ""):
        if "=" in part:
            key, value = part.split("=", 1)
            pairs[key.strip().lower()] = value.strip().strip("'\"").lower()
    return pairs


def blocked(content: str | None, min_scale: float | None = None) -> str | None:
    """Why this viewport blocks zooming, in Chinese, or None when it does not."""
    if not content:
        return None
    min_scale = min_scale if min_scale is not None else load_data("elder/elder.toml")["zoom"]["min_maximum_scale"]
    values = parse_viewport(content)
    scalable = values.get("user-scalable")
    if scalable in ("no", "0", "false", "0.0"):
        return f"user-scalable={scalable} 禁止用户缩放"
    try:
        maximum = float(values.get("maximum-scale", ""))
    except ValueError:
        return None
    if maximum < min_scale:
        return f"maximum-scale={values['maximum-scale']} 限制最多放大到 {maximum:g} 倍（应允许至少 {min_scale:g} 倍）"
    return None


def viewport_of(page) -> str | None:
    for key, value in page.meta.items():
        if key.lower() == "viewport":
            return value
    return None


def check(site) -> list[Finding]:
    groups: dict[tuple[str, str], Finding] = {}

    def report(url: str, title: str, content: str, reason: str) -> None:
        column = site.column_of(url)
        key = (column.name if column else "", content)
        if key in groups:
            add_page(groups[key], url)
            return
        groups[key] = Finding(
            rule=RULE_ID, severity=SEVERITY, url=url, title=title, column=column.name if column else None,
            message=f"页面禁止缩放：{reason}，老年人和视力不好的用户无法放大文字",
            evidence=content, context=f'<meta name="viewport" content="{content}">',
            suggestion="删除 viewport 中的 user-scalable=no 和 maximum-scale（或设为不小于 2），允许用户放大页面")

    homes = {p.final_url for p in site.home_pages}
    hits = []  # homepages first, then by URL: the first page of a group is the one a finding names
    for page in site.pages:
        if page.kind in _HTML_KINDS and page.status and page.status < 400:
            content = viewport_of(page)
            reason = blocked(content)
            if reason and content:
                hits.append((page.final_url not in homes, page.final_url, page.title, content, reason))
    for _, url, title, content, reason in sorted(hits, key=lambda hit: hit[:2]):
        report(url, title, content, reason)
    data = browser_data(site)
    for artifact in data.ok_pages() if data else []:
        url = artifact.get("final_url") or artifact["url"]
        page = site.page(url)
        rendered = (artifact.get("measure") or {}).get("viewport")
        reason = blocked(rendered)
        if reason and rendered and not (page is not None and blocked(viewport_of(page))):
            report(url, artifact.get("title", ""), rendered, reason + "（由页面脚本设置）")
    return list(groups.values())
