"""Links readers cannot see (暗链): anchors hidden by inline CSS or the page's own <style> rules
(display:none, visibility:hidden, opacity 0, zero size with overflow hidden, font-size 0,
off-screen positions, text in the background colour), the hidden attribute, or inside a
<marquee> too small or too fast to read.

Pure: a parsed page (and the text of its <style> elements) in, [(url, text, how)] out.
External style sheets and script-written links are not seen: only what the HTML itself says.
"""
from __future__ import annotations

import re
from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError, parse as parse_selector
from cssselect.xpath import ExpressionError
from lxml import etree

from .html import absolute_url, clean_space, element_text

_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_BRACE = re.compile(r"[{}]")
_PROPS = {"display", "visibility", "opacity", "font-size", "font", "color", "background", "background-color",
          "background-image",
          "position", "left", "top", "margin-left", "margin-top", "text-indent", "width", "height", "max-width",
          "max-height", "overflow", "clip", "clip-path"}
_MAX_RULES = 400
_OFFSCREEN_PX = 500
_MARQUEE_MIN_PX = 10
_MARQUEE_MAX_SPEED = 50
_NAMED = {"white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
          "yellow": "#ffff00", "gray": "#808080", "grey": "#808080", "silver": "#c0c0c0", "transparent": ""}

# how → the words the rule shows
HOW_LABELS = {
    "hidden-attr": "hidden 属性", "display:none": "display:none", "visibility:hidden": "visibility:hidden",
    "opacity:0": "透明度为 0", "font-size:0": "字号为 0", "zero-size": "宽或高为 0 且溢出隐藏",
    "off-screen": "定位到屏幕之外", "same-color": "文字颜色与背景相同", "marquee": "极小或极快的滚动字幕（marquee）",
}


def style_text(html: str) -> str:
    """The CSS of the page's <style> elements (read from the source: the parser drops it)."""
    return "\n".join(m.group(1) for m in _STYLE_BLOCK.finditer(html))


