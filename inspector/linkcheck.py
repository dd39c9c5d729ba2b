"""Checking link targets inside the crawl: files of the site and everything on other hosts are
requested once (HEAD, then GET where HEAD fails), never followed, and recorded as Resources.

- Internal pages are not checked here: the crawl fetches them (their errors are Pages).
- Attachments the privacy rule reads (.pdf .docx .xlsx .txt …) are fetched with GET up to
  `attachment_bytes`; their text is extracted in a thread and saved with the Resource.
- External `a` targets that answer HEAD with an HTML 200 are read up to `html_bytes` with GET,
  so a soft 404 (页面不存在 with status 200) can be seen.
- Other hosts get at most `external_per_host` requests at a time; a host that fails to connect
  twice is not asked again (the remaining targets get its error).
- Bodies are cut with StopDownload from the BodyLimit extension, so a big file still gives its
  status instead of a cancelled download; `download_maxsize` is set as a safety net.
"""
from __future__ import annotations

import fnmatch
import logging
import sys
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import StopDownload
from twisted.internet import threads
from twisted.python.failure import Failure

from .extract.attachment import READABLE, attachment_text
from .extract.decode import decode_html
from .extract.firewall import response_firewall
from .extract.html import clean_space, element_text, parse_html
from .model import Page, Resource
from .seen import SeenUrls
from .unchanged import attachment_key
from .urls import extension, host_of, is_attachment, link_key

PAGE_TAGS = {"a", "area", "iframe", "frame"}
# "form": the target of a message form (inspector.extract.page.message_forms), asked, never submitted.
CHECK_TAGS = PAGE_TAGS | {"img", "script", "link", "embed", "source", "form"}
ERROR_STATUSES = list(range(400, 600))
CHECK_PRIORITY = -10  # after the pages that are waiting: navigation first
SNIPPET_MAX = 300  # text of an HTML target kept only when the whole page text is this short
# Errors that say the host cannot be reached at all: a GET would fail the same way.
_CONNECT_ERRORS = {"DNSLookupError", "CannotResolveHostError", "ConnectionRefusedError",
                   "DownloadConnectionRefusedError", "TCPTimedOutError", "TimeoutError", "DownloadTimeoutError",
                   "NoRouteError", "ConnectError"}
_HTML = ("text/html", "application/xhtml")
logger = logging.getLogger(__name__)


@dataclass
class CheckSettings:
    external: bool = True
    skip: tuple[str, ...] = ()
    max_checks: int = 40000
    attachment_bytes: int = 10 * 1024 * 1024
    html_bytes: int = 64 * 1024
    external_per_host: int = 2
    timeout: float = 15.0
    retries: int = 1
    host_failures: int = 2  # connection failures after which a host is not asked again

    @classmethod
    def from_table(cls, table: dict[str, Any] | None, external: bool, max_pages: int) -> CheckSettings:
        """From the site config's [links] table (bad values fall back to the defaults)."""
        table = table if isinstance(table, dict) else {}
        settings = cls(external=external, max_checks=max(1000, 2 * max_pages))
        skip = table.get("skip", [])
        if isinstance(skip, list) and all(isinstance(p, str) for p in skip):
            settings.skip = tuple(skip)
        else:
            _bad("skip", skip)
        for key, kind in (("max_checks", int), ("external_per_host", int), ("timeout", (int, float)),
                          ("attachment_mb", (int, float))):
            value = table.get(key)
            if value is None:
                continue
            if not isinstance(value, kind) or isinstance(value, bool) or value <= 0:
                _bad(key, value)
            elif key == "attachment_mb":
                settings.attachment_bytes = int(value * 1024 * 1024)
            else:
                setattr(settings, key, value)
        return settings


def _bad(key: str, value: Any) -> None:
    print(f"警告：配置项 links.{key} 的值无效（{value!r}），已使用默认值", file=sys.stderr)


