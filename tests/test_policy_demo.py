"""End to end: `inspector demo` finds exactly the policy findings and ledger written down in
inspector/demo_site/README.md table (c): documents D1–D6, interpretations I1–I4."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

D1 = "/zwgk/zcwj/202110/t20211015_2006.html"
D2 = "/zwgk/zcwj/202107/t20210720_2004.html"
D3 = "/zwgk/zcwj/202106/t20210608_2003.html"
D4 = "/zwgk/zcwj/202104/t20210416_2001.html"
D5 = "/zwgk/zcwj/202109/t20210906_2005.html"
D6 = "/zwgk/zcwj/202105/t20210510_2002.html"
I1 = "/zwgk/zcjd/202110/t20211015_2102.html"
I2 = "/zwgk/zcjd/202107/t20210722_2101.html"
I3 = "/zwgk/zcjd/202107/t20210718_2100.html"
I4 = "/zwgk/zcjd/202110/t20211020_2103.html"
NOTICE = "/zwgk/tzgg/2021-05/27/content_3002.html"

# document: (文号, status, interpretation, matched_by, evidence kinds, day gap, linked)
EXPECTED_LEDGER = {
    D1: ("云数发〔2021〕7号", "paired", I1, "link", ["link", "title"], 0, "both"),
    D2: ("云数发〔2021〕5号", "paired", I2, "doc_no", ["doc_no"], 2, "none"),
    D3: ("云数发〔2021〕4号", "paired", I3, "link", ["link"], 40, "both"),
    D4: ("云数发〔2021〕3号", "missing", None, None, [], None, None),
    D5: ("云数办〔2021〕12号", "missing", None, None, [], None, None),
    D6: ("云数任〔2021〕2号", "exempt", None, None, [], None, None),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    work = tmp_path_factory.mktemp("policy_demo")
    result = subprocess.run([sys.executable, "-m", "inspector", "demo", "--out", "out", "--db", "h.sqlite3",
                             "--format", "json", "--no-a11y"], cwd=work, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr  # the demo seeds veto-level text problems
    doc = json.loads((work / "out" / "findings.json").read_text(encoding="utf-8"))
    return doc, doc["site"]["start_urls"][0].rstrip("/")


def test_policy_findings_are_exactly_the_seeded_ones(demo):
    doc, base = demo
    got = sorted((f["rule"], f["url"].removeprefix(base), f["severity"], f["needs_review"])
                 for f in doc["findings"] if f["rule"].startswith("policy."))
    assert got == sorted([
        ("policy.missing-interpretation", D4, "error", False),
        ("policy.missing-interpretation", D5, "error", False),
        ("policy.orphan-interpretation", I4, "warning", False),
        ("policy.unlinked", D2, "warning", False),
        ("policy.late-interpretation", I3, "warning", False),
    ])
    by_rule = {f["rule"]: f for f in doc["findings"] if f["rule"].startswith("policy.")}
    assert by_rule["policy.unlinked"]["interpretation"] == base + I2
    assert by_rule["policy.late-interpretation"]["document"] == base + D3
    assert by_rule["policy.late-interpretation"]["day_gap"] == 40


def test_the_ledger(demo):
    doc, base = demo
    ledger = doc["policy_pairs"]
    got = {}
    for row in ledger["pairs"]:
        interp = row["interpretation"]["url"].removeprefix(base) if row["interpretation"] else None
        got[row["document"]["url"].removeprefix(base)] = (
            row["document"]["doc_no"], row["status"], interp, row["matched_by"],
            [e["kind"] for e in row["evidence"]], row["day_gap"], row["linked"])
        assert row["more_interpretations"] == [] and row["needs_review"] is False
    assert got == EXPECTED_LEDGER
    assert [o["url"].removeprefix(base) for o in ledger["orphans"]] == [I4]
    assert ledger["counts"] == {
        "documents": 6, "exempt": 1, "pending": 0, "not_checked": 0, "required": 5, "interpreted": 3,
        "missing": 2, "ratio": 0.6, "interpretations": 4, "orphans": 1, "unlinked": 1, "late": 1,
        "needs_review": 0}
    exempt = next(r for r in ledger["pairs"] if r["status"] == "exempt")
    assert exempt["exempt"] == "人事任免"


def test_the_notice_quoting_d1_is_not_paired(demo):
    doc, base = demo
    ledger = doc["policy_pairs"]
    urls = [r["interpretation"]["url"] for r in ledger["pairs"] if r["interpretation"]]
    urls += [o["url"] for o in ledger["orphans"]]
    assert base + NOTICE not in urls
    assert all(f["url"] != base + NOTICE for f in doc["findings"] if f["rule"].startswith("policy."))
