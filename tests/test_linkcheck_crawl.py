"""Real scans (subprocess) of the local link test site (tests/linksite.py): broken internal
pages, a 500, a soft 404, broken images, attachments with Chinese names, other hosts on other
loopback addresses (up, down, 403), HEAD fallback, skip patterns, hidden links, personal data
in HTML / PDF / XLSX / DOCX / TXT, caps and --no-external."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from urllib.parse import unquote

import pytest

from inspector.store import decode_record
from tests import linksite

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hosts():
    started = linksite.build()
    yield started
    for key in ("site", "ext", "blocked"):
        started[key].stop()


def scan(work, base, *options, config: str = ""):
    work.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "inspector", "scan", base + "/", "--out", "out", "--db", "h.sqlite3",
            "--format", "json,html", "--fail-on", "never", "--fast", "--as-of", "2021-12-31", *options]
    if config:
        (work / "site.toml").write_text(config, encoding="utf-8")
        args += ["--config", "site.toml"]
    result = subprocess.run(args, cwd=work, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads((work / "out" / "findings.json").read_text(encoding="utf-8")), result


@pytest.fixture(scope="module")
def full(hosts, tmp_path_factory):
    work = tmp_path_factory.mktemp("full")
    ext = hosts["ext"].base
    config = f'[links]\nskip = ["{ext}/skipme/*"]\nattachment_mb = 0.05\n'
    doc, result = scan(work, hosts["site"].base, config=config)
    return doc, hosts, work, result


def rel(url: str, hosts) -> str:
    return unquote(url.removeprefix(hosts["site"].base))


def test_every_broken_target_once_with_all_referrers(full):
    doc, hosts, _, _ = full
    ext, down, blocked = hosts["ext"].base, hosts["down"], hosts["blocked"].base
    found = {rel(f["url"], hosts): (sorted(rel(r, hosts) for r in f["referrers"]), f["needs_review"], f["on_homepage"])
             for f in doc["findings"] if f["rule"] == "link.broken"}
    assert found == {
        "/missing.html": (["/", "/news/1.html"], False, True),
        "/err500.html": (["/news/1.html"], False, False),
        "/zwgk/soft404.html": (["/news/1.html"], False, False),
        "/img/broken.png": (["/", "/news/1.html"], False, True),
        "/files/缺失附件.pdf": (["/"], False, True),
        f"{ext}/gone.html": (["/", "/news/1.html"], False, True),
        f"{ext}/soft.html": (["/"], False, True),
        f"{down}/": (["/"], False, True),
        f"{down}/other.html": (["/"], False, True),
        f"{blocked}/blocked.html": (["/"], True, True),  # 403 from another host: needs review
    }
    assert doc["links"]["broken"] == 9 and doc["links"]["needs_review"] == 1 and doc["links"]["broken_on_homepage"] == 7
    ids = [f["id"] for f in doc["findings"]]
    assert len(ids) == len(set(ids))


def test_checks_are_recorded_apart_from_pages(full):
    doc, hosts, work, _ = full
    # home, 2 news, hidden, gs, missing, err500, soft404: the checked files and hosts are not pages
    assert doc["stats"]["pages"] == 8 and doc["stats"]["fetch_errors"] == 2
    db = sqlite3.connect(work / "h.sqlite3")
    resources = {decode_record(d)["url"]: decode_record(d) for (d,) in db.execute("SELECT data FROM resources")}
    assert doc["stats"]["link_checks"] == len(resources) >= 30
    nohead = resources[hosts["ext"].base + "/nohead.zip"]
    assert (nohead["method"], nohead["status"]) == ("GET", 200)  # HEAD 405, then GET
    assert hosts["ext"].base + "/skipme/x" not in resources and doc["stats"]["link_checks_skipped"] == 1
    big = resources[hosts["site"].base + "/files/big.pdf"]
    assert big["status"] == 200 and big["text"] == "" and "超过" in big["text_note"]
    chinese = resources[hosts["site"].base + "/files/附件一.pdf"]
    assert chinese["status"] == 200 and "ID" in chinese["text"]
    assert resources[hosts["site"].base + "/files/%E8%AF%B4%E6%98%8E.txt"]["status"] == 200  # linked percent-encoded
    # each target once: one HEAD (and at most one GET) per external target
    ext_requests = hosts["ext"].requests
    assert ext_requests.count(("HEAD", "/ok.html")) == 1
    assert hosts["ext"].max_in_flight <= 2  # per-host cap for other hosts


def test_hidden_links_each_style_and_no_visible_one(full):
    doc, hosts, _, _ = full
    ext = hosts["ext"].base
    found = {f["evidence"].removeprefix(ext): (f["how"], f["severity"], f["needs_review"])
             for f in doc["findings"] if f["rule"] == "security.hidden-link"}
    assert found == {
        "/h/0": ("display:none", "veto", False),  # 博彩
        "/h/1": ("display:none", "veto", False),  # 六合彩, hidden by a <style> class rule
        "/h/2": ("off-screen", "warning", False),
        "/h/3": ("font-size:0", "warning", False),
        "/h/4": ("zero-size", "warning", False),
        "/h/5": ("same-color", "warning", False),
        "/h/6": ("marquee", "warning", False),
        "/h/7": ("hidden-attr", "warning", True),
        "/h/8": ("visibility:hidden", "warning", True),
        "/h/9": ("opacity:0", "warning", False),
    }
    assert doc["hidden_links"]["own_site"] == 1  # the hidden tab panel linking the site itself


def test_personal_data_in_pages_and_attachments_masked(full):
    doc, hosts, work, _ = full
    found = sorted((rel(f["url"], hosts), f["kind"], f["evidence"], f["count"])
                   for f in doc["findings"] if f["rule"] == "privacy.personal-data")
    assert found == [
        ("/files/名单.docx", "id_card", "5301**********1231", 1),
        ("/files/名单.xlsx", "id_card", "1101**********002X", 1),
        ("/files/说明.txt", "mobile", "137****5678", 1),
        ("/files/附件一.pdf", "id_card", "5301**********1231", 1),  # the wrong check digit beside it is not
        ("/gs.html", "id_card", "5301**********1231", 1),
        ("/gs.html", "mobile", "139****5678", 1),
    ]
    for name in ("findings.json", "report.html"):
        text = (work / "out" / name).read_text(encoding="utf-8")
        assert linksite.GOOD_ID not in text and linksite.GOOD_ID_2 not in text and "13912345678" not in text
    db = sqlite3.connect(work / "h.sqlite3")
    stored = " ".join(d for (d,) in db.execute("SELECT data FROM findings"))
    assert "5301**********1231" in stored and linksite.GOOD_ID not in stored


def test_no_external_and_caps_bound_the_checks(hosts, tmp_path):
    before = len(hosts["ext"].requests)
    doc, _ = scan(tmp_path / "a", hosts["site"].base, "--no-external")
    assert len(hosts["ext"].requests) == before  # no other host was asked
    assert doc["links"]["external_checked"] is False and doc["stats"]["external_not_checked"] >= 20
    assert all(hosts["site"].base in f["url"] for f in doc["findings"] if f["rule"] == "link.broken")
    doc, _ = scan(tmp_path / "b", hosts["site"].base, "--max-pages", "2", config="[links]\nmax_checks = 3\n")
    assert doc["stats"]["pages"] <= 2 and doc["stats"]["link_checks"] == 3
    assert doc["stats"]["link_checks_capped"] is True and doc["stats"]["link_checks_refused"] > 0


def test_homepage_availability_is_kept_per_scan(full, tmp_path):
    doc, hosts, work, _ = full
    assert doc["availability"]["reachable"] is True and doc["availability"]["home_ms"] is not None
    again, _ = scan(work, hosts["site"].base, "--no-external")  # same history database
    week = again["availability"]["last_7_days"]
    assert week["scans"] == 2 and week["reachable"] == 2 and week["rate"] == 1.0 and week["status"] == "pass"
    report = (work / "out" / "report.html").read_text(encoding="utf-8")
    assert "首页可访问率" in report
