"""How the site spider reads lists that are not plain pages: JCMS data-store groups from
dataproxy.jsp, pages of a JSON list endpoint, and browser renders of lists only scripts draw
(inspector.extract.feeds, inspector.extract.api, inspector.render). A mixin of SiteSpider: it
only asks and hands the answers to the extractors; what to ask is decided there."""
from __future__ import annotations

import functools

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from ..extract.api import api_form, api_page, api_url, next_api_feed
from ..extract.decode import decode_html
from ..extract.feeds import feed_form, feed_page, feed_url, is_datastore_answer, next_feed, planned_feeds
from ..extract.page import WEAK_RENDER, extract_page, merge_rendered_pages
from ..linkcheck import describe_failure
from ..model import Page

# Error pages are recorded (soft 404s, broken links); redirects stay with Scrapy's middleware.
ERROR_STATUSES = list(range(400, 600))
PRIORITY = {"menu": 30, "more": 20, "item": 10, "other": 5, "pager": 0}


def at_once(callback):
    """A callback whose outputs are all made when Scrapy calls it: which links are new, their
    trap chains and the page cap are settled per response. Scrapy takes a generator's outputs a
    few at a time (CONCURRENT_ITEMS) and would interleave the link following of responses."""
    @functools.wraps(callback)
    def run(*args, **kwargs):
        return iter(list(callback(*args, **kwargs)))
    return run


