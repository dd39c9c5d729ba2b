"""Lists as real CMS platforms publish them (shared/spec/cms-patterns.md): JCMS data stores, TRS
pager scripts and document.write dates, script-fed lists, card and table markup. Each fixture in
tests/fixtures/cms/ is one variant; expected values are read off its markup."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from inspector.columns import build_columns
from inspector.extract.feeds import feed_form, feed_page, feed_url, next_feed, planned_feeds
from inspector.extract.page import WEAK_RENDER, extract_page
from inspector.extract.scripts import script_output
from inspector.model import Page
from inspector.site_model import build_site
from rules.column import empty, unreadable
from rules.site import verdict

CMS = Path(__file__).resolve().parent / "fixtures" / "cms"
SITE = "http://www.qingshan.gov.cn"
AS_OF = date(2022, 7, 1)


def page_of(name: str, url: str, encoding: str = "utf-8", text: str | None = None) -> Page:
    page = Page(url=url, final_url=url, status=200)
    return extract_page(page, text if text is not None else (CMS / name).read_text(encoding=encoding), AS_OF)


def main_items(page: Page) -> list[tuple[str, str, str | None]]:
    assert page.main_list is not None, "no main list found"
    return [(i.title, i.url, i.date) for i in page.main_list.items]


def records_in(name: str) -> list[tuple[str, str]]:
    """(href, date text) of each record of a fixture's data store, read with a plain regex."""
    raw = (CMS / name).read_text(encoding="utf-8").replace("&lt;", "<").replace("&gt;", ">")
    return re.findall(r"href=['\"](/art/[^'\"]+)['\"].*?(\d{4}[-年]\d{2}[-月]\d{2}日?|\[\d{2}-\d{2}\])", raw)


# --- 大汉 JCMS data stores ------------------------------------------------------------------------

def test_jcms_inline_records_become_the_list_and_the_rest_is_asked_from_the_proxy():
    url = SITE + "/col/col1234/index.html"
    page = page_of("jcms_li.html", url)
    records = records_in("jcms_li.html")
    assert [u for _, u, _ in main_items(page)] == [SITE + href for href, _ in records]
    assert [d for _, _, d in main_items(page)] == [d for _, d in records]
    assert page.kind == "list" and page.read_via == "datastore"
    [feed] = page.feeds
    assert feed["proxy"] == SITE + "/module/web/jpage/dataproxy.jsp"
    assert feed["start"] == len(records) + 1 and feed["total"] == 7 and feed["per_page"] == 3
    form = feed_form(feed)
    assert form["columnid"] == "1234" and form["unitid"] == "4321" and form["webname"] == "青山县" and form["col"] == "1"
    assert "page" not in form
    groups = planned_feeds(feed)
    asked = [re.search(r"startrecord=(\d+)&endrecord=(\d+)", feed_url(g)).groups() for g in groups]
    assert asked == [("4", "6"), ("7", "7")]  # records 4–7 of 7, in groups of 3


def test_jcms_table_records_fields_from_the_pager_setup():
    url = SITE + "/col/col88/index.html"
    raw = (CMS / "jcms_table_setup.html").read_text(encoding="utf-8")
    page = page_of("", url, text=raw.encode("gb18030").decode("gb18030"))
    items = main_items(page)
    assert [i[2] for i in items] == ["2022-03-15", "2021-12-01"]
    assert items[0][0] == "青山县人民政府关于印发优化营商环境若干措施的通知"
    [feed] = page.feeds
    assert feed["proxy"] == SITE + "/module/jslib/jquery/jpage/dataproxy.jsp"
    assert feed["total"] == 45 and feed["per_page"] == 15
    form = feed_form(feed)
    assert (form["columnid"], form["webid"], form["sourceContentType"]) == ("88", "33", "1")
    # GET fallback carries the same fields in the query
    assert "columnid=88" in feed_url(feed, with_form=True) and "startrecord=3" in feed_url(feed, with_form=True)


