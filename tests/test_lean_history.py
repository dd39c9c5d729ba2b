"""The lean, private history (issue 18): records stored compressed without default fields and
still read when written by an older inspector; no personal number in clear at rest; the privacy
rule's findings the same through the history; retention and vacuum."""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from datetime import datetime

import pytest

from inspector.commands import run_history
from inspector.config import ConfigError, keep_scans
from inspector.demo_site.server import DemoServer
from inspector.incremental import plan
from inspector.model import Finding, Item, Page, PageList, Resource
from inspector.privacy import protect_page
from inspector.store import History, decode_record, encode_record
from inspector.unchanged import KnownPages
from rules.privacy import personal_data
from tests.test_link_rules import GOOD_ID, H, page, site

MOBILE = "13912345678"
CARD = "6222021234567890128"  # Luhn-valid
AS_OF = "2021-12-31"


def full_page(path: str = "/a.html", **kw) -> Page:
    fields = {"kind": "article", "title": "标题", "text": "正文" * 50, "meta": {"PubDate": "2021-12-01"},
              "links": [(H + "/", "首页", "a")], "chrome": [("k1", "页脚")],
              "lists": [PageList(items=[Item("条目", H + "/b.html", "2021-12-01")], main=True)],
              "breadcrumbs": [("首页", H + "/"), ("正文", None)], "source_key": "abc"}
    return Page(url=H + path, final_url=H + path, status=200, **{**fields, **kw})


def new_scan(history: History, site_name: str = "测试站", status: str | None = None) -> int:
    scan_id = history.start_scan(site_name, [H + "/"], AS_OF, "2021-12-31T02:00:00+08:00", "", {})
    if status:
        history.finish_scan(scan_id, status, "2021-12-31T03:00:00+08:00", {"pages": 1})
    return scan_id


# -- encoding ----------------------------------------------------------------------------------

def test_records_round_trip_and_shrink():
    data = protect_page(full_page(referrer=H + "/").to_dict(), 2021)
    stored = encode_record(data)
    assert isinstance(stored, bytes) and len(stored) < len(json.dumps(data, ensure_ascii=False).encode()) / 2
    assert decode_record(stored) == json.loads(json.dumps(data))  # tuples come back as lists, as from JSON
    moved = {**data, "final_url": H + "/moved.html"}
    assert decode_record(encode_record(moved))["final_url"] == H + "/moved.html"
    res = Resource(url=H + "/f.pdf", status=200, text="全文", method="GET").to_dict()
    assert decode_record(encode_record(res, "resources")) == res
    with pytest.raises(Exception, match="格式"):
        decode_record(b"\x07P" + stored[2:])


OLD_SCHEMA = """
CREATE TABLE scans (id INTEGER PRIMARY KEY AUTOINCREMENT, site TEXT NOT NULL, start_urls TEXT NOT NULL,
    as_of TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL, pid INTEGER,
    out_dir TEXT, options TEXT, stats TEXT);
CREATE TABLE pages (scan_id INTEGER NOT NULL, url TEXT NOT NULL, kind TEXT, status INTEGER, data TEXT NOT NULL,
    PRIMARY KEY (scan_id, url));
CREATE TABLE findings (scan_id INTEGER NOT NULL, id TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
    url TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (scan_id, id));
CREATE TABLE resources (scan_id INTEGER NOT NULL, url TEXT NOT NULL, status INTEGER, data TEXT NOT NULL,
    PRIMARY KEY (scan_id, url));
"""


