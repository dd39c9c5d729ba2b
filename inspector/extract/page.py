"""One fetched HTML page → a Page record: its kind, lists, dates, text, links and metadata."""
from __future__ import annotations

import hashlib
import logging
import re
from datetime import date
from urllib.parse import urlsplit

from lxml import etree

from ..model import Item, Page, PageList
from .article import doc_metadata, main_text, page_title, publish_date
from ..privacy import number_snippets
from ..urls import canonical_url
from .hidden import hidden_links, style_text
from .api import api_feed
from .feeds import datastore_feed
from .html import (SKIP_TAGS, absolute_url, base_href, cached_text, clean_space, element_text, in_chrome,
                   is_chrome_element, meta_tags, parse_html, strip_script_text, unreadable_reason)
from .messages import read_messages
from .lists import ItemList, breadcrumbs, find_item_lists, menu_links, pager_links
from .scripts import (SCRIPT_FILLED, DataStore, emulate_writes, expand_datastores, has_scripts, render_reason,
                      script_pages)
from .table_text import REPORT_TITLE, table_text

logger = logging.getLogger(__name__)
PLACEHOLDER = re.compile(
    r"暂无(?:相关)?(?:信息|数据|内容|记录|文章|公开信息|栏目信息)|没有(?:相关)?(?:信息|记录|数据)|"
    r"无记录|正在建设|建设中|敬请期待|内容(?:正在)?(?:完善|更新)中|信息(?:正在)?更新中"
)
_SIDE_LIST = re.compile(r"side|right|hot|rank|tuijian|tj|related|xgwz|xgxx|recommend|zxxx|zxfb", re.I)
_LINK_TAGS = {"a": "href", "area": "href", "iframe": "src", "frame": "src", "img": "src",
              "script": "src", "link": "href", "embed": "src", "source": "src"}
_MAX_LINK_TEXT = 80
_SINGLE_PAGE_MIN_TEXT = 80
_ARTICLE_MIN_TEXT = 100
_SHORT_ARTICLE_TEXT = 40  # a dated page with a paragraph or two is a short article


def extract_page(page: Page, html: str, reference: date, is_home: bool = False) -> Page:
    """Fill the extracted fields of a fetched page (status, URL and encoding already set).
    A page that cannot be read whole keeps what was read and says why in `extract_error`."""
    page.extract_error = unreadable_reason(html)
    if page.extract_error is None:
        try:
            with cached_text():
                _extract(page, html, reference, is_home)
        except Exception:  # one odd page must not cost the page, nor the scan
            logger.warning("extraction failed on %s", page.final_url, exc_info=True)
            page.extract_error = "页面解析出错，内容未能完整读取"
    if page.extract_error is not None:
        page.kind = "home" if is_home else "blank"
    return page


def _extract(page: Page, html: str, reference: date, is_home: bool) -> Page:
    root = parse_html(html, keep_scripts=True)
    base = base_href(root, page.final_url)
    # What the platform's scripts would show, done on the tree before their text is dropped.
    stores = expand_datastores(root, base)
    emulate_writes(root)
    scripted_pages = script_pages(root, page.final_url)
    render = render_reason(root)
    api = api_feed(root, base, page.final_url) if render else None
    scripted = has_scripts(root)
    strip_script_text(root)
    page.meta = meta_tags(root)
    if root.get("lang"):  # <html lang="zh-Hant">: the text rules leave a traditional-script version alone
        page.meta.setdefault("lang", root.get("lang").strip())
    page.title = page_title(root, page.meta)
    page.links = all_links(root, base)
    found_lists = find_item_lists(root, base, reference)
    content = [lst for lst in found_lists if not lst.chrome and not lst.is_menu]
    main = choose_main_list(content, page.final_url)
    page.menu = menu_links(found_lists, root, base)
    page.breadcrumbs = breadcrumbs(root, base)
    page.pager = pager_links(root, base)
    if scripted_pages:
        known = set(page.pager)
        page.pager += [u for u in scripted_pages if u not in known]
        page.read_via = "script-pager"
    published, source = publish_date(root, page.meta, page.final_url)
    page.published = published.isoformat() if published else None
    page.published_source = source
    page.text = main_text(root)
    page.doc_meta = doc_metadata(root)
    if REPORT_TITLE.search(page.title):
        page.report_text = table_text(root)
    page.kind = classify(page, is_home, main, content)
    if page.kind in ("blank", "list", "single") and looks_like_calendar(root):
        page.kind = "calendar"  # an activity calendar is neither a column nor an empty one
    if page.kind in ("list", "channel", "home") or page.kind == "blank":
        page.placeholder = find_placeholder(root) if not main or not main.items else None
        if page.kind == "blank" and page.placeholder:
            page.kind = "list"
    if stores:
        _read_datastores(page, stores, main)
    if page.kind in ("list", "blank", "channel") and not page.placeholder and page.list_state != "empty":
        empty_list = not main or not main.items
        if render == SCRIPT_FILLED and not empty_list and not _in_side_box(main.element):
            render = None  # the page's own list is there; the empty box filled by a script is something else
        page.render = render if render else (WEAK_RENDER if empty_list and scripted else None)
        if page.render and api:  # the list's own JSON endpoint: read it directly, render only if that fails
            page.feeds.append({**api, "title": page.title})
    elif page.kind == "home":  # a homepage whose blocks scripts draw is rendered before it is judged stale
        dated = any(item.date for lst in content for item in lst.items)
        page.render = render if render else (WEAK_RENDER if not dated and scripted else None)
    page.lists = [_to_page_list(lst, lst is main) for lst in content]
    if page.kind != "home":
        page.messages = read_messages(root, base, page.final_url)
    if not page.text:  # kinds are told by the article body alone; the text rules read what is shown
        page.text = visible_text(root)
    page.hidden_text = hidden_text(root)
    page.hidden_links = hidden_links(root, base, style_text(html))
    body = root.find("body")
    page.number_snippets = number_snippets(element_text(body)) if body is not None else []
    page.chrome = chrome_blocks(root)
    return page