def declarations(style: str | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in (style or "").split(";"):
        if ":" in part:
            key, value = part.split(":", 1)
            key = key.strip().lower()
            if key in _PROPS:
                found[key] = value.replace("!important", "").strip().lower()
    return found


def css_rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """Top-level `selector { declarations }` rules that touch visibility. Rules inside @media and
    other at-rules are left out: they apply only to some screens or to print."""
    css = _COMMENT.sub("", css)
    rules: list[tuple[str, dict[str, str]]] = []
    pos, n = 0, len(css)
    while pos < n and len(rules) < _MAX_RULES:
        brace = css.find("{", pos)
        if brace < 0:
            break
        head = css[pos:brace].strip()
        end, depth = brace + 1, 1
        while depth:
            m = _BRACE.search(css, end)
            if m is None:
                end = n + 1
                break
            depth += 1 if m.group() == "{" else -1
            end = m.end()
        body = css[brace + 1:end - 1]
        pos = end
        if head.startswith("@") or "{" in body:
            continue
        decls = declarations(body)
        if decls:
            rules.extend((sel.strip(), decls) for sel in head.split(",") if sel.strip())
    return rules


_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_CLASS_OR_ID = re.compile(r"([.#])(-?[_a-zA-Z\u00a0-\uffff][\w\-\u00a0-\uffff]*)")


@lru_cache(maxsize=4096)
def _named(selector: str) -> tuple[frozenset[str], frozenset[str]]:
    """The classes and ids a selector requires (outside attribute tests and :not(…))."""
    plain = _BRACKETS.sub("", selector)
    classes, ids = set(), set()
    for mark, name in _CLASS_OR_ID.findall(plain):
        (classes if mark == "." else ids).add(name)
    return frozenset(classes), frozenset(ids)


@lru_cache(maxsize=2048)
def _compile(selector: str) -> tuple[str, tuple[int, int, int]] | None:
    try:
        parsed = parse_selector(selector)
        if len(parsed) != 1 or parsed[0].pseudo_element:
            return None
        return HTMLTranslator().css_to_xpath(selector), parsed[0].specificity()
    except (SelectorError, ExpressionError, ValueError):
        return None


_FAMILY = {"display": "display", "visibility": "visibility", "opacity": "opacity", "font-size": "font-size",
           "font": "font-size", "text-indent": "text-indent", "position": "offscreen", "left": "offscreen",
           "top": "offscreen", "margin-left": "offscreen", "margin-top": "offscreen", "width": "zero", "height": "zero",
           "max-width": "zero", "max-height": "zero", "overflow": "zero", "clip": "zero", "clip-path": "zero",
           "color": "color", "background": "color", "background-color": "color", "background-image": "color"}


def _hiding_families(decls: dict[str, str]) -> set[str]:
    """Which kinds of hiding a rule's declarations do (display none, font-size 0, …)."""
    found = set()
    if decls.get("display", "").startswith("none"):
        found.add("display")
    if decls.get("visibility") in ("hidden", "collapse"):
        found.add("visibility")
    if _number(decls.get("opacity")) == 0:
        found.add("opacity")
    size = _px(_value(decls, "font-size"))
    if size is not None and size <= 1:
        found.add("font-size")
    indent = _px(decls.get("text-indent"))
    if indent is not None and indent <= -_OFFSCREEN_PX:
        found.add("text-indent")
    if any((_px(decls.get(k)) or 0) <= -_OFFSCREEN_PX for k in ("left", "top", "margin-left", "margin-top")):
        found.add("offscreen")
    sizes = [_px(decls.get(k)) for k in ("width", "height", "max-width", "max-height")]
    if decls.get("clip") or any(size is not None and size <= 1 for size in sizes):
        found.add("zero")
    color, background = _value(decls, "color"), _value(decls, "background")
    if color and background and color == background:
        found.add("color")
    return found


def relevant_rules(rules: list[tuple[str, dict[str, str]]]) -> list[tuple[str, dict[str, str]]]:
    """Only the rules that can matter: those of a kind of hiding that some rule of the sheet
    does, with the declarations that can switch it on or off (a sheet that hides nothing costs
    nothing). Colours across rules count only when one rule sets text and background alike."""
    active: set[str] = set()
    for _, decls in rules:
        active |= _hiding_families(decls)
    if not active:
        return []
    kept = []
    for selector, decls in rules:
        narrowed = {k: v for k, v in decls.items() if _FAMILY.get(k) in active}
        if narrowed:
            kept.append((selector, narrowed))
    return kept


def computed_styles(root: etree._Element, css: str) -> dict[etree._Element, dict[str, str]]:
    """Declared visibility properties per element: <style> rules by specificity and order, then
    the inline style attribute."""
    matched: dict[etree._Element, list[tuple[tuple[int, int, int], int, dict[str, str]]]] = {}
    rules = relevant_rules(css_rules(css))
    if rules:  # a rule naming a class or id the page does not have matches nothing: skip its XPath
        classes = {c for value in root.xpath("//@class") for c in str(value).split()}
        ids = {str(value).strip() for value in root.xpath("//@id")}
    for order, (selector, decls) in enumerate(rules):
        needs_classes, needs_ids = _named(selector)
        if not (needs_classes <= classes and needs_ids <= ids):
            continue
        compiled = _compile(selector)
        if compiled is None:
            continue
        xpath, specificity = compiled
        try:
            elements = root.xpath(xpath)
        except etree.XPathError:
            continue
        for el in elements:
            if isinstance(el, etree._Element):
                matched.setdefault(el, []).append((specificity, order, decls))
    styles: dict[etree._Element, dict[str, str]] = {}
    for el, entries in matched.items():
        merged: dict[str, str] = {}
        for _, _, decls in sorted(entries, key=lambda e: (e[0], e[1])):
            merged.update(decls)
        styles[el] = merged
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("style"):
            inline = declarations(el.get("style"))
            if inline:
                styles[el] = {**styles.get(el, {}), **inline}
    return styles


def hidden_links(root: etree._Element, base: str, css: str = "") -> list[tuple[str, str, str]]:
    """(absolute URL, anchor text, how it is hidden) for every link a reader cannot see.

    One walk down the tree carries what hides a whole subtree (display:none, opacity 0, zero
    size, off-screen, a tiny marquee, the hidden attribute) and the inherited properties
    (visibility, font-size, text-indent, colours); only elements with a style cost more."""
    body = root.find("body")
    if body is None:
        return []
    styles = computed_styles(root, css)
    inherited: dict[str, str] = {}
    for node in (root, body):
        _inherit(inherited, styles.get(node))
    found: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    stack: list[tuple[etree._Element, str | None, dict[str, str]]] = [(child, None, inherited) for child in reversed(body)]
    while stack:
        node, how, inh = stack.pop()
        if not isinstance(node.tag, str):
            continue
        style = styles.get(node)
        if how is None:
            if node.get("hidden") is not None:
                how = "hidden-attr"
            elif node.tag == "marquee" and _tiny_marquee(node, style or {}):
                how = "marquee"
            elif style:
                how = _subtree_hidden(style)
        if style:
            inh = _inherit(dict(inh), style)
        if node.tag in ("a", "area"):
            # Nothing inherited: nothing can hide the link's own text.
            link_how = how or (_invisible_text(node, inh) if inh else None)
            url = absolute_url(base, node.get("href")) if link_how else None
            if url and url not in seen:
                seen.add(url)
                text = element_text(node) or clean_space(node.get("title"))
                found.append((url, text[:80], link_how))
        stack.extend((child, how, inh) for child in reversed(node))
    return found


def _subtree_hidden(style: dict[str, str]) -> str | None:
    """What in an element's own style hides it with everything inside."""
    if style.get("display", "").startswith("none"):
        return "display:none"
    if _number(style.get("opacity")) == 0:
        return "opacity:0"
    if _zero_box(style):
        return "zero-size"
    if _positioned_off_screen(style):
        return "off-screen"
    return None


def _inherit(inh: dict[str, str], style: dict[str, str] | None) -> dict[str, str]:
    """Inherited properties after this element's style (visibility, font-size, text-indent,
    colour; the background is not inherited but shows through, so the nearest one counts)."""
    if style:
        for key in ("visibility", "font-size", "text-indent", "color", "background"):
            value = _value(style, key)
            if value is not None:
                inh[key] = value
    return inh


def _invisible_text(anchor: etree._Element, inh: dict[str, str]) -> str | None:
    """A link whose own text cannot be seen (an image inside it still can, except with visibility)."""
    if inh.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    if anchor.find(".//img") is not None:
        return None
    size = _px(inh.get("font-size"))
    if size is not None and size <= 1:
        return "font-size:0"
    indent = _px(inh.get("text-indent"))
    if indent is not None and indent <= -_OFFSCREEN_PX:
        return "off-screen"
    color, background = inh.get("color"), inh.get("background")
    if color and background and color == background:
        return "same-color"
    return None


def _value(style: dict[str, str], key: str) -> str | None:
    if key == "text-indent":
        return style.get("text-indent")
    if key == "font-size":
        if "font-size" in style:
            return style["font-size"]
        font = style.get("font", "")
        m = re.search(r"(?:^|\s)(\d*\.?\d+(?:px|pt|em|rem|%)?)(?:/\S+)?\s", font + " ")
        return m.group(1) if m else None
    if key == "color":
        return (_color(style["color"]) or None) if "color" in style else None
    if key == "background":
        if "url(" in style.get("background", "") or "url(" in style.get("background-image", ""):
            return ""  # an image behind the text: colours say nothing
        for prop in ("background-color", "background"):
            if style.get(prop):
                return _color(style[prop].split()[0]) or None  # none / transparent: look further up
        return None
    return style.get(key)


def _color(value: str) -> str:
    value = value.strip().lower()
    if value in _NAMED:
        return _NAMED[value]
    m = re.fullmatch(r"#([0-9a-f]{3})", value)
    if m:
        return "#" + "".join(ch * 2 for ch in m.group(1))
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)", value)
    if m:
        if m.group(4) is not None and float(m.group(4)) == 0:
            return ""
        return "#" + "".join(f"{min(int(g), 255):02x}" for g in m.groups()[:3])
    return value if re.fullmatch(r"#[0-9a-f]{6}", value) else ""


