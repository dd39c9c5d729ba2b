"""The WeChat stage against the fake WeChat, without a crawl: what it lists, reads and saves, how it
fails (credentials, missing secret, anti-bot pages), and the rules over what it saved."""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from inspector.config import ScanConfig
from inspector.engine import run_rules, run_sections
from inspector.site_model import build_site
from inspector.store import History
from inspector.wechat import store
from inspector.wechat.settings import parse_wechat
from inspector.wechat.stage import attach, run_wechat
from rules.site import verdict
from tests import wechat_fake
from tests.wechat_fake import APPID, SECRET, FakeArticle, FakeWechat, ts

AS_OF = date(2021, 12, 31)


@pytest.fixture
def fake():
    server = wechat_fake.start()
    yield server
    server.stop()


def make_config(tmp_path: Path, fake: FakeWechat, lines: list[str] | None = None, **table) -> ScanConfig:
    wechat = {"name": "云岭数据", "api_base": fake.base, "appid": APPID, "fetch_delay": 0, **table}
    if lines is not None:
        (tmp_path / "wechat_urls.txt").write_text("\n".join(lines), encoding="utf-8")
        wechat["article_urls_file"] = "wechat_urls.txt"
    return ScanConfig(site_name="测试站", start_urls=["http://127.0.0.1:9/"], as_of=AS_OF,
                      wechat=parse_wechat({k: v for k, v in wechat.items() if v is not None}, tmp_path))


def run(tmp_path, config, secret=SECRET, **kwargs):
    history = History(tmp_path / "h.sqlite3")
    scan_id = history.start_scan("测试站", config.start_urls, AS_OF.isoformat(), "2021-12-31T02:00:00+08:00",
                                 str(tmp_path), {})
    env = {"INSPECTOR_WX_SECRET": secret} if secret else {}
    state = run_wechat(config, history, scan_id, environ=env, sleep=kwargs.pop("sleep", lambda s: None), **kwargs)
    return history, scan_id, state


def by_title(history, scan_id):
    return {p.title: p for p in store.load(history, scan_id).articles}


def rules_over(history, scan_id):
    site = build_site("测试站", ["http://127.0.0.1:9/"], AS_OF, [])
    attach(site, history, scan_id)
    findings, errors = run_rules(site)
    assert errors == []
    return site, [f for f in findings if f.source == "wechat"]


def test_lists_api_and_url_file_merged_and_reads_every_article(tmp_path, fake):
    history, scan_id, state = run(tmp_path, make_config(tmp_path, fake, wechat_fake.url_file_lines(fake)))
    articles = store.load(history, scan_id).articles
    assert state["checked"] and state["status"] == "finished"
    assert state["sources"]["api"] == {"configured": True, "ok": True, "listed": 32, "error": None}
    assert state["sources"]["url_file"]["listed"] == 3
    assert len(articles) == 33  # 32 from the API, 1 mass-sent only in the URL file; two links merged
    assert len({p.url for p in articles}) == 33
    pages = by_title(history, scan_id)
    first = pages["云岭数据：全市数据资源工作会议召开"]
    assert first.meta["sources"] == "api,url_file"  # the URL file's short link is the same article
    assert first.meta["state"] == "ok" and first.meta["account"] == "云岭数据" and "再接再励" in first.text
    assert first.meta["published_at"] == "2021-12-12T09:30:00+08:00" and first.published_source == "ct"
    assert pages["公共数据开放目录更新"].meta["state"] == "unavailable"
    assert pages["公共数据开放目录更新"].meta["reason"] == "该内容已被发布者删除"
    blocked = pages["数据安全知识问答"]  # anti-bot page: the API's copy of the text is checked instead
    assert blocked.meta["state"] == "ok" and blocked.meta["text_from"] == "api" and blocked.meta["blocked"] == "1"
    assert blocked.meta["sources"] == "api,url_file" and blocked.published_source == "api_update_time"
    assert pages["已撤回的通知"].meta["state"] == "unavailable" and "is_deleted" in pages["已撤回的通知"].meta["reason"]
    assert pages["数字政府建设周报"].meta["state"] == "ok"  # its URL came from getarticle
    mass = pages["关于开展数据安全宣传周活动的通知"]
    assert mass.meta["sources"] == "url_file" and mass.published == "2021-12-14"
    fetched = [q for m, path, q, _ in fake.requests if path == "/s" or path.startswith("/s/")]
    assert len(fetched) == 33 - 1 + 1  # every article but the API-deleted one, plus the merged short link
    assert [r["url"] for r in state["links"]["results"]] == [fake.base + "/missing-page.html"]
    assert state["links"]["checked"] == 2


