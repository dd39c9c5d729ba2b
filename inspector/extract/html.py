"""Parsing and the small DOM helpers every extractor shares: text, chrome regions, URLs."""
from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

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
# C0 controls but tab and newlines, DEL, surrogates and the two non-characters XML forbids.
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# What binary data decodes to, and text almost never holds (a share above _BINARY_SHARE).
_BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]")
_BINARY_SHARE = 0.02  # Word-pasted pages carry a few stray controls; binary data ~9 % of its bytes
_VALID_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")  # a tag or attribute name lxml accepts
# Container tags a template may leave unclosed; a page opening one more often than closing it is
# parsed as a browser would (HTML5), and its unclosed items are made siblings again.
_NESTING_TAGS = ("div", "span", "font", "section", "article", "center", "ul", "dl", "table")
# Same-tag, same-class elements nested this deep are one template's unclosed items, not design.
_UNCLOSED_RUN = {True: 3, False: 16}  # has a class: 3 levels; bare tags nest legitimately deeper


def parse_html(text: str, keep_scripts: bool = False) -> etree._Element:
    """An lxml tree of the whole page, however broken; an empty document for empty input.

    libxml2 parses (fast, and what every extractor was written against). Where it stops at its
    nesting limit, or where the markup leaves containers unclosed (a template that never closes
    its <div class="item">, which browsers render fine), the page is parsed by Lexbor
    (selectolax), an HTML5 parser without that limit that builds the tree a browser builds, and
    the tree is rebuilt for lxml: the rest of the page is not lost. Unclosed items, nested each
    in the one before, are made siblings again.

    Control characters (Word-pasted <o:p>\x0b</o:p>) become spaces; lxml refuses them in text.
    Script, style and form-option text is removed (the elements and their attributes stay)
    unless keep_scripts: no extractor reads it, and text extraction gets simpler and faster."""
    text = _EARLY_END.sub("", _XML_DECL.sub("", _NOT_XML_CHARS.sub(" ", text), count=1))
    if not text.strip():
        return lxml.html.fromstring("<html><body></body></html>")
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        root = None
    if root is None or _hit_depth_limit(parser) or _may_have_unclosed(text):
        root = _parse_html5(text)
        _unnest_unclosed(root)
    # CMS-specific wrappers (<ucapcontent>, <trs_editor> …) are transparent, like in a browser.
    elements = list(root.iter())
    if _alive is not None:
        _alive.append(elements)
    unknown = [el for el in elements if isinstance(el.tag, str) and el.tag not in _HTML_TAGS]
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


def _may_have_unclosed(text: str) -> bool:
    """Whether some container tag is opened more often than closed (a cheap test that spares
    well-formed pages the walk of _unnest_unclosed)."""
    lowered = text.lower()
    return any(lowered.count("<" + tag) - lowered.count("</" + tag) >= 2 for tag in _NESTING_TAGS)


def _unnest_unclosed(root: etree._Element) -> None:
    """Items a template left unclosed (<div class="item">… without </div>) nest each inside the
    one before; a browser stacks them the same, so they are made siblings again, as written."""
    run: dict[etree._Element, int] = {}
    chained: list[etree._Element] = []
    for el in root.iter(etree.Element):
        parent = el.getparent()
        if parent is not None and parent.tag == el.tag and parent.get("class") == el.get("class"):
            run[el] = run.get(parent, 1) + 1
            chained.append(el)
    if not chained or max(run.values()) < min(_UNCLOSED_RUN.values()):
        return
    long_runs = set()
    top: dict[etree._Element, etree._Element] = {}
    for el in chained:  # document order: a run's deepest element comes last
        parent = el.getparent()
        top[el] = top.get(parent, parent)
        if run[el] >= _UNCLOSED_RUN[bool(el.get("class"))]:
            node = el
            while node in run and node not in long_runs:
                long_runs.add(node)
                node = node.getparent()
    # Deepest first, each right after its run's top element: the siblings come out in document
    # order, and no move carries the rest of the run along (lxml walks every node it moves).
    for el in reversed(chained):
        if el in long_runs:
            tail, el.tail = el.tail, None
            if tail:
                _append_text(el.getparent(), tail)
            top[el].addnext(el)


def unreadable_reason(text: str) -> str | None:
    """Why decoded text is not a web page (binary data served as text/html), or None."""
    sample = text[:65536]
    if not sample.strip():
        return None
    odd = len(_BINARY_CHARS.findall(sample))
    return "页面内容不是可识别的文本（疑似二进制数据）" if odd > _BINARY_SHARE * len(sample) else None


