"""The browser stage of a scan: after the crawl, open the selected pages in one Chromium, run
axe-core and page.js on each, and save what they saw; rules turn the saved results into findings.

No browser, --no-a11y or a browser that keeps crashing: the stage says why in its summary (the
findings.json "a11y" key) and the scan goes on. A page that hangs or crashes its tab is an error
for that page only.
"""
from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rules import load_data

from ..site_model import SiteModel
from ..store import History
from . import store
from .chromium import BrowserGone, BrowserOptions, BrowserUnavailable, ChromiumBrowser, PageFailed
from .select import Candidate, allowed_hosts, candidates, same_template

DEFAULT_MAX_PAGES = 30
MAX_RESTARTS = 3  # new browsers after crashes before the stage gives up
MAX_FAILURES_IN_A_ROW = 5
SAVED_NODES = 50  # axe nodes kept per rule and page in the saved artifact
STATIC_NOTE = "缩放限制（elder.zoom-blocked）与首页适老化入口（elder.no-entrance）已按抓取的页面检查"


@dataclass
class BrowserData:
    """What the rules read: the stage's summary and one artifact per checked page."""

    summary: dict[str, Any]
    pages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def checked(self) -> bool:
        return bool(self.summary.get("checked"))

    def ok_pages(self) -> list[dict[str, Any]]:
        return [p for p in self.pages if p.get("status") == "ok"]


def browser_data(site: SiteModel) -> BrowserData | None:
    """The browser results attached to this scan's site model (None: the stage did not run)."""
    return site.cache.get("browser")


def run_browser_stage(config, history: History, scan_id: int, site: SiteModel, gather: bool = True,
                      factory: Callable[[BrowserOptions], Any] | None = None) -> dict[str, Any]:
    """Check pages in the browser when `gather` (a finished crawl) and not --no-a11y, save the
    results, attach the saved ones to `site` for the rules; returns the findings.json a11y section."""
    if gather:
        store.clear(history, scan_id)
        if config.no_a11y:
            store.save_run(history, scan_id, {"checked": False, "note": "已按 --no-a11y 跳过浏览器无障碍与适老化检查"})
        else:
            cap = getattr(config, "a11y_max_pages", None) or DEFAULT_MAX_PAGES
            options = browser_options(site, list(getattr(config, "extra_hosts", []) or []))
            todo = candidates(site)
            summary: dict[str, Any] = {"checked": False, "note": "没有可在浏览器中检查的页面（首页未能抓取）"}
            try:
                if todo:
                    summary = gather_pages(todo, options, factory or ChromiumBrowser, cap,
                                           save=lambda seq, artifact: store.save_page(history, scan_id, seq, artifact))
            except Exception as exc:  # noqa: BLE001 - the browser checks must never lose the scan
                print(f"警告：浏览器检查出错，已跳过：{type(exc).__name__}: {exc}", file=sys.stderr)
                summary = {"checked": bool(store.load(history, scan_id)[1]),
                           "note": f"浏览器检查出错，未检查完：{type(exc).__name__}: {str(exc)[:200]}"}
            store.save_run(history, scan_id, summary)
    saved, pages = store.load(history, scan_id)
    if saved is None:
        saved = ({"checked": True, "note": "浏览器检查未完成（扫描中断），以下为已检查的页面"} if pages else
                 {"checked": False, "note": "扫描未完成，未运行浏览器无障碍与适老化检查"})
    data = BrowserData(summary=saved, pages=pages)
    site.cache["browser"] = data
    return section(data)


def section(data: BrowserData) -> dict[str, Any]:
    """The findings.json "a11y" key: whether the browser checks ran, why not, and each page's state."""
    result = dict(data.summary)
    if data.summary.get("checked") is False:
        result["note"] = "；".join(filter(None, [data.summary.get("note"), STATIC_NOTE]))
    result["pages"] = [{
        "url": p["url"], "final_url": p.get("final_url") or p["url"], "role": p.get("role"),
        "column": p.get("column"), "status": p.get("status"),
        "error": p.get("error"), "seconds": p.get("seconds"),
        "violations": len((p.get("axe") or {}).get("violations", [])),
        "incomplete": len((p.get("axe") or {}).get("incomplete", [])),
    } for p in data.pages]
    return result


def checked_urls(a11y_section: dict[str, Any]) -> set[str]:
    """The pages the browser checked in a scan (from its findings.json "a11y" section): a browser
    finding of an earlier scan on any other page was not looked for again, so it is not fixed."""
    if not a11y_section.get("checked"):
        return set()
    return {url for p in a11y_section.get("pages", []) if p.get("status") == "ok"
            for url in (p.get("url"), p.get("final_url")) if url}


def browser_options(site: SiteModel, extra_hosts: list[str]) -> BrowserOptions:
    axe = load_data("a11y/axe.toml")
    elder = load_data("elder/elder.toml")
    settings = site.config.get("elder", {}) if isinstance(site.config, dict) else {}
    keywords = list(elder["entrance"]["keywords"]) + [k for k in settings.get("entrance_keywords", [])
                                                     if isinstance(k, str) and k.strip()]
    return BrowserOptions(
        allowed_hosts=allowed_hosts(site.start_urls, extra_hosts),
        axe_options={"runOnly": {"type": "tag", "values": list(axe["tags"])},
                     "rules": {rule: {"enabled": False} for rule in axe.get("disabled", {})},
                     "resultTypes": ["violations", "incomplete"]},
        page_config={"entrance_pattern": "|".join(re.escape(k) for k in keywords),
                     "toolbar_pattern": "|".join(elder["entrance"]["toolbar_scripts"]),
                     "popup_min_side": elder["popup"]["min_side"], "popup_min_area": elder["popup"]["min_area"],
                     "min_font_px": elder["text"]["min_font_px"]},
    )