def test_jcms_escaped_bare_records_and_month_day_dates():
    page = page_of("jcms_bare_records.html", SITE + "/col/col77/index.html")
    assert main_items(page) == [
        ("县农业农村局开展夏粮收购检查", SITE + "/art/2022/6/18/art_77_9.html", "2022-06-18"),
        ("县市场监管局开展食品安全专项整治", SITE + "/art/2022/6/10/art_77_8.html", "2022-06-10"),
    ]
    [feed] = page.feeds
    assert feed["total"] == 10 and feed["start"] == 3


def test_jcms_empty_record_set_is_positive_evidence_of_an_empty_column():
    url = SITE + "/col/col55/index.html"
    page = page_of("jcms_empty.html", url)
    assert page.kind == "list" and page.list_state == "empty" and page.feeds == []
    assert page.render is None  # the data store answered: no browser needed
    [column] = build_columns([page], AS_OF)
    assert column.status == "empty" and column.read_via == "datastore"
    assert "数据存储" in column.evidence


def test_jcms_homepage_blocks_each_read_from_their_own_store():
    page = page_of("jcms_home_two_stores.html", SITE + "/")
    dated = [lst for lst in page.lists if lst.items]
    assert len(dated) == 2
    assert {lst.more_url for lst in dated} == {SITE + "/col/col11/index.html", SITE + "/col/col12/index.html"}
    assert all(i.date and i.date.startswith("2022-06") for lst in dated for i in lst.items)
    assert page.feeds == []  # two stores, one setup script: no guessing which total is whose


def test_datastore_answer_becomes_a_part_of_the_column():
    feed = page_of("jcms_li.html", SITE + "/col/col1234/index.html").feeds[0]
    answer = ("<?xml version='1.0' encoding='utf-8'?><datastore><totalrecord>7</totalrecord><recordset>"
              "<record><![CDATA[<li><a href='/art/2022/4/2/art_1234_3.html'>关于春季森林防火的通告</a><span>2022-04-02</span></li>]]></record>"
              "<record><![CDATA[<li><a href='/art/2022/3/9/art_1234_2.html'>关于植树节活动的通知</a><span>2022-03-09</span></li>]]></record>"
              "</recordset></datastore>")
    part, total = feed_page(feed, feed_url(feed), feed_url(feed), 200, answer, AS_OF)
    assert total == 7 and part.list_of == SITE + "/col/col1234/index.html" and part.read_via == "datastore"
    assert [i.date for i in part.main_list.items] == ["2022-04-02", "2022-03-09"]
    assert "关于春季森林防火的通告" in part.text  # the text rules read lists read from data stores
    column_page = page_of("jcms_li.html", SITE + "/col/col1234/index.html")
    [column] = build_columns([column_page, part], AS_OF)
    assert column.item_count == 5 and column.latest_date == "2022-06-20" and len(column.pages) == 2
    assert column.pages[0] == SITE + "/col/col1234/"


def test_group_requests_without_a_total_go_on_while_groups_come_full():
    feed = {"kind": "datastore", "proxy": SITE + "/p.jsp", "params": {}, "start": 16, "group": 15, "per_page": 15,
            "total": None, "list_of": SITE + "/col/", "method": "POST", "number": 1}
    assert planned_feeds(feed) == [feed]
    following = next_feed(feed, 15, None)
    assert following["start"] == 31 and following["number"] == 2
    assert next_feed(feed, 9, None) is None  # a short group is the last
    assert next_feed(feed, 0, None) is None
    assert next_feed(feed, 15, 30) is None  # the answer's totalrecord says it is all read


# --- TRS pager scripts and document.write --------------------------------------------------------

@pytest.mark.parametrize("name, url, expected", [
    ("trs_vars.html", SITE + "/xwzx/gzdt/index.shtml", [f"index_{n}.shtml" for n in range(1, 12)]),
    ("trs_literal.html", SITE + "/zwgk/tzgg/index.shtml", [f"index_{n}.shtml" for n in range(1, 5)]),
    ("trs_directory_htm.html", SITE + "/zwgk/zcjd/", ["index_1.htm", "index_2.htm"]),
    ("trs_no_suffix.html", SITE + "/zwgk/jd/index.html", ["index_1.html", "index_2.html", "index_3.html"]),
    ("trs_no_suffix.html", SITE + "/zwgk/jd/", []),  # no suffix anywhere: no guessing
])
def test_script_pager_pages(name, url, expected):
    page = page_of(name, url)
    folder = url.rsplit("/", 1)[0] + "/"
    assert [u for u in page.pager if u.startswith(folder + "index_")] == [folder + e for e in expected]
    assert (page.read_via == "script-pager") == bool(expected)


