"""link.broken, security.hidden-link and privacy.personal-data on saved pages and link checks
(no network): referrers, homepage counts, needs_review, soft 404s, skip patterns, severity
policy of hidden links, masked personal data, and the homepage availability history."""
from __future__ import annotations

from datetime import date

from inspector.extract.notfound import soft_404
from inspector.model import Page, Resource
from inspector.site_model import SiteModel
from rules.link import broken
from rules.privacy import personal_data
from rules.security import hidden_link

H = "http://www.example.gov.cn"


def page(path: str, kind: str = "article", status: int = 200, links=(), title: str = "页面", text: str = "正文" * 200,
         **kw) -> Page:
    return Page(url=H + path, final_url=H + path, status=status, kind=kind, title=title, text=text,
                links=[(H + u if u.startswith("/") else u, t, tag) for u, t, tag in links], **kw)


def site(pages, resources=(), config=None) -> SiteModel:
    model = SiteModel(name="测试", start_urls=[H + "/"], as_of=date(2021, 12, 31), pages=list(pages),
                      config=config or {})
    model.resources = list(resources)
    return model


def by_url(findings):
    return {f.url.removeprefix(H): f for f in findings}


def test_soft_404_words():
    assert soft_404("页面不存在_某某局", "")
    assert soft_404("404 Not Found", "")
    assert soft_404("提示", "很抱歉，您访问的页面不存在或已被删除！")
    assert soft_404("提示", "该信息已删除")
    assert not soft_404("关于第404号建议的答复", "答复全文" * 100)
    assert not soft_404("网站改版说明", "旧版页面不存在的栏目已合并。" + "正文" * 200)  # a long page only mentions it


def demo_like():
    home = page("/", kind="home", links=[("/a.html", "甲", "a"), ("/img/x.png", "", "img"),
                                         ("http://other.example.com/gone", "友情链接", "a")])
    a = page("/a.html", links=[("/missing.html", "丢失的页面", "a"), ("/files/附件.pdf", "附件一", "a"),
                               ("/soft.html", "软404", "a"), ("http://blocked.example.com/x", "被拒", "a")])
    b = page("/b.html", links=[("/missing.html", "丢失的页面", "a"), ("/files/%E9%99%84%E4%BB%B6.pdf", "附件一", "a"),
                               ("/404-layout.html", "旧页面", "a")])
    missing = page("/missing.html", kind="error", status=404, referrer=H + "/a.html")
    soft = page("/soft.html", kind="blank", title="页面不存在_测试", text="很抱歉，您访问的页面不存在或已被删除！")
    err404 = page("/404-layout.html", kind="error", status=404, links=[("/b.html", "b", "a")])
    resources = [
        Resource(url=H + "/img/x.png", tag="img", status=404),
        Resource(url=H + "/files/附件.pdf", tag="a", status=404, method="GET"),
        Resource(url="http://other.example.com/gone", tag="a", external=True, error="域名解析失败（DNSLookupError）"),
        Resource(url="http://blocked.example.com/x", tag="a", external=True, status=403),
    ]
    return site([home, a, b, missing, soft, err404], resources)


def test_one_finding_per_broken_target_with_every_referrer():
    model = demo_like()
    found = by_url(broken.check(model))
    assert set(found) == {"/missing.html", "/soft.html", "/img/x.png", "/files/附件.pdf", "/404-layout.html",
                          "http://other.example.com/gone", "http://blocked.example.com/x"}
    assert found["/missing.html"].referrers == [H + "/a.html", H + "/b.html"]  # the 404 page's own links do not count
    assert found["/files/附件.pdf"].referrers == [H + "/a.html", H + "/b.html"]  # Chinese and percent-encoded alike
    assert found["/img/x.png"].extra["on_homepage"] is True and "图片" in found["/img/x.png"].message
    assert found["/soft.html"].extra["soft_404"] == "页面不存在"
    assert found["/missing.html"].extra["on_homepage"] is False
    blocked = found["http://blocked.example.com/x"]
    assert blocked.needs_review and blocked.severity == "error" and blocked.extra["http_status"] == 403
    assert not found["http://other.example.com/gone"].needs_review
    assert all(f.severity == "error" and f.evidence == "" for f in found.values())
    summary = broken.section(model)
    assert summary["broken"] == 6 and summary["needs_review"] == 1
    assert summary["broken_on_homepage"] == 2  # the image and the external link
    assert summary["broken_internal"] == 5 and summary["broken_external"] == 1


def test_403_of_the_site_itself_is_broken_not_review():
    model = site([page("/", kind="home", links=[("/files/a.doc", "附件", "a")])],
                 [Resource(url=H + "/files/a.doc", status=403)])
    (finding,) = broken.check(model)
    assert not finding.needs_review


def test_start_page_and_skipped_targets_are_not_reported():
    pages = [page("/", kind="error", status=500), page("/x.html", links=[("/y.html", "y", "a")]),
             page("/y.html", kind="error", status=404)]
    model = site(pages, [Resource(url="https://weibo.com/gov", external=True, status=404)],
                 config={"links": {"skip": ["https://weibo.com/*", H + "/y.*"]}})
    assert broken.check(model) == []


