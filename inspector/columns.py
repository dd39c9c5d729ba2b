"""The column model: which crawled pages are columns (栏目), their names, types, levels, newest
item dates and statuses. Pure functions over saved Page records.

A column is a list page (or a page reached as a column that shows nothing: 空白栏目) together
with its pagination pages. Names come from the page's ColumnName meta, its breadcrumb, the
menu links that point to it, then its <title>; types from the name (rules/column/types.toml).
"""
from __future__ import annotations

import re
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rules import load_data

from .model import Column, Page, PageList
from .urls import canonical_url, is_search_url

_PAGED_FILE = re.compile(r"/((?:index|list|default|more|news|lm|col)\w*?)[_\-](\d{1,4})\.(s?html?|jsp|aspx?|php)$", re.I)
_PAGE_PARAMS = {"page", "pageno", "pagenum", "pageindex", "curpage", "currentpage", "p", "pn", "pagenumber",
                "cp", "start", "offset", "page_no", "page_num", "pageid"}
_TITLE_SPLIT = re.compile(r"\s*(?:_|－|—|–|\||｜|-)\s*")
_GENERIC_CRUMBS = {"首页", "网站首页", "主页", "正文", "详情", "内容", "当前位置"}


@dataclass(frozen=True)
class ColumnType:
    type: str
    label: str
    window_days: int
    keywords: tuple[str, ...]


def column_types(window_overrides: dict[str, int] | None = None) -> tuple[list[ColumnType], ColumnType]:
    data = load_data("column/types.toml")
    overrides = window_overrides or {}
    types = [ColumnType(t["type"], t["label"], int(overrides.get(t["type"], t["window_days"])), tuple(t["keywords"]))
             for t in data["types"]]
    other = data["other"]
    return types, ColumnType("other", other["label"], int(overrides.get("other", other["window_days"])), ())


def type_of_name(name: str, types: list[ColumnType]) -> ColumnType | None:
    for ctype in types:
        if any(k in name for k in ctype.keywords):
            return ctype
    return None


def page_root(url: str) -> str:
    """The first page of a paginated list: index_2.html → index.html → /dir/; ?page=3 dropped."""
    parts = urlsplit(canonical_url(url))
    path = _PAGED_FILE.sub(lambda m: f"/{m.group(1)}.{m.group(3)}", parts.path)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k.lower() not in _PAGE_PARAMS])
    return canonical_url(urlunsplit((parts.scheme, parts.netloc, path, query, "")))


@dataclass
class ColumnOverride:
    url: str
    type: str | None = None
    name: str | None = None
    ignore: bool = False