def test_dates_printed_by_document_write_are_read():
    page = page_of("trs_vars.html", SITE + "/xwzx/gzdt/index.shtml")
    assert [d for _, _, d in main_items(page)] == ["2022-06-28", "2022-06-20", "2022-06-15"]


@pytest.mark.parametrize("script, written", [
    ('document.write("2022-06-01 09:30:00".substring(0,10));', "2022-06-01"),
    ("var str = '2022-06-01'; document.write(str);", "2022-06-01"),
    ('var d = "2022-06-01 09:30"; document.writeln(d.substr(0, 10) + "");', "2022-06-01"),
    ("document.write('<a href=\"/zcjd/1.html\">相关解读</a>');", '<a href="/zcjd/1.html">相关解读</a>'),
    ('document.write(getPubDate());', None),
    ('var x = a + "b"; document.write(x);', None),
    ('console.log("no write");', None),
])
def test_script_output(script, written):
    assert script_output(script) == written


def test_a_link_written_by_script_is_a_link_of_the_page():
    html = ("<html><body><div class='content'><p>正文……</p><p>相关解读：<script>document.write('<a href=\"/zcjd/"
            "t1.html\">《青山县优化营商环境若干措施》政策解读</a>');</script></p></div></body></html>")
    page = page_of("", SITE + "/zcwj/t0.html", text=html)
    assert (SITE + "/zcjd/t1.html", "《青山县优化营商环境若干措施》政策解读", "a") in page.links


# --- lists only a browser can show -------------------------------------------------------------

@pytest.mark.parametrize("name", ["script_fed_vue.html", "script_fed_ajax.html", "script_fed_avalon.html"])
def test_script_fed_lists_need_a_render(name):
    page = page_of(name, SITE + "/zcjd/")
    assert page.render and page.render != WEAK_RENDER
    assert not any("{{" in i.title or "{{" in i.url or "%7B%7B" in i.url for lst in page.lists for i in lst.items)


def test_a_static_list_with_ordinary_scripts_needs_no_render():
    page = page_of("static_list_with_jquery.html", SITE + "/gzdt/")
    assert len(page.main_list.items) == 2 and page.render is None


def test_unrendered_script_list_is_unreadable_never_empty():
    page = page_of("script_fed_ajax.html", SITE + "/gfxwj/")
    page.list_state = "unread:已按 --no-render 跳过浏览器渲染"
    site = build_site("青山县", [SITE + "/"], AS_OF, [page])
    [column] = site.columns
    assert column.status == "unreadable" and "--no-render" in column.evidence
    assert empty.check(site) == []
    [finding] = unreadable.check(site)
    assert finding.needs_review and not finding.counts and finding.rule == "column.unreadable"
    assert verdict.column_counts(site)["empty"] == 0 and verdict.column_counts(site)["stale_any"] == 0


def test_five_unreadable_columns_raise_no_site_veto():
    pages = []
    for n in range(6):
        page = page_of("script_fed_ajax.html", f"{SITE}/lm{n}/")
        page.breadcrumbs = [("首页", SITE + "/"), (f"栏目{n}", f"{SITE}/lm{n}/")]
        pages.append(page)
    site = build_site("青山县", [SITE + "/"], AS_OF, pages)
    assert len(site.columns) == 6 and {c.status for c in site.columns} == {"unreadable"}
    assert [f for f in verdict.check(site) if f.rule == verdict.EMPTY_RULE_ID] == []


def test_an_empty_list_after_a_render_is_an_empty_column():
    page = page_of("script_fed_ajax.html", SITE + "/gfxwj/")
    page.read_via, page.list_state = "rendered", "empty"
    [column] = build_columns([page], AS_OF)
    assert column.status == "empty" and "渲染" in column.evidence


# --- list markup other than ul/li ----------------------------------------------------------------

