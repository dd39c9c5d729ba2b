"""The column model over saved pages: grouping pagination, names, types, levels and statuses."""
from __future__ import annotations

from datetime import date

from inspector.columns import ColumnOverride, build_columns, page_root
from inspector.model import Item, Page, PageList

AS_OF = date(2021, 12, 31)
SITE = "http://gov.test"


def page(path: str, kind: str = "list", items=(), breadcrumbs=(), meta=None, pager=(), menu=(),
         placeholder=None, title="", lists=None) -> Page:
    url = SITE + path
    main = PageList(items=[Item(title=t, url=SITE + u, date=d) for t, u, d in items], main=True)
    return Page(url=url, final_url=url, status=200, kind=kind, title=title, meta=meta or {},
                breadcrumbs=[(t, SITE + u if u else None) for t, u in breadcrumbs],
                pager=[SITE + p for p in pager], menu=[(t, SITE + u) for t, u in menu],
                placeholder=placeholder, lists=lists if lists is not None else ([main] if items else []))


def home(menu) -> Page:
    return page("/", kind="home", menu=menu)


def by_url(columns):
    return {c.url.removeprefix(SITE): c for c in columns}


def test_pagination_pages_join_their_first_page_and_dates_come_from_all_pages():
    pages = [
        home([("工作动态", "/gzdt/")]),
        page("/gzdt/", items=[("会议召开", "/gzdt/a1.html", "2021-12-01")], pager=["/gzdt/index_1.html"],
             breadcrumbs=[("首页", "/"), ("工作动态", "/gzdt/")]),
        page("/gzdt/index_1.html", items=[("调研活动", "/gzdt/a2.html", "2021-12-20")],
             breadcrumbs=[("首页", "/"), ("工作动态", "/gzdt/")]),
    ]
    columns = build_columns(pages, AS_OF)
    assert list(by_url(columns)) == ["/gzdt/"]
    gzdt = columns[0]
    assert (gzdt.name, gzdt.type, gzdt.window_days) == ("工作动态", "dynamic", 14)
    assert gzdt.item_count == 2 and gzdt.latest_date == "2021-12-20"
    assert gzdt.status == "ok" and gzdt.days_since_update == 11
    assert len(gzdt.pages) == 2


def test_pager_links_without_a_known_url_pattern_also_join():
    pages = [
        page("/col/col12/list.jsp", items=[("通知一则", "/a1.html", "2021-05-01")], pager=["/col/col12/p2.jsp"],
             meta={"ColumnName": "通知公告"}),
        page("/col/col12/p2.jsp", items=[("通知二则", "/a2.html", "2021-04-01")], meta={"ColumnName": "通知公告"}),
    ]
    columns = build_columns(pages, AS_OF)
    assert len(columns) == 1 and columns[0].item_count == 2
    assert columns[0].status == "stale" and columns[0].type == "notice"


def test_names_prefer_meta_then_breadcrumb_then_links_then_title():
    pages = [
        home([("人事信息", "/b/"), ("统计数据", "/c/")]),
        page("/a/", items=[("x" * 8, "/a/1.html", "2021-12-30")], meta={"ColumnName": "部门动态", "SiteName": "某市"},
             breadcrumbs=[("首页", "/"), ("别名", None)]),
        page("/b/", items=[("y" * 8, "/b/1.html", "2021-12-30")], breadcrumbs=[("首页", "/"), ("人事任免", None)]),
        page("/c/", items=[("z" * 8, "/c/1.html", "2021-12-30")]),
        page("/d/", items=[("w" * 8, "/d/1.html", "2021-12-30")], title="政府文件_某市人民政府"),
    ]
    cols = by_url(build_columns(pages, AS_OF, site_name="某市人民政府"))
    assert cols["/a/"].name == "部门动态" and cols["/a/"].name_source == "meta"
    assert cols["/b/"].name == "人事任免" and cols["/b/"].type == "personnel_plan"
    assert cols["/c/"].name == "统计数据" and cols["/c/"].name_source == "link"
    assert cols["/d/"].name == "政府文件" and cols["/d/"].type == "policy"


