"""The text units of crawled pages, and text hits turned into findings.

Each page gives its title, main text, image alt texts, attachment names and CSS-hidden text.
Header/nav/footer blocks are stored once by the spider and checked once: a hit there becomes
one finding listing every page that shows the block.
"""
from __future__ import annotations

import fnmatch
from collections import defaultdict
from itertools import chain
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from ..model import Finding, Page
from ..urls import is_attachment
from .script import offered_in_traditional

CONTEXT_CHARS = 30
NONSTANDARD_RULE = "text.nonstandard-char"
CHECKED_KINDS = ("home", "list", "channel", "article", "single", "blank", "calendar", "wechat")
FIELD_LABELS = {"title": "标题", "body": "正文", "hidden": "隐藏文字", "alt": "图片说明", "attachment": "附件名称",
                "chrome": "页头页脚"}


@dataclass(frozen=True)
class TextUnit:
    text: str
    field: str
    hidden: bool = False


@dataclass(frozen=True)
class TextHit:
    rule: str
    severity: str
    start: int  # in the original text
    end: int
    evidence: str
    suggestion: str
    message: str
    category: str = ""
    needs_review: bool = False  # a guess for a person to confirm (the statistical detector): never counts
    detector: str = ""  # "statistical" for the statistical detector; the word lists leave it empty


# A checker takes (text, published date or None, hidden?) and returns hits in that text.
Checker = Callable[[str, "date | None", bool], list[TextHit]]


def page_units(page: Page) -> Iterator[TextUnit]:
    if page.title:
        yield TextUnit(page.title, "title")
    if page.text:
        yield TextUnit(page.text, "body")
    if page.hidden_text:
        yield TextUnit(page.hidden_text, "hidden", hidden=True)
    for url, text, tag in page.links:
        if not text:
            continue
        if tag == "img":
            yield TextUnit(text, "alt")
        elif tag == "a" and is_attachment(url):
            yield TextUnit(text, "attachment")


def context_of(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT_CHARS):start]
    after = text[end:end + CONTEXT_CHARS]
    return f"{'…' if start > CONTEXT_CHARS else ''}{before}{text[start:end]}{after}{'…' if end + CONTEXT_CHARS < len(text) else ''}"


def _ignored(url: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(url, p) for p in patterns)


def prepare(config: dict) -> None:
    """The text rules' data (see inspector.engine.prepare_rules): one TextRules for all of them."""
    from .checks import text_rules

    text_rules(config)


def site_text_findings(site, rule: str) -> list[Finding]:
    """Findings of one text rule. All text rules run in one pass over the site, the first time
    any of them asks; the others take their share from the site's cache."""
    cache = site.cache.get("text_findings")
    if cache is None:
        from .checks import text_rules

        cache = defaultdict(list)
        for finding in check_site_text(site, text_rules(site.config)):
            cache[finding.rule].append(finding)
        site.cache["text_findings"] = cache
    return list(cache.get(rule, []))


def check_site_text(site, checker: Checker) -> list[Finding]:
    """Run a text checker over every page of the site and every WeChat article read (their
    findings say "source": "wechat"); boilerplate blocks once."""
    settings = site.config.get("text", {}) if isinstance(site.config, dict) else {}
    ignore_urls = [p for p in settings.get("ignore_urls", []) if isinstance(p, str)]
    findings: list[Finding] = []
    # Per boilerplate block: its hits, checked once its text is known, the first page showing it
    # and, for a block with hits, the URLs of all pages showing it; whether every one is a 繁體
    # version. A footer on 100,000 pages is not 100,000 URLs held unless it has something to show.
    block_hits: dict[str, list[tuple[TextHit, str]]] = {}
    block_first: dict[str, Page] = {}
    block_urls: dict[str, list[str]] = defaultdict(list)
    block_traditional: dict[str, bool] = {}
    for page in chain(site.pages, site.cache.get("wechat_pages", ())):
        if page.kind not in CHECKED_KINDS or _ignored(page.final_url, ignore_urls):
            continue
        published = date.fromisoformat(page.published) if page.published else None
        column = site.column_of(page.final_url)
        traditional = _traditional(page)
        for unit in page_units(page):
            for hit in checker(unit.text, published, unit.hidden):
                if traditional and hit.rule == NONSTANDARD_RULE:
                    continue  # the site's 繁體 version of a page
                findings.append(_finding(hit, unit, page, column.name if column else None))
        for key, text in page.chrome:
            if key not in block_first:
                block_first[key] = _slim(page)
            if text and key not in block_hits:
                block_hits[key] = [(hit, text) for hit in checker(text, None, False)]
                if not block_hits[key]:
                    block_urls.pop(key, None)
            if block_hits.get(key, True):
                block_urls[key].append(page.final_url)
            block_traditional[key] = block_traditional.get(key, True) and traditional
    for key, hits in block_hits.items():
        urls = block_urls.get(key, [])
        for hit, text in hits:
            if hit.rule == NONSTANDARD_RULE and block_traditional[key]:
                continue
            finding = _finding(hit, TextUnit(text, "chrome"), block_first[key], None)
            finding.extra["pages"] = list(urls)
            finding.extra["page_count"] = len(urls)
            findings.append(finding)
    return findings


def _slim(page: Page) -> Page:
    """What a finding takes from its page (URL, title, date, kind), without the page's text."""
    return Page(url=page.url, final_url=page.final_url, status=page.status, kind=page.kind, title=page.title,
                published=page.published)


def _traditional(page: Page) -> bool:
    return offered_in_traditional(page.final_url, page.meta.get("lang"), page.encoding, page.meta.get("Content-Language"))


def _finding(hit: TextHit, unit: TextUnit, page: Page, column: str | None) -> Finding:
    where = FIELD_LABELS.get(unit.field, unit.field)
    message = hit.message + (f"（位于{where}，页面上不可见，疑似被植入）" if unit.hidden else f"（位于{where}）")
    return Finding(rule=hit.rule, severity=hit.severity, url=page.final_url, title=page.title, column=column,
                   message=message, evidence=hit.evidence, context=context_of(unit.text, hit.start, hit.end),
                   suggestion=hit.suggestion, published=page.published, needs_review=hit.needs_review,
                   source="wechat" if page.kind == "wechat" else "site",
                   extra={"category": hit.category, "field": unit.field, "hidden": unit.hidden,
                          **({"detector": hit.detector} if hit.detector else {})})
