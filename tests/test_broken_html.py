"""Broken real-world HTML: the parser keeps the whole page (unclosed nesting in the thousands,
control characters in Word-pasted markup, text straight under <body>), and a page that cannot be
read whole is kept with the reason; the negative rules that rest on it only ask for review."""
from __future__ import annotations

import os
import random
from datetime import date, timedelta

import pytest

from inspector.extract import page as page_module
from inspector.extract.html import parse_html
from inspector.extract.page import extract_page
from inspector.model import Page
from inspector.site_model import build_site
from rules.elder import no_entrance
from rules.home import stale as home_stale
from rules.site import unreadable_pages, verdict

AS_OF = date(2026, 12, 1)
HOME = "http://gov.test/"


def item_html(i: int, opener: str, closer: str) -> str:
    day = AS_OF - timedelta(days=i % 5)
    return (f'{opener}<a href="/art/{i}.html">关于做好第{i}批政务公开工作的通知</a>'
            f'<span class="date">{day.isoformat()}</span>{closer}')


def homepage(count: int, opener: str, closer: str = "", footer: str = '<a href="/care/">关怀版</a>') -> str:
    items = "".join(item_html(i, opener, closer) for i in range(count))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试市人民政府</title></head><body>'
            f'<div class="header"><a href="/zwgk/">政务公开</a></div>'
            f'<div class="news"><h2>要闻动态</h2>{items}</div>'
            f'<div class="footer">{footer} 主办：测试市人民政府办公室</div></body></html>')


def extracted(html: str, url: str = HOME, is_home: bool = True) -> Page:
    page = Page(url=url, final_url=url, status=200)
    return extract_page(page, html, AS_OF, is_home=is_home)


def site_of(*pages: Page):
    return build_site("测试市人民政府", [HOME], AS_OF, list(pages))


# Unclosed items as templates leave them: classed divs, bare divs, spans, li with an unclosed div.
UNCLOSED = [('<div class="item">', ""), ("<div>", ""), ('<span class="row">', ""), ('<li><div class="x">', "</li>"),
            ('<DIV CLASS="list-item">', "")]


@pytest.mark.parametrize("count", [300, 2600])
@pytest.mark.parametrize(("opener", "closer"), UNCLOSED)
def test_unclosed_nesting_keeps_every_item_and_the_footer(opener, closer, count):
    page = extracted(homepage(count, opener, closer))
    items = [i for lst in page.lists for i in lst.items]
    assert len({i.url for i in items}) == count
    assert all(i.date for i in items)
    assert any(text == "关怀版" for _, text, _ in page.links)
    assert page.extract_error is None
    site = site_of(page)
    assert home_stale.check(site) == []
    assert no_entrance.check(site) == []


def test_unclosed_nesting_beyond_both_libxml2_limits_keeps_the_last_item():
    html = homepage(3000, '<div class="item">')
    root = parse_html(html)
    last = root.xpath('//a[@href="/art/2999.html"]')
    assert len(last) == 1
    assert last[0].getparent().get("class") == "item"
    assert last[0].getparent().getparent().get("class") == "news"  # un-nested: a sibling, not 3000 deep


def test_legitimate_nesting_of_one_class_is_left_as_written():
    html = ('<html><body><div class="box"><div class="box"><a href="/a.html">内层</a></div>'
            '<p>外层说明</p></div></body></html>')
    root = parse_html(html)
    inner = root.xpath('//a[@href="/a.html"]')[0].getparent()
    assert inner.getparent().get("class") == "box" and inner.getparent().getparent().tag == "body"


@pytest.mark.parametrize("junk", ["\x0b", "\x0c", "\x00", "\x1f", "\x08\x0b\x0c"])
def test_control_characters_in_word_markup_and_cms_tags_do_not_cost_the_page(junk):
    text = "全体干部要再接再励，推动各项工作落实落细。" * 6
    html = (f'<html><head><title>关于印发工作方案的通知</title><meta name="PubDate" content="2026-11-30"></head><body>'
            f'<div class="content"><p class="MsoNormal">{text}<o:p>{junk}</o:p></p>'
            f'<ucapcontent>第二段{junk}正文<trs_editor title="a{junk}b">内容</trs_editor></ucapcontent></div></body></html>')
    page = extracted(html, url="http://gov.test/art/1.html", is_home=False)
    assert page.extract_error is None
    assert page.kind == "article"
    assert "再接再励" in page.text and "第二段 正文" in page.text
    assert not any(c in page.text for c in "\x00\x08\x0b\x0c\x1f")


