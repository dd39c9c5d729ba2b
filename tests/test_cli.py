"""Bad input gets one clear line and exit 2; an unreachable site is a finished scan with a finding."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .pdf_only import PdfOnlyServer


def run_cli(*args: str, cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "inspector", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def assert_usage_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.mark.parametrize("url", ["www.example.gov.cn", "ftp://example.gov.cn/", "http://", "http://exa mple.gov.cn/",
                                 "http://example.gov.cn:99999/"])
def test_malformed_url_is_a_usage_error(tmp_path, url):
    assert_usage_error(run_cli("scan", url, cwd=tmp_path), "网址")


def test_unknown_option_is_a_usage_error(tmp_path):
    assert_usage_error(run_cli("scan", "http://127.0.0.1/", "--max-page", "3", cwd=tmp_path), "无法识别的参数")


@pytest.mark.parametrize("args, needle", [
    (["--as-of", "2021-13-01"], "--as-of"),
    (["--max-pages", "0"], "--max-pages"),
    (["--max-pages", "abc"], "整数"),
    (["--format", "html,pdf"], "--format"),
    (["--fail-on", "fatal"], "--fail-on"),
])
def test_bad_option_values(tmp_path, args, needle):
    assert_usage_error(run_cli("scan", "http://127.0.0.1/", *args, cwd=tmp_path), needle)


def test_missing_and_invalid_config(tmp_path):
    assert_usage_error(run_cli("scan", "--config", "nope.toml", cwd=tmp_path), "nope.toml")
    (tmp_path / "broken.toml").write_text("[site\nname = 1", encoding="utf-8")
    assert_usage_error(run_cli("scan", "--config", "broken.toml", cwd=tmp_path), "TOML")
    (tmp_path / "badkey.toml").write_text(
        '[site]\nstart_urls = ["http://127.0.0.1/"]\n[scan]\nmax_pages = "many"\n', encoding="utf-8")
    assert_usage_error(run_cli("scan", "--config", "badkey.toml", cwd=tmp_path), "scan.max_pages")
    (tmp_path / "badtype.toml").write_text(
        '[site]\nstart_urls = ["http://127.0.0.1/"]\n[[columns]]\nurl = "http://127.0.0.1/a/"\ntype = "news"\n',
        encoding="utf-8")
    assert_usage_error(run_cli("scan", "--config", "badtype.toml", cwd=tmp_path), "columns[1].type")
    (tmp_path / "leader.toml").write_text(
        '[site]\nstart_urls = ["http://127.0.0.1/"]\n[[leaders]]\nname = "王某"\n', encoding="utf-8")
    assert_usage_error(run_cli("scan", "--config", "leader.toml", cwd=tmp_path), "leaders[1].titles")
    (tmp_path / "allow.toml").write_text(
        '[site]\nstart_urls = ["http://127.0.0.1/"]\n[text]\nallow = "其它"\n', encoding="utf-8")
    assert_usage_error(run_cli("scan", "--config", "allow.toml", cwd=tmp_path), "text.allow")
    (tmp_path / "nourl.toml").write_text('[site]\nname = "x"\n', encoding="utf-8")
    assert_usage_error(run_cli("scan", "--config", "nourl.toml", cwd=tmp_path), "start_urls")


def test_non_html_start_page_is_a_usage_error(tmp_path):
    with PdfOnlyServer() as server:
        result = run_cli("scan", server.base_url + "report.pdf", "--fast", "--out", "out", "--db", "h.sqlite3",
                         cwd=tmp_path)
    assert_usage_error(result, "不是 HTML")


def test_unreachable_site_is_a_finished_scan_with_a_veto(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_cli("scan", f"http://127.0.0.1:{port}/", "--fast", "--out", "out", "--db", "h.sqlite3",
                     "--as-of", "2021-12-31", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    doc = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert doc["complete"] is True
    rules = [f["rule"] for f in doc["findings"]]
    assert rules == ["site.unreachable"]
    assert doc["findings"][0]["severity"] == "veto"
    assert "连接被拒绝" in doc["findings"][0]["message"]
    assert doc["verdict"]["result"] == "fail"
    assert (tmp_path / "out" / "report.html").exists()
    never = run_cli("scan", f"http://127.0.0.1:{port}/", "--fast", "--out", "out2", "--db", "h.sqlite3",
                    "--fail-on", "never", cwd=tmp_path)
    assert never.returncode == 0, never.stderr


def test_damaged_history_database_stops_the_scan_with_one_line(tmp_path):
    (tmp_path / "h.sqlite3").write_bytes(b"not a database, " * 400)
    result = run_cli("scan", "http://127.0.0.1:9/", "--fast", "--out", "out", "--db", "h.sqlite3", cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "扫描历史数据库" in lines[0] and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "out" / "findings.json").exists()


def test_misspelt_config_key_is_an_error_naming_the_nearest_key(tmp_path):
    for table, wrong, right in (("scan", "max_page = 5", "scan.max_pages"), ("site", "extra_host = []", "site.extra_hosts"),
                                ("links", "max_check = 9", "links.max_checks")):
        site = '[site]\nname = "站"\nstart_urls = ["http://127.0.0.1:9/"]\n'
        text = site + wrong + "\n" if table == "site" else f"{site}[{table}]\n{wrong}\n"
        (tmp_path / "typo.toml").write_text(text, encoding="utf-8")
        result = run_cli("scan", "--config", "typo.toml", cwd=tmp_path)
        assert_usage_error(result, right)
        assert f"{table}.{wrong.split()[0]}" in result.stderr
    (tmp_path / "col.toml").write_text('[site]\nstart_urls = ["http://127.0.0.1:9/"]\n[[columns]]\n'
                                       'url = "http://127.0.0.1:9/a/"\ntpye = "other"\n', encoding="utf-8")
    assert_usage_error(run_cli("scan", "--config", "col.toml", cwd=tmp_path), "columns[1].type")


def test_unknown_key_of_another_tool_is_a_warning_not_an_error():
    import contextlib
    import io

    from inspector.config import check_keys

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        check_keys({"site": {"name": "站", "cms_site_id": 42}, "scan": {"max_pages": 5}, "generator": {"by": "cms"}})
    assert "site.cms_site_id" in err.getvalue() and "generator" in err.getvalue()
    assert "max_pages" not in err.getvalue()


def test_usage_lines_name_the_right_command_in_chinese(tmp_path):
    result = run_cli("bogus", cwd=tmp_path)
    assert_usage_error(result, "没有子命令“bogus”", "用 inspector --help 查看用法")
    assert "inspector inspector" not in result.stderr and "choose from" not in result.stderr
    result = run_cli("scan", "http://127.0.0.1/", "--bogus", cwd=tmp_path)
    assert_usage_error(result, "无法识别的参数：--bogus", "用 inspector scan --help 查看用法")
    result = run_cli("fleet", cwd=tmp_path)
    assert_usage_error(result, "缺少必需的参数", "用 inspector fleet --help 查看用法")
    assert "argument" not in result.stderr and "required" not in result.stderr


def test_the_series_limit_of_a_deep_column_is_set_in_the_site_config(tmp_path):
    """[scan] max_series reaches the crawl's trap guard: a portal column 250 list pages deep
    needs more than the default 30 pages in a row of one shape."""
    from argparse import Namespace

    from inspector.config import ConfigError, build_config
    from inspector.urls import TrapGuard

    site = '[site]\nstart_urls = ["http://127.0.0.1:9/"]\n'
    (tmp_path / "site.toml").write_text(site + "[scan]\nmax_series = 300\n", encoding="utf-8")
    config = build_config(Namespace(config=str(tmp_path / "site.toml"), urls=[]))
    assert config.max_series == 300
    (tmp_path / "default.toml").write_text(site, encoding="utf-8")
    default = build_config(Namespace(config=str(tmp_path / "default.toml"), urls=[])).max_series
    chain = [f"http://127.0.0.1:9/col/index_{n}.html" for n in range(1, 100)]

    def followed(limit: int) -> int:
        guard, depth = TrapGuard(max_year=2022, chain_limit=limit), 0
        for parent, url in zip(chain, chain[1:]):
            allowed, depth = guard.allow(url, parent, depth)
            if not allowed:
                return depth
        return len(chain)

    assert followed(default) == default + 1 < len(chain) == followed(config.max_series)
    (tmp_path / "bad.toml").write_text(site + "[scan]\nmax_series = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        build_config(Namespace(config=str(tmp_path / "bad.toml"), urls=[]))