def test_redirected_broken_page_falls_back_to_the_crawl_referrer():
    model = site([page("/", kind="home"), page("/moved/", kind="error", status=404, referrer=H + "/")])
    (finding,) = broken.check(model)
    assert finding.referrers == [H + "/"] and finding.extra["on_homepage"] is True


class FakeSensitive:
    """Stands for the text.sensitive checker: hits 博彩 and 六合彩."""

    def __call__(self, text, published, hidden):
        from inspector.text.site_text import TextHit

        return [TextHit("text.sensitive", "veto", i, i + len(w), w, "", "")
                for w in ("博彩", "六合彩") for i in [text.find(w)] if i >= 0]


def test_hidden_link_severity_policy():
    hidden = [
        ("http://spam.example.com/", "博彩", "display:none"),  # foreign + sensitive text → veto
        ("http://bet365.example.com/", "点击", "off-screen"),  # spam token in the URL → veto
        (H + "/upload/x.html", "六合彩", "font-size:0"),  # own site but sensitive → veto
        ("http://shop.example.com/", "商城", "same-color"),  # foreign, spam-only trick → warning
        ("http://menu.example.com/", "合作单位", "display:none"),  # foreign, could be a menu → warning, review
        (H + "/tab2.html", "通知公告", "display:none"),  # own tab panel → not reported
        ("http://www.yn.gov.cn/", "省政府", "display:none"),  # government drop-down → not reported
    ]
    pages = [page("/", kind="home", hidden_links=hidden), page("/a.html", hidden_links=hidden[:1])]
    model = site(pages)
    found = {f.evidence: f for f in hidden_link.check(model, FakeSensitive())}
    assert {k: (f.severity, f.needs_review) for k, f in found.items()} == {
        "http://spam.example.com/": ("veto", False), "http://bet365.example.com/": ("veto", False),
        H + "/upload/x.html": ("veto", False), "http://shop.example.com/": ("warning", False),
        "http://menu.example.com/": ("warning", True),
    }
    spam = found["http://spam.example.com/"]
    assert spam.url == H + "/" and spam.extra["pages"] == [H + "/", H + "/a.html"] and spam.extra["page_count"] == 2
    assert "博彩" in spam.message and "display:none" in spam.message
    _, counts = hidden_link.classify(model, FakeSensitive())
    assert counts == {"found": 7, "reported": 5, "own_site": 1, "government": 1}


GOOD_ID = "530102199001011231"


def test_personal_data_in_pages_and_attachments_is_masked():
    table = f"序号 姓名 身份证号码 联系电话 1 杨丽 女 {GOOD_ID} 13912345678 数据分析岗"
    footer = "网站管理员 13800001111"
    pages = [
        page("/", kind="home", links=[("/files/名单.xlsx", "名单", "a")], number_snippets=[footer]),
        page("/gs.html", number_snippets=[table, footer], title="公示"),
        page("/404.html", kind="error", status=404, number_snippets=[table]),  # error pages are not read
    ]
    resources = [Resource(url=H + "/files/名单.xlsx", status=200, text=f"姓名：张三\t身份证号码：{GOOD_ID}\n"
                                                                       f"身份证号码：530102199001011232")]
    findings = personal_data.check(site(pages, resources))
    got = sorted((f.url.removeprefix(H), f.extra["kind"], f.evidence, f.extra["count"]) for f in findings)
    assert got == [("/", "mobile", "138****1111", 1), ("/files/名单.xlsx", "id_card", "5301**********1231", 1),
                   ("/gs.html", "id_card", "5301**********1231", 1), ("/gs.html", "mobile", "139****5678", 1)]
    footer_finding = next(f for f in findings if f.evidence == "138****1111")
    assert footer_finding.extra["pages"] == [H + "/", H + "/gs.html"]  # one finding for the repeated footer
    attachment = next(f for f in findings if f.url.endswith(".xlsx"))
    assert attachment.referrers == [H + "/"] and "附件" in attachment.message
    for f in findings:
        shown = " ".join([f.evidence, f.context, f.message, str(f.extra)])
        assert GOOD_ID not in shown and "13912345678" not in shown and "13800001111" not in shown
        assert f.severity == "error"


def test_homepage_availability_over_the_last_seven_days(tmp_path):
    from inspector.availability import record_and_summarize
    from inspector.store import History

    history = History(tmp_path / "h.sqlite3")
    answers = [("2021-12-20T02:00:00+08:00", 200, 300), ("2021-12-25T02:00:00+08:00", None, 0),
               ("2021-12-27T02:00:00+08:00", 200, 16000), ("2021-12-31T02:00:00+08:00", 200, 800)]
    result = None
    for started, status, ms in answers:
        scan_id = history.start_scan("测试", [H + "/"], "2021-12-31", started, str(tmp_path), {})
        home = page("/", kind="home" if status else "error", status=status, fetch_ms=ms)
        result = record_and_summarize(history, scan_id, site([home]), started)
    week = result["last_7_days"]
    # 12-20 is outside the window; of 12-25 (failed), 12-27 (over 15 s) and 12-31 only one answered in time
    assert week["scans"] == 3 and week["reachable"] == 1 and week["rate"] == round(1 / 3, 4)
    assert week["status"] == "fail" and result["home_ms"] == 800 and result["reachable"] is True
    history.close()