@pytest.mark.parametrize("html", [
    "<html><body>{text}</body></html>",
    "<html>{text}</html>",
    "{text}",
    '<html><body><div class="header"><a href="/">首页</a></div>{text}<br>{text}</body></html>',
])
def test_text_straight_under_body_is_read(html):
    text = "本机关严格落实政府信息公开条例，全年主动公开政府信息一千二百条，依申请公开办结率百分之百。"
    page = extracted(html.format(text=text), url="http://gov.test/gk/report.html", is_home=False)
    assert text in page.text
    assert page.extract_error is None


def test_binary_garbage_served_as_html_is_kept_with_the_reason():
    garbage = random.Random(14).randbytes(20000).decode("latin-1")
    page = extracted(garbage)
    assert page.extract_error and "二进制" in page.extract_error
    assert page.kind == "home" and page.text == "" and page.lists == []
    site = site_of(page)
    stale = home_stale.check(site)
    assert len(stale) == 1 and stale[0].needs_review and "未能完整读取" in stale[0].message
    unread = unreadable_pages.check(site)
    assert [(f.url, f.severity, f.needs_review) for f in unread] == [(HOME, "info", True)]
    summary = verdict.summarize(site, stale + unread)
    assert summary["counts"]["veto"] == 0 and summary["result"] != "fail"


def test_word_pasted_page_with_a_few_stray_controls_is_not_called_binary():
    text = "政务公开工作要点" * 400 + "\x0b" * 20 + "\x07"
    page = extracted(f'<html><body><div class="content"><p>{text}</p></div></body></html>',
                     url="http://gov.test/a.html", is_home=False)
    assert page.extract_error is None


def test_an_extraction_failure_keeps_the_page_and_says_why(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(page_module, "find_item_lists", broken)
    page = extracted(homepage(5, '<div class="item">', "</div>"))
    assert page.extract_error == "页面解析出错，内容未能完整读取"
    assert page.kind == "home" and page.title == "测试市人民政府"  # what was read before the failure stays
    site = site_of(page)
    findings = home_stale.check(site)
    assert len(findings) == 1 and findings[0].needs_review
    assert "boom" not in findings[0].message


def test_negative_rules_on_a_truncated_homepage_need_review():
    page = extracted(homepage(3, '<div class="item">', "</div>", footer=""))
    page.truncated = 20 * 1024 * 1024
    for lst in page.lists:  # what was read holds only old items
        for i in lst.items:
            i.date = "2026-01-05"
    site = site_of(page)
    stale = home_stale.check(site)
    assert len(stale) == 1 and stale[0].needs_review and "仅检查了前 20 MB" in stale[0].message
    entrance = no_entrance.check(site)
    assert len(entrance) == 1 and entrance[0].needs_review and "仅检查了前 20 MB" in entrance[0].message
    assert [f.message for f in unreadable_pages.check(site)] == [
        "页面未能完整读取：页面过大，仅检查了前 20 MB。依据该页面得出的“未更新”“空白”“缺少入口”等结论需人工核实"]


def test_a_whole_page_keeps_its_vetoes():
    page = extracted(homepage(3, '<div class="item">', "</div>", footer=""))
    for lst in page.lists:
        for i in lst.items:
            i.date = "2026-01-05"
    site = site_of(page)
    stale = home_stale.check(site)
    assert len(stale) == 1 and not stale[0].needs_review
    assert [f.needs_review for f in no_entrance.check(site)] == [False]
    assert unreadable_pages.check(site) == []


def test_random_bytes_never_raise():
    rng = random.Random(7)
    for size in (1, 50, 3000, 70000):
        data = rng.randbytes(size)
        for text in (data.decode("latin-1"), data.decode("utf-8", "replace"), data.decode("gb18030", "replace")):
            extracted(text)  # must not raise
    extracted(os.urandom(0).decode())
