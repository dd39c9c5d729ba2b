"""End to end: `inspector demo --no-external` finds exactly the seeded link.broken,
security.hidden-link and privacy.personal-data problems of inspector/demo_site/README.md
table (b), with the referrers written there, and shows personal data only masked."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

BROKEN = {  # target: referrers (README table b)
    "/xwdt/gzdt/202110/t20211015_0999.html": ["/xwdt/gzdt/202111/t20211129_1037.html"],
    "/xwdt/tpxw/202112/W020211208391004.jpg": ["/xwdt/tpxw/202112/t20211208_1105.html"],
    "/zwgk/zcwj/files/missing.pdf": ["/zwgk/zcwj/202109/t20210906_2005.html"],
    "/zwgk/tzgg/2021-06/30/content_3099.html": ["/zwgk/tzgg/2021-09/15/content_3007.html"],
}
SPAM_PAGE = "/xwdt/gzdt/202111/t20211126_1036.html"
ID_PAGE = "/zwgk/tzgg/2021-10/21/content_3009.html"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    work = tmp_path_factory.mktemp("demo_links")
    result = subprocess.run([sys.executable, "-m", "inspector", "demo", "--out", "out", "--db", "h.sqlite3",
                             "--format", "json", "--no-external", "--no-a11y"],
                            cwd=work, capture_output=True, text=True, timeout=600)
    doc = json.loads((work / "out" / "findings.json").read_text(encoding="utf-8"))
    base = doc["site"]["start_urls"][0].rstrip("/")
    return result, doc, base, work


def test_broken_links_are_exactly_the_seeded_ones(demo):
    _, doc, base, _ = demo
    got = {f["url"].removeprefix(base): sorted(r.removeprefix(base) for r in f["referrers"])
           for f in doc["findings"] if f["rule"] == "link.broken"}
    assert got == BROKEN
    found = {f["url"].removeprefix(base): f for f in doc["findings"] if f["rule"] == "link.broken"}
    assert found["/zwgk/tzgg/2021-06/30/content_3099.html"]["soft_404"] == "页面不存在"
    assert found["/xwdt/tpxw/202112/W020211208391004.jpg"]["tag"] == "img"
    assert all(f["http_status"] == 404 for u, f in found.items() if "3099" not in u)
    assert all(f["severity"] == "error" and not f["needs_review"] and f["on_homepage"] is False for f in found.values())
    assert doc["links"]["broken"] == 4 and doc["links"]["broken_on_homepage"] == 0
    assert doc["links"]["external_checked"] is False


def test_hidden_spam_link_is_the_only_hidden_link(demo):
    _, doc, base, _ = demo
    hidden = [f for f in doc["findings"] if f["rule"] == "security.hidden-link"]
    assert [(f["url"].removeprefix(base), f["evidence"], f["link_text"], f["how"], f["severity"]) for f in hidden] == [
        (SPAM_PAGE, "http://www.example-bet.invalid/", "博彩", "display:none", "veto")]
    assert "博彩" in hidden[0]["sensitive"]


def test_personal_data_is_found_and_masked(demo):
    _, doc, base, work = demo
    got = sorted((f["url"].removeprefix(base), f["kind"], f["evidence"])
                 for f in doc["findings"] if f["rule"] == "privacy.personal-data")
    assert got == [(ID_PAGE, "id_card", "5301**********1231"), (ID_PAGE, "mobile", "139****5678")]
    text = (work / "out" / "findings.json").read_text(encoding="utf-8")
    assert "530102199001011231" not in text and "13912345678" not in text
    stored = " ".join(d for (d,) in sqlite3.connect(work / "h.sqlite3").execute("SELECT data FROM findings"))
    assert "530102199001011231" not in stored and "5301**********1231" in stored


def test_link_checks_do_not_count_as_pages(demo):
    result, doc, _, _ = demo
    assert "Traceback" not in result.stderr, result.stderr
    assert 150 <= doc["stats"]["pages"] <= 400
    assert doc["stats"]["link_checks"] >= 15 and doc["stats"]["external_not_checked"] == 2  # gov.cn, the spam host
    assert doc["availability"]["reachable"] is True and doc["availability"]["last_7_days"]["scans"] == 1
