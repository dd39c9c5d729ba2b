"""After the crawl: the analysis of a saved scan as a sequence of stages of one shape.

Each stage is a function `stage(run: Analysis) -> None` that reads what earlier stages left on
the Analysis and adds its own part; `STAGES` is their order. A new stage (a new kind of check,
another export) is one more function in the tuple, not another branch in a long function.

The pages stay in the history database throughout: the site model reads them a page at a time
(inspector.site_model.StoredPages), so memory does not grow with the size of the site.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import ScanConfig
from .model import Finding
from .memory import give_back_freed_memory
from .site_model import SiteModel
from .store import History


@dataclass
class Analysis:
    """One scan's analysis in progress: its inputs, then what each stage adds."""

    config: ScanConfig
    history: History
    scan_id: int
    out_dir: Path
    started_at: str
    complete: bool
    stats_extra: dict[str, Any] = field(default_factory=dict)  # what the crawl reported (capped, lists …)
    site: SiteModel | None = None
    a11y: dict[str, Any] = field(default_factory=dict)  # the browser stage's section
    findings: list[Finding] = field(default_factory=list)
    rule_errors: list[dict] = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)  # findings.json sections beside the findings
    stats: dict[str, Any] = field(default_factory=dict)
    finished_at: str = ""
    document: dict[str, Any] = field(default_factory=dict)
    began: float = field(default_factory=time.monotonic)
    progress: bool = False  # console lines for a person watching (analyse(progress=True))


Stage = Callable[[Analysis], None]


def prepare_rules(run: Analysis) -> None:
    """The rules' data first (the text rules' word lists, automaton and leaders' pinyin: tens of
    MB, whatever the site's size), so that the site-sized stages after it allocate and free on
    top of it instead of the data landing in the gaps they leave. On the 100,000-page bench
    this lowered the peak by a few MB; most of the gain came from inspector.memory."""
    from .engine import prepare_rules as prepare

    prepare(run.config.rule_settings)


def load_site(run: Analysis) -> None:
    """The site model over the saved pages: columns from one pass, pages read when asked."""
    from .site_model import stored_site

    config = run.config
    run.site = stored_site(run.history, run.scan_id, name=config.site_name, start_urls=config.start_urls,
                           as_of=config.as_of, overrides=config.columns, windows=config.windows,
                           complete=run.complete, capped=bool(run.stats_extra.get("capped")))
    run.site.config = config.rule_settings
    run.site.external_checked = not config.no_external
    give_back_freed_memory()  # the list pages held while columns were built


def attach_wechat(run: Analysis) -> None:
    """The WeChat stage's saved articles, for the rules."""
    from .wechat.stage import attach

    attach(run.site, run.history, run.scan_id)


def browser_checks(run: Analysis) -> None:
    """Chromium + axe on chosen pages (saved as they finish), for the rules."""
    from .browser.stage import run_browser_stage

    run.a11y = run_browser_stage(run.config, run.history, run.scan_id, run.site, gather=run.complete)


def rules(run: Analysis) -> None:
    from .engine import run_rules

    run.findings, run.rule_errors = run_rules(run.site, done=_rules_progress(run))


def _rules_progress(run: Analysis) -> Callable[[int, int], None] | None:
    """On a portal the rules run for minutes (about 130 s at 100,000 pages, most rules a pass
    over every page): a line at most every progress_seconds (5 s, as in the crawl) says how far
    they are."""
    interval = run.config.progress_seconds
    if not run.progress or not interval:
        return None
    last = time.monotonic()

    def done(count: int, total: int) -> None:
        nonlocal last
        if time.monotonic() - last >= interval and count < total:
            last = time.monotonic()
            print(f"分析：检查规则已完成 {count}/{total} …", flush=True)

    return done


def mask_personal_numbers(run: Analysis) -> None:
    """Personal numbers quoted in any finding's context are shown masked."""
    from .privacy import mask_text

    year = run.config.as_of.year
    for finding in run.findings:
        if finding.context:
            finding.context = mask_text(finding.context, year)


def ignores(run: Analysis) -> None:
    """The site config's [[ignore]] entries: shown, not counted."""
    from .triage import apply_ignores

    apply_ignores(run.findings, run.config.ignores)


def compare_with_history(run: Analysis) -> None:
    """New, persisting and fixed findings against the site's previous scan."""
    from .diff import annotate

    whole = run.complete and not run.stats_extra.get("capped")
    run.sections["history"] = annotate(run.history, run.config.site_name, run.scan_id, run.findings, whole,
                                       _checked_by(run))


def keep_evidence(run: Analysis) -> None:
    """--evidence: the pages of veto findings, as fetched now."""
    if run.config.evidence:
        from .evidence import collect
        from .scan import now_iso

        collect(run.findings, run.out_dir, now_iso())


def availability(run: Analysis) -> None:
    from .availability import record_and_summarize

    run.sections["availability"] = record_and_summarize(run.history, run.scan_id, run.site, run.started_at)


