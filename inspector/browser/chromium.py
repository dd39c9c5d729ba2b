"""Debian's headless Chromium driven by Selenium: opens pages, runs axe-core 4.x and page.js.

One ChromiumBrowser per scan, reused across pages. It never downloads anything: the driver is
given explicitly (Selenium Manager stays off), axe-core is the vendored copy, the profile is a
fresh temp dir, Chromium's own background traffic is switched off and every host but the site's
resolves to nothing, so a page's third-party scripts and ads are not fetched either.
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
AXE_DIR = HERE / "axe-core"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WINDOW = (1366, 768)  # the most common desktop size on Chinese government sites' statistics
_GONE = ("invalid session id", "chrome not reachable", "tab crashed", "target crashed", "disconnected",
         "session deleted", "no such window", "target window already closed", "connection refused")


class BrowserUnavailable(Exception):
    """No usable browser: the browser checks are skipped, the scan goes on."""


class PageFailed(Exception):
    """This page could not be checked (timeout, crash, script error); the others go on."""


class BrowserGone(PageFailed):
    """The browser or its tab died: start a new one before the next page."""


@dataclass
class BrowserOptions:
    chromium: str = field(default_factory=lambda: os.environ.get("INSPECTOR_CHROMIUM", CHROMIUM))
    chromedriver: str = field(default_factory=lambda: os.environ.get("INSPECTOR_CHROMEDRIVER", CHROMEDRIVER))
    allowed_hosts: tuple[str, ...] = ()  # hosts the page may load from; empty = no restriction
    page_timeout: float = 20.0
    script_timeout: float = 30.0
    axe_options: dict[str, Any] = field(default_factory=dict)
    page_config: dict[str, Any] = field(default_factory=dict)  # thresholds and patterns for page.js


def missing_browser(options: BrowserOptions) -> str | None:
    """Why the browser checks cannot run here, in one Chinese sentence, or None."""
    for path in (options.chromium, options.chromedriver):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return (f"未找到 {path}，已跳过浏览器无障碍与适老化检查（安装：bash scripts/setup.sh，"
                    f"或 apt-get install chromium chromium-driver）")
    try:
        import axe_selenium_python  # noqa: F401 - only checking that it is installed
        import selenium  # noqa: F401
    except ImportError as exc:
        return f"缺少 Python 包 {exc.name}，已跳过浏览器无障碍与适老化检查（pip install -e .）"
    return None


def chromium_flags(profile_dir: str, allowed_hosts: tuple[str, ...]) -> list[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={profile_dir}", f"--window-size={WINDOW[0]},{WINDOW[1]}",
             "--no-default-browser-check", "--disable-default-apps", "--disable-extensions", "--mute-audio",
             "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only",
             "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
             "--hide-scrollbars"]
    if allowed_hosts:
        excluded = ", ".join(f"EXCLUDE {host}" for host in allowed_hosts)
        flags.append(f"--host-resolver-rules=MAP * ~NOTFOUND, {excluded}")
    return flags


@cache
def _axe_locale() -> dict[str, Any]:
    return json.loads((AXE_DIR / "zh_CN.json").read_text(encoding="utf-8"))


@cache
def _page_script() -> str:
    return (HERE / "page.js").read_text(encoding="utf-8")


def _axe_class():
    from axe_selenium_python import Axe

    class VendoredAxe(Axe):
        """axe-selenium-python with the vendored axe-core 4.x, read once, and a run that reports
        axe's own errors instead of waiting for the script timeout."""

        _source: str | None = None

        def inject(self) -> None:
            if VendoredAxe._source is None:
                VendoredAxe._source = Path(self.script_url).read_text(encoding="utf-8")
            self.selenium.execute_script(VendoredAxe._source)
            self.selenium.execute_script("axe.configure({locale: arguments[0]});", _axe_locale())

        def run(self, context=None, options=None):
            return self.selenium.execute_async_script(
                "var done = arguments[arguments.length - 1];"
                "axe.run(document, arguments[0]).then(function (r) { done(r); },"
                " function (e) { done({error: String(e)}); });", options or {})

    return VendoredAxe