def _number(value: str | None) -> float | None:
    if not value:
        return None
    m = re.match(r"^(-?\d*\.?\d+)", value.strip())
    return float(m.group(1)) if m else None


def _px(value: str | None) -> float | None:
    """A length in px (em/rem as 16px); None when not a plain length."""
    if not value:
        return None
    m = re.match(r"^(-?\d*\.?\d+)\s*(px|pt|em|rem)?$", value.strip())
    if not m:
        return None
    number = float(m.group(1))
    unit = m.group(2) or "px"
    return number * {"px": 1, "pt": 1.33, "em": 16, "rem": 16}[unit]


def _zero_box(style: dict[str, str]) -> bool:
    overflow_hidden = style.get("overflow", "").startswith(("hidden", "clip"))
    sizes = [_px(style.get(k)) for k in ("width", "height", "max-width", "max-height")]
    if overflow_hidden and any(s is not None and s <= 1 for s in sizes):
        return True
    clip = style.get("clip", "").replace(" ", "")
    return clip.startswith("rect(") and set(re.findall(r"-?\d+", clip)) <= {"0", "1"} and \
        style.get("position", "") in ("absolute", "fixed")


def _positioned_off_screen(style: dict[str, str]) -> bool:
    positioned = style.get("position", "") in ("absolute", "fixed", "relative")
    for key in ("left", "top", "margin-left", "margin-top"):
        value = _px(style.get(key))
        if value is not None and value <= -_OFFSCREEN_PX and (positioned or key.startswith("margin")):
            return True
    return False


def _tiny_marquee(node: etree._Element, style: dict[str, str]) -> bool:
    for key in ("width", "height"):
        size = _px(node.get(key)) if node.get(key) else _px(style.get(key))
        if size is not None and size <= _MARQUEE_MIN_PX:
            return True
    speed = _number(node.get("scrollamount"))
    return speed is not None and speed >= _MARQUEE_MAX_SPEED
