"""Article facts: title, publication date (meta, visible label, URL), main text, and the
metadata block of a policy document (索引号, 发文机关, 文号, 成文日期, 发布日期)."""
from __future__ import annotations

import itertools
import re
from datetime import date

from lxml import etree

from .dates import date_from_url, parse_date
from .html import SKIP_TAGS, clean_space, element_text, in_chrome

_TAG = re.compile(r"<[^>]*>")
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|－|—|–|\||｜|-{1,2})\s*")
PUBDATE_META = ("PubDate", "pubdate", "publishdate", "PublishDate", "firstpublishedtime",
                "article:published_time", "og:article:published_time", "OriginalPublicationDate",
                "weibo:article:create_at", "publish_date", "date", "DC.date")
# 发布时间：2021-11-03 and its many spellings; 成文日期 is not a publication date.
_PUB_LABEL = re.compile(
    r"(?:发布时间|发布日期|发表时间|发文日期|公开日期|公布日期|更新时间|信息时间|时间|日期)\s*[:：]?\s*"
    r"((?:19|20)\d{2}\s*(?:[-/.．]|年)\s*\d{1,2}\s*(?:[-/.．]|月)\s*\d{1,2})"
)
_PUB_BARE = re.compile(r"^\s*((?:19|20)\d{2}\s*(?:[-/.]|年)\s*\d{1,2}\s*(?:[-/.]|月)\s*\d{1,2}\s*日?)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
DOC_FIELDS = {
    "索引号": "index_no", "发文机关": "issuer", "发布机构": "issuer", "发文单位": "issuer",
    "文号": "doc_no", "发文字号": "doc_no", "文件编号": "doc_no", "成文日期": "written", "发布日期": "published",
    "公开日期": "published", "主题分类": "topic", "有效性": "validity", "生效日期": "effective",
    "废止日期": "repealed", "标题": "doc_title", "名称": "doc_title",
}
# Labels are often padded to one width: 索  引 号, 标      题.
_DOC_LABEL = re.compile(
    r"^\s*(" + "|".join(r"\s*".join(label) for label in sorted(DOC_FIELDS, key=len, reverse=True))
    + r")\s*[:：]?\s*(.*)$")
_CONTENT_HINT = re.compile(
    r"(?:^|[\s_\-])(?:zoom|content|article|artibody|TRS_Editor|TRS_UEDITOR|Custom_UnionStyle|view|detail|"
    r"main-?text|pages_content|con|text|txt|nr|wznr|zwnr|newscontent|info)(?:$|[\s_\-\d])", re.I)


def page_title(root: etree._Element, meta: dict[str, str], site_name: str = "") -> str:
    """The article title: ArticleTitle meta, else an h1/.title matching <title>, else <title>
    without its site-name suffix."""
    if meta.get("ArticleTitle"):
        return clean_space(_TAG.sub("", meta["ArticleTitle"]))
    title_el = root.find(".//title")
    head_title = clean_space(title_el.text_content()) if title_el is not None else ""
    for el in root.iter("h1", "h2"):
        text = element_text(el)
        if 4 <= len(text) <= 120 and not in_chrome(el) and (not head_title or text[:8] in head_title):
            return text
    parts = [p for p in _TITLE_SEPARATORS.split(head_title) if p]
    if len(parts) > 1:
        site = site_name or meta.get("SiteName", "")
        parts = [p for p in parts if p != site] or parts
        return max(parts[:-1] or parts, key=len) if len(parts) > 2 else parts[0]
    return head_title


def publish_date(root: etree._Element, meta: dict[str, str], url: str) -> tuple[date | None, str | None]:
    """(date, where it came from): the visible 发布时间 label, meta PubDate, then the URL."""
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or not el.text:
            continue
        if "时间" not in el.text and "日期" not in el.text:
            continue
        for text in (clean_space(el.text), element_text(el)[:200], clean_space(f"{el.text} {el.tail or ''}")):
            for m in _PUB_LABEL.finditer(text):
                d = None if _is_written_date(text, m.start()) else parse_date(m.group(1))
                if d:
                    return d, "visible"
    for key in PUBDATE_META:
        d = parse_date(meta.get(key))
        if d:
            return d, "meta"
    body = root.find("body")
    if body is not None:
        for el in body.iter("span", "em", "i", "time", "p", "div", "td"):
            if in_chrome(el):
                continue
            m = _PUB_BARE.match(element_text(el)) if len(el) == 0 else None
            if m:
                return parse_date(m.group(1)), "visible"
    d = date_from_url(url)
    return (d, "url") if d else (None, None)


def _is_written_date(text: str, start: int) -> bool:
    return "成文" in text[max(0, start - 3):start + 4]


_BLOCK_TAGS = {"div", "table", "ul", "ol", "section", "article", "form", "dl", "tbody", "tr", "td",
               "iframe", "header", "footer", "nav", "aside"}
_INLINE_PARA = {"p", "span", "font", "strong", "b", "em", "h3", "h4", "h5", "h6", "blockquote",
                "center", "u", "pre", "section"}


def _has_block(el: etree._Element) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in el.iterdescendants())


