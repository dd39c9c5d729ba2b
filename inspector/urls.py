"""URL rules of the crawl: canonical form, what belongs to the site, what is a file, and the
trap guard that keeps endless calendar and query-string spaces from running a scan forever."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import safe_url_string

ATTACHMENT_EXT = {
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "ofd", "txt", "csv", "rtf",
    "zip", "rar", "7z", "gz", "tar", "jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "ico", "tif",
    "tiff", "mp3", "mp4", "avi", "flv", "wmv", "mov", "swf", "apk", "exe", "msi", "iso", "dmg", "xml",
    "json", "css", "js", "woff", "woff2", "ttf", "eot", "caj", "ceb",
}
_INDEX_FILE = re.compile(r"/(?:index|default)\.(?:html?|shtml|jsp|asp|aspx|php)$", re.I)
_SESSION = re.compile(r";(?:jsessionid|sid|phpsessid)=[^/?#]*", re.I)
_SESSION_PARAMS = {"jsessionid", "phpsessid", "sid", "sessionid", "_", "t", "timestamp", "rnd", "random"}
# Site search: result pages are made from the site's own pages on request, never a column.
_SEARCH_LIKE = re.compile(r"search|sousuo|jiansuo|query|keyword|[?&](?:q|wd|kw|searchword)=", re.I)
_YEAR = re.compile(r"(?<!\d)((?:19|20|21)\d{2})(?!\d)")
_DIGITS = re.compile(r"\d+")


# The same links (navigation, side lists) are canonicalised on every page and again by the rules.
# A few thousand entries hold them; a portal's hundred thousand article URLs, each met a few
# times, would fill a bigger cache with some 30 MB that helps nothing.
_URL_CACHE = 1 << 13


@lru_cache(maxsize=_URL_CACHE)
def canonical_url(url: str) -> str:
    """One spelling per page: lower-case host, no default port, no session id, sorted query,
    no fragment, and /dir/index.html written as /dir/."""
    parts = urlsplit(_SESSION.sub("", url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    path = parts.path or "/"
    path = _INDEX_FILE.sub("/", path)
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if k.lower() not in _SESSION_PARAMS))
    return urlunsplit((scheme, netloc, path, query, ""))


@lru_cache(maxsize=_URL_CACHE)
def link_key(url: str) -> str:
    """One key per link target however it is written: 附件.pdf and %E9%99%84%E4%BB%B6.pdf are
    the same file (browsers send paths as percent-encoded UTF-8)."""
    try:
        return canonical_url(safe_url_string(url.strip()))
    except ValueError:
        return canonical_url(url)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def extension(url: str) -> str:
    path = urlsplit(url).path
    last = path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last else ""


def is_attachment(url: str) -> bool:
    return extension(url) in ATTACHMENT_EXT


def is_search_url(url: str) -> bool:
    return bool(_SEARCH_LIKE.search(url))


def url_shape(url: str) -> str:
    """The URL with every number replaced: pages of one endless series share a shape."""
    parts = urlsplit(url)
    keys = "&".join(sorted(k for k, _ in parse_qsl(parts.query, keep_blank_values=True)))
    return f"{parts.hostname}{_DIGITS.sub('9', parts.path)}?{keys}"


@dataclass
class TrapGuard:
    """Decides whether a discovered URL may be crawled; counts why URLs were refused."""

    max_year: int
    min_year: int = 1970
    max_url_length: int = 400
    max_query_variants: int = 100
    chain_limit: int = 30
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _variants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def allow(self, url: str, parent_url: str | None, parent_chain: int) -> tuple[bool, int]:
        """(allowed, chain length of the new URL)."""
        parts = urlsplit(url)
        reason = None
        chain = parent_chain + 1 if parent_url and url_shape(parent_url) == url_shape(url) else 0
        if len(url) > self.max_url_length:
            reason = "url_too_long"
        elif _repeated_segments(parts.path):
            reason = "repeated_path"
        elif self._implausible_year(parts.path + "?" + parts.query):
            reason = "calendar_year"
        elif chain > self.chain_limit:
            reason = "endless_series"
        elif parts.query:
            variants = self._variants[f"{parts.hostname}{parts.path}"]
            if parts.query not in variants and len(variants) >= self.max_query_variants:
                reason = "query_variants"
            else:
                variants.add(parts.query)
        if reason:
            self.refused[reason] += 1
            return False, chain
        return True, chain

    def _implausible_year(self, text: str) -> bool:
        return any(not self.min_year <= int(m.group(1)) <= self.max_year for m in _YEAR.finditer(text)
                   if _used_as_date(text, m.start(), m.end()))


def _used_as_date(text: str, start: int, end: int) -> bool:
    """A year used as a date (2031-05, /2031/05/, month=2031), not an id (id=2088, art_2031.html)."""
    after = text[end:end + 3]
    if re.match(r"^[-/.年]\d", after):
        return True
    return bool(re.search(r"(?:year|month|date|day|time|yyyy|ym|nian|yue|[?&][ymd])=$", text[max(0, start - 8):start], re.I))


def _repeated_segments(path: str) -> bool:
    segments = [s for s in path.split("/") if s]
    return any(segments.count(s) >= 3 for s in set(segments))
