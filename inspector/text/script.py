"""Whether a page is offered in traditional script on purpose: a site's 繁體 version (lang
zh-Hant / zh-TW / zh-HK, a Big5 page, a /big5/ or /fanti/ address). Such a page is not a
nonstandard-character finding; a simplified page with stray traditional characters is."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

_TRADITIONAL_LANG = re.compile(r"^zh[-_](?:hant|tw|hk|mo)\b", re.I)
_TRADITIONAL_CODECS = {"big5", "big5hkscs", "cp950", "big5-hkscs"}
# Path segments or host labels that sites use for their traditional-script mirror.
_TRADITIONAL_PARTS = {"big5", "fanti", "zh-hant", "zh_hant", "zh-tw", "zh_tw", "zh-hk", "zh_hk"}


def traditional_lang(lang: str | None) -> bool:
    return bool(lang) and bool(_TRADITIONAL_LANG.match(lang.strip()))


def traditional_url(url: str) -> bool:
    parts = urlsplit(url)
    labels = (parts.hostname or "").split(".")[:1]  # big5.example.gov.cn, fanti.example.gov.cn
    segments = [s.lower() for s in parts.path.split("/") if s]
    return any(p in ("big5", "fanti") for p in labels) or any(s in _TRADITIONAL_PARTS for s in segments[:-1] or segments[:1])


def offered_in_traditional(url: str = "", lang: str | None = None, encoding: str = "",
                           content_language: str | None = None) -> bool:
    """A page the site offers in traditional script on purpose (any one signal suffices)."""
    return (traditional_lang(lang) or traditional_lang(content_language)
            or (encoding or "").lower().replace("_", "-") in _TRADITIONAL_CODECS or traditional_url(url))