@dataclass
class HostGate:
    """At most `per_host` checks in flight per host; the rest wait for one to finish."""

    per_host: int
    active: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    waiting: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))

    def offer(self, host: str, item: Any) -> bool:
        if self.active[host] < self.per_host:
            self.active[host] += 1
            return True
        self.waiting[host].append(item)
        return False

    def release(self, host: str) -> Any | None:
        """The next waiting item of the host (its slot passes to it), or None."""
        if self.waiting[host]:
            return self.waiting[host].popleft()
        self.active[host] = max(0, self.active[host] - 1)
        return None

    def pending(self) -> int:
        return sum(len(q) for q in self.waiting.values())


class LinkChecker:
    """Decides which link targets of a page to check and turns the answers into Resources.

    `targets(page)` and the answer handlers return Requests (to schedule) and Resources (to
    save); the spider does the scheduling, so checks bypass depth limits and spider middlewares."""

    def __init__(self, hosts: set[str], settings: CheckSettings, callback, errback, known=None):
        self.hosts = hosts
        # Re-scans: an inspector.unchanged.KnownPages; an attachment with the same bytes as in the
        # last scan keeps the text read then (reading a PDF costs far more than fetching it).
        self.known = known
        self.unchanged_attachments = 0
        self.settings = settings
        self.callback = callback
        self.errback = errback
        self.gate = HostGate(settings.external_per_host)
        self.seen = SeenUrls()  # link keys of the targets met
        self.offered = SeenUrls()  # (url, tag) as linked: decided once, not on every page
        self.scheduled = 0
        self.refused = 0  # targets not checked because of max_checks
        self.skipped = 0  # targets matching [links] skip
        self.not_external = 0  # targets on other hosts left out by --no-external
        self.capped = False
        self._host_failures: dict[str, int] = defaultdict(int)
        self._host_down: dict[str, str] = {}

    # -- what to check -----------------------------------------------------------------------
    def targets(self, page: Page) -> list[scrapy.Request | Resource]:
        out: list[scrapy.Request | Resource] = []
        for url, _, tag in page.links:
            if not url or tag not in CHECK_TAGS or (url, tag) in self.offered:
                continue
            self.offered.add((url, tag))
            host = host_of(url)
            internal = host in self.hosts
            if internal and tag in PAGE_TAGS and not is_attachment(url):
                continue  # a page of the site: the crawl fetches it
            key = link_key(url)
            if key in self.seen:
                continue
            self.seen.add(key)
            if not internal and not self.settings.external:
                self.not_external += 1
                continue
            if self._skipped(url, key):
                self.skipped += 1
                continue
            if self.scheduled >= self.settings.max_checks:
                self.capped = True
                self.refused += 1
                continue
            self.scheduled += 1
            info = {"url": url, "key": key, "tag": tag, "external": not internal, "host": host}
            if internal or self.gate.offer(host, info):
                out.extend(self._start(info))
        return out

    def _skipped(self, url: str, key: str) -> bool:
        return any(fnmatch.fnmatchcase(url, p) or fnmatch.fnmatchcase(key, p) for p in self.settings.skip)

    def _start(self, info: dict, force: bool = False) -> list[scrapy.Request | Resource]:
        """The first request for a target, or its Resource at once when its host is down."""
        down = self._host_down.get(info["host"]) if info["external"] and not force else None
        if down:
            resource = Resource(url=info["url"], final_url=info["url"], tag=info["tag"], external=True,
                                method="", error=f"{down}（同一主机已连续无法连接，未再请求）")
            return [resource, *self._finish(info)]
        if not info["external"] and extension(info["url"]) in READABLE:
            return [self._request(info, "GET", "read", self.settings.attachment_bytes)]
        return [self._request(info, "HEAD", "head", None)]

    def _request(self, info: dict, method: str, stage: str, body_limit: int | None) -> scrapy.Request:
        info["stage"] = stage
        meta = {
            "inspector_check": info, "handle_httpstatus_list": ERROR_STATUSES, "allow_offsite": True,
            "download_timeout": self.settings.timeout, "max_retry_times": self.settings.retries,
            "download_maxsize": (body_limit or 0) + 1024 * 1024,
            "give_up_log_level": logging.DEBUG,  # a failed check is a finding, not console noise
        }
        if body_limit is not None:
            meta["inspector_body_limit"] = body_limit
        return scrapy.Request(info["url"], method=method, callback=self.callback, errback=self.errback, meta=meta,
                              priority=CHECK_PRIORITY, dont_filter=True)

    # -- answers -----------------------------------------------------------------------------
    async def on_response(self, response) -> list[scrapy.Request | Resource]:
        info = response.meta["inspector_check"]
        stage = info["stage"]
        self._host_failures[info["host"]] = 0  # the host answers
        html = _content_type(response).split(";")[0].strip().lower().startswith(_HTML)
        if stage == "head":
            if response.status >= 400:  # many servers refuse HEAD: ask again with GET
                return [self._request(info, "GET", "get", self._get_limit(info))]
            if info["external"] and info["tag"] in PAGE_TAGS and response.status == 200 and html:
                return [self._request(info, "GET", "peek", self.settings.html_bytes)]
        resource = self._resource(info, response)
        resource.blocked = response_firewall(response)  # a firewall's answer says nothing of the file
        if stage in ("get", "peek") and html and response.body:
            resource.title, resource.snippet = _html_summary(response.body, resource.content_type)
        if stage == "read" and response.status < 400:
            if response.meta.get("inspector_truncated") or (resource.length or 0) > self.settings.attachment_bytes:
                mb = round(self.settings.attachment_bytes / (1024 * 1024), 2)
                resource.text_note = f"文件超过 {mb:g} MB，未读取内容"
            else:
                resource.source_key = attachment_key(response.body, extension(info["url"]))
                earlier = self.known.attachment_text(resource.source_key) if self.known is not None else None
                if earlier is not None:
                    resource.text, resource.text_note, resource.personal = earlier
                    self.unchanged_attachments += 1
                else:
                    from scrapy.utils.defer import maybe_deferred_to_future

                    resource.text, resource.text_note = await maybe_deferred_to_future(
                        threads.deferToThread(attachment_text, response.body, extension(info["url"])))
        return [resource, *self._finish(info)]

    def on_failure(self, failure: Failure) -> list[scrapy.Request | Resource]:
        request = failure.request
        info = request.meta["inspector_check"]
        name = type(failure.value).__name__
        if info["stage"] == "head" and name not in _CONNECT_ERRORS:
            return [self._request(info, "GET", "get", self._get_limit(info))]
        if info["external"] and name in _CONNECT_ERRORS:
            self._host_failures[info["host"]] += 1
            if self._host_failures[info["host"]] >= self.settings.host_failures:
                self._host_down[info["host"]] = describe_failure(failure)
        response = getattr(failure.value, "response", None)
        resource = self._resource(info, response) if response is not None else \
            Resource(url=info["url"], final_url=request.url, tag=info["tag"], external=info["external"],
                     method=request.method)
        resource.error = describe_failure(failure)
        return [resource, *self._finish(info)]

    def _get_limit(self, info: dict) -> int:
        return self.settings.html_bytes if info["external"] and info["tag"] in PAGE_TAGS else 0

    def _finish(self, info: dict) -> list[scrapy.Request | Resource]:
        """The target is done: its host's slot passes to the next waiting target."""
        if not info["external"]:
            return []
        nxt = self.gate.release(info["host"])
        return self._start(nxt) if nxt is not None else []

    def drain(self) -> list[scrapy.Request | Resource]:
        """Everything still waiting (the crawl went idle): start it now."""
        out: list[scrapy.Request | Resource] = []
        for host in list(self.gate.waiting):
            while self.gate.waiting[host]:
                out.extend(self._start(self.gate.waiting[host].popleft(), force=True))
        return out

    @staticmethod
    def _resource(info: dict, response) -> Resource:
        length = response.headers.get(b"Content-Length")
        try:
            size = int(length) if length else None
        except ValueError:
            size = None
        return Resource(url=info["url"], final_url=response.url, tag=info["tag"], external=info["external"],
                        method=response.request.method, status=response.status, content_type=_content_type(response),
                        length=size, elapsed_ms=int(1000 * response.meta.get("download_latency", 0)))