def _paragraphs(el: etree._Element) -> list[str]:
    """Text of the element's paragraph-like children (p, inline runs, leaf divs) and loose text."""
    paras = [clean_space(el.text)] if el.text else []
    for child in el:
        if not isinstance(child.tag, str):
            pass
        elif child.tag in _INLINE_PARA or (child.tag in ("div", "td") and not _has_block(child)):
            text = element_text(child)
            if not _is_navigation(child, text):
                paras.append(text)
        if child.tail:
            paras.append(clean_space(child.tail))
    return [p for p in paras if p]


_NAV_LABEL = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|相关链接|相关阅读|相关文章|相关解读|政策原文|原文链接|附件)\s*[:：]?")


def _is_navigation(el: etree._Element, text: str) -> bool:
    """上一篇/下一篇 lines and paragraphs that are mostly a link: template, not body text."""
    if _NAV_LABEL.match(text):
        return True
    link_len = sum(len(element_text(a)) for a in el.iter("a"))
    return link_len > 0 and link_len >= 0.6 * len(text)


def main_text(root: etree._Element) -> str:
    """The article body: the block whose own paragraphs hold the most text and least link text."""
    body = root.find("body")
    if body is None:
        return ""
    best: list[str] = []
    best_score = 0.0
    # body itself too: a page may put its text straight under <body>, with no container.
    for el in itertools.chain((body,), body.iter("div", "td", "article", "section", "span", "font", "center")):
        paras = _paragraphs(el)
        text_len = sum(len(p) for p in paras)
        if text_len < 40 or in_chrome(el):
            continue
        link_len = sum(len(element_text(a)) for a in el.iter("a"))
        score = text_len - 2 * link_len
        if _CONTENT_HINT.search(f"{el.get('id', '')} {el.get('class', '')}"):
            score *= 1.3
        if score > best_score:
            best, best_score = paras, score
    return "\n".join(best)


def doc_metadata(root: etree._Element) -> dict[str, str]:
    """The 索引号/文号/成文日期 block of a policy document, from table cells or label：value text."""
    found: dict[str, str] = {}
    cells = [el for el in root.iter("td", "th", "li", "span", "div", "p", "dt", "dd", "b", "strong", "label")
             if len(el) <= 3]
    for i, el in enumerate(cells):
        text = element_text(el)
        if not text or len(text) > 80:
            continue
        m = _DOC_LABEL.match(text)
        if not m:
            continue
        key = DOC_FIELDS[re.sub(r"\s+", "", m.group(1))]
        value = clean_space(m.group(2))
        if not value and i + 1 < len(cells):
            value = element_text(cells[i + 1])
            if _DOC_LABEL.match(value):
                value = ""
        if value and key not in found and len(value) <= 80:
            found[key] = value
    if "index_no" not in found and "doc_no" not in found:
        return {}
    return found