class _Groups:
    """Union-find over canonical URLs: pagination pages join their first page."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, first: str, other: str) -> None:
        a, b = self.find(first), self.find(other)
        if a != b:
            self.parent[b] = a


READ_VIA_RANK = ("html", "script-pager", "datastore", "api", "rendered")
_EMPTY_EVIDENCE = {"datastore": "数据存储中没有任何记录", "api": "列表接口返回的数据为空",
                   "rendered": "浏览器渲染后列表中没有任何信息", "html": "列表中没有任何信息"}


def build_columns(pages: Iterable[Page], as_of: date, overrides: list[ColumnOverride] = (),
                  window_overrides: dict[str, int] | None = None, site_name: str = "",
                  find: Callable[[str], Page | None] | None = None) -> list[Column]:
    """Columns from one pass over the pages. Only list-like pages are kept (slimmed to what a
    column needs); any other page, such as an article giving an undated list its dates, is
    asked of `find` (a lookup by URL) when needed."""
    types, other = column_types(window_overrides)
    if find is None:  # pages in hand (tests, one page re-checked): look them up in memory
        pages = list(pages)
        held: dict[str, Page] = {}
        for p in pages:
            held.setdefault(canonical_url(p.url), p)
            held.setdefault(canonical_url(p.final_url), p)
        find = held.get
    # Further parts of a list (data-store groups, API pages) belong to the page they continue.
    parts: dict[str, list[Page]] = defaultdict(list)
    evidence: dict[str, Counter] = defaultdict(Counter)
    listing: list[Page] = []
    for p in pages:
        if p.list_of:
            if p.kind not in ("error", "binary"):
                parts[canonical_url(p.list_of)].append(_slim(p))
            continue
        _add_evidence(evidence, p)
        if p.kind in ("list", "blank"):
            listing.append(_slim(p))
    by_key = {canonical_url(p.final_url): p for p in listing}
    for p in listing:
        by_key.setdefault(canonical_url(p.url), p)

    def page_at(key: str) -> Page | None:
        found = by_key.get(key)
        if found is None:
            found = find(key)
        return found

    groups = _Groups()
    not_columns = re.compile("|".join(map(re.escape, load_data("column/types.toml")["not_columns"]["names"])))
    candidates = [key for key, p in by_key.items() if _is_column_page(p, key, evidence, not_columns)]
    for key in candidates:
        groups.join(page_root(key) if page_at(page_root(key)) is not None else key, key)
    for key in candidates:
        for link in by_key[key].pager:
            link_key = canonical_url(link)
            target = by_key.get(link_key)
            if target is not None and target.kind == "list" and link_key not in evidence:
                groups.join(groups.find(key), link_key)
    members: dict[str, list[str]] = defaultdict(list)
    for key in candidates:
        members[groups.find(key)].append(key)
    override_by_key = {canonical_url(o.url): o for o in overrides}
    columns: list[Column] = []
    for root, keys in members.items():
        first = page_at(root) or by_key[keys[0]]
        override = override_by_key.get(root)
        if override and override.ignore:
            continue
        members = [by_key[k] for k in keys]
        members += [part for k in keys for part in parts.get(k, [])]
        column = _make_column(root, members, first, list(evidence.get(root, Counter()).elements()), site_name, as_of,
                              page_at)
        columns.append(column)
    _link_parents(columns, page_at)
    for column in columns:
        override = override_by_key.get(column.url)
        if override and override.name:
            column.name = override.name
    _assign_types(columns, types, other, override_by_key)
    for column in columns:
        _judge(column, as_of)
    columns.sort(key=lambda c: (c.level, c.url))
    return columns


class _Entry(NamedTuple):
    """A list item as a column counts it: the list pages of a portal's columns are held together
    while columns are built, so an item is a hash and a date, not its link."""

    key: int  # hash of the item's URL: tells items apart
    date: str | None
    url: str | None  # only in a list that shows no dates: its articles give them


class _Entries:
    """A slim list page's items: the hashes in one array, the dates as shared strings, the URLs
    only for a list without dates. About 16 bytes an item where an _Entry each took 110: a
    portal's columns list 100,000 articles, all held while columns are built."""

    __slots__ = ("keys", "dates", "urls")

    def __init__(self, items: list):
        self.keys = array("q", (hash(item.url) for item in items))
        self.dates = [sys.intern(item.date) if item.date else None for item in items]
        self.urls = None if any(self.dates) else [item.url for item in items]

    def __iter__(self) -> Iterator[_Entry]:
        for n, key in enumerate(self.keys):
            yield _Entry(key, self.dates[n], self.urls[n] if self.urls is not None else None)

    def __len__(self) -> int:
        return len(self.keys)


_COLUMN_META = ("ColumnName", "ColumnType", "SiteName")


def _slim(page: Page) -> Page:
    """What a column needs of a list page: its main list as _Entries, pager, names and list
    evidence."""
    main = page.main_list
    lists = [PageList(items=_Entries(main.items), main=True)] if main is not None else []
    return Page(url=page.url, final_url=page.final_url, status=page.status, kind=page.kind, title=page.title,
                meta={k: page.meta[k] for k in _COLUMN_META if k in page.meta}, breadcrumbs=page.breadcrumbs,
                pager=page.pager, placeholder=page.placeholder, extract_error=page.extract_error,
                truncated=page.truncated, read_via=page.read_via, list_state=page.list_state, render=page.render,
                list_of=page.list_of, lists=lists)


def _add_evidence(names: dict[str, Counter], page: Page) -> None:
    """Names given to a URL by menus, breadcrumbs and 更多 links anywhere on the site, counted
    (the same menu on every page is one name said many times, not many names)."""
    for text, url in page.menu:
        names[canonical_url(url)][text] += 1
    for text, url in page.breadcrumbs:
        if url and text not in _GENERIC_CRUMBS:
            names[canonical_url(url)][text] += 1
    for lst in page.lists:
        if lst.more_url:
            names[canonical_url(lst.more_url)][lst.heading] += 1


def _is_column_page(page: Page, key: str, evidence: dict[str, list[str]], not_columns: re.Pattern) -> bool:
    if page.kind not in ("list", "blank") or is_search_url(page.final_url):
        return False
    if any(not_columns.search(name) for name in evidence.get(key, [])):
        return False
    if page.kind == "blank":
        return key in evidence or bool(page.meta.get("ColumnName"))
    return True


def _make_column(root: str, pages: list[Page], first: Page, names: list[str], site_name: str,
                 as_of: date, page_at: Callable[[str], Page | None]) -> Column:
    items: dict[int, str | None] = {}
    urls: dict[int, str] = {}
    for page in pages:
        main = page.main_list
        for entry in (main.items if main else []):
            if items.get(entry.key) is None:
                items[entry.key] = entry.date
            if entry.url:
                urls.setdefault(entry.key, entry.url)
    dates = [d for d in items.values() if d]
    dates_from = "list"
    if items and not dates:  # the list shows no dates: its articles do (PubDate, 发布时间)
        dates = [a.published for a in (page_at(canonical_url(u)) for u in urls.values())
                 if a is not None and a.kind == "article" and a.published]
        dates_from = "articles" if dates else "list"
    # Freshness is judged at the monitoring point: later items do not count, unless all are later.
    judged = [d for d in dates if d <= as_of.isoformat()] or dates
    name, source = _column_name(first, names, site_name)
    read_via = max((p.read_via for p in pages), key=lambda v: READ_VIA_RANK.index(v) if v in READ_VIA_RANK else 0)
    column = Column(name=name, url=root, type="other", item_count=len(items),
                    latest_date=max(judged) if judged else None, window_days=0, status="ok",
                    pages=_page_urls(pages), name_source=source,
                    placeholder=first.placeholder, type_hint=first.meta.get("ColumnType", ""),
                    read_via=read_via, dates_from=dates_from)
    if not items:
        column.evidence = _emptiness(pages, first)
    return column


