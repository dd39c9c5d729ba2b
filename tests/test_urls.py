"""URL rules: canonical form, attachments, the trap guard, and the first page of a paginated list."""
from __future__ import annotations

import pytest

from inspector.columns import page_root
from inspector.urls import TrapGuard, canonical_url, is_attachment

SITE = "http://www.qingshan.gov.cn"


# --- canonical_url ---------------------------------------------------------------------------

@pytest.mark.parametrize("url,expected", [
    ("http://www.qingshan.gov.cn/zwgk/index.html", "http://www.qingshan.gov.cn/zwgk/"),
    ("http://www.qingshan.gov.cn/zwgk/index.htm", "http://www.qingshan.gov.cn/zwgk/"),
    ("http://www.qingshan.gov.cn/zwgk/index.shtml", "http://www.qingshan.gov.cn/zwgk/"),
    ("http://www.qingshan.gov.cn/zwgk/default.aspx", "http://www.qingshan.gov.cn/zwgk/"),
    ("http://www.qingshan.gov.cn/index.html", "http://www.qingshan.gov.cn/"),
    ("http://www.qingshan.gov.cn", "http://www.qingshan.gov.cn/"),
    ("http://WWW.QingShan.gov.cn/zwgk/", "http://www.qingshan.gov.cn/zwgk/"),
    ("http://www.qingshan.gov.cn/zwgk/#top", "http://www.qingshan.gov.cn/zwgk/"),
])
def test_canonical_url_index_files_host_case_fragment(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_keeps_non_index_files():
    url = "http://www.qingshan.gov.cn/zwgk/tzgg/202111/t20211103_4410237.html"
    assert canonical_url(url) == url
    assert canonical_url("http://www.qingshan.gov.cn/zwgk/index_2.html") == "http://www.qingshan.gov.cn/zwgk/index_2.html"


@pytest.mark.parametrize("url,expected", [
    ("http://www.qingshan.gov.cn:80/zwgk/", "http://www.qingshan.gov.cn/zwgk/"),
    ("https://www.qingshan.gov.cn:443/zwgk/", "https://www.qingshan.gov.cn/zwgk/"),
    ("http://www.qingshan.gov.cn:8080/zwgk/", "http://www.qingshan.gov.cn:8080/zwgk/"),
    ("https://www.qingshan.gov.cn:80/zwgk/", "https://www.qingshan.gov.cn:80/zwgk/"),
])
def test_canonical_url_default_ports_only_are_dropped(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_sorts_the_query():
    a = canonical_url("http://www.qingshan.gov.cn/list.jsp?cid=12&page=2")
    b = canonical_url("http://www.qingshan.gov.cn/list.jsp?page=2&cid=12")
    assert a == b == "http://www.qingshan.gov.cn/list.jsp?cid=12&page=2"


def test_canonical_url_keeps_distinct_query_values_apart():
    assert canonical_url(SITE + "/list.jsp?cid=12&page=2") != canonical_url(SITE + "/list.jsp?cid=12&page=3")


@pytest.mark.parametrize("url", [
    "http://www.qingshan.gov.cn/news/show.jsp;jsessionid=8A1F6E2B3C4D5E6F7A8B9C0D1E2F3A4B?id=5",
    "http://www.qingshan.gov.cn/news/show.jsp;JSESSIONID=0F0E?id=5",
    "http://www.qingshan.gov.cn/news/show.jsp?id=5&jsessionid=8A1F6E2B",
])
def test_canonical_url_drops_session_ids(url):
    assert canonical_url(url) == "http://www.qingshan.gov.cn/news/show.jsp?id=5"


# --- is_attachment ---------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    SITE + "/zwgk/zcwj/202111/W020211103512345.pdf",
    SITE + "/zwgk/zcwj/202111/W020211103512345.PDF",
    SITE + "/uploadfiles/附件1：申报表.docx",
    SITE + "/uploadfiles/2021年预算表.xls?v=2",
    SITE + "/files/2021-7.ofd",
    SITE + "/files/通知.wps#page=2",
    SITE + "/files/材料.zip",
])
def test_attachments(url):
    assert is_attachment(url)


@pytest.mark.parametrize("url", [
    SITE + "/zwgk/tzgg/202111/t20211103_4410237.html",
    SITE + "/zwgk/",
    SITE + "/news/show.jsp?id=5",
    SITE + "/col/col1234/index.shtml",
    SITE + "/art/2021/11/3/art_1234_5678.html",
])
def test_pages_are_not_attachments(url):
    assert not is_attachment(url)


# --- TrapGuard -------------------------------------------------------------------------------

def test_calendar_month_beyond_max_year_is_refused():
    guard = TrapGuard(max_year=2022)
    allowed, _ = guard.allow(SITE + "/hdjl/rl/?month=2031-01", SITE + "/hdjl/rl/?month=2030-12", 0)
    assert not allowed
    assert guard.refused["calendar_year"] == 1


