"""Lists a script fills from a JSON API, read without a browser: the endpoint the page's own
script calls (fetch, $.ajax, $.get, axios) with the parameters it writes, paged by its page
parameter; the records found in the answer by their shape (an array of objects with a title and
a link). When the endpoint cannot be found or its answer is not such a list, the page is rendered
in the browser instead (inspector.render): this is the fast path, never the only one."""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from ..model import Item, Page, PageList
from .dates import parse_date
from .html import absolute_url

_STRING = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
_CALL = re.compile(r"(?:\bfetch|\$\.(?:ajax|get|getJSON|post)|\baxios(?:\.get)?)\s*\(\s*(" + _STRING + r"|\{)", re.I)
_URL_KEY = re.compile(r"\burl\s*:\s*(" + _STRING + ")")
_DATA_OBJECT = re.compile(r"\b(?:data|params)\s*:\s*\{([^{}]*)\}")
_PAIR = re.compile(r"""["']?([A-Za-z_][\w]*)["']?\s*:\s*(""" + _STRING + r"""|-?\d+)""")
_METHOD = re.compile(r"""\b(?:type|method)\s*:\s*["'](post|get)["']""", re.I)
PAGE_PARAMS = ("page", "pageno", "pagenum", "pageindex", "currentpage", "curpage", "pn", "p", "page_no", "pagenumber")
_TITLE_KEYS = ("title", "doctitle", "name", "subject", "biaoti", "bt", "articletitle", "wjmc", "mc")
_URL_KEYS = ("url", "link", "href", "docurl", "linkurl", "path", "puburl", "articleurl", "detailurl", "wzurl")
_DATE_KEYS = ("date", "pubdate", "publishdate", "publishtime", "pubtime", "time", "createtime", "releasetime",
              "docreltime", "fbrq", "fbsj", "cwrq", "created", "updatetime")
_TOTAL_KEYS = ("total", "totalcount", "count", "totalrecord", "totalrecords", "recordcount", "totalsize")
MAX_API_PAGES = 200


def _literal(token: str) -> str:
    return re.sub(r"\\(.)", lambda m: m.group(1), token[1:-1])


def api_feed(root: etree._Element, base: str, list_url: str) -> dict[str, Any] | None:
    """The first page of the JSON list the page's inline script asks for, as a feed, or None."""
    for script in root.iter("script"):
        text = script.text or ""
        if script.get("src") or not _CALL.search(text):
            continue
        for m in _CALL.finditer(text):
            url = _literal(m.group(1)) if m.group(1) != "{" else None
            rest = text[m.end():m.end() + 600]
            if url is None:
                found = _URL_KEY.search(rest)
                url = _literal(found.group(1)) if found else None
            if not url or url.endswith((".js", ".css", ".html", ".htm", ".shtml", "?", "/")):
                continue  # a URL built at run time ends mid-string: not this path's to guess
            appended = re.search(r"[?&]([A-Za-z_]\w*)=$", url)  # '…?page=' + n: the page number follows
            joined = m.group(1) != "{" and text[m.end(1):m.end(1) + 20].lstrip().startswith("+")
            if (url.endswith("=") or joined) and not (appended and appended.group(1).lower() in PAGE_PARAMS):
                continue  # '/data/list_' + n + '.json': an address put together at run time
            absolute = absolute_url(base, url)
            if not absolute:
                continue
            params = dict(parse_qsl(urlsplit(absolute).query, keep_blank_values=True))
            if appended:
                params[appended.group(1)] = "1"
            data = _DATA_OBJECT.search(rest)
            if data:
                params.update({k: _literal(v) if v[0] in "\"'" else v for k, v in _PAIR.findall(data.group(1))})
            page_param = next((k for k in params if k.lower() in PAGE_PARAMS), None)
            method = _METHOD.search(rest)
            return {"kind": "api", "url": urlunsplit(urlsplit(absolute)._replace(query="")), "params": params,
                    "page_param": page_param, "page": int(params.get(page_param, 1) or 1) if page_param else 1,
                    "method": (method.group(1).upper() if method else "GET"), "list_of": list_url, "number": 1}
    return None