def test_rules_over_the_saved_articles(tmp_path, fake):
    history, scan_id, _ = run(tmp_path, make_config(tmp_path, fake, wechat_fake.url_file_lines(fake)))
    site, findings = rules_over(history, scan_id)
    got = {(f.rule, f.title, f.evidence) for f in findings}
    assert ("text.typo", "云岭数据：全市数据资源工作会议召开", "再接再励") in got
    stale = [f for f in findings if f.rule == "wechat.stale"]
    assert len(stale) == 1 and stale[0].severity == "veto" and not stale[0].needs_review
    assert "2021-12-14" in stale[0].message and "17 天" in stale[0].message
    assert stale[0].url == f"https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz={wechat_fake.BIZ}"
    unavailable = sorted(f.title for f in findings if f.rule == "wechat.unavailable")
    assert unavailable == ["公共数据开放目录更新", "已撤回的通知"]
    broken = [f for f in findings if f.rule == "link.broken"]
    assert len(broken) == 1 and broken[0].url.endswith("/missing-page.html") and "HTTP 404" in broken[0].message
    assert broken[0].referrers == [p.url for p in store.load(history, scan_id).articles
                                   if p.title == "云岭数据：全市数据资源工作会议召开"]
    typo = next(f for f in findings if f.rule == "text.typo")
    assert typo.url.startswith(fake.base + "/s?__biz=") and typo.column is None and typo.published == "2021-12-12"
    section = run_sections(site)["wechat"]
    assert section["newest_post"] == "2021-12-14" and section["days_since"] == 17 and section["stale"] is True
    assert section["articles_listed"] == 33 and section["articles_unavailable"] == 2
    assert section["articles_checked"] == 31 and section["articles_not_checked"] == 0
    indicator = next(i for i in verdict.summarize(site, findings)["indicators"] if i["id"] == "wechat.stale")
    assert indicator["status"] == "fail" and indicator["name"] == "政务新媒体更新"


def test_fresh_account_passes(tmp_path, fake):
    fake.articles.append(FakeArticle(300, 1, "年终总结", "<p>总结。</p>", ts("2021-12-29 08:00")))
    history, scan_id, _ = run(tmp_path, make_config(tmp_path, fake))
    site, findings = rules_over(history, scan_id)
    assert not [f for f in findings if f.rule == "wechat.stale"]
    summary = run_sections(site)["wechat"]
    assert summary["stale"] is False and summary["days_since"] == 2 and summary["newest_title"] == "年终总结"
    indicator = next(i for i in verdict.summarize(site, findings)["indicators"] if i["id"] == "wechat.stale")
    assert indicator["status"] == "pass"


def test_wrong_secret_means_not_checked_with_one_clear_line(tmp_path, fake, capsys):
    history, scan_id, state = run(tmp_path, make_config(tmp_path, fake, wechat_fake.url_file_lines(fake)),
                                  secret="wrong-Secret-0451")
    err = capsys.readouterr().err
    assert not state["checked"] and "40001" in state["reason"] and "AppSecret" in state["reason"]
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "微信公众号未检查" in lines[0] and "40001" in lines[0]
    assert "wrong-Secret-0451" not in err
    assert [path for _, path, _, _ in fake.requests] == ["/cgi-bin/token"]  # nothing else asked
    site, findings = rules_over(history, scan_id)
    assert findings == []
    section = run_sections(site)["wechat"]
    assert section["status"] == "not_checked" and "40001" in section["reason"]
    indicator = next(i for i in verdict.summarize(site, findings)["indicators"] if i["id"] == "wechat.stale")
    assert indicator["status"] == "not_checked" and "40001" in indicator["note"]


def test_ip_not_whitelisted_is_named(tmp_path, fake, capsys):
    fake.ip_blocked = True
    _, _, state = run(tmp_path, make_config(tmp_path, fake))
    assert not state["checked"] and "40164" in state["reason"] and "白名单" in state["reason"]
    assert "127.0.0.1" in capsys.readouterr().err


def test_missing_secret_variable(tmp_path, fake, capsys):
    _, _, state = run(tmp_path, make_config(tmp_path, fake, secret_env="MY_WX_SECRET"), secret=None)
    assert not state["checked"] and "MY_WX_SECRET" in state["reason"]
    assert fake.requests == []
    assert "MY_WX_SECRET" in capsys.readouterr().err


def test_secret_is_in_no_record(tmp_path, fake):
    history, scan_id, _ = run(tmp_path, make_config(tmp_path, fake, wechat_fake.url_file_lines(fake)))
    history.close()
    assert any(q.get("secret") == SECRET for _, path, q, _ in fake.requests if path == "/cgi-bin/token")
    for path in tmp_path.iterdir():
        assert SECRET.encode() not in path.read_bytes(), path
        assert b"TOKEN1x81f2c0d9" not in path.read_bytes(), path  # nor the access token
    db = sqlite3.connect(tmp_path / "h.sqlite3")
    dump = "\n".join(db.iterdump())
    db.close()
    assert SECRET not in dump and "wechat_articles" in dump


