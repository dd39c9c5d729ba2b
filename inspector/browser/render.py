"""Lists that only a browser can show: load the page in the scan's one headless Chromium, wait
until its scripts have fetched and drawn the list, and hand back the rendered document; then
press its script-driven 下一页 button page after page and hand back each state of the list.

Used from one thread only (the browser follows the thread that started it), by
inspector.render.RenderMiddleware during the crawl.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .chromium import BrowserOptions, BrowserUnavailable, ChromiumBrowser, PageFailed

# Counts the page's requests in flight (fetch and XMLHttpRequest) from before its own scripts run.
PENDING_COUNTER = """
(function () {
  if (window.__inspectorPending !== undefined) return;
  window.__inspectorPending = 0;
  var done = function () { window.__inspectorPending = Math.max(0, window.__inspectorPending - 1); };
  if (window.fetch) {
    var realFetch = window.fetch;
    window.fetch = function () {
      window.__inspectorPending++;
      return realFetch.apply(this, arguments).then(function (r) { done(); return r; },
                                                   function (e) { done(); throw e; });
    };
  }
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function () {
    window.__inspectorPending++;
    this.addEventListener("loadend", done);
    return send.apply(this, arguments);
  };
})();
"""
STATE = """
var links = [];
document.querySelectorAll("a[href]").forEach(function (a) { links.push(a.getAttribute("href")); });
return [window.__inspectorPending || 0, document.readyState, document.getElementsByTagName("*").length,
        document.body ? document.body.innerText.length : 0, links.join("\\n")];
"""
# The pager's next button when it is a script (no real address to follow): click it. The
# innermost element that says 下一页 is clicked (a wrapper <div class="next"> around the button
# would take the click without passing it down; a click on the inner element bubbles up).
NEXT_BUTTON = r"""
var pattern = /^\s*(下一页|下页|后一页|next|›|»|>|＞)\s*[>＞»›]*\s*$/i;
var selector = "a, button, span, li, input[type=button], div";
var says = function (el) { return pattern.test((el.tagName === "INPUT" ? el.value : el.innerText) || ""); };
var real = function (el) {
  var href = el ? (el.getAttribute("href") || "").trim() : "";
  return href && href !== "#" && href.indexOf("javascript") !== 0;
};
var all = document.querySelectorAll(selector);
for (var i = 0; i < all.length; i++) {
  var el = all[i];
  if (!says(el) || el.children.length > 2) continue;
  if (Array.prototype.some.call(el.querySelectorAll(selector), says)) continue;  /* an inner one says it */
  if (real(el) || real(el.closest("a[href]"))) continue;  /* the crawler follows real links */
  var marks = (el.className || "") + " " + (el.parentElement ? el.parentElement.className || "" : "");
  if (el.disabled || /disabled|unable|gray|grey/i.test(marks) || el.getAttribute("aria-disabled") === "true") continue;
  var box = el.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) continue;
  el.click();
  return true;
}
return false;
"""


@dataclass
class Rendered:
    final_url: str
    snapshots: list[str] = field(default_factory=list)  # the document after load, then after each 下一页
    seconds: float = 0.0
    note: str = ""  # why paging stopped early, if it did


class ListRenderer:
    """Starts Chromium on first use; render(url) → Rendered. BrowserUnavailable when it cannot
    start (remembered: later calls fail at once), PageFailed for one page."""

    def __init__(self, options: BrowserOptions, factory: Callable[[BrowserOptions], Any] = ChromiumBrowser,
                 settle_seconds: float = 10.0, max_clicks: int = 50, budget_seconds: float = 90.0):
        self.options = options
        self.factory = factory
        self.settle_seconds = settle_seconds
        self.max_clicks = max_clicks
        self.budget_seconds = budget_seconds
        self.browser = None
        self.unavailable: str | None = None

    def _driver(self):
        if self.unavailable:
            raise BrowserUnavailable(self.unavailable)
        if self.browser is None:
            try:
                self.browser = self.factory(self.options)
            except BrowserUnavailable as exc:
                self.unavailable = str(exc)
                raise
            driver = self.browser.driver
            try:
                driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PENDING_COUNTER})
            except Exception:  # noqa: BLE001 - without CDP the render still settles on a quiet DOM
                pass
        return self.browser.driver

    def render(self, url: str) -> Rendered:
        started = time.monotonic()
        driver = self._driver()
        final_url = self.browser.open(url)
        result = Rendered(final_url=final_url)
        state = self._settle(driver)
        result.snapshots.append(self._document(driver))
        seen = {state[-1]}
        for _ in range(self.max_clicks):
            if time.monotonic() - started > self.budget_seconds:
                result.note = f"翻页用时超过 {self.budget_seconds:.0f} 秒，其余页未读取"
                break
            try:
                clicked = driver.execute_script(NEXT_BUTTON)
            except Exception:  # noqa: BLE001 - a pager that breaks ends the paging, not the render
                result.note = "翻页按钮无法点击"
                break
            if not clicked:
                break
            state = self._settle(driver)
            if state[-1] in seen:  # the list did not change: last page, or a button that does nothing
                break
            seen.add(state[-1])
            result.snapshots.append(self._document(driver))
        else:
            result.note = f"已翻 {self.max_clicks} 页，其余页未读取"
        result.seconds = round(time.monotonic() - started, 2)
        return result

    def _settle(self, driver) -> list:
        """Wait until no request is in flight and the document has stopped changing."""
        deadline = time.monotonic() + self.settle_seconds
        last, stable = None, 0
        while True:
            try:
                state = driver.execute_script(STATE)
            except Exception as exc:  # noqa: BLE001 - the page went away under us
                raise PageFailed(f"页面渲染出错：{str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__}") from None
            quiet = state[0] == 0 and state[1] == "complete"
            stable = stable + 1 if quiet and state[1:] == (last[1:] if last else None) else 0
            last = state
            if stable >= 3 or time.monotonic() > deadline:
                return state
            time.sleep(0.15)

    @staticmethod
    def _document(driver) -> str:
        return str(driver.execute_script("return '<!DOCTYPE html>' + document.documentElement.outerHTML;"))

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None
