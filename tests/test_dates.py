"""Chinese date patterns of government pages: full dates, split and bare month-day list dates,
numbers that only look like dates, dates in CMS URLs, and the year of bare [MM-DD] items."""
from __future__ import annotations

from datetime import date

import pytest

from inspector.extract.dates import MonthDay, date_from_url, parse_date, parse_item_date, resolve_years

D = date(2021, 11, 3)


@pytest.mark.parametrize("text", [
    "2021-11-03",
    "2021/11/03",
    "2021.11.03",
    "2021年11月3日",
    "2021年11月03日",
    "2021 年 11 月 3 日",
    "[2021-11-03]",
    "（2021-11-03）",
    "2021-11-03 10:00:00",
    "发布时间：2021-11-03 10:00",
    "2021-11-3",
    "2021年11月3日 星期三",
    "2021-11-03T10:00:00+08:00",
])
def test_full_dates(text):
    assert parse_date(text) == D
    assert parse_item_date(text) == D


def test_first_of_several_dates_is_taken():
    assert parse_date("有效期：2021-11-03至2022-11-02") == D


@pytest.mark.parametrize("text", [
    "2021-11 03",         # <span>2021-11</span><span>03</span>
    "03 2021-11",         # big day number first, then year-month (date blocks)
    "2021年11月 03",
])
def test_split_year_month_and_day_in_one_item(text):
    assert parse_item_date(text) == D


@pytest.mark.parametrize("text,expected", [
    ("[11-03]", MonthDay(11, 3)),
    ("11-03", MonthDay(11, 3)),
    ("11/03", MonthDay(11, 3)),
    ("11月03日", MonthDay(11, 3)),
    ("[12-28]", MonthDay(12, 28)),
])
def test_bare_month_day_is_a_monthday_not_a_date(text, expected):
    assert parse_date(text) is None
    assert parse_item_date(text) == expected


@pytest.mark.parametrize("text", [
    "2021-02-30",
    "2021年2月30日",
    "2021-13-01",
    "2021-11-31",
    "1899-01-01",
    "[02-30]",
    "[13-01]",
])
def test_impossible_or_implausible_dates_are_none(text):
    assert parse_date(text) is None
    assert parse_item_date(text) is None


@pytest.mark.parametrize("text", [
    "联系电话：0795-8821103",
    "0795-3521103",
    "010-65228877",
    "13912345678",
    "青府办字〔2021〕7号",
    "吉政明电〔2022〕1号",
    "〔2021〕7号",
    "2021年工作要点",
    "2021年第7号",
    "关于2021年度考核的通知",
    "2021年11月",           # month only, no day
    "索引号：013578943/2021-05521",
    "浏览次数：12",
])
def test_numbers_that_are_not_dates(text):
    assert parse_date(text) is None
    assert parse_item_date(text) is None


# --- dates in URLs ---------------------------------------------------------------------------

@pytest.mark.parametrize("url,expected", [
    ("http://www.qingshan.gov.cn/zwgk/tzgg/202111/t20211103_4410237.html", D),
    ("https://www.nmg.gov.cn/zwyw/jrgz/202202/t20220211_2004628.html", date(2022, 2, 11)),
    ("http://fgw.zj.gov.cn/art/2021/11/3/art_1621004_30332664.html", D),
    ("http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html", date(2016, 11, 22)),
    ("http://www.kepu.gov.cn/politics/2021-11/03/content_1755244.html", D),
    ("http://www.gov.cn/zhengce/content/2021-11/03/content_5648510.htm", D),
    ("http://www.qingshan.gov.cn/2021/1103/c1234a56789/page.htm", D),
])
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected


@pytest.mark.parametrize("url", [
    "http://www.qingshan.gov.cn/col/col1234/index.html",
    "http://www.qingshan.gov.cn/art/2021/2/30/art_1234_5678.html",   # no 30 February
    "http://www.qingshan.gov.cn/zwgk/tzgg/202111/t20211303_4410237.html",  # no 13th month
    "http://www.qingshan.gov.cn/zwgk/tzgg/",
])
def test_urls_without_a_real_date(url):
    assert date_from_url(url) is None


# --- years of bare month-day items -----------------------------------------------------------

def test_year_comes_from_a_dated_neighbour():
    shown = [MonthDay(11, 3), date(2021, 11, 1), MonthDay(10, 28)]
    assert resolve_years(shown, reference=date(2024, 6, 1)) == [date(2021, 11, 3), date(2021, 11, 1),
                                                                 date(2021, 10, 28)]


def test_neighbour_across_new_year():
    shown = [date(2021, 12, 30), MonthDay(1, 2)]
    assert resolve_years(shown, reference=date(2022, 6, 1)) == [date(2021, 12, 30), date(2022, 1, 2)]
    shown = [MonthDay(12, 28), date(2022, 1, 5)]
    assert resolve_years(shown, reference=date(2022, 6, 1)) == [date(2021, 12, 28), date(2022, 1, 5)]


def test_year_comes_from_the_reference_date_when_nothing_is_dated():
    assert resolve_years([MonthDay(11, 3), MonthDay(10, 28)], reference=date(2021, 11, 20)) == [
        date(2021, 11, 3), date(2021, 10, 28)]


def test_reference_day_itself_is_not_the_future():
    assert resolve_years([MonthDay(1, 10)], reference=date(2022, 1, 10)) == [date(2022, 1, 10)]


def test_year_boundary_with_reference_date():
    shown = [MonthDay(1, 5), MonthDay(12, 28)]
    assert resolve_years(shown, reference=date(2022, 1, 10)) == [date(2022, 1, 5), date(2021, 12, 28)]


def test_month_day_later_than_reference_is_last_year():
    assert resolve_years([MonthDay(3, 1)], reference=date(2022, 1, 10)) == [date(2021, 3, 1)]


def test_none_entries_keep_their_place():
    shown = [MonthDay(1, 5), None, MonthDay(12, 28)]
    assert resolve_years(shown, reference=date(2022, 1, 10)) == [date(2022, 1, 5), None, date(2021, 12, 28)]


def test_leap_day_without_year_resolves_to_latest_leap_year():
    assert resolve_years([MonthDay(2, 29)], reference=date(2023, 6, 1)) == [date(2020, 2, 29)]
