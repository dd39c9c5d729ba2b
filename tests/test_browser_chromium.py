"""The fixture pages in real Chromium (one browser for the module): what axe-core and page.js see
on a page with known problems and on its clean counterpart; timeouts, crashes, other hosts."""
from __future__ import annotations

import json
import time
from datetime import date

import pytest

from inspector.browser.chromium import BrowserOptions, ChromiumBrowser, PageFailed, missing_browser
from inspector.browser.select import Candidate
from inspector.browser.stage import browser_options, gather_pages, trim_axe
from inspector.site_model import SiteModel
from tests.a11y_server import FIXTURES, StaticServer

_MISSING = missing_browser(BrowserOptions())
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")]


@pytest.fixture(scope="module")
def server():
    with StaticServer(FIXTURES / "pages") as srv:
        yield srv


@pytest.fixture(scope="module")
def options(server) -> BrowserOptions:
    site = SiteModel(name="fixture", start_urls=[server.base_url], as_of=date(2021, 12, 31), pages=[])
    return browser_options(site, [])


@pytest.fixture(scope="module")
def browser(options):
    chromium = ChromiumBrowser(options)
    yield chromium
    chromium.close()


def audit(browser, server, name: str) -> dict:
    browser.open(server.base_url + name)
    result = browser.audit()
    return {"axe": trim_axe(result["axe"]), "measure": result["measure"]}


def violations(result: dict) -> dict[str, list[str]]:
    return {v["id"]: [" ".join(n["target"]) for n in v["nodes"]] for v in result["axe"]["violations"]}


def test_problem_page(browser, server):
    result = audit(browser, server, "problems.html")
    assert result["axe"]["engine"] == "axe-core 4.14.1"
    assert violations(result) == {"image-alt": ["img"], "color-contrast": [".tip"], "html-has-lang": ["html"]}
    assert "对比度" in result["axe"]["violations"][0]["help"] or "替代文本" in result["axe"]["violations"][0]["help"]
    measure = result["measure"]
    assert measure["lang"] == "" and "user-scalable=no" in measure["viewport"]
    assert measure["entrances"] == [] and measure["toolbar_scripts"] == []
    [box] = measure["floating"]
    assert box["selector"] == "#piaochuang" and box["close"] is None and box["covers"]
    assert box["position"] == "fixed" and box["rect"]["width"] == 260
    assert measure["text"]["smallest"] == 9 and measure["text"]["small_chars"] >= 200


def test_clean_counterpart(browser, server):
    result = audit(browser, server, "clean.html")
    assert violations(result) == {} and result["axe"]["incomplete"] == []
    measure = result["measure"]
    assert measure["lang"] == "zh-CN" and measure["floating"] == []  # the fixed top bar is layout
    assert measure["text"]["small_chars"] == 0 and measure["text"]["sizes"] == {"18": 211}
    assert {(e["tag"], e["text"]) for e in measure["entrances"]} == {("button", "关怀版"), ("a", "无障碍")}


def test_closable_floating_window(browser, server):
    [box] = audit(browser, server, "popup_closable.html")["measure"]["floating"]
    assert box["close"] == "body > div.float-ad > span.close" and box["covers"] and box["position"] == "absolute"


def test_recorded_fixtures_match_the_live_browser(browser, server):
    """tests/test_a11y_rules.py runs on recordings; they must still be what Chromium sees."""
    for name in ("problems", "clean", "popup_closable"):
        live = audit(browser, server, f"{name}.html")
        saved = json.loads((FIXTURES / "recorded" / f"{name}.json").read_text(encoding="utf-8"))
        assert violations(live) == violations(saved), name
        assert [v["id"] for v in live["axe"]["incomplete"]] == [v["id"] for v in saved["axe"]["incomplete"]], name
        for key in ("lang", "viewport", "entrances"):
            assert live["measure"][key] == saved["measure"][key], (name, key)
        boxes = [[b["selector"] for b in result["measure"]["floating"]] for result in (live, saved)]
        assert boxes[0] == boxes[1], name
        assert live["measure"]["text"]["small_chars"] == saved["measure"]["text"]["small_chars"], name


def test_moving_floating_window_is_seen_moving(browser, server):
    result = audit(browser, server, "moving.html")
    [box] = result["measure"]["floating"]
    assert box["moved"] is True and box["close"] is None


def test_other_hosts_do_not_resolve(browser):
    started = time.monotonic()
    with pytest.raises(PageFailed, match="ERR_NAME_NOT_RESOLVED"):
        browser.open("http://www.example.com/")
    assert time.monotonic() - started < 5


def test_hang_and_crash_are_errors_for_those_pages_only(server, options):
    options = BrowserOptions(allowed_hosts=options.allowed_hosts, page_timeout=2, script_timeout=5,
                             axe_options=options.axe_options, page_config=options.page_config)
    todo = [Candidate(server.base_url + "clean.html", "list"), Candidate(server.base_url + "hang", "list"),
            Candidate("chrome://crash", "list"), Candidate(server.base_url + "problems.html", "list")]
    saved: list[dict] = []
    starts: list[ChromiumBrowser] = []

    def factory(opts):
        starts.append(ChromiumBrowser(opts))
        return starts[-1]

    summary = gather_pages(todo, options, factory, cap=10, save=lambda seq, a: saved.append(a), log=lambda _: None)
    assert [a["status"] for a in saved] == ["ok", "error", "error", "ok"]
    assert "2 秒内未加载完成" in saved[1]["error"] and saved[1]["seconds"] < 10
    assert "crashed" in saved[2]["error"]
    assert len(starts) == 2  # a new browser after the crash only
    assert summary["pages_checked"] == 2 and summary["pages_failed"] == 2
    assert len(saved[3]["axe"]["violations"]) == 3