def gather_pages(todo: list[Candidate], options: BrowserOptions, factory: Callable[[BrowserOptions], Any],
                 cap: int, save: Callable[[int, dict[str, Any]], None],
                 budget_seconds: float | None = None, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Open the candidates in order until `cap` pages are checked; save each page's artifact."""
    budget = budget_seconds if budget_seconds is not None else max(120.0, 15.0 * cap)
    started = time.monotonic()
    try:
        browser = factory(options)
    except BrowserUnavailable as exc:
        log(f"无障碍与适老化检查：{exc}")
        return {"checked": False, "note": str(exc)}
    summary: dict[str, Any] = {
        "checked": True, "engine": "", "browser": browser.engine,
        "browser_start_seconds": round(time.monotonic() - started, 2), "max_pages": cap, "capped": False,
        "pages_checked": 0, "pages_failed": 0, "same_template": [], "note": None,
        "hosts": list(options.allowed_hosts),
    }
    log(f"无障碍与适老化检查：用浏览器检查最多 {cap} 个页面 …")
    known: dict[str, set[str]] = {}
    crashes = failures_in_a_row = visits = 0
    seq = 0
    try:
        for candidate in todo:
            if seq >= cap:
                summary["capped"] = True
                break
            if time.monotonic() - started > budget:
                summary["capped"] = True
                summary["note"] = f"浏览器检查用时已达上限（{budget:.0f} 秒），其余页面未检查"
                break
            if visits >= 3 * cap:  # opened to tell templates apart, mostly twins
                summary["capped"] = True
                break
            if browser is None:
                if crashes > MAX_RESTARTS:
                    summary["note"] = "浏览器多次崩溃，其余页面未检查"
                    break
                try:
                    browser = factory(options)
                except BrowserUnavailable as exc:
                    summary["note"] = f"浏览器崩溃后无法重新启动，其余页面未检查：{exc}"
                    break
            artifact, fingerprint = _check(browser, candidate, known)
            visits += 1
            if artifact is None:  # a template already checked on another page
                summary["same_template"].append({"url": candidate.url, "same_as": fingerprint})
                continue
            if artifact["status"] == "ok":
                failures_in_a_row = 0
                if candidate.dedupe:
                    known[candidate.url] = fingerprint
                summary["engine"] = summary["engine"] or artifact["axe"].get("engine", "")
            else:
                failures_in_a_row += 1
                summary["pages_failed"] += 1
                if artifact.pop("browser_gone", False):
                    browser.close()
                    browser, crashes = None, crashes + 1
            save(seq, artifact)
            seq += 1
            if failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                summary["note"] = f"连续 {failures_in_a_row} 个页面无法检查，其余页面未检查"
                break
    finally:
        if browser is not None:
            browser.close()
    summary["pages_checked"] = seq - summary["pages_failed"]
    summary["seconds"] = round(time.monotonic() - started, 2)
    log(f"无障碍与适老化检查：已检查 {summary['pages_checked']} 个页面"
        + (f"，{summary['pages_failed']} 个页面无法检查" if summary["pages_failed"] else "")
        + f"，用时 {summary['seconds']:.1f} 秒")
    return summary


def _check(browser, candidate: Candidate, known: dict[str, set[str]]):
    """(artifact, fingerprint), or (None, URL of the twin) for a template already checked."""
    started = time.monotonic()
    artifact: dict[str, Any] = {"url": candidate.url, "role": candidate.role, "column": candidate.column,
                                "title": candidate.title}
    fingerprint: set[str] = set()
    try:
        artifact["final_url"] = browser.open(candidate.url)
        if candidate.dedupe:
            fingerprint = set(browser.fingerprint())
            twin = same_template(fingerprint, known)
            if twin is not None:
                return None, twin
        result = browser.audit()
        artifact.update(status="ok", error=None, axe=trim_axe(result.get("axe") or {}),
                        measure=result.get("measure") or {})
    except PageFailed as exc:
        artifact.update(status="error", error=str(exc), browser_gone=isinstance(exc, BrowserGone))
    artifact["seconds"] = round(time.monotonic() - started, 2)
    return artifact, fingerprint


def trim_axe(result: dict[str, Any]) -> dict[str, Any]:
    """The parts of an axe result the rules use, with long HTML cut and nodes capped."""
    engine = result.get("testEngine") or {}

    def rule(entry: dict[str, Any]) -> dict[str, Any]:
        nodes = entry.get("nodes") or []
        return {
            "id": entry.get("id"), "impact": entry.get("impact"), "tags": entry.get("tags") or [],
            "help": entry.get("help") or "", "description": entry.get("description") or "",
            "helpUrl": entry.get("helpUrl") or "", "node_count": len(nodes),
            "nodes": [{"target": n.get("target") or [], "html": (n.get("html") or "")[:500],
                       "impact": n.get("impact"), "failureSummary": (n.get("failureSummary") or "")[:600]}
                      for n in nodes[:SAVED_NODES]],
        }

    return {"engine": f"axe-core {engine.get('version', '')}".strip(),
            "violations": [rule(v) for v in result.get("violations") or []],
            "incomplete": [rule(v) for v in result.get("incomplete") or []]}
