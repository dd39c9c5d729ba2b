"""What a page's scripts put on screen, read without a browser.

Government CMS platforms write much of a list page with scripts: 大汉 JCMS keeps the records in an
XML data store that its pager script turns into list markup; TRS writes the pager and sometimes
the dates with document.write; newer platforms fill an empty container from a JSON API. These
functions do, on the parsed tree, what the browser would do where that is certain (data-store
records and literal document.write output become markup), list the pages a pager script would
link, and say when only a browser can show the list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html
from lxml import etree

from .html import absolute_url

_DATASTORE = re.compile(r"<datastore\b", re.I)
_RECORD = re.compile(r"<record\b[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.I | re.S)
_NEXTGROUP = re.compile(r"<nextgroup\b[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</nextgroup>", re.I | re.S)
_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]+)""", re.I)
_TOTAL_TAG = re.compile(r"<total_?record\b[^>]*>\s*(\d+)", re.I)
_SETUP_NUMBER = {
    "total": re.compile(r"""\btotal_?record\s*[:=]\s*["']?(\d+)""", re.I),
    "per_page": re.compile(r"""\bper_?page\s*[:=]\s*["']?(\d+)""", re.I),
}
_PROXY_SETUP = re.compile(r"""\b(?:proxyUrl|url|dataProxy)\s*[:=]\s*["']([^"']*dataproxy[^"']*)["']""", re.I)
_DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
# Form fields the JCMS pager sends with each group request.
JCMS_FIELDS = ("col", "appid", "webid", "path", "columnid", "unitid", "webname", "permissiontype",
               "sourcecontenttype", "keywordcount")
_FIELD_SETUP = re.compile(r"""\b(""" + "|".join(JCMS_FIELDS) + r""")\s*[:=]\s*["']?([^"',;}\s]*)""", re.I)


@dataclass
class DataStore:
    """One JCMS data store of the page: how many records it showed, and how to ask for the rest."""

    records: int
    total: int | None = None
    per_page: int | None = None
    proxy: str | None = None  # absolute URL of dataproxy.jsp
    params: dict[str, str] = field(default_factory=dict)  # form fields for the group requests


def record_fragments(xml_text: str) -> list[str]:
    """The HTML of each <record> of a data store (CDATA or escaped markup)."""
    found = []
    for m in _RECORD.finditer(xml_text):
        raw = m.group(1) if m.group(1) is not None else unescape(m.group(2) or "")
        if raw.strip():
            found.append(raw.strip())
    return found


def datastore_total(xml_text: str) -> int | None:
    m = _TOTAL_TAG.search(xml_text)
    return int(m.group(1)) if m else None


def records_element(fragments: list[str]) -> etree._Element:
    """The records as one container element, the markup the pager script would have written."""
    first_tag = re.match(r"\s*<\s*([a-zA-Z0-9]+)", fragments[0]) if fragments else None
    tag = first_tag.group(1).lower() if first_tag else ""
    if tag == "tr":
        markup = f"<table><tbody>{''.join(fragments)}</tbody></table>"
    elif tag == "li":
        markup = f"<ul>{''.join(fragments)}</ul>"
    else:  # a record may be a bare link and a date: each one its own block, as a list item
        markup = "".join(f"<div class='inspector-record'>{f}</div>" for f in fragments)
    return lxml.html.fromstring(f"<div class='inspector-datastore'>{markup}</div>")


def _setup_text(scripts: list[etree._Element]) -> str:
    return "\n".join(s.text or "" for s in scripts if not _is_datastore(s))


def _is_datastore(script: etree._Element) -> bool:
    return bool(script.text and _DATASTORE.search(script.text))


def expand_datastores(root: etree._Element, base: str) -> list[DataStore]:
    """Replace each inline data store by its records' markup (as jpage renders them) and return
    what is known of the rest of each list."""
    scripts = list(root.iter("script"))
    stores = [s for s in scripts if _is_datastore(s)]
    if not stores:
        return []
    setup = _setup_text(scripts)
    found = []
    for script in stores:
        xml_text = script.text or ""
        fragments = record_fragments(xml_text)
        store = DataStore(records=len(fragments), total=datastore_total(xml_text))
        _read_setup(store, xml_text, setup, base, single=len(stores) == 1)
        replacement = records_element(fragments)
        replacement.tail = script.tail
        parent = script.getparent()
        if parent is not None:
            parent.replace(script, replacement)
        found.append(store)
    return found


