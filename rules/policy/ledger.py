"""The 一比一 ledger (文件+解读台账): documents and interpretations found on the site, paired.

Adds `policy_pairs` to findings.json and is the one place the policy.* rules read from; it adds
no finding itself. Which pages take part:

- interpretations: articles in a 政策解读 column, and articles elsewhere (not 通知公告) whose title
  says so (《…》政策解读, 关于《…》的解读, 一图读懂, 图解：…, …答记者问, …问答). A title that calls
  for comments (征求意见) is never an interpretation, wherever it is listed.
- documents: articles in a 政策文件 column (also short pages whose text is an attachment), and
  articles with a 文号 that are in no column or in an `other` column (documents reached through
  an 信息公开 directory). A page with only a 索引号 is not
  a document on that ground: 信息公开 platforms put a 索引号 on every page, news included.
"""
from __future__ import annotations

import json
import re
import weakref
from typing import Any

from inspector.extract.dates import parse_date
from inspector.model import Finding, Page
from inspector.seen import SeenUrls
from inspector.urls import canonical_url

from .matching import (Ledger, Pair, Record, Settings, is_interpretation_title, labelled_link, match,
                       not_an_interpretation)
from .settings import site_settings
from .text import doc_numbers

SECTION = "policy_pairs"
DOCUMENT_COLUMN_TYPES = (None, "other")   # where a 文号 alone makes an article a document
_CHROME_LINE = re.compile(r"^\s*[【\[]?(?:上一篇|下一篇|上一条|下一条|打印本页|打印|关闭窗口|关闭|相关链接|相关文章|"
                         r"相关阅读|分享到)")
_cache: list[Any] = []                    # [(weakref to the site, settings key, ledger)]


def check(site) -> list[Finding]:
    """The ledger is a findings.json section; the policy.* rule modules report from it."""
    return []


def partial_scan_note(site) -> str | None:
    """On a capped or unfinished scan the other half of a pair may be on a page never fetched:
    what is reported missing or orphaned then needs review."""
    if site.capped or not site.complete:
        return "本次扫描未抓取全部页面，对应页面可能未被抓取，请人工核实"
    return None


def section(site) -> dict[str, Any]:
    return ledger_json(ledger(site))


def ledger(site) -> Ledger:
    """The site's ledger, computed once per site and [policy] settings."""
    config_key = json.dumps(site.config.get("policy"), sort_keys=True, default=str)
    if _cache and _cache[0][0]() is site and _cache[0][1] == config_key:
        return _cache[0][2]
    settings = site_settings(site.config.get("policy"))
    documents, interpretations = records(site, settings)
    result = match(documents, interpretations, settings, site.as_of)
    for record in interpretations:  # their text was for finding evidence; the ledger shows none of it
        record.text = ""
    _cache[:] = [(weakref.ref(site), config_key, result)]
    return result


def records(site, settings: Settings) -> tuple[list[Record], list[Record]]:
    documents: list[Record] = []
    interpretations: list[Record] = []
    seen = SeenUrls()  # a portal's articles are too many to keep as strings, or as a set of hashes
    for page in site.pages:
        if page.kind not in ("article", "single"):
            continue
        key = canonical_url(page.final_url or page.url)
        if key in seen:
            continue
        seen.add(key)
        column = site.column_of(page.url) or site.column_of(page.final_url)
        column_type = column.type if column else None
        if page.kind == "single" and column_type not in ("policy", "interpretation"):
            continue   # a short page listed as a document (its text in an attachment) still counts
        title = page.title or page.doc_meta.get("doc_title", "")
        role = _role(page, title, column_type, settings)
        if role is None:
            continue
        # A document's text is never evidence (an interpretation's citing it is), so it is not kept.
        url = page.final_url or page.url
        record = Record(key=key, url=key if url == key else url, title=title,  # one string where they agree
                        text=_body(page) if role == "interpretation" else "",
                        published=_published(page), column=column.name if column else None)
        if role == "document":
            record.doc_no = page.doc_meta.get("doc_no") or _number_in_page(page, title)
            documents.append(record)
        else:
            interpretations.append(record)
    _add_links(site, documents + interpretations, settings)
    return documents, interpretations


def _add_links(site, records: list[Record], settings: Settings) -> None:
    """Each record's links that can be evidence: to another document or interpretation, or named
    as the relation (相关解读, 政策原文). Taken once every record is known, so a portal's thousands
    of policy pages do not each hold their whole navigation."""
    keys = {record.key: record.key for record in records}  # a link to a record shares its key's string
    for record in records:
        page = site.page(record.url)
        links = _links(site, page) if page is not None else ()
        record.links = tuple((keys.get(target, target), text) for target, text in links
                             if target in keys or labelled_link(text, settings))


