"""Re-scans take the last complete scan's record of a page fetched again with the very same
bytes (and the text of an attachment with the same bytes); anything the extraction reads that
differs parses the page again, and a taken record gets the header/footer text it lacks from the
last scan or is not used."""
from __future__ import annotations

from datetime import date

import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from inspector.model import Page, Resource
from inspector.spiders.site import SiteSpider
from inspector.store import History
from inspector.unchanged import KnownPages, attachment_key, source_key

FETCH = {"body": "<html><body><p>通知</p></body></html>".encode(), "content_type": "text/html",
         "url": "http://gov.test/a.html", "final_url": "http://gov.test/a.html", "status": 200, "is_home": False,
         "as_of": date(2021, 12, 31)}


def test_source_key_changes_with_everything_the_extraction_reads():
    key = source_key(**FETCH)
    assert source_key(**FETCH) == key
    others = {"body": "<html><body><p>通告</p></body></html>".encode(), "content_type": "text/html; charset=gbk",
              "url": "http://gov.test/b.html", "final_url": "http://gov.test/b/", "status": 404, "is_home": True,
              "as_of": date(2022, 1, 1)}
    for name, value in others.items():
        assert source_key(**{**FETCH, name: value}) != key, name


def history_with_two_scans(tmp_path) -> History:
    history = History(tmp_path / "h.sqlite3")
    done = history.start_scan("站", ["http://gov.test/"], "2021-12-31", "2021-12-31T02:00:00+08:00", "o1", {})
    history.add_page(done, Page(url="http://gov.test/", final_url="http://gov.test/", status=200, kind="home",
                                source_key="k-home", chrome=[("head", "云岭市数据资源管理局"), ("foot", "版权所有")]))
    history.add_page(done, Page(url="http://gov.test/a.html", final_url="http://gov.test/a.html", status=200,
                                kind="article", title="通知", source_key="k-a",
                                chrome=[("head", ""), ("foot", ""), ("side", "相关阅读")]))
    pdf = b"%PDF-1.4 ..."
    history.add_resource(done, Resource(url="http://gov.test/f.pdf", status=200, text="身份证号 5301**********1231",
                                        source_key=attachment_key(pdf, "pdf")))
    history.finish_scan(done, "complete", "2021-12-31T02:10:00+08:00", {})
    running = history.start_scan("站", ["http://gov.test/"], "2021-12-31", "2022-01-01T02:00:00+08:00", "o2", {})
    history.add_page(running, Page(url="http://gov.test/b.html", final_url="http://gov.test/b.html", status=200,
                                   kind="article", source_key="k-b"))
    history.commit()
    return history


def test_known_pages_are_the_records_of_the_latest_complete_scan(tmp_path):
    history = history_with_two_scans(tmp_path)
    known = KnownPages.latest(history, "站")
    assert known.take("k-a").title == "通知"
    assert known.take("k-b") is None          # the running scan's records are not known yet
    assert known.take("k-other") is None
    assert known.block_texts == {"head": "云岭市数据资源管理局", "foot": "版权所有", "side": "相关阅读"}
    assert known.attachment_text(attachment_key(b"%PDF-1.4 ...", "PDF")) == ("身份证号 5301**********1231", "", [])
    assert known.attachment_text(attachment_key(b"%PDF-1.4 ...", "docx")) is None   # read as another kind
    assert known.attachment_text(attachment_key(b"%PDF-1.5 ...", "pdf")) is None
    assert KnownPages.latest(history, "另一个站") is None
    history.close()


def test_taken_record_stores_each_block_text_once_per_scan(tmp_path):
    history = history_with_two_scans(tmp_path)
    spider = SiteSpider(start_urls=["http://gov.test/"], as_of=date(2021, 12, 31), known=KnownPages.latest(history, "站"))
    article = spider.known.take("k-a")
    assert spider._adopt_chrome(article)      # the first page of this scan with these blocks
    assert article.chrome == [("head", "云岭市数据资源管理局"), ("foot", "版权所有"), ("side", "相关阅读")]
    again = spider.known.take("k-a")
    assert spider._adopt_chrome(again)
    assert again.chrome == [("head", ""), ("foot", ""), ("side", "")]

    stranger = SiteSpider(start_urls=["http://gov.test/"], as_of=date(2021, 12, 31), known=None)
    lacking = Page(url="http://gov.test/c.html", final_url="http://gov.test/c.html", status=200,
                   chrome=[("gone", "")])
    assert not stranger._adopt_chrome(lacking)  # its text is nowhere: fetch and parse the page instead
    assert "gone" not in stranger.seen_blocks
    history.close()


def response(url: str, body: bytes) -> HtmlResponse:
    request = scrapy.Request(url, meta={"inspector_depth": 2, "referrer": "http://gov.test/list/"})
    return HtmlResponse(url, body=body, headers={"Content-Type": "text/html"}, request=request)


def test_parse_takes_the_record_of_unchanged_bytes_and_parses_changed_ones(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    url = "http://gov.test/a.html"
    body = "<html><head><title>关于开展检查的通知</title></head><body><p>通知正文</p></body></html>".encode()
    key = source_key(body, "text/html", url, url, 200, False, date(2021, 12, 31))
    done = history.start_scan("站", ["http://gov.test/"], "2021-12-31", "2021-12-31T02:00:00+08:00", "o1", {})
    history.add_page(done, Page(url=url, final_url=url, status=200, kind="article", title="上次的记录",
                                source_key=key, reused=True, depth=5))
    history.finish_scan(done, "complete", "2021-12-31T02:10:00+08:00", {})
    crawler = get_crawler(SiteSpider, {"DEPTH_LIMIT": 30})
    spider = SiteSpider.from_crawler(crawler, start_urls=["http://gov.test/"], as_of=date(2021, 12, 31),
                                     known=KnownPages.latest(history, "站"))

    taken = next(spider.parse(response(url, body)))
    assert (taken.title, taken.reused, taken.depth, taken.source_key) == ("上次的记录", False, 2, key)
    assert spider.unchanged == 1
    changed = next(spider.parse(response(url, body.replace("正文".encode(), "新正文".encode()))))
    assert changed.title == "关于开展检查的通知" and changed.source_key != key
    assert spider.unchanged == 1
    history.close()