def _hit_depth_limit(parser: etree.HTMLParser) -> bool:
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def _parse_html5(text: str) -> etree._Element:
    """The page through Lexbor's HTML5 tree builder, copied into an lxml tree (iteratively: the
    nesting can be thousands deep). Tags lxml cannot name (o:p) are left out, their content kept."""
    from selectolax.lexbor import LexborHTMLParser  # loaded only for the rare page that needs it

    document = LexborHTMLParser(text)
    source = document.root
    root = lxml.html.html_parser.makeelement("html")
    if source is None:
        etree.SubElement(root, "body")
        return root
    _copy_attributes(source, root)
    stack = [(source.child, root)]
    while stack:
        node, parent = stack.pop()
        if node is None:
            continue
        stack.append((node.next, parent))
        if node.is_text_node:
            _append_text(parent, node.text_content or "")
        elif node.is_element_node:
            tag = (node.tag or "").lower()
            if _VALID_NAME.match(tag):
                element = etree.SubElement(parent, tag)
                _copy_attributes(node, element)
                stack.append((node.child, element))
            else:
                stack.append((node.child, parent))
    if root.find("body") is None:
        etree.SubElement(root, "body")
    return root


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _copy_attributes(node, element: etree._Element) -> None:
    for name, value in node.attributes.items():
        if _VALID_NAME.match(name or ""):
            element.set(name, value or "")


def clean_space(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


_text_cache: dict | None = None
_chrome_cache: dict | None = None  # element → whether it is inside chrome (in_chrome)
_is_chrome_cache: dict | None = None  # element → is_chrome_element
# The elements of the page parsed in this block. lxml makes a Python object for an element each
# time one is handed out unless one is alive (and lxml.html picks its class in Python); the
# extractors walk the tree a dozen times, so holding them makes that once per element, not per walk.
_alive: list | None = None


@contextmanager
def cached_text():
    """Within this block element_text, in_chrome and is_chrome_element remember their answers:
    extractors ask for the same elements' text and place hundreds of times per page. The caches
    hold the tree, so they are per page, and the tree is not changed while they live."""
    global _text_cache, _chrome_cache, _is_chrome_cache, _alive
    _text_cache, _chrome_cache, _is_chrome_cache, _alive = {}, {}, {}, []
    try:
        yield
    finally:
        _text_cache = _chrome_cache = _is_chrome_cache = _alive = None


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
    cache = _is_chrome_cache
    if cache is None:
        return _is_chrome_element(el)
    answer = cache.get(el)
    if answer is None:
        answer = cache[el] = _is_chrome_element(el)
    return answer


def _is_chrome_element(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag in _CHROME_TAGS:
        return True
    marks = f"{el.get('id', '')} {el.get('class', '')}"
    return bool(marks.strip()) and bool(_CHROME.search(marks))


def in_chrome(el: etree._Element) -> bool:
    """Whether the element sits inside navigation, header, footer or breadcrumbs."""
    cache = _chrome_cache
    if cache is None:
        return _in_chrome(el)
    walked = []
    node, answer = el, False
    while node is not None and node.tag not in ("body", "html"):
        known = cache.get(node)
        if known is not None:
            answer = known
            break
        if is_chrome_element(node):
            answer = True
            break
        walked.append(node)
        node = node.getparent()
    # Every element walked past shares the answer: its ancestors up to the same point are the same.
    for node in walked:
        cache[node] = answer
    if answer and node is not None and node not in cache:
        cache[node] = True
    return answer


def _in_chrome(el: etree._Element) -> bool:
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
    if href[:1] == "/" and href[1:2] != "/" and base.startswith(("http://", "https://")):
        # A path from the site's root resolves the same against every page of the site: one
        # entry for the menu links every page repeats, not one per page.
        return _resolved(_origin(base), href)
    return _resolved(base, href)


@lru_cache(maxsize=1 << 8)  # the pages of one site share a few origins
def _origin(base: str) -> str:
    try:
        parts = urlsplit(base)
    except ValueError:
        return base
    return f"{parts.scheme}://{parts.netloc}/"


# An href is resolved a few times per page (links, lists, menus, breadcrumbs), and the site's
# root-relative menu links on every page: a few thousand entries hold those. A larger cache only
# fills with a portal's one-off article links (65,536 of them took some 25 MB).
@lru_cache(maxsize=1 << 12)
def _resolved(base: str, href: str) -> str | None:
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
