"""Messages of interaction channels (领导信箱, 政务咨询, 网上留言): when each was sent, whether and
when it was answered, and by whom, read from list rows and from a message's own page.

Pure functions over a parsed page. Three shapes are read, on list and detail pages alike:
- tables with a header row (标题 | 来信时间 | 答复时间 | 状态) or label cells (来信时间 | 2021-09-06);
- definition lists (<dt>留言时间</dt><dd>2021-09-06</dd>);
- labelled lines (来信时间：2021-09-06　办理状态：已办结), in a list item or anywhere in the content.

Only what the interaction rules need is kept: dates as ISO strings, the status as shown, the
answering unit and the title, personal numbers masked. Who wrote the message is never stored.
"""
from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ..privacy import mask_text
from .dates import parse_date
from .html import absolute_url, clean_space, element_text, in_chrome

# Label words of each field. A label is a short cell or the text before a colon.
_FIELD_LABELS: dict[str, str] = {
    "asked": r"(?:来信|留言|提问|咨询|写信|发信|投诉|诉求|信件|提交|来件|求助)(?:时间|日期)|(?:时间|日期)",
    "answered": r"(?:回复|答复|办结|回应|反馈|处理|办理|回复发布)(?:时间|日期)",
    "status": r"(?:办理|处理|回复|答复|信件|办结|受理)?(?:状态|情况|进度)",
    "unit": r"(?:回复|答复|办理|承办|处理|受理|责任)(?:单位|部门|机构)",
    "reply": r"(?:回复|答复|办理|处理)(?:内容|意见|结果)|(?:回复|答复)",
    "title": r"(?:来信|留言|信件|咨询|投诉)?(?:标题|主题|事由)",
    "writer": r"(?:来信|留言|提问|写信|咨询|投诉)人|(?:姓名|称呼|联系电话|联系方式|手机)",
}
_LABEL = {name: re.compile(rf"^\s*(?:{pattern})\s*[:：]?\s*$") for name, pattern in _FIELD_LABELS.items()}
# "时间"/"日期" alone names the sent date only as a column heading next to an answer heading.
_BARE_TIME = re.compile(r"^\s*(?:时间|日期)\s*[:：]?\s*$")
_INLINE = re.compile(
    "(?P<label>" + "|".join(f"(?:{p})" for name, p in _FIELD_LABELS.items() if name != "writer")
    + "|" + _FIELD_LABELS["writer"] + r")\s*[:：]\s*")
_STATUS_MAX = 20
_ITEM_TEXT_MAX = 240  # a list row is short; a longer block is a page's content, not a row
_NOT_ITEM_LINK = re.compile(r"上一篇|下一篇|上一条|下一条|打印|关闭")
_TEXT_MAX = 60
# A page may show messages when it names a sent or an answer date (a cheap test before any parsing).
_MESSAGE_HINT = re.compile(r"(?:来信|留言|提问|咨询|写信|发信|投诉|诉求|信件|提交|来件|求助|回复|答复|办结)(?:时间|日期)")


def field_of(label: str) -> str | None:
    """The message field a label names (来信时间 → asked), or None."""
    for name, pattern in _LABEL.items():
        if pattern.match(label):
            if name == "asked" and _BARE_TIME.match(label):
                return "time"
            return name
    return None


def read_messages(root: etree._Element, base: str, page_url: str) -> list[dict[str, Any]]:
    """The messages a page shows: rows of message lists (with their detail URLs), or the page's
    own message when it is a message's detail page. Empty when the page shows none."""
    body = root.find("body")
    if body is None or not _MESSAGE_HINT.search(element_text(body)):
        return []
    rows = _table_rows(body, base) + _item_rows(body, base)
    if rows:
        return _unique(rows)
    own = _detail(body)
    if own:
        own["url"] = page_url
        return [own]
    return []


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple] = set()
    out = []
    for row in rows:
        key = (row.get("url"), row.get("title"), row.get("asked"))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def _message(values: dict[str, str], source: str) -> dict[str, Any] | None:
    """A message record from raw field texts, or None when no sent date can be read."""
    asked = parse_date(values.get("asked") or values.get("time"))
    if asked is None:
        return None
    answered = parse_date(values.get("answered"))
    fields = sorted(k for k in values if k in ("answered", "status", "reply"))
    return {
        "title": mask_text(clean_space(values.get("title", "")))[:_TEXT_MAX],
        "url": values.get("url"),
        "asked": asked.isoformat(),
        "answered": answered.isoformat() if answered else None,
        "status": clean_space(values.get("status", ""))[:_STATUS_MAX],
        "unit": mask_text(clean_space(values.get("unit", "")))[:_TEXT_MAX],
        "replied": bool(clean_space(values.get("reply", ""))),
        "shows": fields,  # which answer fields the source has (an empty one is evidence of no answer)
        "source": source,
    }


# -- list tables with a header row ----------------------------------------------------------------