class ListReading:
    """Callbacks and requests for the further parts of lists; SiteSpider provides scheduled,
    max_pages, capped, as_of, checker, _follow, _adopt_chrome and _dispatch."""

    max_renders: int = 0
    render_off_reason: str = ""
    renders = 0
    render_capped = False
    render_failed = 0
    feed_requests = 0

    def _render_request(self, page: Page, meta: dict) -> scrapy.Request | None:
        """A browser render of a page whose list only scripts draw; or, when none can be had,
        the page marked unread (never empty) before it is saved."""
        if not page.render or page.kind not in ("list", "blank", "channel", "home"):
            return None
        column_like = page.render != WEAK_RENDER or meta.get("link_priority", 0) >= PRIORITY["more"] or \
            bool(page.breadcrumbs) or bool(page.meta.get("ColumnName")) or page.kind == "home"
        if not column_like:
            return None
        if self.max_renders <= 0:
            page.list_state = f"unread:{self.render_off_reason}"
            return None
        if self.renders >= self.max_renders:
            self.render_capped = True
            page.list_state = f"unread:已达本次扫描的渲染上限（{self.max_renders} 页）"
            return None
        self.renders += 1
        return scrapy.Request(page.final_url, callback=self.parse_rendered, dont_filter=True,
                              priority=PRIORITY["more"],
                              meta={**_carry(meta), "render": True, "dont_cache": True, "static_page": page.to_dict()})

    @at_once
    def parse_rendered(self, response: Response):
        meta = response.meta
        static = Page.from_dict(meta["static_page"])
        if meta.get("render_error"):
            self.render_failed += 1
            static.list_state = f"unread:{meta['render_error']}"
            yield static  # saved again, now saying why its list is unread
            return
        page = Page(url=static.url, final_url=static.final_url, status=static.status,
                    content_type=static.content_type, depth=static.depth, referrer=static.referrer,
                    fetch_ms=static.fetch_ms, encoding="utf-8")
        extract_page(page, response.text, self.as_of, is_home=static.kind == "home")
        merge_rendered_pages(page, meta.get("rendered_more") or [], self.as_of)
        page.read_via, page.render, page.feeds = "rendered", static.render, []
        page.source_key = static.source_key
        if page.kind != "home" and (not page.main_list or not page.main_list.items):
            page.list_state = "empty" if not meta.get("render_note") else f"unread:{meta['render_note']}"
            if page.kind == "blank":
                page.kind = "list"
        # This record replaces the static one: the text of the header/footer blocks the scan first
        # met on the static page must travel with it, or no record of the scan holds that text.
        self.seen_blocks.difference_update(key for key, text in static.chrome if text)
        self._adopt_chrome(page)
        yield page
        yield from self._follow(page, meta)
        if self.checker is not None:
            yield from self._dispatch(self.checker.targets(page))

    def _feed_requests(self, page: Page, feeds: list[dict], meta: dict, method: str | None = None):
        for feed in feeds:
            if self.scheduled >= self.max_pages:
                self.capped = True
                return
            self.scheduled += 1
            self.feed_requests += 1
            how = method or feed.get("method", "POST")
            carried = {**_carry(meta), "feed": feed, "feed_method": how, "handle_httpstatus_list": ERROR_STATUSES,
                       "referrer": page.final_url if not page.list_of else page.referrer}
            api = feed["kind"] == "api"
            if api:  # kept to render the page instead if the endpoint gives no list
                carried["static_page"] = meta.get("static_page") or page.to_dict()
            callback, errback = (self.parse_api, self.on_api_error) if api else (self.parse_feed, self.on_feed_error)
            common = {"callback": callback, "errback": errback, "dont_filter": True, "priority": PRIORITY["more"],
                      "meta": carried}
            if how == "POST":
                url, form = (feed["url"], api_form(feed)) if api else (feed_url(feed), feed_form(feed))
                yield scrapy.FormRequest(url, formdata=form, **common)
            else:
                yield scrapy.Request(api_url(feed) if api else feed_url(feed, with_form=True), **common)

    def _ask_by_get(self, feed: dict, meta: dict):
        """A data-store group the proxy would not answer by POST, asked again as a GET."""
        self.scheduled -= 1
        yield from self._feed_requests(Page(url=feed["list_of"], final_url=feed["list_of"], status=None),
                                       [feed], meta, method="GET")

    @staticmethod
    def _answer_text(response: Response) -> tuple[str, str]:
        return decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))

    @staticmethod
    def _as_fetched(page: Page, meta: dict, encoding: str) -> None:
        """A part of a list records how it was fetched, like any page."""
        page.encoding, page.depth, page.referrer = encoding, meta.get("inspector_depth", 0), meta.get("referrer")
        page.fetch_ms = int(1000 * meta.get("download_latency", 0))

    @at_once
    def parse_feed(self, response: Response):
        meta = response.meta
        feed = meta["feed"]
        text, encoding = self._answer_text(response)
        if response.status >= 400 or not is_datastore_answer(text):
            if meta["feed_method"] == "POST":  # some proxies answer only GET: ask again that way
                yield from self._ask_by_get(feed, meta)
                return
            yield Page(url=response.request.url, final_url=response.url, status=response.status, kind="error",
                       list_of=feed["list_of"], referrer=meta.get("referrer"),
                       error=f"数据接口未返回列表数据（HTTP {response.status}）")
            return
        page, total = feed_page(feed, response.request.url, response.url, response.status, text, self.as_of)
        self._as_fetched(page, meta, encoding)
        yield page
        yield from self._follow(page, meta)
        if not feed.get("planned"):  # the total was not known: ask for the next group while groups come full
            following = next_feed(feed, len(page.main_list.items) if page.main_list else 0, total)
            if following is not None:
                yield from self._feed_requests(page, planned_feeds(following), meta, method=meta["feed_method"])

    @at_once
    def parse_api(self, response: Response):
        meta = response.meta
        feed = meta["feed"]
        text, encoding = self._answer_text(response)
        page, total = api_page(feed, response.request.url, response.status, text, self.as_of) \
            if response.status < 400 else (None, None)
        if page is None:
            yield from self._api_failed(meta, f"数据接口未返回可识别的列表（HTTP {response.status}）")
            return
        self._as_fetched(page, meta, encoding)
        yield page
        yield from self._follow(page, meta)
        items = page.main_list.items if page.main_list else []
        following = next_api_feed(feed, len(items), total, items[0].url if items else None)
        if following is not None:
            yield from self._feed_requests(page, [following], meta)

    def on_api_error(self, failure: Failure):
        yield from self._api_failed(failure.request.meta, f"数据接口无法访问：{describe_failure(failure)}")

    def _api_failed(self, meta: dict, why: str):
        """The list's JSON endpoint did not give a list: on its first page, render the page
        instead; on a later page, the list read so far stands and the failure is recorded."""
        feed = meta["feed"]
        self.scheduled -= 1
        if feed["number"] > 1:
            yield Page(url=api_url(feed), final_url=api_url(feed), status=None, kind="error", error=why,
                       list_of=feed["list_of"], referrer=meta.get("referrer"))
            return
        static = Page.from_dict(meta["static_page"])
        render = self._render_request(static, meta)
        if render is not None:
            yield render
        else:
            yield static  # saved again, now saying why its list is unread

    def on_feed_error(self, failure: Failure):
        request = failure.request
        feed = request.meta["feed"]
        if request.meta.get("feed_method") == "POST":
            yield from self._ask_by_get(feed, request.meta)
            return
        response = getattr(failure.value, "response", None)
        yield Page(url=request.url, final_url=request.url, status=response.status if response else None,
                   kind="error", error=describe_failure(failure), list_of=feed["list_of"],
                   referrer=request.meta.get("referrer"))


def _carry(meta: dict) -> dict:
    """What a derived request (a render, a data-store group) keeps of the page's request."""
    return {key: meta[key] for key in ("inspector_depth", "chain", "referrer", "link_priority") if key in meta}