def _page_urls(pages: list[Page]) -> list[str]:
    """The column's own pages (sorted), then the further parts of its list in reading order."""
    own = sorted({canonical_url(p.final_url) for p in pages if not p.list_of})
    parts = [canonical_url(p.final_url) for p in pages if p.list_of]
    return own + [u for u in dict.fromkeys(parts) if u not in own]


def _emptiness(pages: list[Page], first: Page) -> str:
    """What a list with no items rests on: positive evidence of emptiness (a placeholder, an
    empty data store, API answer or rendered list, a page without scripts that shows none), or
    "unread:" and why no reader could read it."""
    if first.placeholder:
        return f"页面显示“{first.placeholder}”"
    partial = next((p.partial_reason for p in pages if p.partial_reason), None)
    if partial:  # a list cut off by a parse failure or the size cap is not known to be empty
        return f"unread:{partial}"
    emptied = next((p for p in pages if p.list_state == "empty"), None)
    if emptied is not None:
        return _EMPTY_EVIDENCE.get(emptied.read_via, _EMPTY_EVIDENCE["html"])
    unread = [p for p in pages if p.render and p.read_via != "rendered"]
    if unread:
        page = unread[0]
        why = page.list_state.split(":", 1)[1] if page.list_state.startswith("unread:") else "未在浏览器中渲染"
        return f"unread:{page.render}；{why}"
    return _EMPTY_EVIDENCE["html"]


def _column_name(page: Page, names: list[str], site_name: str) -> tuple[str, str]:
    meta_name = page.meta.get("ColumnName", "").strip()
    if meta_name and meta_name not in (site_name, page.meta.get("SiteName")):
        return meta_name, "meta"
    if page.breadcrumbs:
        text, url = page.breadcrumbs[-1]
        if text not in _GENERIC_CRUMBS and (url is None or canonical_url(url) == canonical_url(page.final_url)):
            return text, "breadcrumb"
    useful = [n for n in names if n and n not in _GENERIC_CRUMBS]
    if useful:
        return Counter(useful).most_common(1)[0][0], "link"
    parts = [p for p in _TITLE_SPLIT.split(page.title) if p and p not in (site_name, page.meta.get("SiteName"))]
    return (parts[0] if parts else page.title or page.final_url), "title"


def _link_parents(columns: list[Column], page_at: Callable[[str], Page | None]) -> None:
    """Parent and level from breadcrumbs: 首页 > 一级 > 二级."""
    for column in columns:
        page = page_at(column.url)
        crumbs = [c for c in (page.breadcrumbs if page else []) if c[0] not in _GENERIC_CRUMBS]
        if crumbs and crumbs[-1][1] and canonical_url(crumbs[-1][1]) != column.url:
            crumbs.append((column.name, None))
        column.level = max(1, len(crumbs))
        if len(crumbs) >= 2 and crumbs[-2][1]:
            column.parent = canonical_url(crumbs[-2][1])
        column.ancestors = [c[0] for c in crumbs[:-1]]


def _assign_types(columns: list[Column], types: list[ColumnType], other: ColumnType,
                  overrides: dict[str, ColumnOverride]) -> None:
    by_name = {t.type: t for t in types} | {"other": other}
    for column in columns:
        chosen = None
        override = overrides.get(column.url)
        if override and override.type:
            chosen = by_name.get(override.type)
        chosen = chosen or type_of_name(column.name, types) or type_of_name(column.type_hint, types)
        if chosen is None:
            for ancestor in reversed(column.ancestors):
                chosen = type_of_name(ancestor, types)
                if chosen:
                    break
        chosen = chosen or other
        column.type = chosen.type
        column.window_days = chosen.window_days


def _judge(column: Column, as_of: date) -> None:
    if column.item_count == 0:
        unread = column.evidence.startswith("unread:")
        column.status = "unreadable" if unread else "empty"
        column.evidence = column.evidence.removeprefix("unread:")
    elif column.latest_date is None:
        column.status = "undated"
    else:
        days = (as_of - date.fromisoformat(column.latest_date)).days
        column.days_since_update = days
        column.status = "stale" if days > column.window_days else "ok"
