"""Lists of dated items, menus, pagers and breadcrumbs, found by structure rather than by class
names: any container whose repeated children each hold one main link (ul/li, tables, div cards,
dl/dd), with the item's date taken from the item's own text, its link title or its link text."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from .dates import MonthDay, find_full_dates, parse_date, parse_item_date, resolve_years, standalone_date
from .html import absolute_url, clean_space, element_text, in_chrome, is_chrome_element

_CONTAINERS = {"ul", "ol", "table", "tbody", "div", "dl", "section", "td", "span", "article"}
# An item is a repeated child: a row, a list entry, or a whole card (<dl>, <ul> or <div> per item).
_ITEM_TAGS = {"li", "tr", "div", "dd", "dt", "p", "section", "article", "span", "h3", "h4", "a", "dl", "ul", "ol"}
_TEMPLATE_LINK = re.compile(r"\{\{|\}\}|\$\{")
MORE_TEXT = re.compile(r"^(?:更多|more|更多>+|>>+|更多\s*[>＞»]+|\+\s*更多|查看更多|更多信息)$", re.I)
_PAGER_TEXT = re.compile(r"^(?:下一页|下页|上一页|上页|尾页|末页|最后一页|首页|第一页|next|prev|previous|last|first|[<>«»›‹]{1,2}|\d{1,4})$", re.I)
_PAGER_CONTAINER = re.compile(r"pag|fenye|fy|pager|pagination|turn|page_?num", re.I)
_PAGER_DECORATION = re.compile(r"^[\[【<＜«\s]+|[\]】>＞»\s]+$")
_PAGER_STRONG = re.compile(r"^(?:下一页|下页|尾页|末页|最后一页)$")
_BREADCRUMB_LABEL = re.compile(r"(?:当前位置|您的位置|你的位置|所在位置|当前的位置|位置)\s*[:：]")
_BREADCRUMB_MARK = re.compile("crumb|position|location|weizhi|dqwz|curpos")  # in lower-cased id and class
_BREADCRUMB_SEP = re.compile(r"[>＞»›/→]|&gt;")
_MENU_MAX_TITLE = 10
_TITLE_DATE_TAIL = re.compile(r"\s*(?:发布(?:时间|日期)[:：]?\s*)?(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+[\d:]+)?\s*$")
_FOOTER = re.compile(r"foot|bottom|copyright|banquan|yqlj", re.I)


@dataclass
class ListItem:
    title: str
    url: str
    date: date | None = None
    raw_date: str = ""


@dataclass
class ItemList:
    items: list[ListItem]
    element: etree._Element = field(repr=False)
    chrome: bool = False
    more_url: str | None = None
    heading: str = ""

    @property
    def dated(self) -> int:
        return sum(1 for item in self.items if item.date)

    @property
    def is_menu(self) -> bool:
        """Short undated link texts: navigation, not content."""
        if self.dated or not self.items:
            return False
        avg = sum(len(i.title) for i in self.items) / len(self.items)
        return avg <= _MENU_MAX_TITLE


def _links(el: etree._Element) -> list[etree._Element]:
    if el.tag == "a":
        return [el] if el.get("href") else []
    return [a for a in el.iter("a") if a.get("href")]


def _link_title(a: etree._Element) -> str:
    text = element_text(a)
    title = _TITLE_DATE_TAIL.sub("", clean_space(a.get("title"))).strip()
    cut_off = text.endswith(("…", "...", "..")) and title.startswith(text.rstrip(".…").strip())
    if not text or cut_off:
        text = title or text
    heading = next((h for h in a.iter("h1", "h2", "h3", "h4", "h5", "h6") if element_text(h)), None)
    if heading is not None and len(element_text(heading)) >= 4:
        return element_text(heading)  # a whole card is the link: its heading is the title
    if not text:
        img = next(a.iter("img"), None)
        if img is not None:
            text = clean_space(img.get("alt") or img.get("title"))
    return text


def _own_date(child: etree._Element, link: etree._Element):
    """The date shown in an element of its own inside the item (a date span, a cell, a 日/年月
    block), which wins over dates in the item's summary text (自2022年6月1日起施行). A row with
    several (来信时间, 答复时间) gives its latest: the item's newest activity."""
    found: list = []
    for el in child.iter():
        if el is child or not isinstance(el.tag, str) or el is link or el in link.iterancestors():
            continue
        if any(a is link for a in el.iterancestors()):
            continue
        text = element_text(el)
        if not text or len(text) > 30:
            continue
        shown = standalone_date(text)
        if shown:
            found.append((shown, text))
    full = [pair for pair in found if isinstance(pair[0], date)]
    if full:
        return max(full, key=lambda pair: pair[0])
    return found[0] if found else None


