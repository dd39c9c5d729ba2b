"""Text rules over crawled pages: fields checked, hidden text, boilerplate reported once with its
pages, the site's allow-list and URL ignores, and the outdated-name date rule."""
from __future__ import annotations

from datetime import date

from inspector.model import Page
from inspector.site_model import build_site
from rules.text import outdated_name, sensitive, typo

BASE = "http://gov.test/"


def page(path, title="标题", text="", hidden="", chrome=(), published="2021-06-01", links=()):
    return Page(url=BASE + path, final_url=BASE + path, status=200, kind="article", title=title, text=text,
                hidden_text=hidden, chrome=list(chrome), published=published, links=list(links))


def site(*pages, config=None):
    s = build_site("测试站", [BASE], date(2021, 12, 31), list(pages))
    s.config = config or {}
    return s


def test_title_body_alt_and_attachment_names_are_checked():
    s = site(page("a.html", title="全体干部再接再励", text="会议进行了布署。",
                  links=[(BASE + "x.png", "按装现场", "img"), (BASE + "f/附件.pdf", "秸杆利用方案.pdf", "a")]))
    fields = sorted((f.evidence, f.extra["field"]) for f in typo.check(s))
    assert fields == [("再接再励", "title"), ("布署", "body"), ("按装", "alt"), ("秸杆", "attachment")]


def test_boilerplate_is_one_finding_with_all_its_pages():
    block = ("k1", "版权所有：云岭市数据资源管理局 其它链接")
    s = site(page("a.html", chrome=[block]), page("b.html", chrome=[("k1", "")]), page("c.html", chrome=[("k1", "")]))
    [finding] = typo.check(s)
    assert finding.evidence == "其它" and finding.extra["page_count"] == 3
    assert finding.extra["pages"] == [BASE + "a.html", BASE + "b.html", BASE + "c.html"]


def test_hidden_spam_is_reported_even_in_anti_crime_wording():
    visible = site(page("a.html", text="严厉打击六合彩等违法犯罪活动。"))
    assert sensitive.check(visible) == []
    hidden = site(page("a.html", hidden="打击六合彩 六合彩资料大全"))
    findings = sensitive.check(hidden)
    assert findings and all(f.extra["hidden"] for f in findings) and "隐藏文字" in findings[0].message


def test_site_allow_list_and_ignored_urls():
    pages = (page("a.html", text="其它事项另行通知。"), page("old/b.html", text="会议进行了布署。"))
    assert len(typo.check(site(*pages))) == 2
    config = {"text": {"allow": ["其它"], "ignore_urls": [BASE + "old/*"]}}
    assert typo.check(site(*pages, config=config)) == []


def test_outdated_names_depend_on_the_publication_date():
    text = "市国土资源局有关负责同志参加会议。"
    assert [f.evidence for f in outdated_name.check(site(page("a.html", text=text, published="2021-05-01")))] == \
        ["国土资源局"]
    assert outdated_name.check(site(page("a.html", text=text, published="2016-05-01"))) == []
    assert outdated_name.check(site(page("a.html", text=text, published=None))) == []
    assert outdated_name.check(site(page("a.html", text="原市国土资源局职责划入市自然资源局。"))) == []