def count_pages(run: Analysis) -> None:
    """The scan's numbers for findings.json stats, in one pass over the pages."""
    counts = {"pages": 0, "articles": 0, "fetch_errors": 0, "extract_errors": 0, "truncated_pages": 0,
              "firewall_blocked": 0}
    for page in run.site.pages:
        counts["pages"] += 1
        counts["articles"] += page.kind == "article"
        counts["fetch_errors"] += page.kind == "error" and not page.blocked
        # answered, but not read whole (rule page.unreadable lists them)
        counts["extract_errors"] += bool(page.extract_error) and page.kind != "error"
        counts["truncated_pages"] += bool(page.truncated) and page.kind != "error"
        counts["firewall_blocked"] += bool(page.blocked)
    site = run.site
    run.stats = {
        "pages": counts["pages"], "columns": len(site.columns), "articles": counts["articles"],
        "fetch_errors": counts["fetch_errors"], "extract_errors": counts["extract_errors"],
        "truncated_pages": counts["truncated_pages"], "firewall_blocked": counts["firewall_blocked"],
        "wechat_articles": len(site.cache["wechat_pages"]), "max_pages": run.config.max_pages,
        "link_checks": len(site.resources), **run.stats_extra,
        "analysis_seconds": round(time.monotonic() - run.began, 1),
    }


def build_document(run: Analysis) -> None:
    """findings.json as the contract describes it."""
    from rules.site import verdict as verdict_rule

    from .engine import run_sections
    from .output import findings_document
    from .scan import now_iso

    run.finished_at = now_iso()
    run.document = findings_document(
        run.site, run.findings, started_at=run.started_at, finished_at=run.finished_at, stats=run.stats,
        verdict=verdict_rule.summarize(run.site, run.findings),
        extra={**run_sections(run.site), "history": run.sections.get("history"),
               "availability": run.sections.get("availability"), "rule_errors": run.rule_errors,
               "a11y": run.a11y})


def write_outputs(run: Analysis) -> None:
    """findings.json always; the report and exports the scan asked for."""
    from .output import write_csv, write_json, write_xlsx

    write_json(run.document, run.out_dir / "findings.json")
    formats = run.config.formats
    if "html" in formats:
        from .report.html import write_report  # Jinja2 loads only for an HTML report

        write_report(run.document, run.out_dir / "report.html")
    if "csv" in formats:
        write_csv(run.document, run.out_dir / "findings.csv")
    if "xlsx" in formats:
        write_xlsx(run.document, run.out_dir / "findings.xlsx")


def record_in_history(run: Analysis) -> None:
    """The findings and the scan's summary, for the next scan's comparison and `inspector serve`."""
    run.history.save_findings(run.scan_id, run.findings)
    run.history.finish_scan(run.scan_id, "complete" if run.complete else "incomplete", run.finished_at, run.stats)


def forget_old_pages(run: Analysis) -> None:
    """Retention: the site's scans beyond the newest [history] keep_scans keep their summary and
    findings, not their pages (History.prune_scans). A failure here costs nothing of the scan just
    made, so it is logged, not raised."""
    import logging
    import sqlite3

    log = logging.getLogger(__name__)
    try:
        counts = run.history.prune_scans(run.config.keep_scans, run.config.site_name)
    except sqlite3.Error as exc:
        log.warning("pruning the history failed: %s", exc)
        return
    if counts["scans"]:
        log.info("history: dropped the pages of %d old scans (%d pages, %d link checks)",
                 counts["scans"], counts["pages"], counts["resources"])


STAGES: tuple[Stage, ...] = (
    prepare_rules, load_site, attach_wechat, browser_checks, rules, mask_personal_numbers, ignores,
    compare_with_history, keep_evidence, availability, count_pages, build_document, write_outputs, record_in_history,
    forget_old_pages,
)


# Stages that take long on a large site say so on the console as they start.
_PROGRESS = {load_site: "建立栏目模型", rules: "运行检查规则", write_outputs: "写出报告"}


def analyse(run: Analysis, stages: tuple[Stage, ...] = STAGES, progress: bool = False) -> Analysis:
    run.progress = progress
    for stage in stages:
        if progress and stage in _PROGRESS:
            print(f"分析：{_PROGRESS[stage]} …", flush=True)
        stage(run)
    return run


def _checked_by(run: Analysis):
    """Which earlier findings this scan could have seen again: not those of a skipped stage."""
    from .browser.stage import checked_urls
    from .urls import host_of
    from .wechat.summary import account_summary

    config, site = run.config, run.site
    wechat_checked = bool(account_summary(site).get("checked"))
    hosts = {host_of(u) for u in config.start_urls} | {h.lower() for h in config.extra_hosts}
    browser_checked = checked_urls(run.a11y)

    def checked(old: dict[str, Any]) -> bool:
        if old.get("source") == "wechat":
            return wechat_checked
        if old["rule"].startswith("a11y.") or old["rule"] in ("elder.popup", "elder.small-text"):
            return old["url"] in browser_checked  # the page the browser saw it on was opened again
        if old["rule"] == "link.broken" and config.no_external:
            return host_of(old["url"]) in hosts
        return True

    return checked
