"""Hidden links (暗链) found by inspector.extract.hidden: every hiding style is caught, with how,
and visible links — including the look-alikes templates use every day — are not."""
from __future__ import annotations

import pytest

from inspector.extract.hidden import css_rules, hidden_links, style_text
from inspector.extract.html import parse_html

BASE = "http://www.example.gov.cn/"
SPAM = "http://spam.example.com/"


def found(body: str, css: str = "") -> list[tuple[str, str, str]]:
    html = f"<html><head><style>{css}</style></head><body>{body}</body></html>" if css else \
        f"<html><body>{body}</body></html>"
    return hidden_links(parse_html(html), BASE, style_text(html))


HIDDEN = [  # (how, body, <style> css)
    ("display:none", f'<div style="display:none"><a href="{SPAM}">博彩</a></div>', ""),
    ("display:none", f'<div style="DISPLAY: NONE !important"><p><a href="{SPAM}">博彩</a></p></div>', ""),
    ("display:none", f'<div class="x1"><a href="{SPAM}">博彩</a></div>', ".x1{display:none}"),
    ("display:none", f'<div id="k9"><a href="{SPAM}">博彩</a></div>', "#k9 { display : none; }"),
    ("display:none", f'<div class="wrap"><span class="in"><a href="{SPAM}">博彩</a></span></div>',
     "/* injected */ .wrap .in{display:none}"),
    ("visibility:hidden", f'<span style="visibility:hidden"><a href="{SPAM}">博彩</a></span>', ""),
    ("visibility:hidden", f'<div class="v"><a href="{SPAM}">博彩</a></div>', "div.v{visibility:hidden}"),
    ("opacity:0", f'<div style="opacity:0"><a href="{SPAM}">博彩</a></div>', ""),
    ("font-size:0", f'<div style="font-size:0"><a href="{SPAM}">博彩</a></div>', ""),
    ("font-size:0", f'<div class="f"><a href="{SPAM}">博彩</a></div>', ".f{font:0/0 a}"),
    ("zero-size", f'<div style="width:0;height:0;overflow:hidden"><a href="{SPAM}">博彩</a></div>', ""),
    ("zero-size", f'<div style="height:1px;overflow:hidden"><a href="{SPAM}">博彩</a></div>', ""),
    ("zero-size", f'<div class="z"><a href="{SPAM}">博彩</a></div>', ".z{max-height:0;overflow:hidden}"),
    ("off-screen", f'<div style="position:absolute;left:-9999px;top:0"><a href="{SPAM}">博彩</a></div>', ""),
    ("off-screen", f'<div style="position:fixed;top:-3000px"><a href="{SPAM}">博彩</a></div>', ""),
    ("off-screen", f'<p style="text-indent:-9999em"><a href="{SPAM}">博彩</a></p>', ""),
    ("off-screen", f'<div class="o"><a href="{SPAM}">博彩</a></div>', ".o{position:absolute;left:-10000px}"),
    ("same-color", f'<div style="background:#fff;color:#ffffff"><a href="{SPAM}">博彩</a></div>', ""),
    ("same-color", f'<div style="background-color:white"><a style="color:rgb(255,255,255)" href="{SPAM}">博彩</a></div>', ""),
    ("same-color", f'<div class="c"><a href="{SPAM}">博彩</a></div>', ".c{color:#123456;background-color:#123456}"),
    ("marquee", f'<marquee height="1" width="1"><a href="{SPAM}">博彩</a></marquee>', ""),
    ("marquee", f'<marquee scrollamount="3000"><a href="{SPAM}">博彩</a></marquee>', ""),
    ("marquee", f'<marquee style="height:2px"><a href="{SPAM}">博彩</a></marquee>', ""),
    ("hidden-attr", f'<div hidden><a href="{SPAM}">博彩</a></div>', ""),
]


@pytest.mark.parametrize("how, body, css", HIDDEN)
def test_every_hiding_style_is_caught(how, body, css):
    assert found(body, css) == [(SPAM, "博彩", how)]


VISIBLE = [  # what templates do every day: none of it hides the link
    ('<a href="/a.html">普通链接</a>', ""),
    (f'<a href="{SPAM}" style="color:#fff;background:#c00">白字红底按钮</a>', ""),
    (f'<div style="visibility:hidden"><a style="visibility:visible" href="{SPAM}">又显示</a></div>', ""),
    (f'<ul class="row"><li><a href="{SPAM}">行内块间距</a></li></ul>', "ul.row{font-size:0} ul.row li{font-size:14px}"),
    (f'<div class="p"><a href="{SPAM}">只在打印时隐藏</a></div>', "@media print{.p{display:none}}"),
    (f'<div class="m"><a href="{SPAM}">悬停时显示</a></div>', ".m:hover{display:none}"),
    (f'<div class="t"><a href="{SPAM}">标签页</a></div>', ".t{display:none}.t{display:block}"),
    (f'<a class="logo" href="{SPAM}" style="text-indent:-9999px"><img src="logo.png" alt="网站标识"></a>', ""),
    (f'<div style="background:#fff url(bg.png);color:#fff"><a href="{SPAM}">背景图上的白字</a></div>', ""),
    (f'<div style="position:relative;left:-20px"><a href="{SPAM}">微调位置</a></div>', ""),
    (f'<div style="height:0"><a href="{SPAM}">高度为0但溢出可见</a></div>', ""),
    (f'<marquee scrollamount="3" height="200"><a href="{SPAM}">滚动新闻</a></marquee>', ""),
    (f'<div style="opacity:0.8"><a href="{SPAM}">半透明</a></div>', ""),
    (f'<div style="color:#fff"><a href="{SPAM}">白字（背景在外部样式表）</a></div>', ""),
    (f'<div style="display:none"></div><a href="{SPAM}">隐藏元素之后</a>', ""),
]


@pytest.mark.parametrize("body, css", VISIBLE)
def test_visible_links_are_not_flagged(body, css):
    assert found(body, css) == []


def test_specificity_decides_between_rules():
    css = "#box .tab{display:block} .tab{display:none}"  # the id rule wins although it comes first
    assert found(f'<div id="box"><div class="tab"><a href="{SPAM}">x</a></div></div>', css) == []


def test_style_text_reads_the_source_and_rules_skip_at_blocks():
    html = '<style type="text/css">.a{display:none}</style><p>x</p><STYLE>@media screen{.b{color:red}} .c{opacity:0}</STYLE>'
    css = style_text(html)
    assert [sel for sel, _ in css_rules(css)] == [".a", ".c"]


def test_the_demo_spam_link_is_recorded_on_its_page():
    from datetime import date
    from pathlib import Path

    from inspector.extract.page import extract_page
    from inspector.model import Page

    path = Path(__file__).parents[1] / "inspector/demo_site/www/xwdt/gzdt/202111/t20211126_1036.html"
    url = "http://127.0.0.1/xwdt/gzdt/202111/t20211126_1036.html"
    page = extract_page(Page(url=url, final_url=url, status=200), path.read_text(encoding="utf-8"), date(2021, 12, 31))
    assert page.hidden_links == [("http://www.example-bet.invalid/", "博彩", "display:none")]