def test_a_database_written_by_the_previous_format_still_reads(tmp_path):
    """Plain JSON records of an older inspector (numbers in clear, no noted hits) decode, feed
    the re-scan queries, and give the privacy rule's findings as before."""
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(OLD_SCHEMA)
    old.execute("INSERT INTO scans (site, start_urls, as_of, started_at, finished_at, status, options) "
                "VALUES ('测试站', '[]', ?, '2021-12-31T02:00:00+08:00', '2021-12-31T03:00:00+08:00', 'complete', '{}')",
                (AS_OF,))
    table = f"序号 姓名 身份证号码 1 杨丽 {GOOD_ID} 数据分析岗"
    record = full_page(number_snippets=[table]).to_dict()
    del record["personal"]  # the field did not exist then
    old.execute("INSERT INTO pages VALUES (1, ?, 'article', 200, ?)", (record["url"], json.dumps(record, ensure_ascii=False)))
    attachment = {"url": H + "/f.txt", "status": 200, "text": f"身份证号码：{GOOD_ID}", "source_key": "att"}
    old.execute("INSERT INTO resources VALUES (1, ?, 200, ?)", (attachment["url"], json.dumps(attachment, ensure_ascii=False)))
    old.commit()
    old.close()

    history = History(path)
    try:
        pages = list(history.pages(1))
        assert [p.number_snippets for p in pages] == [[table]] and pages[0].personal is None
        assert [r.text for r in history.resources(1)] == [attachment["text"]]
        known = KnownPages(history, 1)  # the added columns were filled from the old records
        assert known.take("abc").url == H + "/a.html" and known.block_texts == {"k1": "页脚"}
        assert known.attachment_text("att") == (attachment["text"], "", None)
        reuse = plan(history, "测试站", 2021, 7, datetime.fromisoformat("2021-12-31T05:00:00+08:00"))
        assert set(reuse.urls.values()) == {H + "/a.html"}
        model = site(pages, list(history.resources(1)))
        before = [f.contract_dict() for f in personal_data.check(model)]
        assert sorted((f["url"], f["evidence"]) for f in before) == [
            (H + "/a.html", "5301**********1231"), (H + "/f.txt", "5301**********1231")]
        assert history.upgrade_records() == 2  # `inspector history --vacuum`: stored lean and masked
        assert history.db.execute("SELECT count(*) FROM pages WHERE typeof(data)='text'").fetchone()[0] == 0
        pages, resources = list(history.pages(1)), list(history.resources(1))
        assert GOOD_ID not in json.dumps([p.to_dict() for p in pages] + [r.to_dict() for r in resources])
        assert [f.contract_dict() for f in personal_data.check(site(pages, resources))] == before
        assert KnownPages(history, 1).block_texts == {"k1": "页脚"}
    finally:
        history.close()


# -- privacy -----------------------------------------------------------------------------------

def _privacy_scenario():
    table = f"序号 姓名 身份证号码 联系电话 1 杨丽 女 {GOOD_ID} {MOBILE} 数据分析岗"
    footer = "网站管理员 13800001111"
    card = f"请将补贴汇入本人银行卡号 {CARD} 联系人王五"
    pages = [
        page("/", kind="home", links=[("/files/名单.xlsx", "名单", "a")], number_snippets=[footer]),
        page("/gs.html", number_snippets=[table, footer, card], title="公示", published="2021-12-01"),
        page("/404.html", kind="error", status=404, number_snippets=[table]),
        page("/other.html", number_snippets=["电话 0871-63100000 传真 0871-63100001"]),
    ]
    resources = [Resource(url=H + "/files/名单.xlsx", status=200, text=f"姓名：张三\t身份证号码：{GOOD_ID}\n"
                                                                       f"身份证号码：530102199001011232 手机 {MOBILE}")]
    return pages, resources


def test_privacy_findings_are_the_same_through_the_history(tmp_path):
    pages, resources = _privacy_scenario()
    direct = [f.contract_dict() for f in personal_data.check(site(pages, resources))]
    assert {f["kind"] for f in direct} == {"id_card", "mobile", "bank_card"}

    history = History(tmp_path / "h.sqlite3")
    scan_id = new_scan(history)
    for p in pages:
        history.add_page(scan_id, p)
    for r in resources:
        history.add_resource(scan_id, r)
    history.commit()
    stored_pages, stored_resources = list(history.pages(scan_id)), list(history.resources(scan_id))
    history.close()
    assert all(not p.number_snippets for p in stored_pages)
    through = [f.contract_dict() for f in personal_data.check(site(stored_pages, stored_resources))]
    assert through == direct


