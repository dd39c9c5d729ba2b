"""link.broken: a link target that fails — an internal page the crawl got an error for, a file
of the site or a target on another host that the link check got 4xx/5xx, a timeout or a DNS
error for, or a soft 404 (HTTP 200 saying 页面不存在). One finding per target, with every page
that links to it and whether the homepage is one of them (counted apart, as inspectors do).

401/403/429 from another host usually means the host blocks robots: needs_review, not broken.
Targets matching `[links] skip` are never reported.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from inspector.extract.notfound import soft_404
from inspector.model import Finding, Page, Resource
from inspector.urls import canonical_url, is_attachment, link_key

from .referrers import LinkIndex, link_index

RULE_ID = "link.broken"
SEVERITY = "error"
SECTION = "links"
REVIEW_STATUSES = {401, 403, 429}
_HTML = ("text/html", "application/xhtml")
TAG_LABELS = {"img": "图片", "script": "脚本", "link": "样式或资源文件", "embed": "嵌入文件", "source": "媒体文件",
              "iframe": "内嵌页面", "frame": "内嵌页面", "form": "留言表单提交地址"}
# A form target that refuses HEAD and GET (405/501) takes POST: it exists, it is not broken.
FORM_LIVE_STATUSES = {405, 501}


@dataclass
class Broken:
    url: str
    problem: str  # Chinese, for the message
    status: int | None
    error: str | None
    tag: str
    external: bool
    soft_404: str | None = None
    needs_review: bool = False


def _page_problem(page: Page) -> Broken | None:
    if page.kind == "binary" and (page.status or 0) < 400:
        return None
    if page.blocked:  # the firewall's answer, not the page's (site.firewall-blocked says so once)
        return None
    if page.error or page.status is None or page.status >= 400:
        problem = page.error or f"HTTP {page.status}"
        return Broken(page.url, problem, page.status, page.error, "a", False)
    phrase = soft_404(page.title, page.text)
    if phrase:
        return Broken(page.url, f"页面显示“{phrase}”（HTTP {page.status}，软 404）", page.status, None, "a", False,
                      soft_404=phrase)
    return None


def _resource_problem(res: Resource) -> Broken | None:
    if res.blocked:  # the firewall's answer, not the file's (site.firewall-blocked says so once)
        return None
    if res.tag == "form" and res.status in FORM_LIVE_STATUSES and not res.error:
        return None
    if res.error or res.status is None or res.status >= 400:
        problem = res.error or f"HTTP {res.status}"
        review = res.external and res.status in REVIEW_STATUSES and not res.error
        if review:
            problem += "（对方网站可能拒绝自动访问，请人工打开确认）"
        return Broken(res.url, problem, res.status, res.error, res.tag, res.external, needs_review=review)
    html = res.content_type.split(";")[0].strip().lower().startswith(_HTML)
    phrase = soft_404(res.title, res.snippet) if html and res.status == 200 else None
    if phrase:
        return Broken(res.url, f"页面显示“{phrase}”（HTTP 200，软 404）", res.status, None, res.tag, res.external,
                      soft_404=phrase)
    return None


def broken_targets(site) -> list[tuple[Broken, list[str]]]:
    """(broken target, pages linking to it) for the whole site; computed once per site model."""
    return _broken(site)[0]


def _broken(site) -> tuple[list[tuple[Broken, list[str]]], LinkIndex]:
    cached = site.cache.get("broken_targets")
    if cached is not None:
        return cached
    settings = site.config.get("links", {}) if isinstance(site.config, dict) else {}
    skip = [p for p in settings.get("skip", []) if isinstance(p, str)] if isinstance(settings, dict) else []
    starts = {canonical_url(u) for u in site.start_urls}
    found: dict[str, tuple[Broken, str | None]] = {}

    def consider(broken: Broken | None, fallback: str | None) -> None:
        if broken is None:
            return
        key = link_key(broken.url)
        if key in found or any(fnmatch.fnmatchcase(broken.url, p) or fnmatch.fnmatchcase(key, p) for p in skip):
            return
        found[key] = (broken, fallback)

    for page in site.pages:
        if canonical_url(page.url) in starts or canonical_url(page.final_url) in starts:
            continue  # the start page failing is site.unreachable
        consider(_page_problem(page), page.referrer)
    for res in site.resources:
        consider(_resource_problem(res), None)
    index = link_index(site, [broken.url for broken, _ in found.values()])
    result = sorted(((broken, index.pages_linking(broken.url, fallback)) for broken, fallback in found.values()),
                    key=lambda item: item[0].url)
    site.cache["broken_targets"] = (result, index)
    return result, index


def _what(broken: Broken, index: LinkIndex) -> str:
    tag = index.tags.get(link_key(broken.url), broken.tag)
    if tag in TAG_LABELS:
        label = TAG_LABELS[tag]
    elif is_attachment(broken.url):
        label = "附件"
    else:
        label = "页面"
    return ("外部" if broken.external else "") + label


def check(site) -> list[Finding]:
    targets, index = _broken(site)
    findings = []
    for broken, referrers in targets:
        on_home = index.on_homepage(referrers)
        where = f"{len(referrers)} 个页面引用" + ("，含首页" if on_home else "")
        text = index.texts.get(link_key(broken.url), "")
        findings.append(Finding(
            rule=RULE_ID, severity=SEVERITY, url=broken.url, title=text,
            message=f"链接无法访问：{_what(broken, index)}{('“' + text + '”') if text else ''}，{broken.problem}（{where}）",
            suggestion="修复链接或删除失效链接；附件、图片丢失的请重新上传" if not broken.external
            else "核实对方网址是否变更，更新或删除该链接",
            needs_review=broken.needs_review, referrers=referrers,
            extra={"http_status": broken.status, "error": broken.error, "tag": index.tags.get(link_key(broken.url), broken.tag),
                   "external": broken.external, "on_homepage": on_home, "soft_404": broken.soft_404},
        ))
    return findings


def section(site) -> dict:
    targets, index = _broken(site)
    counted = [(b, refs) for b, refs in targets if not b.needs_review]
    return {
        "checked_targets": len(site.resources),
        "external_checked": bool(getattr(site, "external_checked", True)),
        "broken": len(counted),
        "broken_on_homepage": sum(1 for _, refs in counted if index.on_homepage(refs)),
        "broken_internal": sum(1 for b, _ in counted if not b.external),
        "broken_external": sum(1 for b, _ in counted if b.external),
        "needs_review": len(targets) - len(counted),
    }
