"""互动回应差: messages read from interaction channels (tests/fixtures/interaction/, one markup
variant per file), the three interaction rules, working-day arithmetic and the verdict line.
Expected values are read off each fixture's markup, never typed in twice."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from inspector.extract.page import extract_page
from inspector.model import Page, Resource
from inspector.site_model import build_site
from inspector.workdays import add_months, workdays_between
from rules.interaction import channels as channel_model
from rules.interaction import ledger, no_channel, slow_reply, unanswered
from rules.link import broken
from rules.site import verdict

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "interaction"
SITE = "http://www.qingshan.gov.cn"
AS_OF = date(2022, 10, 31)
HOME = """<html><head><meta charset="utf-8"><title>青山县人民政府</title></head><body>
<ul class="news"><li><a href="/xw/1.html">县政府召开常务会议</a><span>2022-10-28</span></li>
<li><a href="/xw/2.html">全县秋粮收购工作启动</a><span>2022-10-20</span></li></ul></body></html>"""


def page_of(name: str, url: str, text: str | None = None, status: int = 200, home: bool = False) -> Page:
    page = Page(url=url, final_url=url, status=status)
    return extract_page(page, text if text is not None else (FIXTURES / name).read_text(encoding="utf-8"), AS_OF,
                        is_home=home)


def site_of(*pages: Page, resources=(), config=None, complete=True, capped=False, as_of=AS_OF):
    home = page_of("", SITE + "/", text=HOME, home=True)
    site = build_site("青山县人民政府", [SITE + "/"], as_of, [home, *pages], complete=complete, capped=capped)
    site.resources = list(resources)
    site.config = config or {}
    return site


def mailbox_rows() -> list[dict]:
    """(url, title, asked, answered, status) of each letter of mailbox_table.html, by regex."""
    raw = (FIXTURES / "mailbox_table.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>', raw)

    def iso(text: str) -> str | None:
        m = re.search(r"(\d{4})\D(\d{1,2})\D(\d{1,2})", text)
        return date(*map(int, m.groups())).isoformat() if m else None

    return [{"url": SITE + u, "title": t, "asked": iso(a), "answered": iso(r), "status": s} for u, t, a, r, s in rows]


def mailbox_site(**kw):
    return site_of(page_of("mailbox_table.html", SITE + "/hdjl/sjxx/"),
                   page_of("interview.html", SITE + "/hdjl/zxft/"), **kw)


# --- extraction ------------------------------------------------------------------------------------

def test_a_letters_table_gives_every_row_with_sent_and_answer_dates_and_status():
    page = page_of("mailbox_table.html", SITE + "/hdjl/sjxx/")
    expected = mailbox_rows()
    assert len(expected) == 7
    assert [{k: m[k] for k in ("url", "title", "asked", "answered", "status")} for m in page.messages] == expected


def test_labelled_list_items_and_jcms_records_give_messages():
    consult = page_of("consult_li.html", SITE + "/hdjl/zwzx/")
    raw = (FIXTURES / "consult_li.html").read_text(encoding="utf-8")
    asked = [date(int(y), int(m), int(d)).isoformat() for y, m, d in re.findall(r"提问时间：(\d{4})年(\d+)月(\d+)日", raw)]
    assert [m["asked"] for m in consult.messages] == asked
    assert [m["status"] for m in consult.messages] == re.findall(r"状态：([^<]+)<", raw)
    assert [m["answered"] is not None for m in consult.messages] == [False, True, False]
    jcms = page_of("jcms_letters.html", SITE + "/col/col5678/index.html")
    raw = (FIXTURES / "jcms_letters.html").read_text(encoding="utf-8")
    assert [m["asked"] for m in jcms.messages] == re.findall(r"来信日期：([\d-]+)", raw)
    assert [m["status"] for m in jcms.messages] == re.findall(r"处理状态：([^<]+)<", raw)
    assert jcms.read_via == "datastore"


@pytest.mark.parametrize("name", ["detail_dl.html", "detail_lines.html"])
def test_a_message_page_gives_its_own_message_without_the_writer(name):
    url = SITE + "/hdjl/x/" + name
    page = page_of(name, url)
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    [message] = page.messages
    assert message["url"] == url and message["source"] == "detail"
    sent = re.search(r"(?:留言|来信)时间(?:</dt><dd>|：)(\d{4})\D(\d{2})\D(\d{2})", raw).groups()
    assert message["asked"] == date(*map(int, sent)).isoformat()
    assert message["answered"] is not None and message["replied"] and message["unit"].endswith("局")
    stored = repr(message)
    for writer in re.findall(r"(?:留言人</dt><dd>|来信人：)([^<　]+)", raw) + re.findall(r"1[3-9]\d{9}", raw):
        assert writer not in stored


def test_pages_without_messages_and_old_records_have_none():
    news = page_of("", SITE + "/xw/", text=HOME.replace("<title>青山县人民政府", "<title>要闻"))
    assert news.messages == []
    data = page_of("mailbox_table.html", SITE + "/hdjl/sjxx/").to_dict()
    data.pop("messages")
    assert Page.from_dict(data).messages == []


def test_a_message_form_is_a_link_to_check_and_a_search_form_is_not():
    page = page_of("mailbox_table.html", SITE + "/hdjl/sjxx/")
    assert [url for url, _, tag in page.links if tag == "form"] == [SITE + "/hdjl/sjxx/submit.do"]
    search = page_of("", SITE + "/s/", text='<html><body><form action="/search"><input name="q"></form>'
                                            '<ul><li><a href="/a.html">一条信息的标题</a></li></ul></body></html>')
    assert [link for link in search.links if link[2] == "form"] == []


# --- working days ----------------------------------------------------------------------------------

def test_working_days_skip_public_holidays_and_count_make_up_workdays():
    # National Day 2021: 10-01..10-07 off, Saturday 10-09 a make-up workday.
    assert workdays_between(date(2021, 9, 30), date(2021, 10, 11)).days == 3  # 10-08, 10-09, 10-11
    # Spring Festival 2022: 01-31..02-06 off; 01-29 and 01-30 (weekend) make-up workdays.
    assert workdays_between(date(2022, 1, 28), date(2022, 2, 7)).days == 3  # 01-29, 01-30, 02-07
    plain = sum(1 for n in range(1, 11) if (date(2022, 1, 28) + timedelta(days=n)).weekday() < 5)
    assert plain == 6  # Monday to Friday alone would say 6
    assert not workdays_between(date(2022, 3, 1), date(2022, 3, 31)).approximate


def test_a_year_the_calendar_does_not_know_is_counted_monday_to_friday_and_flagged():
    count = workdays_between(date(2099, 3, 6), date(2099, 3, 13))  # a Friday to the next Friday
    assert count.days == 5 and count.approximate


def test_three_months_are_calendar_months_clamped_to_the_month_end():
    assert add_months(date(2022, 3, 1), 3) == date(2022, 6, 1)
    assert add_months(date(2021, 11, 30), 3) == date(2022, 2, 28)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)


# --- interaction.unanswered ------------------------------------------------------------------------

def test_unanswered_flags_pending_letters_older_than_three_months_within_the_year():
    site = mailbox_site()
    found = unanswered.check(site)
    expected = [r for r in mailbox_rows() if not r["answered"] and r["status"] in ("未回复", "办理中")
                and add_months(date.fromisoformat(r["asked"]), 3) < AS_OF
                and date.fromisoformat(r["asked"]) >= AS_OF - timedelta(days=365)]
    assert [f.url for f in found] == [r["url"] for r in expected]
    assert len(expected) == 2  # 05-20 办理中 and 03-01 未回复; 2021-09-15 is over a year old
    assert all(f.severity == "veto" and f.counts for f in found)
    assert all(f.column == "书记信箱" for f in found)


def test_the_excluded_interview_column_is_a_channel_that_never_counts():
    site = mailbox_site()
    by_name = {c.name: c for c in channel_model.channels(site)}
    assert by_name["在线访谈"].counted is False and "访谈" in by_name["在线访谈"].excluded_because
    assert by_name["书记信箱"].counted is True
    assert not [f for f in unanswered.check(site) if f.column == "在线访谈"]
    # On its own the interview column is no channel at all.
    alone = site_of(page_of("interview.html", SITE + "/hdjl/zxft/"))
    assert [f.evidence for f in no_channel.check(alone)] == ["none"]


def test_a_status_that_says_nothing_is_for_review_and_an_invalid_message_is_skipped():
    rows = [("a1", "2022-03-01", "已转交"), ("a2", "2022-03-02", "无效留言"), ("a3", "2022-03-03", "未回复")]
    html = ('<html><head><meta name="ColumnName" content="咨询投诉"></head><body><table>'
            "<tr><th>标题</th><th>来信时间</th><th>状态</th></tr>"
            + "".join(f'<tr><td><a href="/hdjl/zxts/{u}.html">关于{u}问题的咨询</a></td><td>{d}</td><td>{s}</td></tr>'
                      for u, d, s in rows) + "</table></body></html>")
    site = site_of(page_of("", SITE + "/hdjl/zxts/", text=html))
    found = {f.url.rsplit("/", 1)[1]: f for f in unanswered.check(site)}
    assert set(found) == {"a1.html", "a3.html"}  # a2 is 无效留言
    assert found["a1.html"].needs_review and not found["a1.html"].counts  # 已转交 says nothing of an answer
    assert found["a3.html"].counts


def test_a_channel_list_that_could_not_be_read_is_for_review_never_a_veto():
    links = page_of("links_only.html", SITE + "/hdjl/wyly/")
    site = site_of(links)
    channel = next(c for c in channel_model.channels(site) if c.name == "我要留言")
    assert channel.unread
    found = unanswered.check(site)
    assert [(f.evidence, f.needs_review) for f in found] == [("unread", True)]
    assert verdict.summarize(site, found)["indicators"][-2]["status"] == "risk"


def test_messages_of_a_link_list_come_from_their_own_pages():
    detail = page_of("detail_lines.html", SITE + "/hdjl/wyly/202201/t20220105_802.html")
    site = site_of(page_of("links_only.html", SITE + "/hdjl/wyly/"), detail)
    channel = next(c for c in channel_model.channels(site) if c.name == "我要留言")
    assert [(m.asked, m.answered, m.state) for m in channel.messages] == [
        (date.fromisoformat(detail.messages[0]["asked"]), date.fromisoformat(detail.messages[0]["answered"]), "answered")]
    assert not channel.unread and unanswered.check(site) == []


def test_a_detail_page_completes_its_list_row():
    list_html = (FIXTURES / "consult_li.html").read_text(encoding="utf-8")
    detail = page_of("detail_dl.html", SITE + "/hdjl/zwzx/show.jsp?id=31")
    site = site_of(page_of("", SITE + "/hdjl/zwzx/", text=list_html), detail)
    channel = next(c for c in channel_model.channels(site) if c.name == "政务咨询")
    first = next(m for m in channel.messages if m.url == detail.url)
    assert first.answered == date.fromisoformat(detail.messages[0]["answered"]) and first.state == "answered"
    assert first.unit == detail.messages[0]["unit"]


# --- interaction.slow-reply ------------------------------------------------------------------------

def test_slow_reply_uses_the_promised_working_days_with_holidays():
    site = mailbox_site()
    found = {f.url: f for f in slow_reply.check(site)}
    rows = {r["url"]: r for r in mailbox_rows()}
    # 2022-09-28 → 2022-10-10 spans National Day: 5 working days with its make-up Saturday/Sunday,
    # which the promise of 5 allows (Monday to Friday alone would count 8).
    national_day = next(u for u, r in rows.items() if r["asked"] == "2022-09-28")
    assert workdays_between(date(2022, 9, 28), date(2022, 10, 10)).days == 5
    assert national_day not in found
    # 2022-01-10 → 2022-04-20: past 5 working days and past 3 months.
    spring = next(u for u, r in rows.items() if r["asked"] == "2022-01-10")
    assert found[spring].severity == "warning" and "3个月" in found[spring].message
    assert set(found) == {spring}


def test_a_configured_limit_and_calendar_day_promises_are_applied():
    site = mailbox_site(config={"interaction": {"reply_limit_working_days": 1}})
    late = {f.url for f in slow_reply.check(site)}
    answered = [r for r in mailbox_rows() if r["answered"]]
    expected = {r["url"] for r in answered
                if workdays_between(date.fromisoformat(r["asked"]), date.fromisoformat(r["answered"])).days > 1}
    assert late == expected and len(expected) == 3
    # 十五日内予以回复: calendar days, written in Chinese numerals.
    consult = site_of(page_of("consult_li.html", SITE + "/hdjl/zwzx/"))
    channel = next(c for c in channel_model.channels(consult) if c.name == "政务咨询")
    assert (channel.promise.days, channel.promise.working) == (15, False)


def test_bad_interaction_config_values_fall_back_to_the_defaults(capsys):
    site = mailbox_site(config={"interaction": {"answer_within_months": "三个月", "counted_names": "民生"}})
    assert channel_model.settings_for(site).answer_within_months == 3
    assert "interaction.answer_within_months" in capsys.readouterr().err


# --- interaction.no-channel ------------------------------------------------------------------------

def test_no_counted_channel_is_a_veto_on_a_complete_scan_and_for_review_on_a_partial_one():
    [veto] = no_channel.check(site_of())
    assert veto.severity == "veto" and veto.counts and veto.url == SITE + "/"
    [review] = no_channel.check(site_of(capped=True))
    assert review.needs_review and not review.counts


def test_a_message_form_posting_to_a_dead_address_fails_the_channel():
    form = SITE + "/hdjl/sjxx/submit.do"
    dead = mailbox_site(resources=[Resource(url=form, tag="form", status=404)])
    [finding] = no_channel.check(dead)
    assert finding.severity == "veto" and finding.counts and form in finding.message
    for status in (200, 405):  # 405: the address takes POST only, it exists
        alive = mailbox_site(resources=[Resource(url=form, tag="form", status=status)])
        assert no_channel.check(alive) == []
        assert not [b for b, _ in broken.broken_targets(alive) if b.url == form]
    unchecked = mailbox_site()
    assert [f.needs_review for f in no_channel.check(unchecked)] == [True]


def test_a_channel_link_to_a_dead_page_fails_and_an_unchecked_one_is_for_review():
    home = HOME.replace("</body>", '<a href="http://12345.qingshan.gov.cn/">12345政务服务便民热线</a></body>')
    dead = site_of(resources=[Resource(url="http://12345.qingshan.gov.cn/", external=True, status=404)])
    dead.pages[0] = page_of("", SITE + "/", text=home, home=True)
    dead.cache.clear()
    [finding] = no_channel.check(dead)
    assert finding.counts and "404" in finding.message
    alive = site_of(resources=[Resource(url="http://12345.qingshan.gov.cn/", external=True, status=200)])
    alive.pages[0] = page_of("", SITE + "/", text=home, home=True)
    assert no_channel.check(alive) == []


# --- verdict and ledger ----------------------------------------------------------------------------

def test_the_verdict_has_the_interaction_line():
    site = mailbox_site(resources=[Resource(url=SITE + "/hdjl/sjxx/submit.do", tag="form", status=405)])
    findings = no_channel.check(site) + unanswered.check(site) + slow_reply.check(site)
    line = next(i for i in verdict.summarize(site, findings)["indicators"] if i["id"] == "interaction")
    assert line["name"] == "互动回应差" and line["status"] == "fail" and line["count"] == 2
    clean = site_of(page_of("consult_li.html", SITE + "/hdjl/zwzx/"), as_of=date(2022, 4, 30))
    findings = no_channel.check(clean) + unanswered.check(clean) + slow_reply.check(clean)
    line = next(i for i in verdict.summarize(clean, findings)["indicators"] if i["id"] == "interaction")
    assert findings == [] and line["status"] == "pass"


def test_the_ledger_lists_channels_and_their_messages():
    data = ledger.section(mailbox_site())
    names = [c["name"] for c in data["channels"]]
    assert names[:2] == ["书记信箱", "在线访谈"] or set(names) >= {"书记信箱", "在线访谈"}
    mailbox = next(c for c in data["channels"] if c["name"] == "书记信箱")
    assert mailbox["promise"] == "5个工作日" and len(mailbox["messages"]) == len(mailbox_rows())
    assert data["counts"]["unanswered"] == 2 and data["counts"]["channels"] == 1


def test_the_report_shows_the_channel_table_escaped():
    from inspector.report.html import render_report

    from tests.test_report_html import document

    html = (FIXTURES / "mailbox_table.html").read_text(encoding="utf-8")
    html = html.replace("关于县城老旧小区加装电梯的建议", "&lt;script&gt;alert(1)&lt;/script&gt;加装电梯")
    html = html.replace('href="/hdjl/sjxx/202206/t20220613_901.html"', 'href="javascript:alert(2)"')
    site = site_of(page_of("", SITE + "/hdjl/sjxx/", text=html), page_of("interview.html", SITE + "/hdjl/zxft/"))
    findings = unanswered.check(site)
    doc = document("页面", SITE + "/")
    doc["interaction"] = ledger.section(site)
    doc["verdict"]["indicators"].append(ledger.indicator(site, findings))
    report = render_report(doc)
    assert "<script>alert(1)</script>" not in report and "&lt;script&gt;alert(1)&lt;/script&gt;加装电梯" in report
    assert 'href="javascript:' not in report
    assert "互动回应（渠道与留言）" in report and "互动回应差" in report
    assert report.count("超期未回复</span>") == 2 and "（不计入）" in report
    assert "反映青山路夜间施工噪音扰民" in report and "2022-03-01" in report


def test_the_xlsx_ledger_has_the_verdict_sheet_with_the_interaction_line(tmp_path):
    from openpyxl import load_workbook

    from inspector.output import write_xlsx
    from tests.test_report_html import document

    site = mailbox_site()
    findings = unanswered.check(site)
    doc = document("页面", SITE + "/")
    doc["verdict"] = verdict.summarize(site, findings)
    write_xlsx(doc, tmp_path / "f.xlsx")
    sheet = load_workbook(tmp_path / "f.xlsx")["单项否决指标"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=3, values_only=True)}
    line = next(i for i in doc["verdict"]["indicators"] if i["id"] == "interaction")
    assert rows["互动回应差"] == ("不合格", line["note"]) and "超期未回复 2 条" in line["note"]
    assert set(rows) == {i["name"] for i in doc["verdict"]["indicators"]}


def test_a_table_headed_only_time_and_answer_time_reads_time_as_the_sent_date():
    html = ('<html><body><table><tr><th>主题</th><th>时间</th><th>答复时间</th></tr>'
            '<tr><td><a href="/m/1.html">关于路灯维修的求助</a></td><td>2022.05.06</td><td></td></tr>'
            '<tr><td><a href="/m/2.html">关于垃圾清运时间的咨询</a></td><td>2022.05.02</td><td>2022.05.05</td></tr>'
            "</table></body></html>")
    page = page_of("", SITE + "/m/", text=html)
    assert [(m["asked"], m["answered"], m["shows"]) for m in page.messages] == [
        ("2022-05-06", None, ["answered"]), ("2022-05-02", "2022-05-05", ["answered"])]


def test_an_unread_homepage_says_nothing_about_channels():
    site = site_of()
    site.pages[0].status, site.pages[0].error = None, "连接超时"
    assert no_channel.check(site) == []


def test_a_column_of_another_type_that_lists_messages_is_a_counted_channel():
    html = ('<html><head><meta name="ColumnName" content="群众来信"></head><body><table>'
            "<tr><th>标题</th><th>来信日期</th><th>处理状态</th></tr>"
            '<tr><td><a href="/qzlx/1.html">关于小区停车位划线的来信</a></td><td>2022年5月6日</td><td>未办结</td></tr>'
            '<tr><td><a href="/qzlx/2.html">关于河道清淤的来信</a></td><td>2022年9月1日</td><td>已办结</td></tr>'
            "</table></body></html>")
    site = site_of(page_of("", SITE + "/qzlx/", text=html))
    [column] = [c for c in site.columns if c.name == "群众来信"]
    assert column.type != "interaction"
    [channel] = channel_model.channels(site)
    assert channel.counted and channel.found_as == "column"
    assert [f.url for f in unanswered.check(site) if f.counts] == [SITE + "/qzlx/1.html"]
    assert no_channel.check(site) == []