def test_texts_are_stored_masked(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    scan_id = new_scan(history)
    clear = f"申请人 {GOOD_ID} 手机 {MOBILE} 银行卡号 {CARD}"
    p = full_page(text=clear, hidden_text=clear, report_text=clear, title=f"公示 {GOOD_ID}", number_snippets=[clear],
                  messages=[{"title": clear, "url": H + "/m.html", "asked": "2021-12-01"}],
                  links=[(H + "/x.html", clear, "a")], chrome=[("k", clear)])
    p.lists[0].items.append(Item(clear, H + "/c.html"))
    history.add_page(scan_id, p)
    history.add_resource(scan_id, Resource(url=H + "/f.txt", status=200, text=clear, title=clear, snippet=clear))
    history.commit()
    [saved] = history.pages(scan_id)
    [res] = history.resources(scan_id)
    history.close()
    blob = json.dumps([saved.to_dict(), res.to_dict()], ensure_ascii=False)
    for number in (GOOD_ID, MOBILE, CARD):
        assert number not in blob
    assert "5301**********1231" in saved.text and "139****5678" in saved.text
    assert saved.links[0][0] == H + "/x.html"  # URLs are left alone


class PrivateSite:
    """A two-page site whose article publishes an ID, a mobile and a bank-card number, and links a
    text attachment with another ID number."""

    def __init__(self, root):
        root.mkdir()
        (root / "index.html").write_text(
            '<html><head><title>测试市人民政府</title></head><body><h1>测试市人民政府</h1><ul class="list">'
            '<li><a href="/gs.html">补贴发放名单公示</a><span>2021-12-20</span></li></ul></body></html>', encoding="utf-8")
        (root / "gs.html").write_text(
            '<html><head><title>补贴发放名单公示</title><meta name="PubDate" content="2021-12-20"></head><body>'
            '<h1>补贴发放名单公示</h1><div class="content">'
            f'<p>经审核，现将补贴发放名单公示如下：</p><table><tr><td>杨丽</td><td>{GOOD_ID}</td>'
            f'<td>{MOBILE}</td></tr></table><p>补贴汇入本人银行卡号 {CARD}。</p>'
            '<p>' + "公示期间如有异议，请向民政局反映。" * 8 + '</p>'
            '<p><a href="/files/mingdan.txt">名单附件</a></p></div></body></html>', encoding="utf-8")
        (root / "files").mkdir()
        (root / "files" / "mingdan.txt").write_text("姓名：张三\n身份证号码：110101199003077774\n", encoding="utf-8")


def _scan(url, tmp_path, name):
    config = tmp_path / "site.toml"
    config.write_text("[history]\nkeep_scans = 1\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "inspector.cli", "scan", url, "--fast", "--no-a11y", "--no-render",
                           "--format", "json", "--as-of", AS_OF, "--db", str(tmp_path / "h.sqlite3"),
                           "--out", str(tmp_path / name), "--config", str(config)],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return json.loads((tmp_path / name / "findings.json").read_text(encoding="utf-8"))


def test_no_clear_number_at_rest_after_a_scan_and_old_pages_pruned(tmp_path):
    PrivateSite(tmp_path / "www")
    with DemoServer(root=tmp_path / "www") as server:
        first = _scan(server.base_url + "/", tmp_path, "one")
        second = _scan(server.base_url + "/", tmp_path, "two")
    found = sorted((f["url"].removeprefix(server.base_url.rstrip("/")), f["evidence"])
                   for f in first["findings"] if f["rule"] == "privacy.personal-data")
    assert found == [("/files/mingdan.txt", "1101**********7774"), ("/gs.html", "139****5678"),
                     ("/gs.html", "5301**********1231"), ("/gs.html", "6222***********0128")]
    assert [f["id"] for f in second["findings"]] == [f["id"] for f in first["findings"]]
    db_path = tmp_path / "h.sqlite3"
    raw = b"".join(p.read_bytes() for p in (db_path, db_path.with_name("h.sqlite3-wal")) if p.exists())
    for number in (GOOD_ID, MOBILE, CARD, "110101199003077774"):
        assert number.encode() not in raw
    assert "1231".encode() in raw  # the masked forms are there (the file was read, not empty)
    db = sqlite3.connect(db_path)
    # Records are compressed, so their bytes say nothing: read them back too.
    records = [decode_record(data) for table in ("pages", "resources") for (data,) in db.execute(f"SELECT data FROM {table}")]
    text = json.dumps(records, ensure_ascii=False)
    assert "5301**********1231" in text and "1101**********7774" in text
    for number in (GOOD_ID, MOBILE, CARD, "110101199003077774"):
        assert number not in text
    pages_by_scan = dict(db.execute("SELECT scan_id, count(*) FROM pages GROUP BY scan_id"))
    findings_by_scan = dict(db.execute("SELECT scan_id, count(*) FROM findings GROUP BY scan_id"))
    stats = [json.loads(s)["pages"] for (s,) in db.execute("SELECT stats FROM scans ORDER BY id")]
    db.close()
    assert list(pages_by_scan) == [2]  # keep_scans = 1: the first scan's pages went after the second
    assert findings_by_scan[1] == findings_by_scan[2] > 0 and stats[0] == stats[1] >= 2


# -- retention ---------------------------------------------------------------------------------

def _fill(history: History, scan_id: int, pages: int = 3) -> None:
    for i in range(pages):
        noise = "".join(hashlib.sha256(f"{scan_id}-{i}-{j}".encode()).hexdigest() for j in range(40))
        history.add_page(scan_id, full_page(f"/p{scan_id}-{i}.html", text=noise))  # does not compress much
    history.add_resource(scan_id, Resource(url=H + f"/f{scan_id}.pdf", status=200))
    history.save_findings(scan_id, [Finding(rule="text.typo", severity="error", url=H + "/", message="错字")])


def test_retention_keeps_findings_and_stats_and_the_pages_rescans_need(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    ids = []
    for status in ("complete", "complete", "complete", "incomplete", "incomplete"):
        ids.append(new_scan(history, status=status))
        _fill(history, ids[-1])
    running = new_scan(history, status=None)  # an abandoned run, not yet recovered
    _fill(history, running)
    other = new_scan(history, "另一网站", "complete")
    _fill(history, other)
    history.commit()

    assert history.prunable_scans(2, "测试站") == [ids[0], ids[1], ids[3]]
    counts = history.prune_scans(2, "测试站")
    assert counts == {"scans": 3, "pages": 9, "resources": 3}
    with_pages = {row[0] for row in history.db.execute("SELECT DISTINCT scan_id FROM pages")}
    # The two newest (the running one and the last incomplete), the newest complete one (ids[2],
    # which --incremental and --http-cache re-scans read) and the other site's scan.
    assert with_pages == {ids[2], ids[4], running, other}
    assert {row[0] for row in history.db.execute("SELECT DISTINCT scan_id FROM resources")} == with_pages
    assert all(history.finding_ids(i) for i in ids)  # findings of pruned scans stay
    assert all(json.loads(history.scan(i)["stats"]) == {"pages": 1} for i in ids)
    assert KnownPages.latest(history, "测试站").scan_id == ids[2] and KnownPages.latest(history, "测试站").rowids
    assert history.prune_scans(2, "测试站")["scans"] == 0  # nothing left to drop
    assert history.prune_scans(1)["scans"] == 1  # all sites: ids[4] goes, the running one stays
    history.close()


def _three_scans_then_prune_two(history: History) -> tuple[int, list[int]]:
    """(the database's size with three complete scans of 150 pages, their ids); then all but the
    newest are pruned."""
    ids = [new_scan(history, status="complete") for _ in range(3)]
    for scan_id in ids:
        _fill(history, scan_id, pages=150)
    history.commit()
    history.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    full = history.size_bytes()
    history.prune_scans(1)
    return full, ids


def test_vacuum_shrinks_the_file_and_new_databases_give_space_back(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    assert history.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
    assert history.db.execute("PRAGMA page_size").fetchone()[0] == 8192
    full, ids = _three_scans_then_prune_two(history)
    pruned = history.size_bytes()
    assert pruned < full * 0.6  # incremental auto-vacuum handed the two scans' pages back
    history.close()

    old = tmp_path / "old.sqlite3"  # a database made before: no auto-vacuum, only VACUUM shrinks it
    conn = sqlite3.connect(old)
    conn.executescript(OLD_SCHEMA)
    conn.close()
    history = History(old)
    full, ids = _three_scans_then_prune_two(history)
    history.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert history.size_bytes() >= full * 0.9  # freed pages stay in the file
    history.vacuum()
    assert history.size_bytes() < full * 0.6
    assert history.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # converted on the way
    assert history.db.execute("PRAGMA page_size").fetchone()[0] == 8192
    assert history.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert len(list(history.pages(ids[2]))) == 150
    history.close()


def test_history_command_prunes_and_vacuums(tmp_path, capsys):
    path = tmp_path / "h.sqlite3"
    history = History(path)
    for _ in range(3):
        _fill(history, new_scan(history, status="complete"), pages=100)
    history.close()
    args = type("Args", (), {"db": str(path), "vacuum": False, "keep_scans": 1, "config": None})
    assert run_history(args) == 0
    assert "可清理 2 次旧扫描" in capsys.readouterr().out
    args.vacuum = True
    assert run_history(args) == 0
    out = capsys.readouterr().out
    assert "已清理 2 次旧扫描的页面记录（页面 200 条，链接检查 2 条）" in out
    before, after = (float(x) for x in re.search(r"数据库大小：([\d.]+) MB → ([\d.]+) MB", out).groups())
    assert after < before
    config = tmp_path / "site.toml"
    config.write_text("[history]\nkeep_scans = 0\n", encoding="utf-8")
    args.keep_scans, args.config = None, str(config)
    with pytest.raises(ConfigError, match="history.keep_scans 应为正整数"):
        run_history(args)


@pytest.mark.parametrize("value", ["0", "-3", "true", '"30"', "2.5"])
def test_keep_scans_must_be_a_positive_integer(value):
    import tomllib

    with pytest.raises(ConfigError, match="history.keep_scans 应为正整数"):
        keep_scans(tomllib.loads(f"[history]\nkeep_scans = {value}\n"))
    assert keep_scans({}) == 30 and keep_scans({"history": {"keep_scans": 5}}) == 5