def _content_type(response) -> str:
    return response.headers.get(b"Content-Type", b"").decode("latin-1")


def _html_summary(body: bytes, content_type: str) -> tuple[str, str]:
    text, _ = decode_html(body, content_type)
    root = parse_html(text)
    title = clean_space(root.findtext(".//title"))
    body_el = root.find("body")
    page_text = element_text(body_el) if body_el is not None else ""
    return title[:200], page_text if len(page_text) <= SNIPPET_MAX else ""


_FAILURES = {
    "DNSLookupError": "域名解析失败", "ConnectionRefusedError": "连接被拒绝",
    "DownloadConnectionRefusedError": "连接被拒绝", "DownloadTimeoutError": "请求超时",
    "CannotResolveHostError": "域名解析失败", "DownloadFailedError": "下载失败",
    "TimeoutError": "请求超时", "TCPTimedOutError": "连接超时", "ConnectionLost": "连接中断",
    "ConnectionDone": "连接被对方关闭", "ResponseFailed": "响应未能完整接收", "ResponseNeverReceived": "未收到响应",
    "HttpError": "HTTP 错误", "SSLError": "SSL 证书错误", "TunnelError": "代理连接失败",
    "NoRouteError": "网络不可达", "ConnectError": "无法建立连接",
    "DownloadCancelledError": "文件过大，已取消下载", "IgnoreRequest": "超过大小上限或被拒绝，未下载",
}


