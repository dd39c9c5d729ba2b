"""Lists, pagers, breadcrumbs, menus and page kinds on small hand-written government pages
(tests/fixtures/pages/). Every expected value below is read off the fixture's markup."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspector.extract.html import parse_html
from inspector.extract.lists import breadcrumbs, find_item_lists, pager_links
from inspector.extract.page import extract_page
from inspector.model import Page

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
SITE = "http://www.qingshan.gov.cn"
REFERENCE = date(2022, 1, 10)  # the monitoring point of the scan


def html_of(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def extracted(name: str, url: str, reference: date = REFERENCE) -> Page:
    page = Page(url=url, final_url=url, status=200)
    return extract_page(page, html_of(name), reference)


def main_items(page: Page) -> list[tuple[str, str, str | None]]:
    assert page.main_list is not None, "no main list found"
    return [(i.title, i.url, i.date) for i in page.main_list.items]


def lists_of(name: str, base: str, reference: date = REFERENCE):
    return find_item_lists(parse_html(html_of(name)), base, reference)


def list_with(lists, url: str):
    """The list that holds an item linking to url."""
    found = [lst for lst in lists if any(i.url == url for i in lst.items)]
    assert found, f"no list holds {url}"
    return found[0]


# --- list shapes -----------------------------------------------------------------------------

TZGG = SITE + "/zwgk/tzgg/"


def test_ul_list_with_date_spans():
    page = extracted("list_tzgg_ul.html", TZGG)
    assert main_items(page) == [
        ("青山县人民政府关于2021年秋冬季森林防火的通告", TZGG + "202111/t20211103_4410237.html", "2021-11-03"),
        ("关于开展2021年度政府网站和政务新媒体自查工作的通知", TZGG + "202110/t20211029_4409856.html", "2021-10-29"),
        ("青山县2021年公开招聘社区工作者拟聘用人员公示", TZGG + "202110/t20211015_4407712.html", "2021-10-15"),
        ("关于2021年国庆节放假期间值班安排的通知", TZGG + "202109/t20210928_4405531.html", "2021-09-28"),
        ("青山县城区道路临时交通管制的通告", TZGG + "202109/t20210910_4403190.html", "2021-09-10"),
        ("关于征集2022年县级民生实事项目的公告", TZGG + "202108/t20210823_4399874.html", "2021-08-23"),
    ]


def test_sidebar_hot_list_is_not_the_main_list():
    page = extracted("list_tzgg_ul.html", TZGG)
    main_urls = {i.url for i in page.main_list.items}
    hot = SITE + "/xwzx/qsyw/202111/t20211101_4409990.html"  # first item of the 热点信息 box
    assert hot not in main_urls
    assert all(u.startswith(TZGG) for u in main_urls)
    # the side box is still seen as a (non-main) list of the page
    side = [lst for lst in page.lists if any(i.url == hot for i in lst.items)]
    assert len(side) == 1 and not side[0].main
    assert len(side[0].items) == 8


def test_table_list():
    base = SITE + "/zwgk/zcwj/"
    page = extracted("list_xxgk_table.html", base)
    assert main_items(page) == [
        ("青山县人民政府办公室关于印发青山县2021年冬春农田水利基本建设实施方案的通知",
         base + "202111/t20211103_4410311.html", "2021-11-03"),
        ("青山县人民政府关于调整县级行政许可事项的决定", base + "202110/t20211020_4408801.html", "2021-10-20"),
        ("青山县人民政府办公室关于进一步做好稳就业工作的通知", base + "202109/t20210930_4406012.html", "2021-09-30"),
        ("青山县人民政府关于公布县级权责清单的通知", base + "202109/t20210906_4403377.html", "2021-09-06"),
    ]
    assert page.kind == "list"


ZRZY = "http://zrzy.qingshan.gov.cn/gzdt/"


def test_dates_only_in_link_title_attribute():
    page = extracted("list_title_attr.html", ZRZY)
    assert [(i.url, i.date) for i in page.main_list.items] == [
        (ZRZY + "202111/t20211105_4410520.html", "2021-11-05"),
        (ZRZY + "202110/t20211028_4409688.html", "2021-10-28"),
        (ZRZY + "202110/t20211019_4408650.html", "2021-10-19"),
        (ZRZY + "202109/t20210924_4405870.html", "2021-09-24"),
    ]


def test_title_attribute_with_date_does_not_pollute_item_titles():
    page = extracted("list_title_attr.html", ZRZY)
    assert [i.title for i in page.main_list.items] == [
        "县自然资源局召开耕地保护工作推进会",
        "我局开展地质灾害隐患点汛后核查",
        "县自然资源局组织开展不动产登记业务培训",
        "全县国土空间规划编制工作座谈会召开",
    ]


TPXW = SITE + "/xwzx/tpxw/"


def test_div_card_list():
    lst = list_with(lists_of("list_cards.html", TPXW), TPXW + "202111/t20211102_4410101.html")
    assert [(i.title, i.url, i.date) for i in lst.items] == [
        ("青山湖湿地迎来首批越冬候鸟", TPXW + "202111/t20211102_4410101.html", date(2021, 11, 2)),
        ("万亩脐橙喜获丰收", TPXW + "202110/t20211030_4409877.html", date(2021, 10, 30)),
        ("县城新建口袋公园向市民开放", TPXW + "202110/t20211021_4408903.html", date(2021, 10, 21)),
    ]


QSYW = SITE + "/xwzx/qsyw/"


def test_card_list_where_the_whole_card_is_the_link():
    lst = list_with(lists_of("list_linked_cards.html", QSYW), QSYW + "202111/t20211103_4410250.html")
    assert [(i.title, i.date) for i in lst.items] == [
        ("县委理论学习中心组召开专题学习会", date(2021, 11, 3)),
        ("我县召开秋冬季森林防灭火工作会议", date(2021, 10, 28)),
        ("县政府与省农科院签订战略合作协议", date(2021, 10, 15)),
    ]


def test_month_day_list_across_new_year():
    base = SITE + "/xwzx/xzdt/"
    page = extracted("list_monthday.html", base, reference=date(2022, 1, 10))
    assert [(i.title, i.date) for i in page.main_list.items] == [
        ("城关镇开展冬季消防安全大检查", "2022-01-06"),
        ("白沙乡召开2022年第一次党政联席会议", "2022-01-04"),
        ("石门镇举办迎新春书法作品展", "2021-12-30"),
        ("龙潭乡完成年度农村公路养护任务", "2021-12-28"),
        ("青溪镇开展秋冬季森林防火宣传", "2021-11-03"),
    ]
    assert page.kind == "list"


def test_dl_dd_list():
    base = SITE + "/zwgk/rsxx/"
    page = extracted("list_dl.html", base)
    assert main_items(page) == [
        ("青山县人民政府关于王某某等同志职务任免的通知", base + "202110/t20211026_4409420.html", "2021-10-26"),
        ("青山县2021年事业单位公开招聘工作人员拟聘用人员公示", base + "202109/t20210915_4404180.html", "2021-09-15"),
        ("青山县人民政府关于李某某同志职务任免的通知", base + "202108/t20210812_4398825.html", "2021-08-12"),
    ]


# --- pager, breadcrumbs, menu ----------------------------------------------------------------

def test_pager_links():
    page = extracted("list_tzgg_ul.html", TZGG)
    assert set(page.pager) == {TZGG + "index.html", TZGG + "index_1.html", TZGG + "index_2.html"}
    assert pager_links(parse_html(html_of("list_tzgg_ul.html")), TZGG + "index_1.html") == page.pager


def test_no_pager_on_a_page_without_one():
    assert extracted("list_xxgk_table.html", SITE + "/zwgk/zcwj/").pager == []
    assert extracted("channel_zwgk.html", SITE + "/zwgk/").pager == []


@pytest.mark.parametrize("bar", [
    '<div class="pages">共56条 <a href="list.asp?page=1">[首页]</a> <a href="list.asp?page=1">[上一页]</a> '
    '<a href="list.asp?page=3">[下一页]</a> <a href="list.asp?page=6">[尾页]</a></div>',
    '<div class="fy"><a href="list.asp?page=1">&lt;上一页</a><a href="list.asp?page=3">下一页&gt;</a>'
    '<a href="list.asp?page=6">尾页&gt;&gt;</a></div>',
])
def test_pager_with_decorated_texts(bar):
    base = SITE + "/news/list.asp?page=2"
    root = parse_html(f"<html><body><ul class='list'><li><a href='show.asp?id=1'>某通知</a></li></ul>{bar}</body></html>")
    assert set(pager_links(root, base)) >= {SITE + "/news/list.asp?page=3", SITE + "/news/list.asp?page=6"}


def test_breadcrumb_with_unlinked_last_crumb():
    page = extracted("list_tzgg_ul.html", TZGG)
    assert page.breadcrumbs == [("首页", SITE + "/"), ("政务公开", SITE + "/zwgk/"), ("通知公告", None)]


def test_breadcrumb_with_all_crumbs_linked():
    page = extracted("list_xxgk_table.html", SITE + "/zwgk/zcwj/")
    assert page.breadcrumbs == [("首页", SITE + "/"), ("政府信息公开", SITE + "/zwgk/"),
                                ("政策文件", SITE + "/zwgk/zcwj/")]


def test_breadcrumb_with_span_separators():
    root = parse_html('<html><body><div class="weizhi">您现在的位置：<a href="/">首页</a><span>&gt;</span>'
                      '<a href="/xwzx/">新闻中心</a><span>&gt;</span><span>青山要闻</span></div></body></html>')
    assert breadcrumbs(root, QSYW) == [("首页", SITE + "/"), ("新闻中心", SITE + "/xwzx/"), ("青山要闻", None)]


def test_menu_holds_navigation_not_footer_or_list_items():
    page = extracted("list_tzgg_ul.html", TZGG)
    menu = dict(page.menu)
    for text, path in [("走进青山", "/zjqs/"), ("新闻中心", "/xwzx/"), ("政务公开", "/zwgk/"),
                       ("政务服务", "/zwfw/"), ("互动交流", "/hdjl/")]:
        assert (text, SITE + path) in page.menu
    assert "联系我们" not in menu.values() and SITE + "/lxwm/" not in menu
    assert not any("通告" in text or "通知" in text for text in menu.values())


# --- page kinds ------------------------------------------------------------------------------

@pytest.mark.parametrize("name,url", [
    ("list_tzgg_ul.html", TZGG),
    ("list_xxgk_table.html", SITE + "/zwgk/zcwj/"),
    ("list_title_attr.html", ZRZY),
    ("list_monthday.html", SITE + "/xwzx/xzdt/"),
    ("list_dl.html", SITE + "/zwgk/rsxx/"),
    ("list_cards.html", TPXW),
])
def test_list_pages_are_lists(name, url):
    assert extracted(name, url).kind == "list"


def test_channel_page_with_blocks_and_more_links():
    page = extracted("channel_zwgk.html", SITE + "/zwgk/")
    assert page.kind == "channel"
    blocks = {lst.heading: lst.more_url for lst in page.lists if lst.more_url}
    assert blocks == {"通知公告": SITE + "/zwgk/tzgg/", "政策文件": SITE + "/zwgk/zcwj/",
                      "政策解读": SITE + "/zwgk/zcjd/"}
    dates = {i.url: i.date for lst in page.lists for i in lst.items}
    assert dates[SITE + "/zwgk/tzgg/202111/t20211103_4410237.html"] == "2021-11-03"
    assert dates[SITE + "/zwgk/zcwj/202109/t20210930_4406012.html"] == "2021-09-30"
    assert dates[SITE + "/zwgk/zcjd/202110/t20211021_4408899.html"] == "2021-10-21"


def test_empty_column_with_placeholder_is_a_list_with_placeholder():
    page = extracted("column_placeholder.html", SITE + "/zwgk/ghjh/")
    assert page.kind == "list"
    assert page.placeholder is not None and "暂无信息" in page.placeholder
    assert page.main_list is None or page.main_list.items == []


def test_empty_column_without_anything_is_blank():
    page = extracted("column_empty.html", SITE + "/zwgk/czzj/")
    assert page.kind == "blank"
    assert page.placeholder is None
    assert page.main_list is None or page.main_list.items == []


def test_single_page_of_institution_functions():
    page = extracted("single_jgzn.html", "http://fgw.qingshan.gov.cn/jggk/jgzn/")
    assert page.kind == "single"
    assert page.title == "机构职能"
    assert "青山县发展和改革委员会是县人民政府工作部门，为正科级。" in page.text
    assert "（五）完成县委、县政府交办的其他任务。" in page.text
    assert "网站标识码" not in page.text and "ICP" not in page.text


@pytest.mark.parametrize("cells, expected", [
    # 领导信箱: 来信时间 then 答复时间, each in a cell of its own: the answer is the newest activity.
    ("<td>2021-12-06</td><td>2021-12-10</td><td>已答复</td>", "2021-12-10"),
    # 成文日期 after 发布日期, dates in spans inside the cells, 年月日 form.
    ("<td><span>2022年03月15日</span></td><td><span>2022年03月02日</span></td>", "2022-03-15"),
    # One date cell only.
    ("<td>文号〔2022〕3号</td><td>2022-03-15</td>", "2022-03-15"),
])
def test_table_row_with_several_date_cells_is_dated_by_the_latest(cells, expected):
    rows = "\n".join(f'<tr><td><a href="/xx/{n}.html">关于第{n}件事项的答复意见</a></td>{cells}</tr>' for n in range(1, 5))
    root = parse_html(f"<html><body><table class='list'><tr><th>标题</th><th>日期</th><th>日期</th></tr>"
                      f"{rows}</table></body></html>")
    lists = find_item_lists(root, SITE + "/xx/", REFERENCE)
    items = list_with(lists, SITE + "/xx/1.html").items
    assert [i.date.isoformat() for i in items] == [expected] * 4
