"""The further parts of a list that are not pages of their own: JCMS data-store groups fetched
from dataproxy.jsp. A feed is a plain dict (it is saved with the page and travels between
processes): what to ask, and where the answer belongs. The spider sends it; these functions plan
the next request and turn an answer into the list items it holds."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from ..model import Item, Page, PageList
from .html import parse_html
from .messages import read_messages
from .lists import find_item_lists
from .scripts import DataStore, datastore_total, record_fragments, records_element

DEFAULT_GROUP = 45  # JCMS shows three pages of 15 per group unless the page says otherwise
MAX_GROUPS = 400  # a runaway proxy (it ignores startrecord) stops here


def datastore_feed(store: DataStore, list_url: str, title: str = "") -> dict[str, Any] | None:
    """The first group request after the records the page showed, or None when it showed all."""
    if store.proxy is None or store.records == 0:
        return None
    group = store.records if store.records >= (store.per_page or 1) else (store.per_page or DEFAULT_GROUP)
    if store.total is not None and store.records >= store.total:
        return None
    return {"kind": "datastore", "proxy": store.proxy, "params": dict(store.params), "start": store.records + 1,
            "group": group, "per_page": store.per_page or group, "total": store.total, "list_of": list_url,
            "method": "POST", "number": 1, "title": title}


def planned_feeds(feed: dict[str, Any]) -> list[dict[str, Any]]:
    """Data-store groups: with the total known, every group request at once (all one step from the list page, so
    no depth limit cuts a long list); without it, just this one (the next is asked when it
    comes back full)."""
    if feed["kind"] != "datastore" or not feed.get("total"):
        return [feed]
    feeds, current = [], feed
    while current is not None and len(feeds) < MAX_GROUPS:
        feeds.append({**current, "planned": True})
        start = current["start"] + current["group"]
        current = {**current, "start": start, "number": current["number"] + 1} if start <= feed["total"] else None
    return feeds


def feed_url(feed: dict[str, Any], with_form: bool = False) -> str:
    """dataproxy.jsp?startrecord=…&endrecord=…&perpage=… (and the form fields, for a GET)."""
    end = feed["start"] + feed["group"] - 1
    if feed.get("total"):
        end = min(end, feed["total"])
    query = {"startrecord": feed["start"], "endrecord": end, "perpage": feed["per_page"]}
    if with_form:
        query.update({"col": 1, **feed["params"]})
    separator = "&" if "?" in feed["proxy"] else "?"
    return f"{feed['proxy']}{separator}{urlencode(query)}"


def feed_form(feed: dict[str, Any]) -> dict[str, str]:
    return {"col": "1", **{k: str(v) for k, v in feed["params"].items()}}


def next_feed(feed: dict[str, Any], got: int, total: int | None) -> dict[str, Any] | None:
    """The request for the group after this one, or None when the list is read to its end."""
    total = total if total is not None else feed.get("total")
    if got == 0 or feed["number"] >= MAX_GROUPS:
        return None
    start = feed["start"] + feed["group"]
    if total is not None and start > total:
        return None
    if total is None and got < feed["group"]:
        return None  # a short group is the last one
    return {**feed, "start": start, "total": total, "number": feed["number"] + 1}


def is_datastore_answer(text: str) -> bool:
    lowered = text[:4000].lower()
    return "<datastore" in lowered or "<recordset" in lowered or "<record" in lowered


def feed_page(feed: dict[str, Any], request_url: str, final_url: str, status: int, text: str,
              reference: date, title: str = "") -> tuple[Page, int | None]:
    """The answer to a group request as a page of the column's list (kind list, list_of the
    column page); and the total record count the answer gives, if any."""
    fragments = record_fragments(text)
    page = Page(url=request_url, final_url=final_url, status=status, kind="list", read_via="datastore",
                list_of=feed["list_of"], title=title or feed.get("title", ""))
    items = _items(fragments, feed["list_of"], reference)
    page.messages = _messages(fragments, feed["list_of"])
    page.lists = [PageList(items=items, main=True)]
    page.text = "\n".join(item.title for item in items)
    page.links = [(item.url, item.title, "a") for item in items]
    if not items:
        page.list_state = "empty"
    return page, datastore_total(text)


def _messages(fragments: list[str], base: str) -> list[dict[str, Any]]:
    """Message rows (来信时间, 状态 …) of an interaction channel's data-store group."""
    if not fragments:
        return []
    root = parse_html("<html><body></body></html>")
    root.find("body").append(records_element(fragments))
    return read_messages(root, base, base)


def _items(fragments: list[str], base: str, reference: date) -> list[Item]:
    if not fragments:
        return []
    wrapper = records_element(fragments)
    root = parse_html("<html><body></body></html>")
    root.find("body").append(wrapper)
    lists = find_item_lists(root, base, reference)
    items: list[Item] = []
    seen: set[str] = set()
    for lst in lists:
        for item in lst.items:
            if item.url not in seen:
                seen.add(item.url)
                items.append(Item(title=item.title, url=item.url, date=item.date.isoformat() if item.date else None))
    return items
