"""security.hidden-link (暗链): links readers cannot see (inspector.extract.hidden records them
while crawling, with how they are hidden).

Severity policy, chosen to keep false alarms low:
- veto: the anchor text or the target hits the text.sensitive word list or a spam token of the
  URL (bet365, bocai, casino …), on any host — planted spam pages often sit on the site itself;
- warning: a hidden link to another host with nothing sensitive; needs_review when it is hidden
  with display:none / visibility:hidden / the hidden attribute, which tab panels and drop-down
  menus use until clicked, but not for the tricks that only spam uses (off-screen, zero size,
  font-size 0, text in the background colour, tiny or racing <marquee>);
- not reported: hidden links to the site's own hosts or to other government hosts (.gov.cn)
  with nothing sensitive — templates hide tabs and menus all the time. They are counted in the
  `hidden_links` section of findings.json.
One finding per target; every page that hides it is listed.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from inspector.extract.hidden import HOW_LABELS
from inspector.model import Finding
from inspector.urls import canonical_url, host_of, link_key
from rules import load_data

RULE_ID = "security.hidden-link"
SEVERITY = "veto"
SECTION = "hidden_links"
_REVIEW_HOWS = {"display:none", "visibility:hidden", "hidden-attr"}
_TOKENS = re.compile(r"[A-Za-z0-9]+")


def _sensitive_checker(config: dict):
    """The text.sensitive checker, or None while its word list is not installed."""
    try:
        from rules.text import sensitive
        return sensitive.checker(config)
    except (ImportError, FileNotFoundError):
        return None


def url_spam_words(url: str) -> list[str]:
    data = load_data("security/hidden_link.toml")
    tokens = set(data["url_tokens"])
    prefixes = set(data["url_prefixes"])
    parts = urlsplit(url)
    found = []
    for token in _TOKENS.findall(f"{parts.hostname or ''} {parts.path} {parts.query}".lower()):
        stem = token.rstrip("0123456789")
        if token in tokens or (stem != token and stem in prefixes):
            found.append(token)
    return found


class _Where(NamedTuple):
    """What a finding shows of a page with a hidden link (a pass over the site keeps no pages)."""

    final_url: str
    title: str
    kind: str


def site_hosts(site) -> set[str]:
    hosts = {host_of(u) for u in site.start_urls}
    hosts.update(host_of(url) for url in site.pages.urls())
    return hosts


def classify(site, sensitive=None) -> tuple[list[dict], dict[str, int]]:
    """Hidden-link groups to report (one per target) and the counts of what was left out."""
    if sensitive is None and "hidden_links" in site.cache:
        return site.cache["hidden_links"]
    result = _classify(site, sensitive if sensitive is not None else _sensitive_checker(site.config))
    if sensitive is None:
        site.cache["hidden_links"] = result
    return result


def _classify(site, checker) -> tuple[list[dict], dict[str, int]]:
    quiet = tuple(load_data("security/hidden_link.toml")["quiet_host_suffixes"])
    hosts = site_hosts(site)
    home = {canonical_url(u) for u in site.start_urls}
    groups: dict[str, dict] = {}
    pages: dict[str, dict] = defaultdict(dict)  # target → {page url: where}
    for page in site.pages:
        if page.kind in ("error", "binary"):
            continue
        for url, text, how in page.hidden_links:
            key = link_key(url)
            groups.setdefault(key, {"url": url, "text": text, "how": how})
            pages[key].setdefault(page.final_url, _Where(page.final_url, page.title, page.kind))
    counts = {"found": len(groups), "reported": 0, "own_site": 0, "government": 0}
    report = []
    for key, group in groups.items():
        url, text = group["url"], group["text"]
        words = [h.evidence for h in checker(text, None, True)] if checker and text else []
        if checker:
            words += [h.evidence for h in checker(unquote(url), None, True)]
        words += url_spam_words(url)
        host = host_of(url)
        external = host not in hosts
        if not words:
            if not external:
                counts["own_site"] += 1
                continue
            if host.endswith(quiet):
                counts["government"] += 1
                continue
        listed = sorted(pages[key].values(), key=lambda p: (canonical_url(p.final_url) not in home and p.kind != "home",
                                                   p.final_url))
        group.update(words=list(dict.fromkeys(words)), external=external, pages=listed)
        report.append(group)
        counts["reported"] += 1
    return report, counts


def check(site, sensitive=None) -> list[Finding]:
    report, _ = classify(site, sensitive)
    findings = []
    for group in report:
        first = group["pages"][0]
        how = HOW_LABELS.get(group["how"], group["how"])
        words = group["words"]
        severity = "veto" if words else "warning"
        review = not words and group["how"] in _REVIEW_HOWS
        where = "其他网站" if group["external"] else "本站"
        message = f"隐藏链接（暗链）：链接“{group['text'] or '（无文字）'}”指向{where} {group['url']}，{how}，读者看不到"
        if words:
            message += f"；命中敏感内容“{'、'.join(words[:5])}”"
        findings.append(Finding(
            rule=RULE_ID, severity=severity, url=first.final_url, title=first.title, message=message,
            evidence=group["url"], context=group["text"], needs_review=review,
            suggestion="立即删除该链接并排查网站是否被入侵（检查模板、数据库与服务器文件）" if words
            else "确认该隐藏链接的用途；不需要的请删除",
            extra={"how": group["how"], "link_text": group["text"], "external": group["external"],
                   "sensitive": words, "pages": [p.final_url for p in group["pages"]],
                   "page_count": len(group["pages"])},
        ))
    return findings


def section(site) -> dict:
    _, counts = classify(site)
    return counts
