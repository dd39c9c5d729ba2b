"""The shared Redis layout of distributed fleet runs (inspector/distributed/shared.py), against a
real redis-server: leased pops, the atomic settle (de-dup, page cap, drain count, lease release),
stale work of an old run or a closed site, and a dead worker's leases going back to the queue."""
from __future__ import annotations

import json
import pickle
import subprocess
import sys
from itertools import pairwise

import pytest
import scrapy

from inspector.distributed.shared import (
    CAPPED,
    CLOSED,
    REQUESTS,
    REQUEUE_SCORE,
    Shared,
    decode_request,
    encode_request,
    inflight_key,
)

from .redis_server import RedisServer


@pytest.fixture(scope="module")
def server():
    redis_server = RedisServer()
    yield redis_server
    redis_server.stop()


@pytest.fixture
def shared(server):
    server.client.flushdb()
    queue = Shared(server.client)
    queue.reset("run1")
    return queue


def child(url: str, priority: int = 0, page: bool = True, key: str | None = None):
    request = scrapy.Request(url, priority=priority, meta={"inspector_site": "1", "inspector_run": "run1"})
    return (("p:" + url) if key is None else key), page, -priority, encode_request(request)


def test_encoded_request_round_trips_with_callbacks_by_name():
    class Owner:
        def parse(self, response):
            return None

        def on_check(self, response):
            return None

        def on_error(self, failure):
            return None

    owner = Owner()
    statuses = list(range(400, 600))
    request = scrapy.Request("http://a.test/x.pdf", method="HEAD", callback=owner.on_check, errback=owner.on_error,
                             priority=-10, dont_filter=True, meta={"handle_httpstatus_list": statuses, "k": [1]})
    member = encode_request(request)
    assert len(member) < 300  # the 200 error statuses are not stored with every queued URL
    back = decode_request(member, spider=owner)
    assert (back.url, back.method, back.priority, back.dont_filter) == ("http://a.test/x.pdf", "HEAD", -10, True)
    assert back.callback == owner.on_check and back.errback == owner.on_error
    assert back.meta == {"handle_httpstatus_list": statuses, "k": [1]}
    plain = decode_request(encode_request(scrapy.Request("http://a.test/", callback=owner.parse,
                                                         meta={"handle_httpstatus_list": [404]})), spider=owner)
    assert (plain.method, plain.priority, plain.dont_filter, plain.meta) == ("GET", 0, False,
                                                                             {"handle_httpstatus_list": [404]})


def test_seed_pop_settle_drains_to_zero(shared):
    assert shared.settle("run1", "1", "", 100, [child("http://a.test/")], []) == 1
    assert shared.pending() == {"1": 1}
    lease, member = shared.pop("w1")
    assert json.loads(member)["url"] == "http://a.test/"
    assert shared.queued() == 0 and shared.server.hlen(inflight_key("w1")) == 1
    # the page finds two links, one of them twice: one queued, the duplicate refused by the seen-set
    added = shared.settle("run1", "1", lease, 100, [child("http://a.test/a"), child("http://a.test/a"),
                                                    child("http://a.test/")],
                          [{"type": "page", "data": {"url": "http://a.test/"}}], "w1")
    assert added == 1
    assert shared.pending() == {"1": 1}  # the child counted, the parent released
    assert shared.server.hlen(inflight_key("w1")) == 0
    lease, _ = shared.pop("w1")
    shared.settle("run1", "1", lease, 100, [], [{"type": "page", "data": {"url": "http://a.test/a"}}], "w1")
    assert shared.pending() == {"1": 0}
    assert [r["data"]["url"] for r in shared.take_results()] == ["http://a.test/", "http://a.test/a"]


def test_pop_takes_the_highest_priority_first(shared):
    shared.settle("run1", "1", "", 100, [child("http://a.test/low", 0), child("http://a.test/menu", 30)], [])
    assert json.loads(shared.pop("w1")[1])["url"] == "http://a.test/menu"


def test_page_cap_counts_pages_not_checks(shared):
    shared.settle("run1", "1", "", 2, [child("http://a.test/1"), child("http://a.test/2"), child("http://a.test/3"),
                                       child("http://a.test/f.pdf", page=False, key="c:f.pdf")], [])
    assert shared.queued() == 3  # two pages and the check; the third page is over the cap
    assert shared.flag(CAPPED, "1")


