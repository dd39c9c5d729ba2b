"""elder.popup: a fixed or floating window (飘窗) that covers page content in the browser;
a warning without a close control, information when it can be closed. The same window on
several checked pages is one finding listing them."""
from __future__ import annotations

from inspector.browser.stage import browser_data
from inspector.model import Finding
from rules.a11y.axe import add_page

RULE_ID = "elder.popup"
SEVERITY = "warning"


def check(site) -> list[Finding]:
    data = browser_data(site)
    found: dict[tuple[str, str], Finding] = {}
    for artifact in data.ok_pages() if data else []:
        url = artifact.get("final_url") or artifact["url"]
        for box in (artifact.get("measure") or {}).get("floating", []):
            if not box.get("covers"):
                continue
            key = (box.get("selector", ""), box.get("html", ""))
            if key in found:
                add_page(found[key], url)
                continue
            found[key] = _finding(box, artifact, url)
    return list(found.values())


def _finding(box: dict, artifact: dict, url: str) -> Finding:
    rect = box.get("rect") or {}
    closable = bool(box.get("close"))
    size = f"{rect.get('width', '?')}×{rect.get('height', '?')} 像素，约占窗口 {100 * (box.get('share') or 0):.1f}%"
    message = "浮动窗口（飘窗）遮挡页面内容" + ("，会在页面上移动" if box.get("moved") else "") + f"（{size}）"
    message += f"，有关闭按钮（{box['close']}）" if closable else "，且没有关闭按钮"
    return Finding(
        rule=RULE_ID, severity="info" if closable else SEVERITY, url=url, title=artifact.get("title", ""),
        column=artifact.get("column"), message=message, selector=box.get("selector"), context=box.get("html", ""),
        suggestion="适老化页面不应有飘窗和弹窗广告；确需保留的浮动窗口要提供明显的关闭按钮，且不遮挡正文",
        extra={"rect": rect, "moved": bool(box.get("moved")), "close": box.get("close"),
               "covers": box.get("covers"), "position": box.get("position")})