def _cells(row: etree._Element) -> list[etree._Element]:
    return [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _table_rows(body: etree._Element, base: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for table in body.iter("table"):
        if in_chrome(table) or any(t is not table for t in table.iter("table")):
            continue  # layout tables hold the real one: read the innermost
        rows = [r for r in table.iter("tr")]
        header, columns = _header(rows)
        if header is None:
            continue
        for row in rows[rows.index(header) + 1:]:
            cells = _cells(row)
            values: dict[str, str] = {}
            for index, name in columns.items():
                if index < len(cells):
                    values[name] = element_text(cells[index])
            link = next((a for a in row.iter("a") if absolute_url(base, a.get("href"))), None)
            if link is not None:
                values["url"] = absolute_url(base, link.get("href"))
                values.setdefault("title", element_text(link) or clean_space(link.get("title")))
            message = _message(values, "list")
            if message:
                found.append(message)
    return found


def _header(rows: list[etree._Element]) -> tuple[etree._Element | None, dict[int, str]]:
    """The header row of a message table and its columns (index → field), when it names a sent
    date and an answer date or status."""
    for row in rows[:3]:
        cells = _cells(row)
        if len(cells) < 2:
            continue
        if any(parse_date(element_text(cell)) for cell in cells):
            continue  # a row of label and value cells, not a header
        columns = {}
        for index, cell in enumerate(cells):
            text = element_text(cell)
            name = field_of(text) if len(text) <= 10 else None
            if name and name not in columns.values():
                columns[index] = name
        names = set(columns.values())
        if "time" in names and "asked" not in names and names & {"answered", "status"}:
            columns = {i: ("asked" if n == "time" else n) for i, n in columns.items()}
            names = set(columns.values())
        if "asked" in names and names & {"answered", "status"}:
            return row, columns
    return None, {}


# -- list items with labelled text ------------------------------------------------------------------

def _labelled(text: str) -> dict[str, str]:
    """Field texts of "来信时间：2021-09-06 状态：已回复"-style text, each up to the next label."""
    values: dict[str, str] = {}
    marks = list(_INLINE.finditer(text))
    for mark, following in zip(marks, [*marks[1:], None]):
        name = field_of(mark.group("label"))
        end = following.start() if following else len(text)
        if name and name not in values:
            values[name] = text[mark.end():end].strip(" |｜　")
    if "time" in values and "asked" not in values:
        values["asked"] = values.pop("time")
    return values


def _item_rows(body: etree._Element, base: str) -> list[dict[str, Any]]:
    """Rows of ul/li, dl or div lists where each item has one link and labelled dates."""
    found: list[dict[str, Any]] = []
    for container in body.iter("ul", "ol", "dl", "div"):
        items = [c for c in container if isinstance(c.tag, str) and c.tag in ("li", "dd", "div", "dl")]
        if len(items) < 1 or in_chrome(container):
            continue
        for item in items:
            links = [a for a in item.iter("a") if absolute_url(base, a.get("href"))
                     and not _NOT_ITEM_LINK.search(element_text(a))]
            text = " ".join(clean_space(t) for t in item.itertext(etree.Element))
            if not links or len(links) > 3 or len(text) > _ITEM_TEXT_MAX:
                continue
            values = _labelled(text)
            if not values.get("asked") or not (values.keys() & {"answered", "status"}):
                continue
            link = max(links, key=lambda a: len(element_text(a) or a.get("title") or ""))
            values["url"] = absolute_url(base, link.get("href"))
            values["title"] = clean_space(link.get("title")) or element_text(link)
            message = _message(values, "list")
            if message:
                found.append(message)
    return found


# -- a message's own page ----------------------------------------------------------------------------

def _detail(body: etree._Element) -> dict[str, Any] | None:
    """The message on its own page: label cells, dt/dd pairs, then labelled lines."""
    values: dict[str, str] = {}
    for row in body.iter("tr"):
        cells = _cells(row)
        for cell, following in zip(cells, cells[1:]):
            name = field_of(element_text(cell)) if len(element_text(cell)) <= 10 else None
            if name and name not in values:
                values[name] = element_text(following)
    for dl in body.iter("dl"):
        for dt in dl.iter("dt"):
            dd = dt.getnext()
            name = field_of(element_text(dt)) if len(element_text(dt)) <= 10 else None
            if name and dd is not None and dd.tag == "dd" and name not in values:
                values[name] = element_text(dd)
    for el in body.iter("p", "div", "span", "li", "td"):
        if len(el) > 8 or in_chrome(el):
            continue
        for name, value in _labelled(element_text(el)).items():
            values.setdefault(name, value)
    if "time" in values and "asked" not in values:
        values["asked"] = values.pop("time")
    if not values.get("asked") or not (values.keys() & {"answered", "status", "reply"}):
        return None
    title = body.find(".//h1")
    values.setdefault("title", element_text(title) if title is not None else "")
    return _message(values, "detail")