def test_settle_of_an_old_run_or_closed_site_adds_nothing_and_releases(shared):
    shared.settle("run1", "1", "", 100, [child("http://a.test/")], [])
    lease, _ = shared.pop("w1")
    assert shared.settle("old-run", "1", lease, 100, [child("http://a.test/x")], [{"type": "page", "data": {}}],
                         "w1") == -1
    assert shared.queued() == 0 and shared.take_results() == []
    assert shared.pending() == {"1": 0} and shared.server.hlen(inflight_key("w1")) == 0
    shared.server.hset(CLOSED, "1", 1)
    assert shared.settle("run1", "1", "", 100, [child("http://a.test/y")], []) == -1
    assert shared.queued() == 0


def test_dead_workers_leases_go_back_to_the_front_of_the_queue(shared):
    shared.settle("run1", "1", "", 100, [child(f"http://a.test/{n}", 10) for n in range(3)], [])
    taken = [shared.pop("dead") for _ in range(2)]
    assert shared.queued() == 1
    assert shared.bury("dead") == 2
    assert shared.queued() == 3 and shared.server.hlen(inflight_key("dead")) == 0
    scores = sorted(score for _, score in shared.server.zrange(REQUESTS, 0, -1, withscores=True))
    assert scores[:2] == [REQUEUE_SCORE, REQUEUE_SCORE]
    assert shared.pending() == {"1": 3}  # nothing was lost from the drain count either
    # the presumed-dead worker answers late: its work is refused, the re-run counts instead
    assert shared.settle("run1", "1", taken[0][0], 100, [child("http://a.test/late")],
                         [{"type": "page", "data": {}}], "dead") == -2
    assert shared.take_results() == [] and shared.pending() == {"1": 3}


def test_workers_alive_and_dead_by_heartbeat(shared):
    shared.beat("w-alive", 30)
    shared.beat("w-gone", 30)
    shared.server.delete("inspector:alive:w-gone")  # its heartbeat expired
    assert shared.workers() == (["w-alive"], ["w-gone"])


def test_reset_clears_the_last_run_but_keeps_workers(shared):
    shared.beat("w1", 30)
    shared.settle("run1", "1", "", 100, [child("http://a.test/")], [{"type": "page", "data": {}}])
    shared.pop("w1")
    shared.reset("run2")
    assert shared.run_id() == "run2"
    assert shared.queued() == 0 and shared.pending() == {} and shared.take_results() == []
    assert shared.server.hlen(inflight_key("w1")) == 0
    assert shared.workers() == (["w1"], [])
    assert shared.site_settings("1") is None


def _cli(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "inspector", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, check=False)


