"""Turn response bytes into text: HTTP header charset, then <meta>, then detection.

Chinese government pages are often GBK/GB2312/GB18030, sometimes declare one charset and use
another (people.com.cn declares GB2312 and sends UTF-8). A wrongly decoded page produces false
错字 findings, so every candidate is tried strictly and the GB family is always decoded as
GB18030 (a superset that also holds 镕, 堃 and other characters outside GB2312).
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn",
              "csgb2312", "gb_2312-80", "chinese", "iso-ir-58", "x-euc-cn"}


_WEAK_CODECS = {"iso8859-1", "cp1252", "ascii"}


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset, GB family mapped to gb18030; None if unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec in {"gbk", "gb2312", "gb18030"}:
        return "gb18030"
    return codec


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""", re.I)


def meta_charset(body: bytes) -> str | None:
    """The <meta> charset, or the XML declaration's encoding (data-store answers are XML)."""
    m = _META_CHARSET.search(body[:4096]) or _XML_ENCODING.search(body[:200])
    return m.group(1).decode("ascii", "replace") if m else None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _has_non_ascii(body: bytes) -> bool:
    return any(b > 0x7F for b in body)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML body; returns (text, codec used).

    Order: a UTF-8 BOM; the header charset; the <meta> charset; detection. A declared GB
    charset whose bytes are valid UTF-8 with non-ASCII text is taken as UTF-8, because
    GB-encoded Chinese practically never forms valid UTF-8.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8):].decode("utf-8", "replace"), "utf-8"
    declared = [normalize_charset(header_charset(content_type)), normalize_charset(meta_charset(body))]
    # A server default like Tomcat's ISO-8859-1 says nothing about the page: try it last.
    candidates = sorted((c for c in declared if c), key=lambda c: c in _WEAK_CODECS)
    if "gb18030" in candidates and _has_non_ascii(body):
        as_utf8 = _strict(body, "utf-8")
        if as_utf8 is not None:
            return as_utf8, "utf-8"
    for codec in candidates:
        if codec in _WEAK_CODECS and _has_non_ascii(body):
            continue
        text = _strict(body, codec)
        if text is not None:
            return text, codec
    for codec in ("utf-8", "gb18030"):
        text = _strict(body, codec)
        if text is not None:
            return text, codec
    best = from_bytes(body).best()
    if best is not None and best.encoding:
        codec = normalize_charset(best.encoding) or best.encoding
        return body.decode(codec, "replace"), codec
    fallback = candidates[0] if candidates else "utf-8"
    return body.decode(fallback, "replace"), fallback
