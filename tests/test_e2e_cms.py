"""End to end: scans of a county site built on real CMS platforms (tests/cmssite.py). Every
article the site lists is fetched, whichever way its list is published; each column gets the
status its pages prove; seeded text problems that only a data store, a pager script or an API
reaches are found; a list only a browser can show is never called empty without one."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from inspector.browser.chromium import BrowserOptions, missing_browser
from tests import cmssite

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site():
    data = cmssite.CmsSite()
    server = cmssite.Server(data)
    yield server
    server.stop()


def scan(site, work, *options) -> dict:
    result = subprocess.run([sys.executable, "-m", "inspector", "scan", site.base + "/", "--as-of",
                             cmssite.AS_OF.isoformat(), "--out", "out", "--db", "h.sqlite3", "--format", "json",
                             "--no-a11y", "--fast", *options], cwd=work, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads((work / "out" / "findings.json").read_text(encoding="utf-8"))


def fetched(doc_work) -> set[str]:
    import sqlite3

    rows = sqlite3.connect(doc_work / "h.sqlite3").execute("SELECT url, kind FROM pages").fetchall()
    return {url for url, kind in rows if kind not in ("error", "binary")}


def columns(doc: dict, base: str) -> dict[str, dict]:
    return {c["url"].removeprefix(base): c for c in doc["columns"]}


def seeded_found(doc: dict, base: str) -> dict[str, str]:
    return {f["evidence"]: f["url"].removeprefix(base) for f in doc["findings"] if f["rule"].startswith("text.")}


@pytest.fixture(scope="module")
def unrendered(site, tmp_path_factory):
    work = tmp_path_factory.mktemp("cms_norender")
    return scan(site, work, "--no-render"), work


def test_every_article_of_data_stores_and_script_pagers_is_fetched(site, unrendered):
    doc, work = unrendered
    got = {u.removeprefix(site.base) for u in fetched(work)}
    for column in ("col1234", "col88", "gzdt", "tjsj"):
        missing = set(site.site.by_column[column]) - got
        assert not missing, f"{column}: {sorted(missing)[:5]}"
    # the POST-only proxy was asked by POST, the GET-only one fell back to GET
    methods = {(m, p) for m, p in site.site.requests if "dataproxy" in p}
    assert ("POST", "/module/web/jpage/dataproxy.jsp") in methods
    assert ("GET", "/module/jslib/jpage/dataproxy.jsp") in methods


def test_column_statuses_rest_on_what_was_read(site, unrendered):
    doc, _ = unrendered
    cols = columns(doc, site.base)
    expect = {"/col/col1234/": ("ok", "datastore", cmssite.JCMS_TOTAL), "/col/col88/": ("ok", "datastore", cmssite.GET_TOTAL),
              "/zwgk/gzdt/": ("ok", "script-pager", cmssite.TRS_PAGES * cmssite.TRS_PER_PAGE),
              "/tjsj/": ("ok", "html", 3), "/col/col55/": ("empty", "datastore", 0), "/ghjh/": ("empty", "html", 0),
              "/zcjd/": ("ok", "api", sum(cmssite.API_ROWS)), "/xxgkml/": ("empty", "api", 0),
              "/bmwj/": ("unreadable", "html", 0), "/gfxwj/": ("unreadable", "html", 0)}
    assert {u: (c["status"], c["read_via"], c["item_count"]) for u, c in cols.items()} == expect
    assert cols["/tjsj/"]["dates_from"] == "articles" and "接口" in cols["/xxgkml/"]["evidence"]
    newest = (cmssite.AS_OF - cmssite.timedelta(days=2)).isoformat()
    assert all(cols[u]["latest_date"] == newest for u in ("/col/col1234/", "/col/col88/", "/zwgk/gzdt/", "/tjsj/"))


def test_unread_lists_are_reviewed_not_counted(site, unrendered):
    doc, _ = unrendered
    unread = {f["url"].removeprefix(site.base): f for f in doc["findings"] if f["rule"] == "column.unreadable"}
    assert set(unread) == {"/bmwj/", "/gfxwj/"}
    assert all(f["needs_review"] and "--no-render" in f["message"] for f in unread.values())
    empty = {f["url"].removeprefix(site.base) for f in doc["findings"] if f["rule"] == "column.empty"}
    assert empty == {"/col/col55/", "/ghjh/", "/xxgkml/"}
    indicator = {i["id"]: i for i in doc["verdict"]["indicators"]}["columns.empty"]
    assert indicator["count"] == 3


def test_seeded_text_behind_data_stores_and_pagers_is_found(site, unrendered):
    doc, _ = unrendered
    found = seeded_found(doc, site.base)
    for text in (cmssite.SERIOUS, cmssite.GET_ONLY_SERIOUS, cmssite.TYPO, cmssite.NOTICE_SERIOUS, cmssite.FORMULA):
        assert found.get(text) == site.site.seeded[text], text
    assert cmssite.RENDER_ONLY not in found  # its list is drawn from an address only a browser finds


def test_api_lists_are_paged_without_a_browser(site, unrendered):
    doc, work = unrendered
    got = {u.removeprefix(site.base) for u in fetched(work)}
    assert set(site.site.by_column["zcjd"]) <= got
    asked = [p for m, p in site.site.requests if p == "/api/zcjd"]
    assert len(asked) >= len(cmssite.API_ROWS)  # page 1 and page 2 (the total ends the paging)
    assert doc["stats"]["lists"]["renders"] == 0


needs_browser = pytest.mark.skipif(missing_browser(BrowserOptions()) is not None, reason="Chromium not installed")


@pytest.fixture(scope="module")
def rendered(site, tmp_path_factory):
    work = tmp_path_factory.mktemp("cms_render")
    return scan(site, work), work


@pytest.mark.browser
@needs_browser
def test_script_fed_lists_are_rendered_and_paged(site, rendered):
    doc, work = rendered
    cols = columns(doc, site.base)
    assert (cols["/bmwj/"]["status"], cols["/bmwj/"]["read_via"], cols["/bmwj/"]["item_count"]) == \
        ("ok", "rendered", sum(cmssite.API_ROWS))
    assert (cols["/gfxwj/"]["status"], cols["/gfxwj/"]["read_via"]) == ("empty", "rendered")
    assert "渲染" in cols["/gfxwj/"]["evidence"]
    assert (cols["/zcjd/"]["status"], cols["/zcjd/"]["read_via"]) == ("ok", "api")  # no render where the API answers
    got = {u.removeprefix(site.base) for u in fetched(work)}
    assert set(site.site.by_column["bmwj"]) <= got
    assert seeded_found(doc, site.base).get(cmssite.RENDER_ONLY) == site.site.seeded[cmssite.RENDER_ONLY]
    assert not [f for f in doc["findings"] if f["rule"] == "column.unreadable"]
    assert doc["stats"]["lists"]["renders"] == 2 and not doc["stats"]["lists"]["render_capped"]


@pytest.mark.browser
@needs_browser
def test_render_cap_leaves_lists_unread_and_says_so(site, tmp_path):
    (tmp_path / "site.toml").write_text(f'[site]\nstart_urls = ["{site.base}/"]\n[render]\nmax_pages = 1\n',
                                        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "inspector", "scan", "--config", "site.toml", "--as-of",
                             cmssite.AS_OF.isoformat(), "--out", "out", "--db", "h.sqlite3", "--no-a11y", "--fast"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    doc = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    statuses = sorted(c["status"] for c in doc["columns"] if c["url"].removeprefix(site.base) in ("/bmwj/", "/gfxwj/"))
    assert "unreadable" in statuses and doc["stats"]["lists"]["render_capped"] is True
    assert "渲染上限" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