def test_unreachable_or_malformed_redis_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "fleet.toml").write_text('[[sites]]\nstart_urls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
    for args in (("worker", "--redis", "redis://127.0.0.1:1/0"),
                 ("fleet", "--config", "fleet.toml", "--redis", "http://not-redis/"),
                 ("fleet", "--config", "fleet.toml", "--redis", "redis://127.0.0.1:1/0")):
        result = _cli(*args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("inspector: 错误：") and "Redis" in lines[0], result.stderr


def test_a_second_coordinator_on_the_same_redis_is_refused(server, tmp_path):
    server.client.flushdb()
    server.client.set("inspector:coordinator", "someone-else", px=60_000)
    server.client.zadd(REQUESTS, {b"their-request": 0})
    (tmp_path / "fleet.toml").write_text('[[sites]]\nstart_urls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
    result = _cli("fleet", "--config", "fleet.toml", "--redis", server.url, "--db", "h.sqlite3", cwd=tmp_path)
    assert result.returncode == 2 and "另一个舰队扫描" in result.stderr, result.stderr
    assert server.client.get("inspector:coordinator") == b"someone-else"
    assert server.client.zcard(REQUESTS) == 1  # the running fleet's queue is untouched


def test_a_retiring_worker_hands_its_requests_back_at_once(shared):
    shared.beat("leaving", 30)
    shared.settle("run1", "1", "", 100, [child("http://a.test/1"), child("http://a.test/2")], [])
    shared.pop("leaving")
    assert shared.retire("leaving") == 1
    assert shared.queued() == 2 and shared.workers() == ([], [])


def test_a_page_that_breaks_extraction_is_recorded_and_released(server, shared):
    from inspector.distributed.shared import SITES, decode_request
    from inspector.distributed.worker import WorkerSpider

    shared.server.hset(SITES, "1", json.dumps({"start_urls": ["http://a.test/"], "as_of": "2021-12-31",
                                               "max_pages": 100, "max_depth": 30, "no_external": True}))
    shared.settle("run1", "1", "", 100, [child("http://a.test/broken.html")], [])
    lease, member = shared.pop("w1")
    spider = WorkerSpider(redis_url=server.url, worker_id="w1")
    request = decode_request(member, spider=spider)
    request.meta["inspector_lease"] = lease

    def explode(walker):
        raise ValueError("bad markup")

    try:
        spider._finish(request, explode, from_page=True)
    finally:
        spider.server.close()
    [record] = shared.take_results()
    assert record["type"] == "page" and record["data"]["kind"] == "error"
    # a whole Chinese phrase in the record; the exception itself goes to the log
    assert record["data"]["error"] == "处理失败" and record["data"]["url"] == "http://a.test/broken.html"
    assert shared.pending() == {"1": 0} and shared.server.hlen(inflight_key("w1")) == 0


def test_a_check_that_breaks_is_recorded_as_the_checks_error():
    from inspector.distributed.worker import _failed

    check = {"url": "http://a.test/附件.pdf", "key": "k", "tag": "a", "external": False, "host": "a.test"}
    record = _failed(scrapy.Request("http://a.test/%E9%99%84%E4%BB%B6.pdf", method="HEAD",
                                    meta={"inspector_check": check}), "处理失败")
    assert (record.url, record.method, record.error) == ("http://a.test/附件.pdf", "HEAD", "处理失败")



def test_pace_gives_each_request_to_a_host_the_next_turn_one_interval_on(shared, server):
    """Turns are handed out on the Redis clock: in a burst each request's turn is exactly one
    interval after the previous one, another host is not held up, and the key expires once idle."""
    from inspector.distributed.shared import pace_key

    waits, next_turns = [], []
    for _ in range(4):
        waits.append(shared.pace("gov.test", 2.0))
        next_turns.append(int(server.client.get(pace_key("gov.test"))))
    assert waits[0] == 0
    assert [b - a for a, b in pairwise(next_turns)] == [2000, 2000, 2000]
    for n in range(1, 4):  # the burst takes far less than an interval
        assert 2.0 * n - 1.0 < waits[n] <= 2.0 * n
    assert shared.pace("other.gov.test", 2.0) == 0
    assert 60_000 < server.client.pttl(pace_key("gov.test")) <= 60_000 + 8_000


def test_a_worker_with_other_code_takes_nothing_and_the_request_stays_queued(shared, server):
    from inspector.distributed.shared import REFUSED, CodeMismatch

    shared.reset("run3", code="coordinator-code")
    shared.settle("run3", "1", "", 10, [("p:http://gov.test/", True, -100, b"member")], [])
    with pytest.raises(CodeMismatch) as raised:
        shared.pop("w-old", "other-code")
    assert str(raised.value) == "coordinator-code"
    assert shared.queued() == 1 and not server.client.hlen(inflight_key("w-old"))
    shared.refuse("w-old", "other-code")
    assert shared.refused() == {"w-old": "other-code"}
    assert shared.pop("w-new", "coordinator-code")[1] == b"member"
    shared.reset("run4", code="coordinator-code")
    assert not server.client.exists(REFUSED)  # a new run asks every worker again


class _RunsCode:
    """A pickle that would create a file when unpickled: what a writer to Redis could queue."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_queue_holds_json_and_a_pickled_payload_is_refused_unread(shared, tmp_path, capsys):
    from inspector.distributed.shared import UntrustedPayload
    from inspector.distributed.worker import LeasedQueue

    class Owner:
        def parse(self, response):
            return None

    owner = Owner()
    request = scrapy.Request("http://a.test/政务公开", callback=owner.parse, body=b"\x00\xff",
                             headers={"Referer": "http://a.test/"}, meta={"inspector_depth": 2, "chain": 1})
    member = encode_request(request, owner)
    assert json.loads(member)["url"] == "http://a.test/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80"
    again = decode_request(member, owner)
    assert (again.url, again.body, again.headers[b"Referer"], again.meta) == (request.url, b"\x00\xff",
                                                                                b"http://a.test/", request.meta)
    marker = tmp_path / "ran"
    for payload in (pickle.dumps(_RunsCode(marker)), pickle.dumps({"url": "http://a.test/"}), b'{"v":1,"url":'):
        with pytest.raises(UntrustedPayload):
            decode_request(payload, owner)
    shared.server.zadd(REQUESTS, {pickle.dumps(_RunsCode(marker)): -100})

    class Worker:
        name, worker_id = "inspector-worker", "w9"

    queue = LeasedQueue(shared.server, Worker(), REQUESTS)
    assert queue.pop() is None
    assert not marker.exists()
    assert shared.queued() == 0 and shared.server.hlen(inflight_key("w9")) == 0
    assert "不是 inspector 写入的请求，已拒绝执行并丢弃" in capsys.readouterr().err


def test_redis_with_a_password_from_the_url_or_the_environment(monkeypatch):
    from inspector.config import ConfigError
    from inspector.distributed.coordinator import connect
    from inspector.distributed.shared import PASSWORD_ENV

    secret = "s3cret-Ⅱ/with:chars"
    guarded = RedisServer(password=secret)
    try:
        monkeypatch.delenv(PASSWORD_ENV, raising=False)
        with pytest.raises(ConfigError) as refused:
            connect(guarded.url)
        assert "服务器要求密码" in str(refused.value)
        from urllib.parse import quote

        wrong = guarded.url.replace("redis://", "redis://:wrong-pass@")
        with pytest.raises(ConfigError) as bad:
            connect(wrong)
        assert "wrong-pass" not in str(bad.value) and ":***@" in str(bad.value)
        assert connect(guarded.url.replace("redis://", f"redis://:{quote(secret, safe='')}@")).ping()
        monkeypatch.setenv(PASSWORD_ENV, secret)
        assert connect(guarded.url).ping()
    finally:
        guarded.stop()


def test_workers_guard_endless_series_with_the_sites_max_series(tmp_path):
    """[scan] max_series reaches the workers: a portal column paging 250 deep is not cut at 30
    pages on one machine and at 30 again on the workers."""
    from inspector.cli import build_parser
    from inspector.config import build_config
    from inspector.distributed.coordinator import crawl_settings_of
    from inspector.distributed.worker import SiteWalker

    def walker(toml: str):
        site = tmp_path / f"site{len(toml)}.toml"
        site.write_text(toml, encoding="utf-8")
        config = build_config(build_parser().parse_args(["scan", "http://gov.test/", "--config", str(site)]))
        return SiteWalker(json.loads(json.dumps(crawl_settings_of(config))), None, "1")  # as it crosses Redis

    assert walker("[scan]\nmax_series = 300\n").guard.chain_limit == 300
    assert walker("").guard.chain_limit == 30


def test_records_wait_in_redis_with_personal_numbers_masked():
    """What a worker publishes for the coordinator is masked as the history keeps it: Redis may
    write its data to disk."""
    from types import SimpleNamespace

    from inspector.distributed.worker import WorkerSpider
    from inspector.model import Page, Resource

    number = "11010519491231002X"  # GB 11643's example, a valid check digit
    published = []
    worker = SimpleNamespace(shared=SimpleNamespace(settle=lambda *args: published.append(args[5])),
                             worker_id="w1", done=0)
    walker = SimpleNamespace(settings_table={"max_pages": 10, "max_depth": 5, "as_of": "2021-12-31"},
                             fatal_messages=[])
    page = Page(url="http://gov.test/a.html", final_url="http://gov.test/a.html", status=200, kind="article",
                text=f"申请人身份证号{number}。", number_snippets=[f"身份证号{number}。"])
    target = Resource(url="http://gov.test/a.pdf", status=200, text=f"身份证号码：{number}")
    request = scrapy.Request("http://gov.test/a.html", meta={"inspector_run": "run1", "inspector_site": "1"})
    WorkerSpider._settle(worker, request, walker, [page, target], from_page=True)
    records = published[0]
    assert [r["type"] for r in records] == ["page", "resource"]
    assert number not in json.dumps(records, ensure_ascii=False)
    assert records[0]["data"]["personal"] and records[1]["data"]["personal"]  # the hits are kept, masked