def _read_setup(store: DataStore, xml_text: str, setup: str, base: str, single: bool) -> None:
    """Proxy URL and form fields from the data store's nextgroup link, else the pager setup
    script; total and page size from the store, else the setup (only when the page has one store,
    so that two lists' setups are never mixed)."""
    nextgroup = _NEXTGROUP.search(xml_text)
    href = None
    if nextgroup:
        inner = nextgroup.group(1) if nextgroup.group(1) is not None else unescape(nextgroup.group(2) or "")
        m = _HREF.search(inner)
        href = unescape(m.group(1)) if m else None
    if href:
        store.proxy = absolute_url(base, href.split("?", 1)[0])
        store.params = {k: v for k, v in parse_qsl(urlsplit(href).query, keep_blank_values=True)
                        if k.lower() not in ("page", "startrecord", "endrecord", "perpage")}
    if not single:
        return
    if store.proxy is None:
        m = _PROXY_SETUP.search(setup)
        if m or re.search(r"jpage|dataproxy", setup, re.I):
            store.proxy = absolute_url(base, m.group(1) if m else _DEFAULT_PROXY)
            store.params = {k: v for k, v in _FIELD_SETUP.findall(setup) if v}
    if store.total is None:
        m = _SETUP_NUMBER["total"].search(setup)
        store.total = int(m.group(1)) if m else None
    m = _SETUP_NUMBER["per_page"].search(setup)
    store.per_page = int(m.group(1)) if m else None


# -- document.write ---------------------------------------------------------------------------

_STRING = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
_ASSIGN = re.compile(r"(?:\bvar|\blet|\bconst)?\s*([A-Za-z_$][\w$]*)\s*=\s*([^;\n]+)")
_WRITE = re.compile(r"document\.write(?:ln)?\s*\(")
_TERM = re.compile(r"\s*(" + _STRING + r"|[A-Za-z_$][\w$]*|\d+)\s*")
_METHOD = re.compile(r"\s*\.\s*(substring|substr|slice|trim|toString|replace)\s*\(([^()]*)\)")