def test_dl_cards_with_the_date_in_its_own_element():
    page = page_of("cards_dl.html", SITE + "/gzdt/")
    assert [d for _, _, d in main_items(page)] == ["2022-06-20", "2022-06-15", "2022-06-10"]


def test_div_cards_with_a_split_day_and_month_block_beat_dates_in_the_summary():
    page = page_of("cards_div_split_date.html", SITE + "/tzgg/")
    assert [d for _, _, d in main_items(page)] == ["2022-06-20", "2022-05-10", "2022-04-28"]


def test_a_pinned_old_item_does_not_hide_a_fresh_column():
    page = page_of("pinned_ul.html", SITE + "/tzgg/")
    [column] = build_columns([page], AS_OF)
    assert column.latest_date == "2022-06-20" and column.status == "ok"


def test_undated_list_takes_its_dates_from_the_articles():
    listing = page_of("undated_list.html", SITE + "/tjsj/")
    articles = []
    for n, when in ((1, "2022-06-10"), (2, "2022-05-11"), (3, "2022-04-12")):
        html = (f"<html><head><meta name='PubDate' content='{when} 10:00'><title>经济运行情况</title></head><body>"
                f"<div class='content'><p>{'全县经济运行总体平稳，主要指标稳中有进。' * 8}</p></div></body></html>")
        articles.append(page_of("", f"{SITE}/tjsj/a{n}.html", text=html))
    assert all(a.kind == "article" for a in articles)
    [column] = [c for c in build_columns([listing, *articles], AS_OF) if c.url == SITE + "/tjsj/"]
    assert column.dates_from == "articles" and column.latest_date == "2022-06-10" and column.status == "ok"
    [alone] = build_columns([listing], AS_OF)
    assert alone.status == "undated"


def test_a_one_line_notice_is_still_checked_by_the_text_rules():
    html = ("<html><head><title>停电通知</title></head><body><div class='header'><a href='/'>首页</a></div>"
            "<div class='main'><p>依据中华人民共合国电力法，12月3日停电。</p></div></body></html>")
    page = page_of("", SITE + "/tz/1.html", text=html)
    assert "中华人民共合国" in page.text


# --- [site] extra_hosts and [render] -------------------------------------------------------------

def _config(tmp_path, text: str):
    from argparse import Namespace

    from inspector.config import build_config

    (tmp_path / "site.toml").write_text(text, encoding="utf-8")
    return build_config(Namespace(config=str(tmp_path / "site.toml"), urls=[]))


def test_extra_hosts_match_by_host_name_with_or_without_port(tmp_path):
    from inspector.spiders.site import SiteSpider
    from inspector.urls import host_of

    config = _config(tmp_path, '[site]\nstart_urls = ["http://www.qingshan.gov.cn/"]\n'
                               'extra_hosts = ["XXGK.qingshan.gov.cn:8080", "https://zwfw.qingshan.gov.cn/", "hd.qingshan.gov.cn"]\n')
    assert config.extra_hosts == ["xxgk.qingshan.gov.cn", "zwfw.qingshan.gov.cn", "hd.qingshan.gov.cn"]
    spider = SiteSpider(start_urls=config.start_urls, as_of=AS_OF, extra_hosts=config.extra_hosts)
    for url in ("http://xxgk.qingshan.gov.cn:8080/col/col1/index.html", "http://xxgk.qingshan.gov.cn/a.html",
                "https://zwfw.qingshan.gov.cn:443/x", "http://hd.qingshan.gov.cn:81/"):
        assert host_of(url) in spider.hosts, url
    assert host_of("http://www.other.gov.cn/") not in spider.hosts
    assert config.render_max_pages == 200 and not config.no_render


@pytest.mark.parametrize("text, needle", [
    ('extra_hosts = [":8080"]', "extra_hosts"),
    ('[render]\nmax_pages = -1', "render.max_pages"),
    ('[render]\nmax_pages = "many"', "render.max_pages"),
])
def test_bad_hosts_and_render_settings_are_named(tmp_path, text, needle):
    from inspector.config import ConfigError

    with pytest.raises(ConfigError, match=needle.replace(".", r"\.")):
        _config(tmp_path, '[site]\nstart_urls = ["http://www.qingshan.gov.cn/"]\n' + text)


