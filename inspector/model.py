"""The records that flow between stages: a fetched page, a column, a finding.

Pages are saved to the history database as the crawl goes; columns and findings are derived
from saved pages only, so checks re-run offline on a finished or interrupted crawl.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SEVERITIES = ("veto", "error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # info=0 … veto=3
PAGE_KINDS = ("home", "list", "channel", "article", "single", "calendar", "blank", "binary", "error")


@dataclass
class Item:
    """One entry of a list on a page: its link title, target and shown date (ISO or None)."""

    title: str
    url: str
    date: str | None = None


@dataclass
class PageList:
    items: list[Item]
    heading: str = ""
    more_url: str | None = None
    main: bool = False


@dataclass
class Page:
    url: str
    final_url: str
    status: int | None
    content_type: str = ""
    encoding: str = ""
    depth: int = 0
    fetch_ms: int = 0
    error: str | None = None
    referrer: str | None = None
    kind: str = "blank"
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    published: str | None = None
    published_source: str | None = None
    text: str = ""
    breadcrumbs: list[tuple[str, str | None]] = field(default_factory=list)
    menu: list[tuple[str, str]] = field(default_factory=list)
    lists: list[PageList] = field(default_factory=list)
    pager: list[str] = field(default_factory=list)
    placeholder: str | None = None
    doc_meta: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (url, text, tag)
    hidden_text: str = ""  # text hidden by CSS or the hidden attribute (injected spam hides here)
    hidden_links: list[tuple[str, str, str]] = field(default_factory=list)  # (url, text, how): 暗链 candidates
    # Pieces of the page's whole text around long digit runs (ID / mobile / card numbers).
    number_snippets: list[str] = field(default_factory=list)
    # Header/nav/footer text blocks as (hash, text); the spider blanks the text of a block it has
    # already seen on another page, so boilerplate is stored and checked once.
    chrome: list[tuple[str, str]] = field(default_factory=list)
    # A 政府信息公开年报 page only: its text with table rows kept (tab-separated cells), for the
    # annual-report rules; empty on every other page.
    report_text: str = ""
    # Why the page could not be read whole (Chinese, for the report): a parse failure or data that
    # is not text. Negative findings (nothing dated, no entrance, an empty list) need a whole page.
    extract_error: str | None = None
    truncated: int = 0  # over the size cap: the bytes that were read and checked (0: the whole page)
    blocked: str | None = None  # a web application firewall answered instead of the site (its name)
    reused: bool = False  # --incremental: taken unchanged from the previous scan, not fetched
    source_key: str = ""  # hash of what the record was extracted from (inspector.unchanged)
    # How the page's list was read (contract columns[].read_via): html, datastore (an inline JCMS
    # data store), script-pager (its further pages come from a pager script), api, rendered.
    read_via: str = "html"
    # What the list showed, when that is evidence in itself: "empty" (an empty data store, API
    # answer or rendered list: positive evidence of 空白栏目), "unread:<why>" (only a browser can
    # show it and the render failed or was not allowed), or "".
    list_state: str = ""
    render: str | None = None  # why the page needs a browser to show its list (None: it does not)
    list_of: str | None = None  # a further part of another page's list (data-store group, rendered page 2 …)
    # Further parts of the list to fetch: data-store groups and API pages (inspector.extract.feeds).
    feeds: list[dict[str, Any]] = field(default_factory=list)
    # Messages of an interaction channel shown on the page (inspector.extract.messages): list rows
    # with their detail URLs, or the page's own message. Dates ISO; no writer; numbers masked.
    messages: list[dict[str, Any]] = field(default_factory=list)
    # What the privacy rule reports of the numbers in number_snippets, noted before the page is
    # saved (inspector.privacy.protect_page): [masked snippet, [[kind, masked, context], …]] per
    # snippet with numbers. None: not yet noted (a page fresh from extraction, an old record).
    personal: list[list[Any]] | None = None

    @property
    def partial_reason(self) -> str | None:
        """Why the page was not read whole, for the report; None when it was. A rule that finds
        something missing on such a page reports it for review, not as a fact."""
        if self.extract_error:
            return self.extract_error
        if self.truncated:
            return f"页面过大，仅检查了前 {self.truncated / (1024 * 1024):.0f} MB"
        return None

    @property
    def main_list(self) -> PageList | None:
        return next((lst for lst in self.lists if lst.main), None)

    def to_dict(self) -> dict[str, Any]:
        """The page as JSON-ready data. Built by hand, not with dataclasses.asdict, whose deep
        copy of every link tuple was a good part of saving a page; the result shares the page's
        lists and dicts, so it is for serializing, not for changing."""
        data = {name: getattr(self, name) for name in _PAGE_FIELDS}
        data["lists"] = [{**vars(lst), "items": [dict(vars(item)) for item in lst.items]} for lst in self.lists]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Page:
        data = dict(data)
        data["lists"] = [PageList(items=[Item(**i) for i in lst["items"]],
                                  **{k: v for k, v in lst.items() if k != "items"})
                         for lst in data.get("lists", [])]
        data["breadcrumbs"] = [tuple(c) for c in data.get("breadcrumbs", [])]
        data["menu"] = [tuple(m) for m in data.get("menu", [])]
        data["links"] = [tuple(link) for link in data.get("links", [])]
        data["hidden_links"] = [tuple(link) for link in data.get("hidden_links", [])]
        data["chrome"] = [tuple(block) for block in data.get("chrome", [])]
        return cls(**data)


_PAGE_FIELDS = tuple(f.name for f in fields(Page))


@dataclass
class Resource:
    """A link target that is checked, not crawled: a file of the site (image, attachment, style
    sheet, script) or anything on another host. Saved in the history's `resources` table."""

    url: str  # as linked (absolute; may hold Chinese characters)
    final_url: str = ""
    tag: str = "a"  # the tag of the first link seen to it
    external: bool = False
    method: str = "HEAD"  # the request whose answer is recorded
    status: int | None = None
    error: str | None = None
    content_type: str = ""
    length: int | None = None  # Content-Length when sent
    elapsed_ms: int = 0
    title: str = ""  # HTML read with GET: its <title> and the start of its text (soft 404s)
    snippet: str = ""
    text: str = ""  # an attachment's text, for the personal-data check
    text_note: str = ""  # why the text is missing or partial
    source_key: str = ""  # an attachment read: hash of the bytes its text came from (inspector.unchanged)
    blocked: str | None = None  # a web application firewall answered instead (its name)
    # The personal numbers in `text` as the privacy rule reports them, [[kind, masked, context], …],
    # noted before the text is saved masked (inspector.privacy.protect_resource); None: not noted.
    personal: list[list[str]] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Resource:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Column:
    name: str
    url: str
    type: str
    item_count: int
    latest_date: str | None
    window_days: int
    status: str  # ok / stale / empty / undated / unreadable
    level: int = 1
    parent: str | None = None
    pages: list[str] = field(default_factory=list)
    name_source: str = ""
    placeholder: str | None = None
    days_since_update: int | None = None
    ancestors: list[str] = field(default_factory=list)  # names of the columns above, top first
    type_hint: str = ""  # the page's ColumnType meta, used when the name says nothing
    read_via: str = "html"  # how its list was read (Page.read_via of its pages, the strongest)
    evidence: str = ""  # what an empty or unreadable status rests on, in Chinese
    dates_from: str = "list"  # "articles" when the list shows no dates and its articles gave them

    def contract_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "url": self.url, "type": self.type, "item_count": self.item_count,
            "latest_date": self.latest_date, "window_days": self.window_days, "status": self.status,
            "level": self.level, "parent": self.parent, "days_since_update": self.days_since_update,
            "pages": len(self.pages), "read_via": self.read_via, "evidence": self.evidence,
            "dates_from": self.dates_from,
        }


@dataclass
class Finding:
    rule: str
    severity: str
    url: str
    message: str
    source: str = "site"
    title: str = ""
    column: str | None = None
    evidence: str = ""
    context: str = ""
    suggestion: str = ""
    selector: str | None = None
    published: str | None = None
    needs_review: bool = False
    referrers: list[str] | None = None
    ignored: bool = False  # matched an [[ignore]] entry: shown, but not counted
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> bool:
        """Whether the finding counts toward the verdict and the exit status."""
        return not self.needs_review and not self.ignored

    @property
    def id(self) -> str:
        """Stable across scans: the same rule, page and evidence give the same id."""
        key = "\x1f".join((self.rule, self.url, self.evidence or self.selector or ""))
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def contract_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id, "rule": self.rule, "severity": self.severity, "source": self.source,
            "url": self.url, "title": self.title, "column": self.column, "message": self.message,
            "evidence": self.evidence, "context": self.context, "suggestion": self.suggestion,
            "selector": self.selector, "published": self.published, "needs_review": self.needs_review,
            "ignored": self.ignored,
        }
        if self.referrers is not None:
            data["referrers"] = self.referrers
        data.update(self.extra)
        return data