def api_url(feed: dict[str, Any]) -> str:
    params = dict(feed["params"])
    if feed.get("page_param"):
        params[feed["page_param"]] = str(feed["page"])
    return f"{feed['url']}?{urlencode(params)}" if params else feed["url"]


def api_form(feed: dict[str, Any]) -> dict[str, str]:
    params = {k: str(v) for k, v in feed["params"].items()}
    if feed.get("page_param"):
        params[feed["page_param"]] = str(feed["page"])
    return params


def _records(data: Any) -> tuple[list[dict[str, Any]] | None, int | None]:
    """The largest array of objects with a title and a link anywhere in the answer, and the
    total count given beside it."""
    best: list[dict[str, Any]] | None = None
    total: int | None = None
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key.lower() in _TOTAL_KEYS and isinstance(value, int) and total is None:
                    total = value
                if isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            if node and all(isinstance(x, dict) for x in node) and _field(node[0], _TITLE_KEYS) is not None and \
                    _field(node[0], _URL_KEYS) is not None:
                if best is None or len(node) > len(best):
                    best = node
            else:
                stack.extend(x for x in node if isinstance(x, (dict, list)))
    return best, total


def _empty_list_shape(data: Any) -> bool:
    """An answer that says in its own shape that the list is empty: an empty array under a list
    key, or a total of 0."""
    if not isinstance(data, dict):
        return False
    for key, value in data.items():
        if key.lower() in _TOTAL_KEYS and value == 0:
            return True
        if key.lower() in ("rows", "list", "records", "items", "data", "datalist", "result", "results") and value == []:
            return True
        if isinstance(value, dict) and _empty_list_shape(value):
            return True
    return False


def _field(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {k.lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, (str, int)) and str(value).strip():
            return value
    return None


def api_page(feed: dict[str, Any], request_url: str, status: int, text: str, reference: date) -> tuple[Page | None, int | None]:
    """The answer as a part of the column's list (read_via api), with the total it gives; None
    when it is not a list of records (then the page is rendered instead)."""
    try:
        data = json.loads(text.strip().lstrip("\ufeff"))
    except ValueError:
        return None, None
    records, total = _records(data)
    page = Page(url=request_url, final_url=request_url, status=status, kind="list", read_via="api",
                list_of=feed["list_of"], title=feed.get("title", ""))
    if records is None:
        if not _empty_list_shape(data):
            return None, None
        page.lists, page.list_state = [PageList(items=[], main=True)], "empty"
        return page, total
    items = []
    for record in records:
        title = re.sub(r"<[^>]+>", "", str(_field(record, _TITLE_KEYS))).strip()
        url = absolute_url(feed["list_of"], str(_field(record, _URL_KEYS)))
        when = parse_date(str(_field(record, _DATE_KEYS) or ""))
        if title and url:
            items.append(Item(title=title, url=url, date=when.isoformat() if when and when <= _far(reference) else None))
    page.lists = [PageList(items=items, main=True)]
    page.text = "\n".join(item.title for item in items)
    page.links = [(item.url, item.title, "a") for item in items]
    if not items:
        page.list_state = "empty"
    return page, total


def _far(reference: date) -> date:
    return reference.replace(year=reference.year + 1)


def next_api_feed(feed: dict[str, Any], got: int, total: int | None, first_url: str | None) -> dict[str, Any] | None:
    """The next page while pages bring new items, up to the total when one is given; an API that
    ignores the page parameter (the same first item again) ends the paging."""
    read = feed.get("read", 0) + got
    if not feed.get("page_param") or got == 0 or feed["number"] >= MAX_API_PAGES:
        return None
    if (total is not None and read >= total) or (first_url and first_url == feed.get("previous_first")):
        return None
    return {**feed, "page": feed["page"] + 1, "number": feed["number"] + 1, "read": read, "previous_first": first_url}