# --- JSON list endpoints read without a browser ---------------------------------------------------

def _api_of(script: str, url: str = SITE + "/zcjd/"):
    html = f"<html><body><ul id='list'></ul><script>{script}</script></body></html>"
    return page_of("", url, text=html)


@pytest.mark.parametrize("script, endpoint, page_param, params, method", [
    ("fetch('/api/zcjd?page=' + n).then(r => r.json()).then(render);", SITE + "/api/zcjd", "page", {"page": "1"}, "GET"),
    ("$.ajax({ url: '/api/list', type: 'post', data: { pageNo: 1, pageSize: 15, channelId: 'zcjd' }, success: draw });",
     SITE + "/api/list", "pageNo", {"pageNo": "1", "pageSize": "15", "channelId": "zcjd"}, "POST"),
    ("$.getJSON('data/list.json', function (d) { draw(d); });", SITE + "/zcjd/data/list.json", None, {}, "GET"),
    ("axios.get('/api/news?channel=5&pageIndex=1').then(draw);", SITE + "/api/news", "pageIndex",
     {"channel": "5", "pageIndex": "1"}, "GET"),
])
def test_the_list_endpoint_is_taken_from_the_page_script(script, endpoint, page_param, params, method):
    page = _api_of(script)
    [feed] = [f for f in page.feeds if f["kind"] == "api"]
    assert (feed["url"], feed["page_param"], feed["params"], feed["method"]) == (endpoint, page_param, params, method)
    assert page.render  # still rendered if the endpoint does not answer with a list


@pytest.mark.parametrize("script", [
    "fetch(apiBase() + '/list?page=' + n).then(draw);",  # put together at run time
    "var u = '/api/' + channel + '?page='; fetch(u + n);",
    "$.ajax({ url: base + 'list', data: { page: 1 } });",
    "fetch('/zwgk/zwxx/data/list_' + n + '.json').then(draw);",
])
def test_an_endpoint_built_at_run_time_is_left_to_the_browser(script):
    page = _api_of(script)
    assert page.render and not [f for f in page.feeds if f["kind"] == "api"]


def test_api_answers_become_parts_of_the_column():
    from inspector.extract.api import api_page, api_url, next_api_feed

    page = _api_of("fetch('/api/zcjd?page=' + n).then(draw);")
    feed = page.feeds[0]
    answer = json.dumps({"code": 0, "data": {"totalCount": 3, "list": [
        {"docTitle": "<em>关于</em>优化营商环境的政策解读", "docUrl": "/zcjd/202206/t1.html", "pubTime": "2022-06-20 10:00:00"},
        {"docTitle": "一图读懂2022年政府工作报告", "docUrl": "/zcjd/202205/t2.html", "pubTime": "2022-05-10 09:00:00"},
    ]}}, ensure_ascii=False)
    part, total = api_page(feed, api_url(feed), 200, answer, AS_OF)
    assert total == 3 and part.read_via == "api" and part.list_of == SITE + "/zcjd/"
    assert [(i.title, i.url, i.date) for i in part.main_list.items] == [
        ("关于优化营商环境的政策解读", SITE + "/zcjd/202206/t1.html", "2022-06-20"),
        ("一图读懂2022年政府工作报告", SITE + "/zcjd/202205/t2.html", "2022-05-10")]
    second = next_api_feed(feed, 2, total, SITE + "/zcjd/202206/t1.html")
    assert second["page"] == 2 and "page=2" in api_url(second)
    assert next_api_feed(second, 1, total, SITE + "/zcjd/202204/t3.html") is None  # 3 of 3 read
    assert next_api_feed(second, 2, None, SITE + "/zcjd/202206/t1.html") is None  # page 2 repeats page 1
    empty, _ = api_page(feed, api_url(feed), 200, '{"total": 0, "rows": []}', AS_OF)
    assert empty.list_state == "empty" and empty.main_list.items == []
    assert api_page(feed, api_url(feed), 200, "<html>登录</html>", AS_OF) == (None, None)
    assert api_page(feed, api_url(feed), 200, '{"status": "ok", "message": "请先登录"}', AS_OF) == (None, None)


