"""End to end, `inspector` in a subprocess: the bundled demo site's seeded a11y / elder problems
(inspector/demo_site/README.md), two small sites it has never seen (one with the problems, one
that does it right), and a machine without a browser."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from inspector.browser.chromium import BrowserOptions, missing_browser
from tests.a11y_server import FIXTURES, StaticServer

_MISSING = missing_browser(BrowserOptions())
browser_only = pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")
pytestmark = pytest.mark.slow
MEDIA_ARTICLES = sorted(f"/art/{d}/art_1236_{n}.html" for d, n in [
    ("2021/11/3", 5710), ("2021/10/21", 5709), ("2021/9/30", 5708), ("2021/8/12", 5707), ("2021/6/25", 5706),
    ("2021/5/18", 5705), ("2021/3/9", 5704), ("2021/1/15", 5703), ("2020/12/15", 5702), ("2020/11/20", 5701)])


def only_the_missing_channel_fails(result: subprocess.CompletedProcess, doc: dict) -> None:
    """The small a11y sites offer no 政务咨询 channel: that single veto (interaction.no-channel) is
    their only one, whatever the browser checks found."""
    assert result.returncode == 1, result.stderr
    assert {f["rule"] for f in doc["findings"] if f["severity"] == "veto"} == {"interaction.no-channel"}


def run(args: list[str], cwd, env=None) -> tuple[subprocess.CompletedProcess, dict]:
    result = subprocess.run([sys.executable, "-m", "inspector", *args, "--out", "out", "--db", "h.sqlite3",
                             "--format", "json"], cwd=cwd, capture_output=True, text=True, timeout=600,
                            env={**os.environ, **(env or {})})
    return result, json.loads((cwd / "out" / "findings.json").read_text(encoding="utf-8"))


def a11y_findings(doc: dict, base: str) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["url"].removeprefix(base.rstrip("/"))) for f in doc["findings"]
                  if f["rule"].startswith(("a11y.", "elder.")) and not f["needs_review"])


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    work = tmp_path_factory.mktemp("a11y-demo")
    result, doc = run(["demo"], work)
    return result, doc, doc["site"]["start_urls"][0]


@pytest.mark.browser
@browser_only
def test_demo_seeded_problems(demo):
    result, doc, base = demo
    assert doc["a11y"]["checked"] is True, doc["a11y"]
    assert doc["a11y"]["pages_failed"] == 0 and doc["a11y"]["engine"] == "axe-core 4.14.1"
    found = a11y_findings(doc, base)
    assert ("elder.popup", "/") in found
    assert ("a11y.image-alt", "/xwdt/tpxw/") in found
    assert ("a11y.color-contrast", "/zwgk/ndbg/") in found
    assert not [f for f in found if f[0] == "elder.no-entrance"]  # 无障碍 and 关怀版 in the top bar
    [zoom] = [f for f in doc["findings"] if f["rule"] == "elder.zoom-blocked"]
    paths = sorted(p.removeprefix(base.rstrip("/")) for p in zoom["pages"])
    assert paths == MEDIA_ARTICLES and zoom["column"] == "媒体关注" and zoom["severity"] == "error"
    assert zoom["evidence"] == "width=device-width, user-scalable=no"
    [popup] = [f for f in doc["findings"] if f["rule"] == "elder.popup"]
    assert popup["selector"] == "#piaochuang" and popup["severity"] == "warning" and popup["moved"] is True
    [alt] = [f for f in doc["findings"] if f["rule"] == "a11y.image-alt"]
    assert "W020211110512003.png" in alt["context"] and "1.1.1" in alt["message"]
    checked = {p["url"].removeprefix(base.rstrip("/")) for p in doc["a11y"]["pages"]}
    assert {"/", "/xwdt/tpxw/", "/zwgk/ndbg/"} <= checked and len(checked) <= 30


@pytest.fixture(scope="module")
def small_sites(tmp_path_factory):
    scans = {}
    for name in ("bad", "good"):
        work = tmp_path_factory.mktemp(f"a11y-{name}")
        with StaticServer(FIXTURES / "sites" / name) as server:
            result, doc = run(["scan", server.base_url, "--as-of", "2021-12-31", "--fast"], work)
        scans[name] = (result, doc, server.base_url)
    return scans


@pytest.mark.browser
@browser_only
def test_unknown_site_problems_each_on_the_right_page(small_sites):
    result, doc, base = small_sites["bad"]
    only_the_missing_channel_fails(result, doc)
    assert doc["a11y"]["checked"] is True
    assert a11y_findings(doc, base) == sorted([
        ("elder.no-entrance", "/"), ("elder.popup", "/"), ("a11y.html-has-lang", "/"),
        ("a11y.image-alt", "/xwdt/"), ("a11y.color-contrast", "/xwdt/"),
        ("elder.zoom-blocked", "/xwdt/a1.html"), ("elder.small-text", "/xwdt/a1.html"),
    ])
    [zoom] = [f for f in doc["findings"] if f["rule"] == "elder.zoom-blocked"]
    assert zoom["page_count"] == 3


@pytest.mark.browser
@browser_only
def test_site_that_does_it_right_has_none_of_them(small_sites):
    result, doc, base = small_sites["good"]
    only_the_missing_channel_fails(result, doc)
    assert doc["a11y"]["checked"] is True and doc["a11y"]["pages_checked"] == 3
    assert [f for f in doc["findings"] if f["rule"].startswith(("a11y.", "elder."))] == []


def test_no_browser_on_the_machine(tmp_path):
    with StaticServer(FIXTURES / "sites" / "bad") as server:
        result, doc = run(["scan", server.base_url, "--as-of", "2021-12-31", "--fast"], tmp_path,
                          env={"INSPECTOR_CHROMIUM": "/nonexistent/chromium"})
    only_the_missing_channel_fails(result, doc)
    assert doc["a11y"]["checked"] is False and "/nonexistent/chromium" in doc["a11y"]["note"]
    assert "跳过" in result.stdout
    rules = {f["rule"] for f in doc["findings"]}
    assert {"elder.zoom-blocked", "elder.no-entrance"} <= rules  # from the saved pages
    assert not {r for r in rules if r.startswith("a11y.") or r in ("elder.popup", "elder.small-text")}


def test_no_a11y_flag(tmp_path):
    with StaticServer(FIXTURES / "sites" / "bad") as server:
        result, doc = run(["scan", server.base_url, "--as-of", "2021-12-31", "--fast", "--no-a11y"], tmp_path)
    only_the_missing_channel_fails(result, doc)
    assert doc["a11y"]["checked"] is False and "--no-a11y" in doc["a11y"]["note"]
    assert "无障碍与适老化检查" not in result.stdout
