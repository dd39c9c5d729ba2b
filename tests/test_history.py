"""The scan history keeps pages of a killed scan; the next run marks it incomplete and writes it."""
from __future__ import annotations

import json
import subprocess
import sys

from inspector.model import Item, Page, PageList
from inspector.scan import recover_abandoned
from inspector.store import History


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_abandoned_scan_is_recovered_as_incomplete(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    out = tmp_path / "scan1"
    scan_id = history.start_scan("测试站", ["http://gov.test/"], "2021-12-31", "2021-12-31T02:00:00+08:00",
                                 str(out), {"formats": ["html", "json"]})
    items = [Item(title="工作会议召开", url="http://gov.test/a.html", date="2021-10-01")]
    history.add_page(scan_id, Page(url="http://gov.test/", final_url="http://gov.test/", status=200, kind="home",
                                   lists=[PageList(items=items)]))
    history.commit()
    history.db.execute("UPDATE scans SET pid=? WHERE id=?", (dead_pid(), scan_id))
    history.db.commit()
    history.close()

    again = History(tmp_path / "h.sqlite3")
    assert [s["id"] for s in again.abandoned_scans()] == [scan_id]
    recover_abandoned(again)
    assert again.abandoned_scans() == []
    assert again.scan(scan_id)["status"] == "incomplete"
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert doc["complete"] is False and doc["stats"]["pages"] == 1
    rules = [f["rule"] for f in doc["findings"]]
    assert "home.stale" in rules  # judged from the one page the killed scan kept
    # The veto it did find is found: the part of the site it never saw cannot undo it.
    assert doc["verdict"]["result"] == "fail"
    assert doc["verdict"]["counts"]["veto"] >= 1
    assert {i["id"]: i["status"] for i in doc["verdict"]["indicators"]}["home.stale"] == "fail"
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "总体结论：不合格" in report and "总体结论：通过" not in report
    assert again.finding_ids(scan_id) == {f["id"] for f in doc["findings"]}
    again.close()


def test_running_scan_of_a_live_process_is_left_alone(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    history.start_scan("测试站", ["http://gov.test/"], "2021-12-31", "t", str(tmp_path / "o"), {})
    assert history.abandoned_scans() == []
    history.close()


def test_findings_of_a_skipped_stage_are_not_called_fixed(tmp_path):
    from inspector.diff import annotate
    from inspector.model import Finding

    history = History(tmp_path / "h.sqlite3")
    site_finding = Finding(rule="text.typo", severity="error", url="http://gov.test/a.html", message="m", evidence="布署")
    wechat_finding = Finding(rule="wechat.stale", severity="veto", url="https://mp.weixin.qq.com/", message="m",
                             source="wechat")
    first = history.start_scan("站", ["http://gov.test/"], "2021-12-31", "2021-12-30T02:00:00+08:00", "o1", {})
    history.save_findings(first, [site_finding, wechat_finding])
    history.finish_scan(first, "complete", "t", {})
    second = history.start_scan("站", ["http://gov.test/"], "2021-12-31", "2021-12-31T02:00:00+08:00", "o2", {})
    section = annotate(history, "站", second, [], True, checked=lambda old: old.get("source") != "wechat")
    assert [f["rule"] for f in section["fixed"]] == ["text.typo"]
    assert annotate(history, "站", second, [], False)["fixed"] == []  # an incomplete scan claims no fix
    history.close()


def _open_when_told(path, go, results) -> None:
    go.wait()
    try:
        History(path).close()
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
        results.put(f"{type(exc).__name__}: {exc}")


def test_scans_opening_one_new_database_at_once_all_succeed(tmp_path):
    """A fleet's parallel scans share one `--db`: creating it, switching it to WAL and adding the
    later columns must not fail for the scan that comes second."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    outcomes = []
    for round_ in range(12):
        go, results = context.Event(), context.Queue()
        procs = [context.Process(target=_open_when_told, args=(tmp_path / f"h{round_}.sqlite3", go, results))
                 for _ in range(3)]
        for proc in procs:
            proc.start()
        go.set()
        for proc in procs:
            proc.join(30)
        outcomes += [results.get(timeout=5) for _ in procs]
        results.close()
        results.join_thread()
    assert outcomes == ["ok"] * len(outcomes)
    columns = {row[1] for row in History(tmp_path / "h0.sqlite3").db.execute("PRAGMA table_info(scans)")}
    assert {"home_ms", "home_ok"} <= columns


def test_killed_scan_of_a_fresh_site_does_not_pass(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    out = tmp_path / "scan1"
    scan_id = history.start_scan("测试站", ["http://gov.test/"], "2021-12-31", "2021-12-31T02:00:00+08:00",
                                 str(out), {"formats": ["html", "json"]})
    items = [Item(title="工作会议召开", url="http://gov.test/a.html", date="2021-12-30")]
    history.add_page(scan_id, Page(url="http://gov.test/", final_url="http://gov.test/", status=200, kind="home",
                                   lists=[PageList(items=items)],
                                   links=[("http://gov.test/care/", "关怀版", "a")]))
    history.commit()
    history.db.execute("UPDATE scans SET pid=? WHERE id=?", (dead_pid(), scan_id))
    history.db.commit()
    recover_abandoned(history)
    history.close()
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in doc["findings"] if f["severity"] == "veto" and not f["needs_review"]] == []
    assert doc["verdict"]["result"] == "incomplete"
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "总体结论：扫描未完成，无法得出结论" in report and "总体结论：通过" not in report


def test_capped_scan_is_incomplete_and_a_finished_one_can_pass():
    from datetime import date

    from inspector.site_model import build_site
    from rules.site import verdict

    home = Page(url="http://gov.test/", final_url="http://gov.test/", status=200, kind="home",
                lists=[PageList(items=[Item(title="工作会议召开", url="http://gov.test/a.html", date="2021-12-30")])])
    whole = build_site("站", ["http://gov.test/"], date(2021, 12, 31), [home])
    assert verdict.summarize(whole, [])["result"] == "pass"
    capped = build_site("站", ["http://gov.test/"], date(2021, 12, 31), [home], capped=True)
    assert verdict.summarize(capped, [])["result"] == "incomplete"
    from inspector.model import Finding

    veto = Finding(rule="home.stale", severity="veto", url="http://gov.test/", message="首页不更新")
    assert verdict.summarize(capped, [veto])["result"] == "fail"  # a veto found before the cap is found
    risky = build_site("站", ["http://gov.test/"], date(2021, 12, 31), [home], complete=False)
    review = Finding(rule="home.stale", severity="veto", url="http://gov.test/", message="首页不更新", needs_review=True)
    assert verdict.summarize(risky, [review])["result"] == "incomplete"  # not "risk": nothing concluded


def test_a_scans_pages_and_targets_come_back_in_saved_order_when_scans_interleave(tmp_path):
    """Two scans writing one history at once interleave their rows: each reads back only its own,
    in the order saved, with a page saved again (INSERT OR REPLACE) at its new place."""
    from inspector.model import Resource

    history = History(tmp_path / "h.sqlite3")
    a = history.start_scan("甲", ["http://a.test/"], "2021-12-31", "2021-12-31T02:00:00+08:00", str(tmp_path), {})
    b = history.start_scan("乙", ["http://b.test/"], "2021-12-31", "2021-12-31T02:00:00+08:00", str(tmp_path), {})
    assert list(history.pages(a)) == [] and list(history.resources(a)) == []
    for n in (3, 1, 2):
        for scan, host in ((a, "a"), (b, "b")):
            history.add_page(scan, Page(url=f"http://{host}.test/{n}.html", final_url=f"http://{host}.test/{n}.html",
                                        status=200, kind="article" if n % 2 else "list"))
            history.add_resource(scan, Resource(url=f"http://{host}.test/{n}.pdf", status=200))
    history.add_page(a, Page(url="http://a.test/3.html", final_url="http://a.test/3.html", status=200, kind="list"))
    history.commit()
    assert [p.url for p in history.pages(a)] == ["http://a.test/1.html", "http://a.test/2.html", "http://a.test/3.html"]
    assert [p.url for p in history.pages(b)] == ["http://b.test/3.html", "http://b.test/1.html", "http://b.test/2.html"]
    assert [p.url for p in history.pages(a, ("list",))] == ["http://a.test/2.html", "http://a.test/3.html"]
    assert list(history.page_urls(b)) == [p.url for p in history.pages(b)]
    assert [r.url for r in history.resources(b)] == ["http://b.test/3.pdf", "http://b.test/1.pdf", "http://b.test/2.pdf"]
    history.close()