def test_type_follows_the_first_matching_keyword_and_parents():
    pages = [
        page("/zcjd/", items=[("解读一", "/zcjd/1.html", "2021-12-01")], meta={"ColumnName": "政策解读"}),
        page("/xwdt/mtgz/", items=[("报道一篇", "/m/1.html", "2021-12-01")],
             breadcrumbs=[("首页", "/"), ("新闻动态", "/xwdt/"), ("媒体关注", "/xwdt/mtgz/")]),
    ]
    cols = by_url(build_columns(pages, AS_OF))
    assert cols["/zcjd/"].type == "interpretation"   # 政策解读 is not a 政策 document column
    mtgz = cols["/xwdt/mtgz/"]
    assert (mtgz.type, mtgz.level, mtgz.parent) == ("dynamic", 2, SITE + "/xwdt/")
    assert mtgz.status == "stale" and mtgz.days_since_update == 30


def test_empty_undated_and_blank_pages():
    pages = [
        home([("规划计划", "/ghjh/"), ("财政资金", "/czzj/"), ("网站地图", "/sitemap/")]),
        page("/ghjh/", placeholder="暂无信息", breadcrumbs=[("首页", "/"), ("规划计划", None)]),
        page("/czzj/", kind="blank", breadcrumbs=[("首页", "/"), ("财政资金", None)]),
        page("/tjsj/", items=[("统计数据一", "/tjsj/1.html", None), ("统计数据二", "/tjsj/2.html", None)],
             meta={"ColumnName": "统计数据"}),
        page("/sitemap/", kind="blank"),          # a utility page: never a 空白栏目
        page("/random/", kind="blank"),           # nothing names it a column
    ]
    cols = by_url(build_columns(pages, AS_OF))
    assert set(cols) == {"/ghjh/", "/czzj/", "/tjsj/"}
    assert cols["/ghjh/"].status == "empty" and cols["/ghjh/"].placeholder == "暂无信息"
    assert cols["/czzj/"].status == "empty"
    assert cols["/tjsj/"].status == "undated" and cols["/tjsj/"].item_count == 2


def test_dates_after_the_monitoring_point_do_not_count():
    pages = [page("/gzdt/", meta={"ColumnName": "工作动态"},
                  items=[("未来", "/1.html", "2022-03-01"), ("过去", "/2.html", "2021-10-01")])]
    column = build_columns(pages, AS_OF)[0]
    assert column.latest_date == "2021-10-01" and column.status == "stale"


def test_overrides_ignore_rename_and_retype():
    pages = [
        page("/ztzl/2019/", items=[("专题一", "/z/1.html", "2019-05-01")], meta={"ColumnName": "2019专题"}),
        page("/hd/", items=[("活动一", "/h/1.html", "2021-06-01")], meta={"ColumnName": "活动"}),
    ]
    overrides = [ColumnOverride(url=SITE + "/ztzl/2019/", ignore=True),
                 ColumnOverride(url=SITE + "/hd/", type="dynamic", name="活动动态")]
    columns = build_columns(pages, AS_OF, overrides, window_overrides={"dynamic": 7})
    assert [c.url for c in columns] == [SITE + "/hd/"]
    assert (columns[0].name, columns[0].type, columns[0].window_days, columns[0].status) == \
        ("活动动态", "dynamic", 7, "stale")


def test_search_pages_and_articles_are_not_columns():
    pages = [
        page("/search?q=数据&page=2", items=[("结果一二三", "/1.html", "2021-12-01")]),
        page("/gzdt/a.html", kind="article"),
        page("/jggk/jgzn/", kind="single"),
    ]
    assert build_columns(pages, AS_OF) == []


def test_page_root():
    assert page_root("http://h/a/index_3.html") == "http://h/a/"
    assert page_root("http://h/a/list_12.shtml") == "http://h/a/list.shtml"
    assert page_root("http://h/col/col1/index.html?uid=5&pageNum=3") == "http://h/col/col1/?uid=5"
    assert page_root("http://h/a/t20211103_123.html") == "http://h/a/t20211103_123.html"