def test_old_trs_pager_variables_and_a_gbk_data_store_answer():
    html = ("<html><body><ul><li><a href='./t1.htm'>青山县第一季度经济运行情况通报</a><span>2022-04-20</span></li>"
            "<li><a href='./t2.htm'>青山县第二季度经济运行情况通报</a><span>2022-06-20</span></li></ul><script>"
            "var _nPageCount = 3; var _nCurrIndex = 0; var _sPageName = \"index\"; var _sPageExt = \"htm\";"
            "createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt);</script></body></html>")
    page = page_of("", SITE + "/tjxx/", text=html)
    assert [u for u in page.pager if "index_" in u] == [SITE + "/tjxx/index_1.htm", SITE + "/tjxx/index_2.htm"]
    from inspector.extract.decode import decode_html

    answer = ("<?xml version='1.0' encoding='GBK'?><datastore><recordset><record><![CDATA[<li><a href='/art/2022/6/1/"
              "art_1_1.html'>关于堃园路施工期间交通管制的通告</a><span>2022-06-01</span></li>]]></record></recordset></datastore>")
    text, codec = decode_html(answer.encode("gbk"), "text/xml")
    assert codec == "gb18030" and "堃园路" in text


def test_a_homepage_drawn_by_scripts_is_rendered_and_never_a_stale_veto_unread():
    from rules.home import stale

    html = ("<html><head><title>青山县人民政府</title></head><body><div class='block'><h2>工作动态</h2>"
            "<ul id='gzdt'></ul><a href='/gzdt/'>更多</a></div><script src='/js/index.js'></script></body></html>")
    home = extract_page(Page(url=SITE + "/", final_url=SITE + "/", status=200), html, AS_OF, is_home=True)
    assert home.kind == "home" and home.render == WEAK_RENDER
    home.list_state = "unread:已按 --no-render 跳过浏览器渲染"
    site = build_site("青山县", [SITE + "/"], AS_OF, [home])
    [finding] = stale.check(site)
    assert finding.needs_review and not finding.counts and "--no-render" in finding.message
    dated = html.replace("<ul id='gzdt'></ul>", "<ul><li><a href='/gzdt/1.html'>县政府召开常务会议</a><span>2022-06-28</span></li>"
                                                "<li><a href='/gzdt/2.html'>全县防汛工作会议召开</a><span>2022-06-20</span></li></ul>")
    fresh = extract_page(Page(url=SITE + "/", final_url=SITE + "/", status=200), dated, AS_OF, is_home=True)
    assert fresh.render is None


def test_a_static_list_beside_an_empty_scripted_box_is_read_as_it_is():
    html = ("<html><body><ul class='list'><li><a href='/gzdt/1.html'>县政府召开常务会议研究部署重点工作</a><span>2022-06-28</span></li>"
            "<li><a href='/gzdt/2.html'>县领导督导检查防汛备汛工作</a><span>2022-06-27</span></li></ul>"
            "<ul id='weather'></ul><script>$.get('/weather', function (d) { $('#weather').html(d); });</script></body></html>")
    page = page_of("", SITE + "/gzdt/", text=html)
    assert len(page.main_list.items) == 2 and page.render is None
    sidebar_only = html.replace("class='list'", "class='right hot'")
    assert page_of("", SITE + "/gzdt/", text=sidebar_only).render  # only a side box shows: the list itself is scripted


def test_a_list_page_not_read_whole_is_unreadable_not_empty():
    page = page_of("", SITE + "/tzgg/", text="<html><head><title>通知公告</title></head><body></body></html>")
    page.kind, page.breadcrumbs = "blank", [("首页", SITE + "/"), ("通知公告", SITE + "/tzgg/")]
    page.extract_error = "页面无法解析（不是有效的网页文本）"
    [column] = build_columns([page], AS_OF)
    assert column.status == "unreadable" and "无法解析" in column.evidence
    page.extract_error, page.truncated = None, 20 * 1024 * 1024
    [column] = build_columns([page], AS_OF)
    assert column.status == "unreadable" and "页面过大" in column.evidence
