"""Which crawled pages link to which targets: the index link.broken and the privacy rule use to
list every page that links to a broken target or a leaking attachment."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from inspector.extract.notfound import soft_404
from inspector.model import Page
from inspector.urls import canonical_url, link_key

REFERRING_KINDS = {"home", "list", "channel", "article", "single", "calendar", "blank"}


@dataclass
class LinkIndex:
    referrers: dict[str, dict[str, None]] = field(default_factory=lambda: defaultdict(dict))  # key → pages, in order
    texts: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    home_pages: set[str] = field(default_factory=set)

    def pages_linking(self, url: str, fallback: str | None = None) -> list[str]:
        found = self.referrers.get(link_key(url), [])
        return list(found) if found or not fallback else [fallback]

    def on_homepage(self, referrers: list[str]) -> bool:
        return any(canonical_url(r) in self.home_pages for r in referrers)


def is_real_page(page: Page) -> bool:
    """A page a reader would see as content: not an error page and not a soft 404."""
    if page.kind not in REFERRING_KINDS or page.status is None or page.status >= 400:
        return False
    return soft_404(page.title, page.text) is None


def link_index(site, targets: Iterable[str]) -> LinkIndex:
    """Referrers, link texts and tags of these targets only, in one pass over the pages: a
    portal's every link to everywhere is more than a scan can hold."""
    wanted = {link_key(u) for u in targets}
    cache_key = ("link_index", frozenset(wanted))
    cached = site.cache.get(cache_key)
    if cached is not None:
        return cached
    index = LinkIndex(home_pages={canonical_url(u) for u in site.start_urls})
    for page in site.pages:
        if page.kind == "home":
            index.home_pages.add(canonical_url(page.final_url))
        if not wanted or not is_real_page(page):
            continue
        for url, text, tag in page.links:
            if not url:
                continue
            key = link_key(url)
            if key not in wanted:
                continue
            index.referrers[key][page.final_url] = None
            if text and key not in index.texts:
                index.texts[key] = text
            index.tags.setdefault(key, tag)
    site.cache[cache_key] = index
    return index