def describe_failure(failure: Failure) -> str:
    """A short, whole Chinese description of a fetch failure for the report; the exception itself
    (English, of any length) goes to the log, not into a message."""
    name = type(failure.value).__name__
    logger.info("fetch failed: %s: %s", name, failure.value)
    return _FAILURES.get(name, "抓取失败")


class BodyLimit:
    """Stops a download after `inspector_body_limit` bytes (request meta) and hands the partial
    response to the callback: a link check needs the status, not a 2 GB video.

    A page of the site (`inspector_page_limit`) is read up to that size too, not cancelled at its
    Content-Length: an oversized page is checked on its first part (`inspector_truncated`)."""

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls()
        crawler.signals.connect(ext.headers_received, signal=signals.headers_received)
        crawler.signals.connect(ext.bytes_received, signal=signals.bytes_received)
        return ext

    def headers_received(self, headers, body_length, request, spider=None):
        request.meta["inspector_received"] = 0  # a new answer (a retry, a redirect) is counted afresh
        page_limit = request.meta.get("inspector_page_limit")
        if page_limit and isinstance(body_length, int) and body_length > page_limit \
                and not headers.get(b"Content-Encoding"):
            # Read on and stop at the limit (bytes_received); a compressed body keeps Scrapy's
            # cap, which also bounds what it may inflate to.
            request.meta["download_maxsize"] = 0
        limit = request.meta.get("inspector_body_limit")
        if limit is None:
            return
        if limit == 0 or (isinstance(body_length, int) and body_length > limit):
            request.meta["inspector_truncated"] = limit > 0
            raise StopDownload(fail=False)

    def bytes_received(self, data, request, spider=None):
        limit = request.meta.get("inspector_body_limit") or request.meta.get("inspector_page_limit")
        if limit is None:
            return
        received = request.meta["inspector_received"] = request.meta.get("inspector_received", 0) + len(data)
        if received > limit:
            request.meta["inspector_truncated"] = True
            raise StopDownload(fail=False)


def summarize(checker: LinkChecker | None) -> dict[str, Any]:
    if checker is None:
        return {}
    return {"checked": checker.scheduled, "capped": checker.capped, "refused": checker.refused,
            "skipped": checker.skipped, "not_external": checker.not_external, "external": checker.settings.external}
