"""The browser stage with a fake browser: which pages, template dedupe, the cap, a failing page,
a crashing tab, no browser, --no-a11y, and rules re-run from the saved artifacts."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from inspector.browser.chromium import BrowserOptions
from inspector.browser.fake import FakeBrowser
from inspector.browser.select import Candidate, allowed_hosts, candidates, same_template
from inspector.browser.stage import browser_data, checked_urls, gather_pages, run_browser_stage
from inspector.engine import run_rules
from inspector.model import Column, Item, Page, PageList
from inspector.site_model import SiteModel
from inspector.store import History

H = "http://gov.test"
TRS = ["div.header", "div.nav", "div.sidebar", "div.footer", "h1.title"]
DAHAN = ["div.top", "div.menu", "div.title", "div.bottom"]


def page(path: str, kind: str, title: str = "", items: list[str] = ()) -> Page:
    lists = [PageList(items=[Item(title=i, url=H + i, date="2021-12-01") for i in items], main=True)] if items else []
    return Page(url=H + path, final_url=H + path, status=200, kind=kind, title=title or path, lists=lists)


def demo_site() -> SiteModel:
    pages = [page("/", "home", "首页"),
             page("/gzdt/", "list", "工作动态", ["/gzdt/1.html", "/gzdt/2.html"]),
             page("/qxdt/", "list", "区县动态", ["/qxdt/1.html"]),
             page("/tzgg/", "list", "通知公告", ["/tzgg/1.html"]),
             page("/gzdt/1.html", "article"), page("/gzdt/2.html", "article"),
             page("/qxdt/1.html", "article"), page("/tzgg/1.html", "article"),
             page("/jggk/", "single", "机构概况")]
    site = SiteModel(name="示例", start_urls=[H + "/"], as_of=date(2021, 12, 31), pages=pages)
    site.columns = [Column(name=n, url=H + u, type="dynamic", item_count=1, latest_date="2021-12-01", window_days=14,
                           status="ok", pages=[H + u]) for n, u in (("工作动态", "/gzdt/"), ("区县动态", "/qxdt/"),
                                                                   ("通知公告", "/tzgg/"))]
    return site


RECORDED = {
    H + "/": {"fingerprint": ["div.top-home"], "measure": {"floating": [
        {"selector": "#piaochuang", "html": '<div id="piaochuang">', "covers": "div.news", "close": None,
         "rect": {"left": 20, "top": 160, "width": 240, "height": 120}, "share": 0.03, "moved": True}]}},
    H + "/gzdt/1.html": {"fingerprint": TRS},
    H + "/qxdt/1.html": {"fingerprint": DAHAN},
    H + "/tzgg/1.html": {"fingerprint": TRS[:-1] + ["div.article-title"]},  # 4/6 shared: its own template
    H + "/jggk/": {"fingerprint": TRS + ["div.extra"]},  # 5/6 shared with gzdt: same template
}


def test_candidates_in_order_home_templates_lists():
    found = candidates(demo_site())
    assert [(c.url.removeprefix(H), c.role, c.column) for c in found] == [
        ("/", "home", None),
        ("/gzdt/1.html", "template", "工作动态"), ("/qxdt/1.html", "template", "区县动态"),
        ("/tzgg/1.html", "template", "通知公告"), ("/jggk/", "template", None),
        ("/gzdt/", "list", "工作动态"), ("/qxdt/", "list", "区县动态"), ("/tzgg/", "list", "通知公告"),
    ]


def test_candidates_are_the_same_from_the_history(tmp_path):
    """Read from the history (the single and channel pages found by kind in SQL), the pages give
    the same candidates as held in memory."""
    from inspector.site_model import StoredPages

    held = demo_site()
    history = History(tmp_path / "h.sqlite3")
    scan_id = history.start_scan("示例", [H + "/"], "2021-12-31", "2021-12-31T02:00:00+08:00", str(tmp_path), {})
    for saved in held.pages:
        history.add_page(scan_id, saved)
    history.add_page(scan_id, page("/ldjj/", "channel", "领导简介"))
    history.commit()
    history.index_keys(scan_id)
    stored = SiteModel(name="示例", start_urls=[H + "/"], as_of=date(2021, 12, 31), pages=StoredPages(history, scan_id),
                       columns=held.columns)
    found = [(c.url, c.role, c.column) for c in candidates(stored)]
    expected = [(c.url, c.role, c.column) for c in candidates(held)]
    assert found == expected[:5] + [(H + "/ldjj/", "template", None)] + expected[5:]
    history.close()


def test_templates_are_deduplicated_by_skeleton():
    browsers: list[FakeBrowser] = []
    saved: list[dict] = []
    summary = gather_pages(candidates(demo_site()), BrowserOptions(), FakeBrowser.factory(RECORDED, log=browsers),
                           cap=30, save=lambda seq, a: saved.append(a), log=lambda _: None)
    assert [a["url"].removeprefix(H) for a in saved] == ["/", "/gzdt/1.html", "/qxdt/1.html", "/tzgg/1.html",
                                                         "/gzdt/", "/qxdt/", "/tzgg/"]
    assert summary["same_template"] == [{"url": H + "/jggk/", "same_as": H + "/gzdt/1.html"}]
    assert summary["pages_checked"] == 7 and summary["pages_failed"] == 0 and summary["checked"] is True
    assert len(browsers) == 1 and browsers[0].closed  # one browser for the whole stage
    assert H + "/jggk/" in browsers[0].opened and H + "/jggk/" not in browsers[0].audited


def test_similarity_threshold():
    assert same_template(set(TRS), {"a": set(TRS + ["x"])}) == "a"
    assert same_template(set(TRS), {"a": set(DAHAN)}) is None


def test_cap_counts_checked_pages():
    saved: list[dict] = []
    summary = gather_pages(candidates(demo_site()), BrowserOptions(), FakeBrowser.factory(RECORDED), cap=3,
                           save=lambda seq, a: saved.append(a), log=lambda _: None)
    assert len(saved) == 3 and summary["capped"] is True


def test_a_failing_page_is_an_error_for_that_page_only():
    pages = dict(RECORDED)
    pages[H + "/qxdt/1.html"] = {"error": "页面在 20 秒内未加载完成"}
    saved: list[dict] = []
    summary = gather_pages(candidates(demo_site()), BrowserOptions(), FakeBrowser.factory(pages), cap=30,
                           save=lambda seq, a: saved.append(a), log=lambda _: None)
    failed = [a for a in saved if a["status"] == "error"]
    assert [(a["url"], a["error"]) for a in failed] == [(H + "/qxdt/1.html", "页面在 20 秒内未加载完成")]
    assert summary["pages_failed"] == 1 and summary["pages_checked"] == len(saved) - 1 == 6


def test_a_crashed_tab_gets_a_new_browser_and_the_others_go_on():
    pages = dict(RECORDED)
    pages[H + "/gzdt/1.html"] = {"crash": True}
    browsers: list[FakeBrowser] = []
    saved: list[dict] = []
    gather_pages(candidates(demo_site()), BrowserOptions(), FakeBrowser.factory(pages, log=browsers), cap=30,
                 save=lambda seq, a: saved.append(a), log=lambda _: None)
    assert len(browsers) == 2 and all(b.closed for b in browsers)
    assert saved[1]["status"] == "error" and "tab crashed" in saved[1]["error"] and "browser_gone" not in saved[1]
    assert [a["status"] for a in saved[2:]] == ["ok"] * (len(saved) - 2)


def test_a_browser_that_keeps_crashing_is_given_up():
    pages = {url: {"crash": True} for url in [c.url for c in candidates(demo_site())]}
    browsers: list[FakeBrowser] = []
    summary = gather_pages(candidates(demo_site()), BrowserOptions(), FakeBrowser.factory(pages, log=browsers), cap=30,
                           save=lambda seq, a: None, log=lambda _: None)
    assert len(browsers) == 4 and "多次崩溃" in summary["note"]


def config(**fields) -> SimpleNamespace:
    return SimpleNamespace(**{"no_a11y": False, "a11y_max_pages": 30, "extra_hosts": [], **fields})


def stage_site(tmp_path, **fields):
    history = History(tmp_path / "h.sqlite3")
    scan_id = history.start_scan("示例", [H + "/"], "2021-12-31", "s", str(tmp_path), {})
    return history, scan_id


def test_no_browser_skips_with_a_note_and_static_checks_still_run(tmp_path):
    history, scan_id = stage_site(tmp_path)
    site = demo_site()
    site.pages[0].links = [(H + "/news/", "新闻", "a")]
    note = "未找到 /usr/bin/chromium，已跳过浏览器无障碍与适老化检查"
    section = run_browser_stage(config(), history, scan_id, site, factory=FakeBrowser.factory({}, unavailable=note))
    assert section["checked"] is False and note in section["note"] and "elder.no-entrance" in section["note"]
    findings, errors = run_rules(site)
    assert errors == []
    assert "elder.no-entrance" in {f.rule for f in findings}  # from the saved homepage


def test_a_bug_in_the_browser_stage_does_not_lose_the_scan(tmp_path, capsys):
    history, scan_id = stage_site(tmp_path)

    def broken(options):
        raise RuntimeError("boom")

    section = run_browser_stage(config(), history, scan_id, demo_site(), factory=broken)
    assert section["checked"] is False and "RuntimeError: boom" in section["note"]
    assert "浏览器检查出错" in capsys.readouterr().err


def test_no_a11y_opens_no_browser(tmp_path):
    history, scan_id = stage_site(tmp_path)
    browsers: list[FakeBrowser] = []
    section = run_browser_stage(config(no_a11y=True), history, scan_id, demo_site(),
                                factory=FakeBrowser.factory(RECORDED, log=browsers))
    assert browsers == [] and section["checked"] is False and "--no-a11y" in section["note"]


def test_saved_results_are_read_back_and_rules_rerun_offline(tmp_path):
    history, scan_id = stage_site(tmp_path)
    site = demo_site()
    run_browser_stage(config(), history, scan_id, site, factory=FakeBrowser.factory(RECORDED))
    first, _ = run_rules(site)
    popups = [f for f in first if f.rule == "elder.popup"]
    assert [(f.url, f.selector) for f in popups] == [(H + "/", "#piaochuang")] and "会在页面上移动" in popups[0].message
    # later (e.g. a re-run of the rules on a finished scan): no browser, the saved artifacts only
    again = demo_site()
    section = run_browser_stage(config(), history, scan_id, again, gather=False,
                                factory=FakeBrowser.factory({}, unavailable="不应启动浏览器"))
    assert section["checked"] is True and len(section["pages"]) == 7
    second, _ = run_rules(again)
    assert sorted(f.id for f in first) == sorted(f.id for f in second)
    assert browser_data(again).pages == browser_data(site).pages


def test_no_page_to_check_starts_no_browser(tmp_path):
    history, scan_id = stage_site(tmp_path)
    site = SiteModel(name="示例", start_urls=[H + "/"], as_of=date(2021, 12, 31),
                     pages=[Page(url=H + "/", final_url=H + "/", status=None, kind="error")])
    browsers: list[FakeBrowser] = []
    section = run_browser_stage(config(), history, scan_id, site, factory=FakeBrowser.factory({}, log=browsers))
    assert browsers == [] and section["checked"] is False and "首页未能抓取" in section["note"]


def test_interrupted_scan_without_browser_results(tmp_path):
    history, scan_id = stage_site(tmp_path)
    section = run_browser_stage(config(), history, scan_id, demo_site(), gather=False)
    assert section["checked"] is False and "扫描未完成" in section["note"]


def test_allowed_hosts_keep_the_site_and_its_sibling_hosts():
    assert allowed_hosts(["http://127.0.0.1:8000/"], []) == ("127.0.0.1",)
    assert allowed_hosts(["https://www.example.gov.cn/"], ["xxgk.example.gov.cn"]) == (
        "www.example.gov.cn", "*.example.gov.cn", "xxgk.example.gov.cn")


def test_candidate_roles():
    assert Candidate(H, "template").dedupe and not Candidate(H, "list").dedupe and not Candidate(H, "home").dedupe


def test_checked_urls_for_new_and_fixed():
    section = {"checked": True, "pages": [{"url": H + "/a", "final_url": H + "/a/", "status": "ok"},
                                          {"url": H + "/b", "final_url": H + "/b", "status": "error"}]}
    assert checked_urls(section) == {H + "/a", H + "/a/"}
    assert checked_urls({"checked": False, "note": "…"}) == set()
