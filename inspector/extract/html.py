"""Parsing and the small DOM helpers every extractor shares: text, chrome regions, URLs."""
from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import urljoin, urldefrag

import lxml.html
from lxml import etree
from lxml.html import defs

_HTML_TAGS = defs.tags | {"nav", "header", "footer", "section", "article", "aside", "main", "figure", "figcaption",
                          "time", "mark", "template", "picture", "source", "video", "audio", "svg", "font", "center"}

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# libxml2 stops at the first </html> or </body>; included headers often close them mid-page.
_EARLY_END = re.compile(r"</(?:html|body)\s*>", re.I)
_WS = re.compile(r"[\s\u3000\xa0]+")
# id/class words of page chrome: navigation, header, footer, breadcrumbs.
_CHROME = re.compile(
    r"(?:^|[\s_\-])(?:nav|navs|navbar|menu|menus|header|topbar|footer|foot|bottom|"
    r"copyright|crumb|crumbs|breadcrumb|position|location|weizhi|dqwz|curpos|"
    r"sitemap|toolbar|yqlj)(?:$|[\s_\-\d])",
    re.I,
)
_CHROME_TAGS = {"nav", "header", "footer"}
SKIP_TAGS = {"script", "style", "noscript", "template", "select", "option", "textarea"}


def parse_html(text: str, keep_scripts: bool = False) -> etree._Element:
    """An lxml tree from any HTML, however broken; an empty document for empty input.

    Script, style and form-option text is removed (the elements and their attributes stay)
    unless keep_scripts: no extractor reads it, and text extraction gets simpler and faster."""
    text = _EARLY_END.sub("", _XML_DECL.sub("", text, count=1))
    if not text.strip():
        return lxml.html.fromstring("<html><body></body></html>")
    try:
        root = lxml.html.fromstring(text)
    except (etree.ParserError, ValueError):
        return lxml.html.fromstring("<html><body></body></html>")
    # CMS-specific wrappers (<ucapcontent>, <trs_editor> …) are transparent, like in a browser.
    unknown = [el for el in root.iter() if isinstance(el.tag, str) and el.tag not in _HTML_TAGS]
    for el in unknown:
        if el.getparent() is not None:
            el.drop_tag()
    if not keep_scripts:
        strip_script_text(root)
    return root


def strip_script_text(root: etree._Element) -> None:
    """Blank script, style and form-option text (the elements and their attributes stay)."""
    for el in root.iter(*SKIP_TAGS):
        el.text = None
        for inner in el.iterdescendants():
            inner.text = inner.tail = None


def clean_space(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


_text_cache: dict | None = None


@contextmanager
def cached_text():
    """Within this block element_text remembers its answers: extractors ask for the same
    elements' text hundreds of times per page. The cache holds the tree, so it is per page."""
    global _text_cache
    _text_cache = {}
    try:
        yield
    finally:
        _text_cache = None


def element_text(el: etree._Element) -> str:
    """Visible-ish text of an element (not its tail), comments excluded, whitespace collapsed."""
    if _text_cache is not None:
        text = _text_cache.get(el)
        if text is None:
            text = _text_cache[el] = _element_text(el)
        return text
    return _element_text(el)


def _element_text(el: etree._Element) -> str:
    return clean_space(" ".join(el.itertext(etree.Element))) if isinstance(el.tag, str) else ""


def is_chrome_element(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag in _CHROME_TAGS:
        return True
    marks = f"{el.get('id', '')} {el.get('class', '')}"
    return bool(marks.strip()) and bool(_CHROME.search(marks))


def in_chrome(el: etree._Element) -> bool:
    """Whether the element sits inside navigation, header, footer or breadcrumbs."""
    node = el
    while node is not None and node.tag not in ("body", "html"):
        if is_chrome_element(node):
            return True
        node = node.getparent()
    return False


def absolute_url(base: str, href: str | None) -> str | None:
    """A followable absolute http(s) URL without fragment, or None."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:", "about:")):
        return None
    try:
        url = urldefrag(urljoin(base, href))[0]
    except ValueError:
        return None
    return url if url.startswith(("http://", "https://")) else None


def meta_tags(root: etree._Element) -> dict[str, str]:
    """<meta name|property|http-equiv=… content=…> as a dict; first occurrence wins."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("name") or meta.get("property") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content is not None and key not in found:
            found[key.strip()] = clean_space(content)
    return found


def base_href(root: etree._Element, url: str) -> str:
    for base in root.iter("base"):
        if base.get("href"):
            return urljoin(url, base.get("href").strip())
    return url
