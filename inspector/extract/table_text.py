"""Text of a page with its tables kept as tables: paragraphs one per line, each table row one
line of tab-separated cells. Kept for the pages of 政府信息公开工作年度报告, whose tables the
annual-report rules add up (the article text drops tables)."""
from __future__ import annotations

import re

from lxml import etree

from .html import SKIP_TAGS, clean_space, is_chrome_element

# A 年报 title: 2021年政府信息公开工作年度报告, …政务公开年度报告, …信息公开年报.
REPORT_TITLE = re.compile(r"(?:政府信息公开|政务公开|信息公开)[^，。]{0,6}?年(?:度)?报")
MAX_CHARS = 100_000
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section", "article",
           "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "center"}


def table_text(root: etree._Element, skip_chrome: bool = True) -> str:
    """The body's text in reading order, table rows as tab-separated cells; page chrome
    (navigation, header, footer) left out when skip_chrome."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = clean_space("".join(current))
        if text:
            lines.append(text)
        current.clear()

    def walk(el) -> None:
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or (skip_chrome and is_chrome_element(el)):
            if el.tail:
                current.append(el.tail)
            return
        if el.tag == "tr" and not any(True for _ in el.iterdescendants("table")):
            # A data row; a layout row holding whole tables (old CMS pages) is walked like a div.
            flush()
            cells = [clean_space(" ".join(td.itertext())) for td in el if isinstance(td.tag, str) and td.tag in ("td", "th")]
            lines.append("\t".join(cells))
        else:
            block = el.tag in _BLOCKS
            if block:
                flush()
            if el.text:
                current.append(el.text)
            for child in el:
                walk(child)
            if block:
                flush()
        if el.tail:
            current.append(el.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return "\n".join(lines)[:MAX_CHARS]
