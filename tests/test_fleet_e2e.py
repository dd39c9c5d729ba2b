"""End to end: `inspector fleet` scans two sample sites on two loopback addresses in parallel
subprocesses; each site's findings.json matches a single-site scan of the same site, and the
fleet summary ranks them by verdict."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.demo_site.server import DemoServer

pytestmark = pytest.mark.slow

FAST = ["--no-a11y", "--no-external", "--fast", "--as-of", "2021-12-31"]
TINY_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/tzgg/">通知公告</a> <a href="/wsly/">网上留言</a></div>
<h1>{title}</h1>{body}<div class="footer">小站示例 版权所有</div></body></html>"""


def build_tiny_site(root: Path) -> Path:
    """A second, small site: a homepage, one dated column, two articles, one broken link and a
    网上留言 channel whose messages were answered."""
    (root / "tzgg").mkdir(parents=True)
    items = "".join(f'<li><a href="/tzgg/{n}.html">关于第{n}项工作的通知</a><span>2021-12-{27 + n}</span></li>'
                    for n in (1, 2))
    (root / "index.html").write_text(TINY_PAGE.format(
        title="青山县小站", body=f'<ul>{items}</ul><a href="/missing.html">失效链接</a>'), encoding="utf-8")
    (root / "tzgg" / "index.html").write_text(TINY_PAGE.format(title="通知公告", body=f"<ul>{items}</ul>"),
                                              encoding="utf-8")
    (root / "wsly").mkdir()
    rows = "".join(f'<tr><td><a href="/wsly/">关于第{n}项工作的咨询</a></td><td>2021-12-{20 + n}</td>'
                   f"<td>2021-12-{22 + n}</td><td>已回复</td></tr>" for n in (1, 2))
    (root / "wsly" / "index.html").write_text(TINY_PAGE.format(  # an answered 政务咨询 channel
        title="网上留言", body=f"<table><tr><th>标题</th><th>留言时间</th><th>回复时间</th><th>状态</th></tr>{rows}</table>"),
        encoding="utf-8")
    for n in (1, 2):
        (root / "tzgg" / f"{n}.html").write_text(TINY_PAGE.format(
            title=f"关于第{n}项工作的通知", body=f"<p>发布时间：2021-12-{27 + n}</p><p>各单位：现将第{n}项工作通知如下。</p>"),
            encoding="utf-8")
    return root


def _ids(path: Path) -> set[str]:
    return {f["id"] for f in json.loads(path.read_text(encoding="utf-8"))["findings"]}


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    work = tmp_path_factory.mktemp("fleet")
    tiny = build_tiny_site(work / "tiny")
    with DemoServer() as demo, DemoServer(host="127.0.0.2", root=tiny) as small:
        (work / "fleet.toml").write_text(f"""
[defaults.scan]
max_pages = 400
format = ["html", "json"]

[[sites]]
name = "云岭市数据资源管理局（示例）"
start_urls = ["{demo.base_url}"]

[[sites]]
name = "青山县<小站>"
start_urls = ["{small.base_url}"]
[sites.scan]
max_pages = 50
""", encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "inspector", "fleet", "--config", "fleet.toml", "--out", "out",
                                 "--db", "fleet.sqlite3", "--parallel", "2", *FAST],
                                check=False, cwd=work, capture_output=True, text=True, timeout=600)
        singles = {}
        for key, url, cap in (("demo", demo.base_url, "400"), ("tiny", small.base_url, "50")):
            single = subprocess.run([sys.executable, "-m", "inspector", "scan", url, "--out", f"single-{key}",
                                     "--db", f"single-{key}.sqlite3", "--max-pages", cap, *FAST],
                                    check=False, cwd=work, capture_output=True, text=True, timeout=600)
            singles[key] = single
    return result, work, singles


def test_fleet_exit_status_and_outputs(fleet):
    result, work, _ = fleet
    out = work / "out"
    logs = "".join(f"\n--- {log}\n" + log.read_text(encoding="utf-8")[-3000:] for log in sorted(out.glob("*/scan.log")))
    assert result.returncode == 1, result.stdout + result.stderr + logs  # the demo site has veto findings
    for name in ("fleet.json", "fleet.html", "fleet.csv", "fleet.xlsx"):
        assert (out / name).exists(), name
    assert (out / "01-127.0.0.1" / "findings.json").exists()
    assert (out / "02-127.0.0.2" / "findings.json").exists()
    assert (out / "01-127.0.0.1" / "report.html").exists()


def test_each_site_matches_a_single_site_scan(fleet):
    _, work, singles = fleet
    assert singles["demo"].returncode == 1 and singles["tiny"].returncode in (0, 1)
    assert _ids(work / "out" / "01-127.0.0.1" / "findings.json") == _ids(work / "single-demo" / "findings.json")
    assert _ids(work / "out" / "02-127.0.0.2" / "findings.json") == _ids(work / "single-tiny" / "findings.json")


def test_summary_ranks_sites_by_verdict(fleet):
    _, work, _ = fleet
    summary = json.loads((work / "out" / "fleet.json").read_text(encoding="utf-8"))
    sites = summary["sites"]
    assert [s["rank"] for s in sites] == [1, 2]
    assert sites[0]["name"] == "云岭市数据资源管理局（示例）" and sites[0]["verdict"] == "fail"
    assert sites[1]["name"] == "青山县<小站>" and sites[1]["verdict"] in ("risk", "pass")
    assert all(s["finished"] for s in sites) and summary["unfinished"] == 0
    doc = json.loads((work / "out" / "01-127.0.0.1" / "findings.json").read_text(encoding="utf-8"))
    assert sites[0]["counts"] == doc["verdict"]["counts"]
    html = (work / "out" / "fleet.html").read_text(encoding="utf-8")
    assert "青山县&lt;小站&gt;" in html and "青山县<小站>" not in html
    assert 'href="01-127.0.0.1/report.html"' in html
    with (work / "out" / "fleet.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["排名", "网站"] and rows[0][-1] == "数量"
    demo_rows = [r for r in rows[1:] if r[1] == "云岭市数据资源管理局（示例）"]
    assert sum(int(r[-1]) for r in demo_rows) == sum(v["count"] for v in sites[0]["rules"].values()) > 0


def test_a_site_that_cannot_finish_is_marked_and_exits_3(tmp_path):
    (tmp_path / "fleet.toml").write_text('[[sites]]\nname = "超时站"\nstart_urls = ["http://127.0.0.1:9/"]\n',
                                         encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "inspector", "fleet", "--config", "fleet.toml", "--out", "out",
                             "--db", "h.sqlite3", "--site-timeout", "0.05", *FAST],
                            check=False, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stdout + result.stderr
    summary = json.loads((tmp_path / "out" / "fleet.json").read_text(encoding="utf-8"))
    assert summary["unfinished"] == 1 and summary["sites"][0]["finished"] is False
    assert "扫描未完成" in (tmp_path / "out" / "fleet.html").read_text(encoding="utf-8")