def merge_rendered_pages(page: Page, snapshots: list[str], reference: date) -> None:
    """The items of a rendered list's later pages (reached with its 下一页 button) join the
    page's main list; their text joins the page's text for the text rules."""
    main = page.main_list
    if main is None or not snapshots:
        return
    known = {item.url for item in main.items}
    for html in snapshots:
        other = extract_page(Page(url=page.url, final_url=page.final_url, status=page.status), html, reference)
        for item in (other.main_list.items if other.main_list else []):
            if item.url not in known:
                known.add(item.url)
                main.items.append(item)
                page.text += f"\n{item.title}"


WEAK_RENDER = "页面没有可读的静态列表，内容可能由脚本生成"


def _read_datastores(page: Page, stores: list[DataStore], main: ItemList | None) -> None:
    """A page whose list came from JCMS data stores: the group requests for the rest, and an
    empty record set as positive evidence of an empty list."""
    page.read_via = "datastore"
    page.feeds = [feed for feed in (datastore_feed(s, page.final_url, page.title) for s in stores) if feed]
    if all(s.records == 0 and not s.total for s in stores) and (not main or not main.items):
        page.list_state = "empty"
        if page.kind == "blank":
            page.kind = "list"


_MAX_VISIBLE_TEXT = 20000


def visible_text(root: etree._Element) -> str:
    """The page's text outside header, navigation and footer (which are checked once, as chrome
    blocks): for pages with no article body, such as a one-line notice, so that the text rules
    still see every page."""
    body = root.find("body")
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str) and child.tag not in SKIP_TAGS and not is_chrome_element(child):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    if body is not None:
        walk(body)
    return clean_space(" ".join(parts))[:_MAX_VISIBLE_TEXT]


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MAX_BLOCK = 3000


def hidden_text(root: etree._Element) -> str:
    """Text of elements hidden by inline CSS or the hidden attribute (outermost only)."""
    body = root.find("body")
    parts: list[str] = []
    if body is None:
        return ""
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "template", "input", "option"):
            continue
        if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
            if not any(_HIDDEN_STYLE.search(a.get("style") or "") or a.get("hidden") is not None
                       for a in el.iterancestors()):
                text = element_text(el)
                if text:
                    parts.append(text[:_MAX_BLOCK])
    return "\n".join(parts)


def chrome_blocks(root: etree._Element) -> list[tuple[str, str]]:
    """Text of the outermost header/nav/footer/breadcrumb elements, each with a content hash."""
    body = root.find("body")
    blocks: list[tuple[str, str]] = []
    if body is None:
        return blocks
    for el in body.iter():
        if isinstance(el.tag, str) and is_chrome_element(el) and not in_chrome(el.getparent()):
            text = element_text(el)[:_MAX_BLOCK]
            if text:
                blocks.append((hashlib.sha1(text.encode("utf-8")).hexdigest()[:16], text))
    return blocks


def classify(page: Page, is_home: bool, main: ItemList | None, content: list[ItemList]) -> str:
    if is_home:
        return "home"
    text_len = len(page.text)
    main_dated = main.dated if main else 0
    item_dates = {i.date.isoformat() for i in (main.items if main else []) if i.date}
    # A "publication date" that is just the first item's date: a list of dated cards, not an article.
    dated_cards = main_dated >= 2 and page.published in item_dates and not page.meta.get("PubDate")
    if not dated_cards and _is_article(page, text_len, main_dated):
        return "article"
    here = canonical_url(page.final_url)
    blocks = [lst for lst in content if lst.more_url and len(lst.items) >= 2 and canonical_url(lst.more_url) != here]
    # Blocks of other columns, each with its 更多 link: a channel page, not a column of its own.
    if blocks and not page.pager and (len(blocks) >= 2 or main in blocks):
        return "channel"
    if main is not None:
        return "list"
    if text_len >= _SINGLE_PAGE_MIN_TEXT:
        return "single"
    return "blank"