def _literal(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _evaluate(expr: str, names: dict[str, str]) -> str | None:
    """A string expression made only of literals, known variables, + and a few string methods;
    None when anything else is in it (then the script is left to the browser)."""
    pos, parts = 0, []
    expr = expr.strip().rstrip(";").strip()
    while pos < len(expr):
        m = _TERM.match(expr, pos)
        if not m:
            return None
        token = m.group(1)
        if token[0] in "\"'":
            value = _literal(token)
        elif token.isdigit():
            value = token
        elif token in names:
            value = names[token]
        else:
            return None
        pos = m.end()
        while True:
            call = _METHOD.match(expr, pos)
            if not call:
                break
            value = _apply(value, call.group(1), call.group(2))
            if value is None:
                return None
            pos = call.end()
        parts.append(value)
        rest = expr[pos:].lstrip()
        if not rest:
            break
        if not rest.startswith("+"):
            return None
        pos = len(expr) - len(rest) + 1
    return "".join(parts)


def _apply(value: str, method: str, args_text: str) -> str | None:
    args = [a.strip() for a in args_text.split(",")] if args_text.strip() else []
    if method in ("trim", "toString"):
        return value.strip() if method == "trim" else value
    if method == "replace":
        if len(args) != 2 or not all(re.fullmatch(_STRING, a) for a in args):
            return None
        return value.replace(_literal(args[0]), _literal(args[1]), 1)
    if not all(re.fullmatch(r"-?\d+", a) for a in args) or not 1 <= len(args) <= 2:
        return None
    numbers = [int(a) for a in args]
    if method == "substr":
        start = numbers[0] if numbers[0] >= 0 else max(0, len(value) + numbers[0])
        return value[start:start + numbers[1]] if len(numbers) == 2 else value[start:]
    if method == "substring":
        a, b = (max(0, n) for n in (numbers + [len(value)])[:2])
        return value[min(a, b):max(a, b)]
    return value[slice(*numbers)]


def _write_calls(text: str) -> list[tuple[int, int, str]]:
    """(start, end, argument) of each document.write( … ) call, parentheses balanced."""
    calls = []
    for m in _WRITE.finditer(text):
        depth, i, quote = 1, m.end(), ""
        while i < len(text) and depth:
            ch = text[i]
            if quote:
                if ch == "\\":
                    i += 1
                elif ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            i += 1
        if depth == 0:
            calls.append((m.start(), i, text[m.end():i - 1]))
    return calls


def script_output(text: str) -> str | None:
    """What an inline script writes with document.write, when it writes only literal strings
    (a date, a link); None when it writes nothing certain."""
    calls = _write_calls(text)
    if not calls:
        return None
    names: dict[str, str] = {}
    written: list[str] = []
    pos = 0
    for start, end, argument in calls:
        for m in _ASSIGN.finditer(text[pos:start]):
            value = _evaluate(m.group(2), names)
            if value is not None:
                names[m.group(1)] = value
            else:
                names.pop(m.group(1), None)
        value = _evaluate(argument, names)
        if value is None:
            return None
        written.append(value)
        pos = end
    return "".join(written)


def emulate_writes(root: etree._Element) -> int:
    """Replace inline scripts that document.write literal text or markup by what they write."""
    done = 0
    for script in list(root.iter("script")):
        if script.get("src") or not script.text or "document.write" not in script.text:
            continue
        output = script_output(script.text)
        parent = script.getparent()
        if output is None or parent is None:
            continue
        _replace_with_markup(script, parent, output)
        done += 1
    return done


def _replace_with_markup(script: etree._Element, parent: etree._Element, output: str) -> None:
    tail = script.tail or ""
    if "<" in output:
        try:
            nodes = lxml.html.fragments_fromstring(output)
        except (etree.ParserError, ValueError):
            nodes = [output]
    else:
        nodes = [output]
    index = parent.index(script)
    parent.remove(script)
    text_before = ""
    elements = []
    for node in nodes:
        if isinstance(node, str):
            if elements:
                elements[-1].tail = (elements[-1].tail or "") + node
            else:
                text_before += node
        else:
            elements.append(node)
    if text_before:
        if index == 0:
            parent.text = (parent.text or "") + text_before
        else:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + text_before
    for offset, element in enumerate(elements):
        parent.insert(index + offset, element)
    if elements:
        elements[-1].tail = (elements[-1].tail or "") + tail
    elif index == 0:
        parent.text = (parent.text or "") + tail
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + tail


# -- pager scripts (TRS createPageHTML and relatives) ------------------------------------------

_PAGER_CALL = re.compile(r"\bcreatePage(?:HTML|Html|html)?\s*\(([^)]*)\)")
_NUMBER_VAR = re.compile(r"\b(?:var\s+|let\s+|const\s+)?([A-Za-z_$][\w$]*)\s*=\s*[\"']?(\d+)[\"']?\s*(?=[;,\n]|//|$)")
_STRING_VAR = re.compile(r"\b(?:var\s+|let\s+|const\s+)?([A-Za-z_$][\w$]*)\s*=\s*(" + _STRING + ")")
_COUNT_NAMES = ("countpage", "pagecount", "totalpage", "totalpages", "page_count", "_npagecount", "npagecount",
                "maxpage", "pagenum_total")
_SUFFIXES = ("shtml", "html", "htm", "jsp", "asp", "aspx", "php")
_MAX_SCRIPT_PAGES = 2000


def script_pages(root: etree._Element, url: str) -> list[str]:
    """index_1 … index_{n-1} of a list whose pager a script writes, with the page's own suffix."""
    text = "\n".join(s.text or "" for s in root.iter("script") if not s.get("src"))
    if not text:
        return []
    numbers = {name.lower(): int(value) for name, value in _NUMBER_VAR.findall(text)}
    strings = {name: _literal(value) for name, value in _STRING_VAR.findall(text)}
    count, prefix, suffix = None, None, None
    call = _PAGER_CALL.search(text)
    if call:
        count, prefix, suffix = _pager_arguments(call.group(1), numbers, strings)
    if count is None:
        count = next((numbers[n] for n in _COUNT_NAMES if n in numbers), None)
    if not count or count < 2:
        return []
    own_prefix, own_suffix = _own_name(url)
    prefix = prefix or own_prefix or "index"
    suffix = suffix or own_suffix
    if not suffix:
        return []
    folder = urljoin(url, ".")
    return [f"{folder}{prefix}_{n}.{suffix}" for n in range(1, min(count, _MAX_SCRIPT_PAGES))]


def _pager_arguments(args_text: str, numbers: dict[str, int], strings: dict[str, str]):
    count = prefix = suffix = None
    for raw in (a.strip() for a in args_text.split(",")):
        if not raw:
            continue
        if re.fullmatch(_STRING, raw):
            value = _literal(raw)
        elif raw.isdigit():
            value = int(raw)
        elif raw.lower() in numbers:
            value = numbers[raw.lower()]
        elif raw in strings:
            value = strings[raw]
        else:
            continue
        if isinstance(value, int):
            if count is None:
                count = value  # the first number is the page count; then current page, total records
        elif value.lower().lstrip(".") in _SUFFIXES:
            suffix = value.lstrip(".")
        elif prefix is None and re.fullmatch(r"[A-Za-z][\w\-]*", value) and value.lower().startswith(("index", "list", "default")):
            prefix = value
    return count, prefix, suffix


def _own_name(url: str) -> tuple[str | None, str | None]:
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    m = re.fullmatch(r"([A-Za-z][\w\-]*?)(?:_\d+)?\.(\w+)", last)
    return (m.group(1), m.group(2)) if m else (None, None)


# -- lists only a browser can show ----------------------------------------------------------------

_TEMPLATE_ATTR = re.compile(r"^(?:v-for|v-html|v-text|:href|v-bind:href|ms-repeat|ms-for|ms-attr-href|ms-href|"
                            r"ng-repeat|ng-href|x-for|th:each|data-bind|wx:for)", re.I)
_TEMPLATE_TEXT = re.compile(r"\{\{.*?\}\}|\$\{[^}]+\}")
_AJAX = re.compile(r"\bfetch\s*\(|\$\.(?:ajax|get|post|getJSON)\s*\(|\baxios\b|XMLHttpRequest|\.load\s*\(|"
                   r"new\s+Vue\b|createApp\s*\(|avalon\.define|\bjpage\b|dataproxy", re.I)
_LIST_MARK = re.compile(r"list|news|data|items|content|article|wj|xx|lb", re.I)


def render_reason(root: etree._Element) -> str | None:
    """Why the list on this page is drawn by a browser: template markup, or a script that fetches
    data next to an empty list container. None when the static page shows what a visitor sees."""
    body = root.find("body")
    if body is None:
        return None
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        if any(_TEMPLATE_ATTR.match(name) for name in el.attrib):
            return "列表由页面模板生成（v-for / ms-repeat 等）"
        if el.tag == "template":
            return "列表由页面模板生成（template）"
    for a in body.iter("a"):
        if _TEMPLATE_TEXT.search(a.get("href") or "") or _TEMPLATE_TEXT.search(a.text or ""):
            return "列表链接为模板占位符（{{…}}）"
    scripts = [s for s in root.iter("script") if (s.get("type") or "").lower() in ("", "text/javascript", "module")]
    if not any(_AJAX.search(s.text or "") for s in scripts if not s.get("src")):
        return None
    if any(_empty_container(el) for el in body.iter("ul", "ol", "tbody", "table", "div", "dl", "section")):
        return SCRIPT_FILLED
    return None


SCRIPT_FILLED = "列表容器为空，内容由脚本从接口加载"


def _empty_container(el: etree._Element) -> bool:
    marks = f"{el.get('id', '')} {el.get('class', '')}"
    if el.tag in ("ul", "ol", "tbody", "dl"):
        return not any(isinstance(c.tag, str) and c.tag in ("li", "tr", "dt", "dd") for c in el)
    if not _LIST_MARK.search(marks):
        return False
    return not any(isinstance(c.tag, str) and c.tag not in ("script", "style", "template") for c in el) and \
        not (el.text or "").strip()


def has_scripts(root: etree._Element) -> bool:
    return next(root.iter("script"), None) is not None
