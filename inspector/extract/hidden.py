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
        while end < n and depth:
            if css[end] == "{":
                depth += 1
            elif css[end] == "}":
                depth -= 1
            end += 1
        body = css[brace + 1:end - 1]
        pos = end
        if head.startswith("@") or "{" in body:
            continue
        decls = declarations(body)
        if decls:
            rules.extend((sel.strip(), decls) for sel in head.split(",") if sel.strip())
    return rules


@lru_cache(maxsize=2048)
def _compile(selector: str) -> tuple[str, tuple[int, int, int]] | None:
    try:
        parsed = parse_selector(selector)
        if len(parsed) != 1 or parsed[0].pseudo_element:
            return None
        return HTMLTranslator().css_to_xpath(selector), parsed[0].specificity()
    except (SelectorError, ExpressionError, ValueError):
        return None


def computed_styles(root: etree._Element, css: str) -> dict[etree._Element, dict[str, str]]:
    """Declared visibility properties per element: <style> rules by specificity and order, then
    the inline style attribute."""
    matched: dict[etree._Element, list[tuple[tuple[int, int, int], int, dict[str, str]]]] = {}
    for order, (selector, decls) in enumerate(css_rules(css)):
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
    """(absolute URL, anchor text, how it is hidden) for every link a reader cannot see."""
    body = root.find("body")
    if body is None:
        return []
    styles = computed_styles(root, css)
    found: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for el in body.iter("a", "area"):
        url = absolute_url(base, el.get("href"))
        if not url or url in seen:
            continue
        how = hiding(el, styles)
        if how:
            seen.add(url)
            text = element_text(el) or clean_space(el.get("title"))
            found.append((url, text[:80], how))
    return found


def hiding(el: etree._Element, styles: dict[etree._Element, dict[str, str]]) -> str | None:
    """How the element is hidden from readers, or None if it can be seen."""
    chain = [el, *el.iterancestors()]
    has_image = el.find(".//img") is not None
    nearest: dict[str, str] = {}
    for node in chain:
        style = styles.get(node, {})
        if node.tag in ("body", "html"):
            for key in ("color", "background"):  # the page's own colours, for text in the same colour
                if key not in nearest and _value(style, key) is not None:
                    nearest[key] = _value(style, key)
            break
        if node.get("hidden") is not None:
            return "hidden-attr"
        if style.get("display", "").startswith("none"):
            return "display:none"
        if _number(style.get("opacity")) == 0:
            return "opacity:0"
        if node.tag == "marquee" and _tiny_marquee(node, style):
            return "marquee"
        if _zero_box(style):
            return "zero-size"
        if _off_screen(style, has_image):
            return "off-screen"
        for key in ("visibility", "font-size", "color", "background"):
            if key not in nearest:
                value = _value(style, key)
                if value is not None:
                    nearest[key] = value
    if nearest.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    if not has_image and _px(nearest.get("font-size")) is not None and _px(nearest["font-size"]) <= 1:
        return "font-size:0"
    color, background = nearest.get("color"), nearest.get("background")
    if color and background and color == background and not has_image:
        return "same-color"
    return None


def _value(style: dict[str, str], key: str) -> str | None:
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


def _off_screen(style: dict[str, str], has_image: bool) -> bool:
    positioned = style.get("position", "") in ("absolute", "fixed", "relative")
    for key in ("left", "top", "margin-left", "margin-top"):
        value = _px(style.get(key))
        if value is not None and value <= -_OFFSCREEN_PX and (positioned or key.startswith("margin")):
            return True
    indent = _px(style.get("text-indent"))
    return indent is not None and indent <= -_OFFSCREEN_PX and not has_image


def _tiny_marquee(node: etree._Element, style: dict[str, str]) -> bool:
    for key in ("width", "height"):
        size = _px(node.get(key)) if node.get(key) else _px(style.get(key))
        if size is not None and size <= _MARQUEE_MIN_PX:
            return True
    speed = _number(node.get("scrollamount"))
    return speed is not None and speed >= _MARQUEE_MAX_SPEED