def _item_date(child: etree._Element, link: etree._Element, title: str):
    """Date of one item: a date element of its own, the text around the link, then the link
    title, then the link text."""
    own = _own_date(child, link)
    if own:
        return own
    around = element_text(child)
    link_text = element_text(link)
    if link_text and link_text in around:
        around = around.replace(link_text, " ", 1)
    if not around.strip() and title and title != link_text and title in link_text:
        around = link_text.replace(title, " ", 1)  # a card link: date block and summary around the title
    full = find_full_dates(around)
    if full:  # a row may show several dates (来信时间, 答复时间): the latest is its newest activity
        return max(full), around
    found = parse_item_date(around) if around.strip() else None
    if found:
        return found, around
    title_attr = link.get("title") or ""
    found = parse_date(title_attr)
    if found:
        return found, title_attr
    tail = title[-24:]
    found = parse_date(tail)
    return (found, tail) if found else (None, "")


def _item_from(child: etree._Element, base: str):
    links = _links(child)
    if not links or len(links) > 3:
        return None
    scored = []
    for a in links:
        url = absolute_url(base, a.get("href"))
        title = _link_title(a)
        if _TEMPLATE_LINK.search(a.get("href") or "") or _TEMPLATE_LINK.search(title):
            continue  # a template's placeholder link ({{item.url}}), not an item
        if url and title and not MORE_TEXT.match(title):
            scored.append((len(title), a, url, title))
    if not scored:
        return None
    _, link, url, title = max(scored, key=lambda s: s[0])
    found, raw = _item_date(child, link, title)
    return ListItem(title=title, url=url, date=found if isinstance(found, date) else None,
                    raw_date=clean_space(raw)[:40]), found


def _more_link(container: etree._Element, base: str) -> tuple[str | None, str]:
    """The 更多 link and heading of a homepage/channel block, looked up in the nearby block."""
    block = container.getparent()
    for _ in range(3):
        if block is None:
            break
        for a in block.iter("a"):
            if MORE_TEXT.match(element_text(a) or clean_space(a.get("title"))):
                heading = ""
                for h in block.iter("h1", "h2", "h3", "h4", "span", "strong", "b", "a"):
                    text = element_text(h)
                    if 2 <= len(text) <= 12 and not MORE_TEXT.match(text) and h is not a:
                        heading = text
                        break
                return absolute_url(base, a.get("href")), heading
        if len(list(block.iter("a"))) > 60:
            break
        block = block.getparent()
    return None, ""


def find_item_lists(root: etree._Element, base: str, reference: date) -> list[ItemList]:
    """Every repeated-link container on the page, innermost wins; dates resolved per list."""
    lists: list[ItemList] = []
    claimed: set[etree._Element] = set()  # elements, not id()s: lxml proxies are recycled
    body = root.find("body") if root.find("body") is not None else root
    containers = [el for el in body.iter() if isinstance(el.tag, str) and el.tag in _CONTAINERS]
    for container in reversed(containers):  # innermost first
        children = [c for c in container if isinstance(c.tag, str) and c.tag in _ITEM_TAGS]
        if not children:
            continue
        tag, count = Counter(c.tag for c in children).most_common(1)[0]
        if count < 2 and tag not in ("li", "tr", "dd"):
            continue
        raw_items = []
        for child in children:
            if child.tag != tag and not (tag in ("dd", "dt") and child.tag in ("dd", "dt")):
                continue
            if any(a in claimed for a in _links(child)):
                continue
            got = _item_from(child, base)
            if got:
                raw_items.append(got)
        if not raw_items or (len(raw_items) < 2 and not isinstance(raw_items[0][1], (date, MonthDay))):
            continue
        resolved = resolve_years([found for _, found in raw_items], reference)
        items = []
        for (item, _), when in zip(raw_items, resolved):
            item.date = when
            items.append(item)
        claimed.update(_links(container))
        found = ItemList(items=items, element=container, chrome=in_chrome(container))
        if not found.chrome and not found.is_menu:  # only content blocks have a 更多 link that matters
            found.more_url, found.heading = _more_link(container, base)
        lists.append(found)
    lists.reverse()  # document order
    return lists


