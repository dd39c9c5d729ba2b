"""Fleet config (defaults ← site, errors naming sites[i].key) and the fleet summary's ranking,
escaping and exports, without crawling."""
from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.config import ConfigError
from inspector.fleet import (
    FleetProgress,
    dump_toml,
    failure_reason,
    fleet_exit_status,
    last_progress,
    load_fleet,
    rank_key,
    summarize,
)
from inspector.report.fleet import render_fleet, report_href, write_fleet_outputs


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fleet.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[defaults]
extra_hosts = ["cdn.example.gov.cn"]
[defaults.scan]
max_pages = 100
fast = true
[defaults.text]
allow = ["云岭"]

[[sites]]
name = "甲局"
start_urls = ["http://a.example.gov.cn"]

[[sites]]
start_urls = ["http://b.example.gov.cn/"]
extra_hosts = []
[sites.scan]
max_pages = 5
[[sites.columns]]
url = "http://b.example.gov.cn/tzgg/"
type = "notice"
"""


def test_defaults_merge_under_each_site(tmp_path):
    fleet = load_fleet(_write(tmp_path, GOOD))
    a, b = fleet.sites
    assert a.name == "甲局" and a.data["scan"] == {"max_pages": 100, "fast": True}
    assert a.data["site"] == {"name": "甲局", "start_urls": ["http://a.example.gov.cn/"],
                              "extra_hosts": ["cdn.example.gov.cn"]}
    assert b.name == "http://b.example.gov.cn/" and b.data["scan"] == {"max_pages": 5, "fast": True}
    assert b.data["site"]["extra_hosts"] == [] and b.data["text"] == {"allow": ["云岭"]}
    assert a.slug == "01-a.example.gov.cn" and b.slug == "02-b.example.gov.cn"
    assert tomllib.loads(dump_toml(b.data)) == b.data  # the generated per-site config reads back the same


@pytest.mark.parametrize("text, key", [
    ('[[sites]]\nname = "x"\nstart_urls = ["http://a.gov.cn/"]\n[[sites]]\nname = "y"\n', "sites[2].start_urls"),
    ('[[sites]]\nstart_urls = ["ftp://a.gov.cn/"]\n', "sites[1].start_urls"),
    ('[[sites]]\nstart_urls = ["http://a.gov.cn/"]\nname = 3\n', "sites[1].name"),
    ('[[sites]]\nstart_urls = ["http://a.gov.cn/"]\n[sites.scan]\nmax_pages = "many"\n', "scan.max_pages"),
    ('[defaults]\nname = "x"\n[[sites]]\nstart_urls = ["http://a.gov.cn/"]\n', "defaults.name"),
    ('[site]\nname = "x"\n', "site"),
    ('[defaults]\n', "[[sites]]"),
    ('[[sites]]\nstart_urls = ["http://a.gov.cn/"]\n[sites.scan]\nmax_page = 5\n', "是否应为 scan.max_pages"),
    ('[defaults.scan]\nfail_ob = "never"\n[[sites]]\nstart_urls = ["http://a.gov.cn/"]\n', "是否应为 scan.fail_on"),
    ('[[sites]]\nstart_urls = ["http://a.gov.cn/"]\n[[sites]]\nstart_urls = ["http://a.gov.cn/"]\n', "sites[2].name"),
])
def test_bad_fleet_config_names_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError) as err:
        load_fleet(_write(tmp_path, text))
    assert key in str(err.value)


def test_cli_bad_fleet_config_is_one_line_exit_2(tmp_path, capsys):
    path = _write(tmp_path, '[[sites]]\nname = "x"\n')
    assert main(["fleet", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "sites[1].start_urls" in err


def _summary():
    sites = [
        {"slug": "01-a", "name": "通过站", "start_urls": ["http://a/"], "verdict": "pass", "finished": True,
         "exit_status": 0, "counts": {"veto": 0, "error": 1}, "rules": {"link.broken": {"count": 1, "severity": "error"}},
         "pages": 3, "report": "01-a/report.html"},
        {"slug": "02-b", "name": "<script>alert(1)</script>", "start_urls": ["javascript:alert(1)"],
         "verdict": "fail", "finished": True, "exit_status": 1, "counts": {"veto": 2},
         "rules": {"text.serious": {"count": 2, "severity": "veto"}}, "pages": 9, "report": "../../etc/report.html"},
        {"slug": "03-c", "name": "=HYPERLINK(\"x\")", "start_urls": ["http://c/"], "verdict": "error",
         "finished": False, "exit_status": None, "counts": {}, "rules": {}, "pages": 0, "report": None},
        {"slug": "04-d", "name": "风险站", "start_urls": ["http://d/"], "verdict": "risk", "finished": True,
         "exit_status": 0, "counts": {"warning": 1}, "rules": {}, "pages": 2, "report": "04-d/report.html"},
    ]
    sites.sort(key=rank_key)
    for i, s in enumerate(sites, 1):
        s["rank"] = i
    return {"schema": "inspector/fleet@1", "started_at": "s", "finished_at": "f", "unfinished": 1,
            "totals": {"fail": 1, "risk": 1, "pass": 1, "not_checked": 0, "error": 1}, "sites": sites}


def test_ranking_escaping_and_exports(tmp_path):
    summary = _summary()
    assert [s["verdict"] for s in summary["sites"]] == ["fail", "risk", "error", "pass"]
    assert fleet_exit_status(summary) == 3
    html = render_fleet(summary)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html and "../../etc" not in html
    assert 'href="01-a/report.html"' in html and "扫描未完成" in html
    write_fleet_outputs(summary, tmp_path)
    with (tmp_path / "fleet.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][1] == "<script>alert(1)</script>" and rows[1][5:] == ["严重表述错误", "text.serious", "单项否决", "2"]
    assert any(r[1] == "'=HYPERLINK(\"x\")" for r in rows)
    assert (tmp_path / "fleet.xlsx").stat().st_size > 0 and (tmp_path / "fleet.json").exists()
    assert report_href("01-a/report.html") == "01-a/report.html" and report_href("/etc/passwd") == "#"


def test_exit_status_findings_and_clean():
    summary = _summary()
    summary["sites"] = [s for s in summary["sites"] if s["finished"]]
    assert fleet_exit_status(summary) == 1
    summary["sites"] = [s for s in summary["sites"] if s["exit_status"] == 0]
    assert fleet_exit_status(summary) == 0


def test_a_failed_site_says_why_in_the_summary_and_exports(tmp_path):
    """No findings.json: the scan's own one-line error (or the timeout) is the site's stop reason,
    shown in fleet.json, the page and the csv, so nobody has to open scan.log to learn it."""
    for slug, log in (("01-a", "开始扫描 甲站 …\ninspector: 错误：起始页面不是 HTML 页面：http://a/（Content-Type: application/pdf）\n"),
                      ("02-b", "开始扫描 乙站 …\nTraceback (most recent call last):\n  File \"x\"\nMemoryError: 内存不足\n\n")):
        (tmp_path / slug).mkdir()
        (tmp_path / slug / "scan.log").write_text(log, encoding="utf-8")
    results = [{"slug": "01-a", "name": "甲站", "start_urls": ["http://a/"], "exit_status": 2, "seconds": 0.5,
                "error": failure_reason(tmp_path / "01-a" / "scan.log", 2)},
               {"slug": "02-b", "name": "乙站", "start_urls": ["http://b/"], "exit_status": 1, "seconds": 0.5,
                "error": failure_reason(tmp_path / "02-b" / "scan.log", 1)},
               {"slug": "03-c", "name": "丙站", "start_urls": ["http://c/"], "exit_status": None, "seconds": 9.0,
                "error": failure_reason(tmp_path / "03-c" / "scan.log", None)}]
    summary = summarize(results, tmp_path, "2026-11-27T02:00:00+08:00")
    reasons = {s["name"]: s["stop_reason"] for s in summary["sites"]}
    assert reasons == {"甲站": "起始页面不是 HTML 页面：http://a/（Content-Type: application/pdf）",
                       "乙站": "MemoryError: 内存不足", "丙站": "超过 --site-timeout 时限，已停止"}
    assert all(not s["finished"] and s["verdict"] == "error" for s in summary["sites"])
    write_fleet_outputs(summary, tmp_path)
    assert "起始页面不是 HTML 页面" in (tmp_path / "fleet.html").read_text(encoding="utf-8")
    with (tmp_path / "fleet.csv").open(encoding="utf-8-sig") as fh:
        rows = {r[1]: r for r in csv.reader(fh)}
    assert rows["丙站"][5] == "（扫描未完成：超过 --site-timeout 时限，已停止）"


def test_progress_line_names_each_running_site_with_its_latest_progress(tmp_path):
    """A long fleet run prints how many sites are done and where each running one is, taken from
    the progress lines the scans write into their scan.log."""
    busy, fresh = tmp_path / "busy.log", tmp_path / "fresh.log"
    busy.write_text("开始扫描 甲站 …\n已抓取 120 页（失败 0），待抓取约 80 页，12 页/秒 …\n"
                    "已抓取 450 页（失败 2），待抓取约 30 页，15 页/秒 …\n", encoding="utf-8")
    fresh.write_text("开始扫描 乙站 …\n", encoding="utf-8")
    progress = FleetProgress(total=5, interval=0)
    assert progress.line() is None  # nothing running, nothing to say
    progress.started("01-a", busy)
    progress.started("02-b", fresh)
    progress.started("03-c", tmp_path / "missing.log")
    progress.finished("03-c")
    assert progress.line() == ("舰队进度：已完成 1/5 个网站，进行中 2 个：[01-a] 已抓取 450 页（失败 2），待抓取约 30 页，"
                               "15 页/秒；[02-b] 启动中")
    assert last_progress(tmp_path / "missing.log") is None