def _is_article(page: Page, text_len: int, main_dated: int) -> bool:
    if page.meta.get("ArticleTitle") and main_dated < 5:
        return True
    if page.doc_meta and text_len >= _SINGLE_PAGE_MIN_TEXT:
        return True
    if page.published and page.published_source != "url":
        if text_len >= 300 or (text_len >= _SHORT_ARTICLE_TEXT and main_dated < 5):
            return True
    if page.published_source == "url" and text_len >= _ARTICLE_MIN_TEXT and main_dated < 5:
        return True
    return text_len >= 500 and main_dated < 3 and not page.pager  # an undated article


def choose_main_list(lists: list[ItemList], page_url: str) -> ItemList | None:
    """The page's own list: most (dated) items, under the page's folder, outside side boxes."""
    if not lists:
        return None
    folder = urlsplit(page_url).path.rsplit("/", 1)[0] + "/"

    def score(lst: ItemList) -> float:
        same_dir = sum(1 for i in lst.items if urlsplit(i.url).path.startswith(folder))
        value = len(lst.items) + 2 * lst.dated + 2 * same_dir
        if _in_side_box(lst.element):
            value *= 0.3
        return value

    return max(lists, key=score)


def _in_side_box(el: etree._Element) -> bool:
    node = el
    for _ in range(6):
        if node is None:
            return False
        if _SIDE_LIST.search(f"{node.get('id', '')} {node.get('class', '')}"):
            return True
        node = node.getparent()
    return False


_DAY_CELL = re.compile(r"^(?:[1-9]|[12]\d|3[01])日?$")
_WEEKDAY_HEAD = re.compile(r"^(?:星期|周)?[日一二三四五六天]$")


def looks_like_calendar(root: etree._Element) -> bool:
    """A month grid: day numbers 1–31 in cells under weekday headings."""
    days, weekdays = set(), 0
    for cell in root.iter("td", "th", "li", "span", "a", "div"):
        if len(cell) > 2:
            continue
        text = element_text(cell)
        if _DAY_CELL.match(text):
            days.add(int(text.rstrip("日")))
        elif _WEEKDAY_HEAD.match(text):
            weekdays += 1
    return len(days) >= 28 and weekdays >= 7


def find_placeholder(root: etree._Element) -> str | None:
    """A 暂无信息 / 正在建设 placeholder shown in the content area, if any."""
    body = root.find("body")
    if body is None:
        return None
    for el in body.iter():
        if not isinstance(el.tag, str) or not (el.text or el.tail):
            continue
        for own, chunk in ((True, el.text), (False, el.tail)):
            if chunk and PLACEHOLDER.search(chunk):
                host = el if own else el.getparent()  # (lxml hands out a new string on each .text)
                if host is not None and len(element_text(host)) <= 60 and not in_chrome(host):
                    return clean_space(chunk)[:40]
    return None


def all_links(root: etree._Element, base: str) -> list[tuple[str, str, str]]:
    """Every outgoing reference: (absolute URL, anchor text or alt, tag). Anchors opened by
    script (javascript:, onclick, no href) keep their text with an empty URL: that is how many
    sites open their 关怀版 / 无障碍 modes."""
    found: list[tuple[str, str, str]] = []
    position: dict[tuple[str, str], int] = {}
    for el in root.iter(*_LINK_TAGS):
        attr = _LINK_TAGS[el.tag]
        url = absolute_url(base, el.get(attr))
        if el.tag == "link" and (el.get("rel") or "").lower() in ("dns-prefetch", "preconnect"):
            continue
        text = element_text(el) if el.tag in ("a", "area") else clean_space(el.get("alt"))
        text = (text or clean_space(el.get("title")))[:_MAX_LINK_TEXT]
        if not url:
            if el.tag == "a" and text:
                found.append(("", text, "a"))
            continue
        key = (url, el.tag)
        if key in position:
            index = position[key]
            if text and not found[index][1]:  # an icon link first, the text link after it
                found[index] = (url, text, el.tag)
            continue
        position[key] = len(found)
        found.append((url, text, el.tag))
    found += message_forms(root, base)
    return found


def message_forms(root: etree._Element, base: str) -> list[tuple[str, str, str]]:
    """Forms that take a message (they hold a <textarea>), as (target URL, form text, "form"):
    the link check asks their target with HEAD or GET, so a 留言 form posting to a dead address
    is seen without ever submitting it. A form without an action posts to its own page."""
    found: list[tuple[str, str, str]] = []
    for form in root.iter("form"):
        if next(form.iter("textarea"), None) is None:
            continue
        action = (form.get("action") or "").strip()
        url = absolute_url(base, action) if action else base
        if url and all(url != known for known, _, _ in found):
            found.append((url, element_text(form)[:_MAX_LINK_TEXT], "form"))
    return found


def _to_page_list(lst: ItemList, is_main: bool) -> PageList:
    return PageList(
        items=[Item(title=i.title, url=i.url, date=i.date.isoformat() if i.date else None) for i in lst.items],
        heading=lst.heading, more_url=lst.more_url, main=is_main,
    )
