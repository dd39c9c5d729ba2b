"""WeChat article pages (the mp.weixin.qq.com/s/… shape): what a reader sees, as pure functions.

- title `#activity-name` (else `var msg_title`, og:title), account `#js_name` (else `var nickname`),
  body `#js_content` (hidden until its script runs, so its style is ignored; images in data-src),
  publish time from the inline `var ct = "<Unix seconds>"`, shown in Asia/Shanghai;
- `unavailable`: the message page of a deleted, blocked or expired article (`.weui-msg__title`);
- `blocked`: the anti-bot page (环境异常 … 去验证): the article was not seen, so nothing is judged;
- `unparsed`: none of these (a layout we do not know): not judged either.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, urlsplit, urlunsplit

from lxml import etree

from ..config import SHANGHAI
from ..extract.html import SKIP_TAGS, absolute_url, clean_space, element_text, meta_tags, parse_html

_CT = re.compile(r"""\bvar\s+ct\s*=\s*["'](\d{9,11})["']""")
_CT_LOOSE = re.compile(r"""["']?\bct["']?\s*[:=]\s*["']?(\d{9,11})\b""")
_NICKNAME = re.compile(r"""\bvar\s+nickname\s*=\s*(?:htmlDecode\()?\s*(["'])(.*?)\1""")
_MSG_TITLE = re.compile(r"""\bvar\s+msg_title\s*=\s*(?:htmlDecode\()?\s*(["'])(.*?)\1""")
_MSG_LINK = re.compile(r"""\bvar\s+msg_link\s*=\s*["'](https?://[^"']+)["']""")
_BLOCKS = {"p", "section", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "table", "figure", "figcaption", "pre", "hr"}
_BLOCK_WORDS = ("环境异常", "去验证", "完成验证后即可继续访问", "访问过于频繁")
# What WeChat shows instead of an article that is gone.
_GONE_WORDS = ("该内容已被发布者删除", "此内容因违规无法查看", "此内容被投诉且经审核涉嫌侵权", "链接已过期",
               "该公众号已迁移", "此内容已被删除", "内容已删除", "该内容暂时无法查看", "此帐号已被屏蔽",
               "此账号已被屏蔽", "此帐号已自主注销", "此账号已自主注销")


@dataclass
class Article:
    state: str  # ok / unavailable / blocked / unparsed
    title: str = ""
    account: str = ""
    ct: int | None = None
    text: str = ""
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (url, text, tag) inside the body
    reason: str = ""  # the page's own words for unavailable / blocked
    canonical: str = ""  # msg_link or og:url: the long URL of this article

    @property
    def published_at(self) -> datetime | None:
        return datetime.fromtimestamp(self.ct, SHANGHAI) if self.ct else None


def parse_article(page_html: str, url: str) -> Article:
    root = parse_html(page_html)
    content = _by_id(root, "js_content")
    canonical = _canonical(page_html, root)
    if content is not None:
        text, links = body_parts(content, url)
        title = _text_by_id(root, "activity-name") or _script_var(_MSG_TITLE, page_html) or \
            meta_tags(root).get("og:title", "")
        account = _text_by_id(root, "js_name") or _script_var(_NICKNAME, page_html)
        match = _CT.search(page_html) or _CT_LOOSE.search(page_html)
        return Article("ok", title=title, account=account, ct=int(match.group(1)) if match else None,
                       text=text, links=links, canonical=canonical)
    visible = element_text(root.find("body")) if root.find("body") is not None else ""
    if any(word in visible for word in _BLOCK_WORDS[:2]) and "验证" in visible:
        return Article("blocked", reason=_first_words(visible))
    msg = root.find_class("weui-msg__title")
    if msg:
        return Article("unavailable", reason=element_text(msg[0]) or "文章无法查看")
    gone = next((word for word in _GONE_WORDS if word in visible), None)
    if gone:
        return Article("unavailable", reason=gone)
    return Article("unparsed", reason=_first_words(visible) or "页面结构无法识别")


def body_parts(content: etree._Element, base_url: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Text and links of an article body (a page's #js_content, or the API's content HTML)."""
    links: list[tuple[str, str, str]] = []
    for el in content.iter("a", "img"):
        if el.tag == "a":
            target = absolute_url(base_url, el.get("href"))
            if target:
                links.append((target, element_text(el), "a"))
        else:
            target = absolute_url(base_url, el.get("data-src") or el.get("src"))
            if target:
                links.append((target, clean_space(el.get("alt")), "img"))
    return block_text(content), links


def block_text(root: etree._Element) -> str:
    """The element's text with one line per paragraph-like block (spaces collapsed in a line)."""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            parts.append("\n" if node.tag in _BLOCKS else "")
            if node is not root and node.tail:
                parts.append(node.tail)
            continue
        if not isinstance(node.tag, str):  # a comment: only its tail is text
            if node.tail:
                parts.append(node.tail)
            continue
        if node.tag in _BLOCKS:
            parts.append("\n")
        if node.text and node.tag not in SKIP_TAGS:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    lines = (clean_space(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def api_body(content_html: str, base_url: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Text and links of the content HTML the API returns for an article."""
    root = parse_html(f"<html><body><div id='js_content'>{content_html}</div></body></html>")
    content = _by_id(root, "js_content")
    return body_parts(content, base_url) if content is not None else ("", [])


def article_key(url: str) -> str:
    """One key per article whatever the link's form: __biz+mid+idx for the long form, the token
    for /s/<token>, else the URL without scheme, fragment and tracking parameters."""
    parts = urlsplit(url.strip())
    query = parse_qs(parts.query)
    if parts.path.rstrip("/").endswith("/s") and {"__biz", "mid", "idx"} <= query.keys():
        return "wx:" + "/".join(query[k][0] for k in ("__biz", "mid", "idx"))
    if parts.path.startswith("/s/") and len(parts.path) > 3:
        return "wxs:" + parts.path[3:].rstrip("/")
    keep = "&".join(p for p in parts.query.split("&") if p and not p.startswith(("scene=", "chksm=", "from=")))
    return "url:" + urlunsplit(("", parts.netloc.lower(), parts.path, keep, ""))


def is_article_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.hostname == "mp.weixin.qq.com" and (parts.path == "/s" or parts.path.startswith("/s/"))


def clean_article_url(url: str) -> str:
    """The URL as listed, without its fragment (#rd, #wechat_redirect) and with &amp; undone."""
    return html.unescape(url.strip()).split("#", 1)[0]


def _by_id(root: etree._Element, element_id: str) -> etree._Element | None:
    found = root.xpath("//*[@id=$v]", v=element_id)
    return found[0] if found else None


def _text_by_id(root: etree._Element, element_id: str) -> str:
    el = _by_id(root, element_id)
    return element_text(el) if el is not None else ""


def _script_var(pattern: re.Pattern, page_html: str) -> str:
    match = pattern.search(page_html)
    return clean_space(html.unescape(match.group(2))) if match else ""


def _canonical(page_html: str, root: etree._Element) -> str:
    match = _MSG_LINK.search(page_html)
    if match:
        return clean_article_url(match.group(1).replace("\\x26", "&"))
    og = meta_tags(root).get("og:url", "")
    return clean_article_url(og) if og.startswith("http") else ""


def _first_words(text: str) -> str:
    return clean_space(text)[:60]