def pager_links(root: etree._Element, base: str) -> list[str]:
    """Links of a pagination bar (下一页, 尾页, page numbers) and of script-free page jumps."""
    found: list[str] = []
    for a in root.iter("a"):
        text = _PAGER_DECORATION.sub("", element_text(a))
        if not text or not _PAGER_TEXT.match(text):
            continue
        strong = bool(_PAGER_STRONG.match(text))
        if not strong and not _near_pager(a):
            continue
        url = absolute_url(base, a.get("href"))
        if url and url not in found:
            found.append(url)
    return found


def _near_pager(a: etree._Element) -> bool:
    node = a.getparent()
    for _ in range(3):
        if node is None:
            return False
        marks = f"{node.get('id', '')} {node.get('class', '')}"
        if _PAGER_CONTAINER.search(marks):
            return True
        node = node.getparent()
    return False


def breadcrumbs(root: etree._Element, base: str) -> list[tuple[str, str | None]]:
    """当前位置：首页 > 一级 > 二级 as (text, url) pairs, home included."""
    candidates = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "script", "style"):
            continue
        marks = f"{el.get('id', '')} {el.get('class', '')}".lower()
        if _BREADCRUMB_MARK.search(marks) or \
                (el.text and "位置" in el.text and _BREADCRUMB_LABEL.search(clean_space(el.text))):
            candidates.append(el)
    for el in candidates:
        links = [a for a in el.iter("a") if a.get("href")]
        if not links or len(links) > 8 or len(element_text(el)) > 120:
            continue
        crumbs = [(element_text(a), absolute_url(base, a.get("href"))) for a in links]
        crumbs = [(t, u) for t, u in crumbs if t]
        tail = _trailing_text(el, links[-1])
        if tail:
            crumbs.append((tail, None))
        if crumbs:
            return crumbs
    return []


def _trailing_text(el: etree._Element, last_link: etree._Element) -> str:
    """Unlinked last crumb (the current column) written after the last link."""
    text = element_text(el)
    last = element_text(last_link)
    if last and last in text:
        rest = text[text.rindex(last) + len(last):]
        rest = _BREADCRUMB_SEP.sub(" ", rest).strip()
        if 1 < len(rest) <= 20 and not parse_date(rest) and not re.search(r"[:：]", rest):
            return rest
    return ""


def menu_links(lists: list[ItemList], root: etree._Element, base: str) -> list[tuple[str, str]]:
    """Navigation links: items of menu-like lists and short links inside chrome regions."""
    found: dict[str, str] = {}
    for item_list in lists:
        if item_list.is_menu and not _in_footer(item_list.element):
            for item in item_list.items:
                if len(item.title) >= 2 and not _PAGER_TEXT.match(item.title):
                    found.setdefault(item.url, item.title)
    for el in root.iter():
        if isinstance(el.tag, str) and is_chrome_element(el) and not _in_footer(el):
            for a in el.iter("a"):
                text = element_text(a)
                url = absolute_url(base, a.get("href"))
                if url and 2 <= len(text) <= _MENU_MAX_TITLE and not MORE_TEXT.match(text):
                    found.setdefault(url, text)
    return [(text, url) for url, text in found.items()]


def _in_footer(el: etree._Element) -> bool:
    """Footer links (联系我们, 网站地图) are utilities, not columns."""
    node = el
    while node is not None and node.tag not in ("body", "html"):
        if _FOOTER.search(f"{node.tag} {node.get('id', '')} {node.get('class', '')}"):
            return True
        node = node.getparent()
    return False