def test_calendar_month_within_range_is_allowed():
    guard = TrapGuard(max_year=2022)
    assert guard.allow(SITE + "/hdjl/rl/?month=2022-01", SITE + "/hdjl/rl/?month=2021-12", 0)[0]
    assert guard.allow(SITE + "/hdjl/rl/?year=2021&month=11", None, 0)[0]


@pytest.mark.parametrize("url", [
    SITE + "/hdjl/rl/?year=2031",
    SITE + "/hdjl/rl/2031/01/",
    SITE + "/hdjl/rl/2031-01.html",
    SITE + "/hdjl/rl/?month=1969-12",   # a calendar walked backwards below min_year
])
def test_other_calendar_spellings_out_of_range_are_refused(url):
    guard = TrapGuard(max_year=2022)
    assert not guard.allow(url, None, 0)[0]


@pytest.mark.parametrize("url", [
    SITE + "/art/2021/11/3/art_2088_4410.html",      # 大汉 article id 2088
    SITE + "/col/col2088/index.html",                # column id 2088
    SITE + "/zwgk/tzgg/202111/t20211103_2088.html",
])
def test_ids_that_look_like_years_are_not_calendars(url):
    guard = TrapGuard(max_year=2022)
    assert guard.allow(url, None, 0)[0]


@pytest.mark.parametrize("url", [
    SITE + "/news/show.jsp?id=2088",
    SITE + "/list.aspx?ClassID=2056&page=2",
    SITE + "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&columnid=2088&unitid=1234",
])
def test_query_ids_that_look_like_years_are_not_calendars(url):
    guard = TrapGuard(max_year=2022)
    assert guard.allow(url, None, 0)[0]


def test_endless_same_shape_chain_is_refused_after_chain_limit():
    guard = TrapGuard(max_year=2022, chain_limit=5)
    parent, chain = SITE + "/hdjl/rl/?day=1", 0
    results = []
    for n in range(2, 12):
        url = f"{SITE}/hdjl/rl/?day={n}"
        allowed, chain = guard.allow(url, parent, chain)
        results.append(allowed)
        parent = url
    assert results[:5] == [True] * 5
    assert results[5:] == [False] * 5
    assert guard.refused["endless_series"] == 5


def test_chain_restarts_when_the_url_shape_changes():
    guard = TrapGuard(max_year=2022, chain_limit=2)
    allowed, chain = guard.allow(SITE + "/zwgk/tzgg/202111/t20211103_1.html", SITE + "/zwgk/tzgg/", 7)
    assert allowed and chain == 0


def test_query_variants_are_capped_per_path():
    guard = TrapGuard(max_year=2022, max_query_variants=3)
    allowed = [guard.allow(f"{SITE}/search.jsp?searchword=政务{i}", None, 0)[0] for i in range(5)]
    assert allowed == [True, True, True, False, False]
    assert guard.refused["query_variants"] == 2
    assert guard.allow(f"{SITE}/search.jsp?searchword=政务0", None, 0)[0]   # a variant already seen
    assert guard.allow(f"{SITE}/other.jsp?searchword=政务9", None, 0)[0]    # another path has its own cap


def test_repeated_path_segments_are_refused():
    guard = TrapGuard(max_year=2022)
    assert not guard.allow(SITE + "/zwgk/images/zwgk/images/zwgk/images/logo.html", None, 0)[0]
    assert guard.refused["repeated_path"] == 1
    assert guard.allow(SITE + "/zwgk/zwgk/tzgg/", None, 0)[0]  # twice is a real (if odd) path


def test_overlong_url_is_refused():
    guard = TrapGuard(max_year=2022, max_url_length=100)
    assert not guard.allow(SITE + "/a?" + "x" * 120, None, 0)[0]
    assert guard.refused["url_too_long"] == 1


# --- page_root -------------------------------------------------------------------------------

@pytest.mark.parametrize("url,expected", [
    (SITE + "/zwgk/tzgg/index_2.html", SITE + "/zwgk/tzgg/"),
    (SITE + "/zwgk/tzgg/index_55.shtml", SITE + "/zwgk/tzgg/"),
    (SITE + "/zwgk/tzgg/index.html", SITE + "/zwgk/tzgg/"),
    (SITE + "/zwgk/tzgg/", SITE + "/zwgk/tzgg/"),
    (SITE + "/news/list.jsp?page=3&cid=12", SITE + "/news/list.jsp?cid=12"),
    (SITE + "/news/list.jsp?cid=12&pageNo=3", SITE + "/news/list.jsp?cid=12"),
    (SITE + "/news/?page=3", SITE + "/news/"),
    (SITE + "/col/col1234/index.html?uid=5678&pageNum=3", SITE + "/col/col1234/?uid=5678"),
])
def test_page_root(url, expected):
    assert page_root(url) == expected


def test_page_root_of_second_page_equals_canonical_first_page():
    assert page_root(SITE + "/zwgk/tzgg/index_2.html") == canonical_url(SITE + "/zwgk/tzgg/index.html")


def test_page_root_leaves_article_urls_alone():
    url = SITE + "/zwgk/tzgg/202111/t20211103_4410237.html"
    assert page_root(url) == url
