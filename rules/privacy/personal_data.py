"""privacy.personal-data: resident ID numbers (valid check digit and birth date), mobile numbers
and bank-card numbers (Luhn, next to 卡号/银行/账号) exposed in page text or in attachments
(.pdf .docx .xlsx .txt …, read by the link check up to its size cap). Shown masked everywhere.

Read from what the crawl saved: each page's number snippets (its whole text around long digit
runs, tables included) and each attachment's text, as noted before saving (the history keeps
them masked; inspector.privacy.protect_page). One finding per page (or attachment) and kind
of number; the same numbers on many pages (a footer) are one finding listing the pages.
A mobile number given as the office's contact (联系电话：…) is published on purpose: not flagged.
"""
from __future__ import annotations

from typing import NamedTuple

from inspector.model import Finding
from inspector.privacy import KIND_LABELS, screened_hits
from inspector.urls import link_key
from rules.link.referrers import is_real_page, link_index

RULE_ID = "privacy.personal-data"
SEVERITY = "error"
MAX_EXAMPLES = 10
_ORDER = ("id_card", "mobile", "bank_card")


class _Where(NamedTuple):
    final_url: str
    title: str
    published: str | None


def _snippets(page, year: int) -> list[tuple[str, list]]:
    """(snippet key, its hits) of each distinct snippet of the page. A saved page has them noted
    with the snippet masked (inspector.privacy.protect_page); a page not saved, or saved by an
    older inspector, still has its snippets in clear."""
    if page.personal is not None:
        return [(key, hits) for key, hits in page.personal]
    return [(snippet, screened_hits(snippet, year)) for snippet in dict.fromkeys(page.number_snippets)]


def _scan(hit_lists: list[list]) -> dict[str, dict]:
    """kind → {"masked": [distinct masked numbers], "context": first context}."""
    found: dict[str, dict] = {}
    for hits in hit_lists:
        for kind, masked, context in hits:
            entry = found.setdefault(kind, {"masked": {}, "context": context})
            entry["masked"].setdefault(masked, None)
    return found


def check(site) -> list[Finding]:
    year = site.as_of.year
    groups: dict[tuple, dict] = {}
    # A snippet found on several pages (a footer, a side box) is one finding listing the pages;
    # the rest of a page's numbers make one finding per page and kind.
    snippet_pages: dict[str, list[_Where]] = {}
    snippet_hits: dict[str, list] = {}
    for page in site.pages:
        if (page.number_snippets or page.personal) and is_real_page(page):
            where = _Where(page.final_url, page.title, page.published)  # not the page: a pass keeps none
            for snippet, hits in _snippets(page, year):
                snippet_pages.setdefault(snippet, []).append(where)
                snippet_hits[snippet] = hits
    own: dict[str, list[list]] = {}
    pages_by_url: dict[str, _Where] = {}
    for snippet, pages in snippet_pages.items():
        if len(pages) == 1:
            own.setdefault(pages[0].final_url, []).append(snippet_hits[snippet])
            pages_by_url[pages[0].final_url] = pages[0]
            continue
        for kind, entry in _scan([snippet_hits[snippet]]).items():
            groups[("shared", kind, snippet)] = {"kind": kind, "entry": entry, "pages": [p.final_url for p in pages],
                                                 "attachment": False, "title": pages[0].title, "published": None}
    for url, snippets in own.items():
        page = pages_by_url[url]
        for kind, entry in _scan(snippets).items():
            groups[("page", kind, url)] = {"kind": kind, "entry": entry, "pages": [url], "attachment": False,
                                           "title": page.title, "published": page.published}
    leaking = []
    for res in site.resources:
        if res.external or (res.personal is None and not res.text):
            continue
        hits = res.personal if res.personal is not None else screened_hits(res.text, year)
        leaking += [(res.url, kind, entry) for kind, entry in _scan([hits]).items()]
    index = link_index(site, [url for url, _, _ in leaking])
    for url, kind, entry in leaking:
        groups[("file", kind, url)] = {"kind": kind, "entry": entry, "pages": [url], "attachment": True,
                                       "title": index.texts.get(link_key(url), ""),
                                       "referrers": index.pages_linking(url), "published": None}
    findings = []
    for group in sorted(groups.values(), key=lambda g: (g["pages"][0], _ORDER.index(g["kind"]))):
        kind, entry = group["kind"], group["entry"]
        masked = list(entry["masked"])
        label = KIND_LABELS[kind]
        where = "附件中" if group["attachment"] else "页面上"
        extra = {"kind": kind, "count": len(masked), "examples": masked[:MAX_EXAMPLES],
                 "attachment": group["attachment"]}
        if len(group["pages"]) > 1:
            extra.update(pages=group["pages"], page_count=len(group["pages"]))
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=group["pages"][0], title=group["title"],
            message=f"{where}公开了{label} {len(masked)} 个（已脱敏显示）：{'、'.join(masked[:3])}"
                    + ("等" if len(masked) > 3 else ""),
            evidence=masked[0], context=entry["context"], published=group["published"],
            referrers=group.get("referrers"),
            suggestion="删除或遮挡个人信息后重新发布（身份证号只留前 4 位和后 4 位，手机号隐藏中间 4 位）；"
                       "已被搜索引擎收录的，同时申请删除快照",
            extra=extra,
        ))
    return findings
