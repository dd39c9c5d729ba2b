"""A stand-in for ChromiumBrowser in tests: replays recorded page results, fails where told to."""
from __future__ import annotations

from typing import Any

from .chromium import BrowserGone, BrowserOptions, BrowserUnavailable, PageFailed


class FakeBrowser:
    """pages: URL → {"fingerprint": [...], "axe": {...}, "measure": {...}} or {"error": "…"}
    (a page that fails) or {"crash": True} (the tab dies). Counts what it was asked to do."""

    engine = "FakeBrowser"

    def __init__(self, pages: dict[str, dict[str, Any]], options: BrowserOptions | None = None):
        self.pages = pages
        self.options = options
        self.opened: list[str] = []
        self.audited: list[str] = []
        self.closed = False
        self._current: dict[str, Any] = {}

    @classmethod
    def factory(cls, pages: dict[str, dict[str, Any]], unavailable: str | None = None, log: list | None = None):
        """A factory for gather_pages/run_browser_stage; `log` collects every browser it made."""
        def make(options: BrowserOptions) -> FakeBrowser:
            if unavailable:
                raise BrowserUnavailable(unavailable)
            browser = cls(pages, options)
            if log is not None:
                log.append(browser)
            return browser
        return make

    def open(self, url: str) -> str:
        self.opened.append(url)
        self._current = self.pages.get(url, {})
        if self._current.get("crash"):
            raise BrowserGone("页面无法打开：tab crashed")
        if self._current.get("error"):
            raise PageFailed(self._current["error"])
        return url

    def fingerprint(self) -> list[str]:
        return list(self._current.get("fingerprint", []))

    def audit(self) -> dict[str, Any]:
        self.audited.append(self.opened[-1])
        return {"axe": self._current.get("axe", {"testEngine": {"version": "4.14.1"}, "violations": [],
                                                "incomplete": []}),
                "measure": self._current.get("measure", {})}

    def close(self) -> None:
        self.closed = True
