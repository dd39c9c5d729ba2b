"""Everything the rules look at for one scan: pages, columns, the homepage, the as-of date.

A scan's pages stay in the history database: `site.pages` reads them one at a time on each pass
(StoredPages), and `site.page(url)` finds one by URL in SQL, so the analysis of a 100,000-page
portal holds no more pages in memory than that of a small site. Tests and one-page re-checks
hand in a plain list (HeldPages), which behaves the same.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .columns import ColumnOverride, build_columns
from .model import Column, Page, Resource
from .urls import canonical_url, link_key

_FOUND_CACHE = 64  # pages found by URL kept decoded: rules ask for the homepage and list pages again and again


class HeldPages(list):
    """Pages held in memory, with the lookups StoredPages answers from the database."""

    def find(self, url: str) -> Page | None:
        members = tuple(map(id, self))
        if getattr(self, "_members", None) != members:  # built again when pages were replaced in place
            self._members, self._by_key = members, {}
            for page in self:
                self._by_key.setdefault(canonical_url(page.url), page)
                self._by_key.setdefault(canonical_url(page.final_url), page)
        return self._by_key.get(canonical_url(url))

    def of_kind(self, *kinds: str) -> Iterator[Page]:
        return (p for p in self if p.kind in kinds)

    def urls(self) -> Iterator[str]:
        return (p.url for p in self)

    def final_url(self, url: str) -> str | None:
        page = self.find(url)
        return page.final_url if page is not None else None


class StoredPages:
    """A scan's pages in the history: each iteration is a new pass over a database cursor."""

    def __init__(self, history, scan_id: int):
        self.history, self.scan_id = history, scan_id
        self._found: OrderedDict[str, Page | None] = OrderedDict()
        self._count: int | None = None

    def __iter__(self) -> Iterator[Page]:
        return self.history.pages(self.scan_id)

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.history.page_count(self.scan_id)
        return self._count

    def __bool__(self) -> bool:
        return len(self) > 0

    def find(self, url: str) -> Page | None:
        key = canonical_url(url)
        if key in self._found:
            self._found.move_to_end(key)
            return self._found[key]
        page = self.history.find_page(self.scan_id, key)
        self._found[key] = page
        if len(self._found) > _FOUND_CACHE:
            self._found.popitem(last=False)
        return page

    def of_kind(self, *kinds: str) -> Iterator[Page]:
        """The pages of these kinds, one at a time; the others are not decoded."""
        return self.history.pages(self.scan_id, kinds)

    def urls(self) -> Iterator[str]:
        """Each page's URL as asked for, without decoding the pages (a pass over 100,000 of them
        takes seconds)."""
        return self.history.page_urls(self.scan_id)

    def final_url(self, url: str) -> str | None:
        key = canonical_url(url)
        if key in self._found:
            page = self._found[key]
            return page.final_url if page is not None else None
        return self.history.final_url_of(self.scan_id, key)


class StoredResources:
    """A scan's checked link targets in the history, read one at a time."""

    def __init__(self, history, scan_id: int):
        self.history, self.scan_id = history, scan_id

    def __iter__(self) -> Iterator[Resource]:
        return self.history.resources(self.scan_id)

    def __len__(self) -> int:
        return self.history.resource_count(self.scan_id)

    def find(self, url: str) -> Resource | None:
        return self.history.find_resource(self.scan_id, link_key(url))


@dataclass
class SiteModel:
    name: str
    start_urls: list[str]
    as_of: date
    pages: Iterable[Page]  # a list, or StoredPages
    columns: list[Column] = field(default_factory=list)
    complete: bool = True
    capped: bool = False
    config: dict = field(default_factory=dict)  # rule settings from the site config, by section
    cache: dict = field(default_factory=dict, repr=False)  # work shared between rules of one scan
    resources: Iterable[Resource] = field(default_factory=list)  # link targets checked, not crawled
    external_checked: bool = True  # false with --no-external: other hosts were not asked
    _column_by_key: _ColumnIndex | None = field(default=None, repr=False)
    _homes: list[Page] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.pages, list) and not isinstance(self.pages, HeldPages):
            self.pages = HeldPages(self.pages)

    def page(self, url: str) -> Page | None:
        return self.pages.find(url)

    def final_url(self, url: str) -> str | None:
        """Where the crawled page at this URL ended up (None: not crawled), without reading it."""
        return self.pages.final_url(url)

    def resource(self, url: str) -> Resource | None:
        """The link check's record of a target, found by its link key."""
        finder = getattr(self.resources, "find", None)
        if finder is not None:
            return finder(url)
        held = self.cache.get("resources_by_key")
        if held is None or held[0] is not self.resources:  # tests assign a new list
            held = (self.resources, {})
            for res in self.resources:
                held[1].setdefault(link_key(res.url), res)
            self.cache["resources_by_key"] = held
        return held[1].get(link_key(url))

    @property
    def home_pages(self) -> list[Page]:
        if self._homes is None or isinstance(self.pages, HeldPages):
            self._homes = list(self.pages.of_kind("home"))
        return self._homes

    def column_of(self, url: str) -> Column | None:
        """The column whose list links to this page (or that is this page)."""
        if self._column_by_key is None:
            self._column_by_key = _ColumnIndex(self)
        index = self._column_by_key.get(hash(canonical_url(url)))
        return None if index is None else self.columns[index]


class _ColumnIndex:
    """Page → column for every listed page, as two sorted arrays of URL hashes and column
    numbers: about 10 bytes per listed article, where a dict of URLs took 150 (a portal lists
    100,000). A collision among 64-bit hashes of one site's URLs is not a practical concern."""

    def __init__(self, site: SiteModel):
        hashes, owners = array("q"), array("l")
        for index, column in enumerate(site.columns):
            for list_url in column.pages:
                hashes.append(hash(list_url))
                owners.append(index)
                page = site.page(list_url)
                for item in (page.main_list.items if page and page.main_list else []):
                    hashes.append(hash(canonical_url(item.url)))
                    owners.append(index)
        # Sorted by hash, the first-met entry first among equal hashes: the first column that
        # lists a page is its column.
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        self.hashes = array("q", (hashes[i] for i in order))
        self.owners = array("l", (owners[i] for i in order))

    def get(self, key: int) -> int | None:
        at = bisect_left(self.hashes, key)
        return self.owners[at] if at < len(self.hashes) and self.hashes[at] == key else None


def build_site(name: str, start_urls: list[str], as_of: date, pages: Iterable[Page],
               overrides: list[ColumnOverride] = (), windows: dict[str, int] | None = None,
               complete: bool = True, capped: bool = False) -> SiteModel:
    site = SiteModel(name=name, start_urls=start_urls, as_of=as_of, pages=pages, complete=complete, capped=capped)
    site.columns = build_columns(site.pages, as_of, overrides, windows, site_name=name, find=site.page)
    return site


def stored_site(history, scan_id: int, **options: Any) -> SiteModel:
    """The site model of a saved scan, reading its pages and targets from the history."""
    history.index_keys(scan_id)
    site = build_site(pages=StoredPages(history, scan_id), **options)
    site.resources = StoredResources(history, scan_id)
    return site