def test_api_failure_keeps_the_url_file_and_does_not_judge_staleness(tmp_path, fake, capsys):
    config = make_config(tmp_path, fake, wechat_fake.url_file_lines(fake), api_base=fake.base + "/gone")
    history, scan_id, state = run(tmp_path, config)
    api = state["sources"]["api"]
    assert state["checked"] and api["ok"] is False and "HTTP 404" in api["error"]
    assert "文章列表未能取全" in capsys.readouterr().err
    site, findings = rules_over(history, scan_id)
    assert len(store.load(history, scan_id).articles) == 3
    assert not [f for f in findings if f.rule == "wechat.stale"]  # newest 2021-12-14 but the list is partial
    summary = run_sections(site)["wechat"]
    assert summary["stale"] is None and summary["status"] == "partial" and "未能取全" in summary["reason"]


def test_anti_bot_pages_are_not_checked_and_stop_the_page_requests(tmp_path, fake):
    blocked = [FakeArticle(400 + n, 1, f"群发{n}", "<p>x</p>", ts("2021-12-20 08:00"), page="blocked", in_api=False,
                           short=f"Ymxv{n}") for n in range(5)]
    fake.articles.extend(blocked)
    config = make_config(tmp_path, fake, [fake.short_url(a) for a in blocked], appid=None)
    history, scan_id, state = run(tmp_path, config)
    articles = store.load(history, scan_id).articles
    assert [a.meta["state"] for a in articles] == ["blocked"] * 3 + ["not_fetched"] * 2
    assert state["fetch"] == {"pages": 3, "blocked": 3, "stopped_after_blocks": True, "not_fetched": 2}
    site, findings = rules_over(history, scan_id)
    assert findings == []  # never a finding: not checked
    summary = run_sections(site)["wechat"]
    assert summary["articles_not_checked"] == 5 and summary["stale"] is None


def test_an_undated_article_makes_a_stale_verdict_need_review(tmp_path, fake):
    odd = FakeArticle(500, 1, "群发", "<p>x</p>", ts("2021-12-20 08:00"), page="blocked", in_api=False, short="b2Rk")
    fake.articles.append(odd)
    lines = wechat_fake.url_file_lines(fake) + [fake.short_url(odd)]
    history, scan_id, _ = run(tmp_path, make_config(tmp_path, fake, lines))
    site, findings = rules_over(history, scan_id)
    stale = [f for f in findings if f.rule == "wechat.stale"]
    assert len(stale) == 1 and stale[0].needs_review and "人工核实" in stale[0].message
    indicator = next(i for i in verdict.summarize(site, findings)["indicators"] if i["id"] == "wechat.stale")
    assert indicator["status"] == "risk"


def test_max_articles_and_fetch_delay(tmp_path, fake):
    sleeps: list[float] = []
    history, scan_id, state = run(tmp_path, make_config(tmp_path, fake, max_articles=4, fetch_delay=0.5),
                                  sleep=sleeps.append)
    articles = store.load(history, scan_id).articles
    assert len(articles) == 32 and state["fetch"]["pages"] == 3  # 4 first, one of them API-deleted
    assert sleeps == [0.5, 0.5]
    rest = [a for a in articles[4:]]
    assert all(a.meta["text_from"] == "api" and a.meta["state"] == "ok" for a in rest)


def test_no_external_skips_the_link_check(tmp_path, fake):
    config = make_config(tmp_path, fake)
    config.no_external = True
    _, _, state = run(tmp_path, config)
    assert state["links"]["checked"] == 0 and "--no-external" in state["links"]["note"]
    assert not [p for _, p, _, _ in fake.requests if p in ("/missing-page.html", "/ok.html")]


def test_a_stage_killed_midway_is_reported_as_unfinished(tmp_path, fake):
    history, scan_id, state = run(tmp_path, make_config(tmp_path, fake))
    state["status"] = "running"
    store.save_state(history, scan_id, state)
    site, findings = rules_over(history, scan_id)
    assert not [f for f in findings if f.rule == "wechat.stale"]
    assert "未完成" in run_sections(site)["wechat"]["reason"]


def test_no_wechat_table_means_not_configured(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    site = build_site("测试站", ["http://127.0.0.1:9/"], AS_OF, [])
    assert attach(site, history, 1) is None
    findings, _ = run_rules(site)
    assert not [f for f in findings if f.source == "wechat"]
    section = run_sections(site)["wechat"]
    assert section["configured"] is False and "[wechat]" in section["reason"]
    indicator = next(i for i in verdict.summarize(site, findings)["indicators"] if i["id"] == "wechat.stale")
    assert indicator["status"] == "not_checked"