class ChromiumBrowser:
    """A running Chromium. open() a page, then fingerprint() and audit() it."""

    def __init__(self, options: BrowserOptions):
        reason = missing_browser(options)
        if reason:
            raise BrowserUnavailable(reason)
        os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never go online
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service

        self.options = options
        self.workdir = tempfile.mkdtemp(prefix="inspector-chromium-")
        self.profile = os.path.join(self.workdir, "profile")
        chromium, chromedriver = options.chromium, options.chromedriver
        if shutil.which("setpriv"):  # a killed scan must not leave a browser behind
            chromium = _die_with_parent(self.workdir, "chromium", chromium)
            chromedriver = _die_with_parent(self.workdir, "chromedriver", chromedriver)
        chrome = webdriver.ChromeOptions()
        chrome.binary_location = chromium
        for flag in chromium_flags(self.profile, options.allowed_hosts):
            chrome.add_argument(flag)
        chrome.set_capability("unhandledPromptBehavior", "dismiss")  # alert() on load must not block
        chrome.page_load_strategy = "normal"
        try:
            self.driver = webdriver.Chrome(service=Service(chromedriver), options=chrome)
        except WebDriverException as exc:
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise BrowserUnavailable(f"无法启动 Chromium，已跳过浏览器检查：{_first_line(exc)}") from None
        self.driver.set_page_load_timeout(options.page_timeout)
        self.driver.set_script_timeout(options.script_timeout)
        self.version = str(self.driver.capabilities.get("browserVersion", ""))
        self.axe = _axe_class()(self.driver, script_url=str(AXE_DIR / "axe.min.js"))

    @property
    def engine(self) -> str:
        return f"Chromium {self.version}"

    def open(self, url: str) -> str:
        """Load a page; its final URL. PageFailed on timeout or a load error."""
        from selenium.common.exceptions import TimeoutException, WebDriverException

        try:
            self.driver.get(url)
            return str(self.driver.current_url)
        except TimeoutException:
            self._reset()
            raise PageFailed(f"页面在 {self.options.page_timeout:g} 秒内未加载完成") from None
        except WebDriverException as exc:
            raise self._failure(exc, "页面无法打开") from None

    def fingerprint(self) -> list[str]:
        return list(self._script("fingerprint") or [])

    def audit(self) -> dict[str, Any]:
        """page.js measurements, then axe-core, then where the floating windows went meanwhile."""
        from selenium.common.exceptions import TimeoutException, WebDriverException

        measure = self._script("measure") or {}
        try:
            self.axe.inject()
            axe = self.axe.run(options=self.options.axe_options)
        except TimeoutException:
            self._reset()
            raise PageFailed(f"axe-core 在 {self.options.script_timeout:g} 秒内未完成") from None
        except WebDriverException as exc:
            raise self._failure(exc, "axe-core 运行出错") from None
        if not isinstance(axe, dict) or axe.get("error"):
            raise PageFailed(f"axe-core 运行出错：{axe.get('error') if isinstance(axe, dict) else axe}")
        if measure.get("floating"):
            for box, rect in zip(measure["floating"], self._script("recheck") or [], strict=False):
                box["moved"] = bool(rect) and (rect["left"], rect["top"]) != (box["rect"]["left"], box["rect"]["top"])
        return {"axe": axe, "measure": measure}

    def close(self) -> None:
        try:
            self.driver.quit()
        except Exception:  # noqa: BLE001 - a dead browser is closed already
            pass
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _script(self, command: str) -> Any:
        from selenium.common.exceptions import TimeoutException, WebDriverException

        try:
            return self.driver.execute_script(_page_script(), command, self.options.page_config)
        except TimeoutException:
            self._reset()
            raise PageFailed("页面脚本长时间无响应") from None
        except WebDriverException as exc:
            raise self._failure(exc, "页面测量出错") from None

    def _reset(self) -> None:
        """After a timeout: stop the load; if even that fails, the tab is stuck and must go."""
        try:
            self.driver.get("about:blank")
        except Exception as exc:  # noqa: BLE001 - any failure here means the tab is unusable
            raise BrowserGone(f"页面超时后浏览器无响应：{_first_line(exc)}") from None

    def _failure(self, exc: Exception, what: str) -> PageFailed:
        text = _first_line(exc)
        gone = any(marker in text.lower() for marker in _GONE)
        return (BrowserGone if gone else PageFailed)(f"{what}：{text}")


def _die_with_parent(workdir: str, name: str, binary: str) -> str:
    """A wrapper that runs `binary` with a parent-death signal: when the scan process is killed
    (even with SIGKILL), chromedriver dies with it, and Chromium with chromedriver. The signal
    follows the thread that started the browser: start and use a browser from one thread."""
    path = os.path.join(workdir, name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f'#!/bin/sh\nexec setpriv --pdeathsig KILL -- {shlex.quote(binary)} "$@"\n')
    os.chmod(path, 0o700)
    return path


def _first_line(exc: Exception) -> str:
    message = getattr(exc, "msg", None) or str(exc)
    return (message.strip().splitlines() or [type(exc).__name__])[0][:200]