def _role(page: Page, title: str, column_type: str | None, settings: Settings) -> str | None:
    if not_an_interpretation(title, settings):
        interpretation = False
    elif column_type == "interpretation":
        interpretation = True
    else:
        interpretation = column_type != "notice" and is_interpretation_title(title, settings)
    if interpretation:
        return "interpretation"
    if column_type == "policy":
        return "document"
    if column_type in DOCUMENT_COLUMN_TYPES and page.doc_meta.get("doc_no"):
        return "document"
    return None


def _body(page: Page) -> str:
    """The main text without what templates put after it (上一篇/下一篇, 打印本页) and without
    link texts: a 上一篇 link naming another document is not evidence, and a link to the
    document itself already is (evidence a)."""
    lines = []
    for line in page.text.splitlines():
        if _CHROME_LINE.match(line):
            break
        lines.append(line)
    text = "\n".join(lines)
    anchors = {t for _, t, tag in page.links if tag in ("a", "area") and len(t) >= 4}
    for anchor in sorted(anchors, key=len, reverse=True):
        text = text.replace(anchor, " ")
    return text


def _published(page: Page) -> str | None:
    if page.published:
        return page.published
    shown = parse_date(page.doc_meta.get("published"))
    return shown.isoformat() if shown else None


def _links(site, page: Page) -> tuple[tuple[str, str], ...]:
    links = []
    for url, text, tag in page.links:
        if tag not in ("a", "area"):
            continue
        target = site.final_url(url)
        links.append((canonical_url(target or url), text))
    return tuple(links)


def _number_in_page(page: Page, title: str) -> str:
    """A 文号 without a metadata block: in the title (…的通知（云政办发〔2021〕12号）) or on a
    short line of its own at the top of the text."""
    for text in [title] + [line for line in page.text.splitlines()[:5] if len(line) <= 30]:
        numbers = [n for n in doc_numbers(text) if n.year and len(n.prefix) >= 2]
        if numbers:
            return numbers[0].text
    return ""


# ---- findings.json --------------------------------------------------------------------------

def _page_json(record: Record) -> dict[str, Any]:
    return {"url": record.url, "title": record.title, "published": record.published, "column": record.column}


def _row(pair: Pair, late: set[int], unlinked: set[int]) -> dict[str, Any]:
    primary = pair.primary
    row: dict[str, Any] = {
        "document": {**_page_json(pair.document), "doc_no": pair.document.doc_no or None},
        "status": pair.status, "exempt": pair.exempt,
        "interpretation": _page_json(primary.interpretation) if primary else None,
        "matched_by": primary.matched_by if primary else None,
        "evidence": [e.as_dict() for e in primary.evidence] if primary else [],
        "day_gap": pair.day_gap, "linked": primary.linked if primary else None,
        "needs_review": bool(primary and primary.needs_review),
        "late": id(pair) in late, "unlinked": id(pair) in unlinked,
        "more_interpretations": [
            {**_page_json(m.interpretation), "matched_by": m.matched_by, "day_gap": m.day_gap,
             "needs_review": m.needs_review, "evidence": [e.as_dict() for e in m.evidence]}
            for m in pair.matches[1:]],
    }
    return row


def counts(ledger_: Ledger) -> dict[str, Any]:
    pairs = ledger_.pairs
    required = [p for p in pairs if not p.exempt and p.status in ("paired", "missing")]
    interpreted = [p for p in required if p.status == "paired"]
    return {
        "documents": len(pairs),
        "exempt": sum(1 for p in pairs if p.exempt),
        "pending": sum(1 for p in pairs if p.status == "pending"),
        "not_checked": sum(1 for p in pairs if p.status == "not_checked"),
        "required": len(required),
        "interpreted": len(interpreted),
        "missing": sum(1 for p in pairs if p.status == "missing"),
        "ratio": round(len(interpreted) / len(required), 4) if required else None,
        "interpretations": ledger_.interpretations,
        "orphans": len(ledger_.orphans),
        "unlinked": len(ledger_.unlinked()),
        "late": len(ledger_.late()),
        "needs_review": sum(1 for p in pairs if p.primary and p.primary.needs_review),
    }


def ledger_json(ledger_: Ledger) -> dict[str, Any]:
    settings = ledger_.settings
    pairs = sorted(ledger_.pairs, key=lambda p: (p.document.published or "", p.document.url), reverse=True)
    # By identity, once: `pair in ledger_.late()` per row compared whole dataclasses, n² times.
    late, unlinked = {id(p) for p in ledger_.late()}, {id(p) for p in ledger_.unlinked()}
    return {
        "settings": {"late_days": settings.late_days, "links": settings.links,
                     "fuzzy_threshold": settings.fuzzy_threshold,
                     "since": settings.since.isoformat() if settings.since else None},
        "counts": counts(ledger_),
        "pairs": [_row(p, late, unlinked) for p in pairs],
        "orphans": [_page_json(o) for o in sorted(ledger_.orphans, key=lambda r: (r.published or "", r.url),
                                                 reverse=True)],
    }
