"""The Redis layout of a distributed fleet run and the scripts that change it atomically.

The request queue is scrapy-redis's priority queue (a sorted set of request dicts as JSON,
score = -priority: Redis holds data, never code; a member that is not such JSON, a pickle for
instance, is refused unread). Around it:

    inspector:run            id of the current run (anything stamped with another id is dropped)
    inspector:sites          site key → JSON crawl settings, published by the coordinator
    inspector:seen           "site|key" of every page and check target ever queued (shared de-dup)
    inspector:pending        site key → requests queued or leased and not yet finished
    inspector:scheduled      site key → pages queued (the max_pages cap counts these)
    inspector:capped/closed  site keys that hit max_pages / that the coordinator has closed
    inspector:results        JSON page / resource / fatal records, in the order they were finished
    inspector:inflight:<w>   lease id → request held by worker w
    inspector:alive:<w>      worker w's heartbeat (expires when the worker stops beating)
    inspector:pace:<host>    the next moment (Redis clock, ms) any worker may send that host a request
    inspector:code           the coordinator's crawl code version; a worker with other code takes nothing
    inspector:refused        worker → its code version, for workers that took nothing for that reason

A site has drained when its pending count is 0: a request's children are counted before the
request itself is released, in the same script, so the count cannot touch 0 early. A crash
between a pop and the release leaves the request leased; the coordinator puts the leases of a
worker whose heartbeat expired back into the queue, and the re-run's duplicates are refused by
the seen-set (pages) or replace the same history row (page records).
"""
from __future__ import annotations

import base64
import json
from functools import cache
from typing import Any

PREFIX = "inspector:"
RUN, SITES, REQUESTS, SEEN = PREFIX + "run", PREFIX + "sites", PREFIX + "requests", PREFIX + "seen"
PENDING, SCHEDULED, CAPPED, CLOSED = PREFIX + "pending", PREFIX + "scheduled", PREFIX + "capped", PREFIX + "closed"
RESULTS, STATE, WORKERS, COORDINATOR = PREFIX + "results", PREFIX + "state", PREFIX + "workers", PREFIX + "coordinator"
CODE, REFUSED = PREFIX + "code", PREFIX + "refused"
REQUEUE_SCORE = -1000  # a dead worker's requests go to the front of the queue


class CodeMismatch(Exception):
    """This worker's crawl code differs from the coordinator's: its pages would not be the ones a
    single-site scan of the coordinator's version makes (or its requests not even decode)."""


class UntrustedPayload(ValueError):
    """A queue member that is not a request written by encode_request (a pickle, say): refused
    without being interpreted, since whoever can write to Redis must not run code on workers."""


@cache
def code_version() -> str:
    """A hash of what a worker's results depend on: the extraction code and libraries, the crawl
    logic and its settings, this package, Scrapy and scrapy-redis."""
    from ..unchanged import _EXTRACTION_LIBRARIES, _EXTRACTION_SOURCES, code_digest

    crawl = ("distributed/*.py", "linkcheck.py", "settings.py", "throttle.py", "__init__.py")
    return code_digest(_EXTRACTION_SOURCES + crawl, _EXTRACTION_LIBRARIES + ("scrapy", "scrapy-redis"))[:16]


PASSWORD_ENV = "INSPECTOR_REDIS_PASSWORD"


def redis_url_with_password(url: str) -> str:
    """The --redis URL, with the password from $INSPECTOR_REDIS_PASSWORD when the URL has none
    (a password on the command line is visible to every user of the machine in `ps`)."""
    import os
    from urllib.parse import quote, urlsplit, urlunsplit

    password = os.environ.get(PASSWORD_ENV)
    parts = urlsplit(url)
    if not password or parts.password or "@" in parts.netloc:
        return url
    netloc = f"{quote(parts.username or '', safe='')}:{quote(password, safe='')}@{parts.netloc}"
    return urlunsplit(parts._replace(netloc=netloc))


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def inflight_key(worker: str) -> str:
    return f"{PREFIX}inflight:{worker}"


def alive_key(worker: str) -> str:
    return f"{PREFIX}alive:{worker}"


def variants_key(site: str, path: str) -> str:
    return f"{PREFIX}variants:{site}:{path}"


def pace_key(host: str) -> str:
    return f"{PREFIX}pace:{host}"


# KEYS: run requests seen pending scheduled capped results inflight closed
# ARGV: run site lease max_pages n_children {key is_page score member}* n_results result*
_SETTLE = """
local lease = ARGV[3]
if redis.call('GET', KEYS[1]) ~= ARGV[1] or redis.call('HEXISTS', KEYS[9], ARGV[2]) == 1 then
  if lease ~= '' and redis.call('HDEL', KEYS[8], lease) == 1 then redis.call('HINCRBY', KEYS[4], ARGV[2], -1) end
  return -1
end
if lease ~= '' and redis.call('HEXISTS', KEYS[8], lease) == 0 then return -2 end
local site, max_pages = ARGV[2], tonumber(ARGV[4])
local i, added = 6, 0
for c = 1, tonumber(ARGV[5]) do
  local key, is_page, score, member = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  i = i + 4
  local fresh = key == '' or redis.call('SADD', KEYS[3], site .. '|' .. key) == 1
  if fresh and is_page == '1' then
    if tonumber(redis.call('HGET', KEYS[5], site) or '0') >= max_pages then
      redis.call('HSET', KEYS[6], site, 1)
      fresh = false
    else
      redis.call('HINCRBY', KEYS[5], site, 1)
    end
  end
  if fresh then
    redis.call('ZADD', KEYS[2], score, member)
    redis.call('HINCRBY', KEYS[4], site, 1)
    added = added + 1
  end
end
local n = tonumber(ARGV[i])
for r = 1, n do redis.call('RPUSH', KEYS[7], ARGV[i + r]) end
if lease ~= '' then
  redis.call('HDEL', KEYS[8], lease)
  redis.call('HINCRBY', KEYS[4], site, -1)
end
return added
"""

# KEYS: requests inflight code; ARGV: the worker's code version
#   → {lease id, member}, nil when the queue is empty, or the run's code version when it differs
_POP = """
local code = redis.call('GET', KEYS[3])
if code and ARGV[1] ~= '' and code ~= ARGV[1] then return code end
local m = redis.call('ZRANGE', KEYS[1], 0, 0)
if #m == 0 then return false end
redis.call('ZREM', KEYS[1], m[1])
local id = redis.sha1hex(m[1])
redis.call('HSET', KEYS[2], id, m[1])
return {id, m[1]}
"""

# KEYS: inflight requests; ARGV: score → how many requests went back to the queue
_REQUEUE = """
local all = redis.call('HGETALL', KEYS[1])
for j = 1, #all, 2 do redis.call('ZADD', KEYS[2], ARGV[1], all[j + 1]) end
redis.call('DEL', KEYS[1])
return #all / 2
"""

# KEYS: pace key; ARGV: interval in ms → ms this request waits for its turn at the host. Each call
# takes the next free moment (never earlier than now) and moves it one interval on, so requests
# from all workers reach a host at least one interval apart, in the order they asked.
_PACE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local turn = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], turn + interval, 'PX', turn - now + interval + 60000)
return turn - now
"""


ERROR_STATUSES = list(range(400, 600))  # the handle_httpstatus_list of every page and check request
_DEFAULTS = {"headers": {}, "body": b"", "cookies": {}, "encoding": "utf-8", "flags": [], "cb_kwargs": {},
             "dont_filter": False, "method": "GET", "priority": 0}


_JSON_MARK = b'{"v":1,'  # every member starts so; anything else is refused before parsing


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"cannot queue a {type(value).__name__} in a request")


def _from_json(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "__bytes__" in obj:
        return base64.b64decode(obj["__bytes__"], validate=True)
    return obj


def encode_request(request, spider=None) -> bytes:
    """A request as JSON (`Request.to_dict`, bytes as base64), callbacks by method name so that
    any worker's spider resolves them. Default values and the constant list of error statuses
    are left out (restored by decode_request): a queued URL costs a third of the memory."""
    callback = getattr(request.callback, "__name__", None)
    errback = getattr(request.errback, "__name__", None)
    data = request.replace(callback=None, errback=None).to_dict(spider=spider)
    data = {k: v for k, v in data.items() if k not in _DEFAULTS or v != _DEFAULTS[k]}
    data["callback"], data["errback"] = callback, errback
    meta = data.get("meta") or {}
    if meta.get("handle_httpstatus_list") == ERROR_STATUSES:
        data["meta"] = {**{k: v for k, v in meta.items() if k != "handle_httpstatus_list"}, "inspector_errors": 1}
    if data.get("headers"):  # header names are bytes: latin-1 text, as on the wire
        data["headers"] = {(k.decode("latin-1") if isinstance(k, bytes) else k): v for k, v in data["headers"].items()}
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_jsonable)
    return _JSON_MARK + body[1:].encode("utf-8")


def decode_request(member: bytes, spider=None):
    """The request encode_request wrote; UntrustedPayload for anything else (never unpickled)."""
    from scrapy.utils.request import request_from_dict

    if not member.startswith(_JSON_MARK):
        raise UntrustedPayload("queue member is not an inspector JSON request")
    try:
        data = json.loads(member, object_hook=_from_json)
    except (ValueError, UnicodeDecodeError):
        raise UntrustedPayload("queue member is not valid JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        raise UntrustedPayload("queue member is not a request")
    data.pop("v", None)
    meta = data.get("meta") or {}
    if meta.pop("inspector_errors", None):
        meta["handle_httpstatus_list"] = list(ERROR_STATUSES)
    return request_from_dict(data, spider=spider)


class Shared:
    """One connection's view of the run: the scripts, and the reads the coordinator needs."""

    def __init__(self, server):
        self.server = server
        self._settle = server.register_script(_SETTLE)
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)
        self._pace = server.register_script(_PACE)

    # -- queue ---------------------------------------------------------------------------------
    def settle(self, run: str, site: str, lease: str, max_pages: int,
               children: list[tuple[str, bool, float, bytes]], results: list[dict[str, Any]],
               worker: str = "") -> int:
        """Queue the new children, publish the results and release the lease, all or nothing.
        Returns how many children were queued; -1 if the run or site is over, -2 if the lease
        was taken back (this worker was presumed dead; another one redoes the request)."""
        argv: list[Any] = [run, site, lease, max_pages, len(children)]
        for key, is_page, score, member in children:
            argv += [key, "1" if is_page else "0", score, member]
        argv.append(len(results))
        argv += [json.dumps({"run": run, "site": site, **r}, ensure_ascii=False) for r in results]
        keys = [RUN, REQUESTS, SEEN, PENDING, SCHEDULED, CAPPED, RESULTS, inflight_key(worker), CLOSED]
        return int(self._settle(keys=keys, args=argv))

    def pop(self, worker: str, code: str = "") -> tuple[str, bytes] | None:
        """The next request, leased to `worker`; CodeMismatch when the run's code is not `code`."""
        found = self._pop(keys=[REQUESTS, inflight_key(worker), CODE], args=[code])
        if not found:
            return None
        if isinstance(found, bytes):
            raise CodeMismatch(found.decode())
        lease, member = found
        return lease.decode() if isinstance(lease, bytes) else lease, member

    def requeue(self, worker: str) -> int:
        return int(self._requeue(keys=[inflight_key(worker), REQUESTS], args=[REQUEUE_SCORE]))

    def pace(self, host: str, interval: float) -> float:
        """Seconds a request to `host` waits so the fleet's workers together keep `interval`
        seconds between requests to it, as one polite single-site scan does."""
        return int(self._pace(keys=[pace_key(host)], args=[max(1, round(interval * 1000))])) / 1000

    def queued(self) -> int:
        return int(self.server.zcard(REQUESTS))

    # -- run state -----------------------------------------------------------------------------
    def run_id(self) -> str | None:
        value = self.server.get(RUN)
        return value.decode() if isinstance(value, bytes) else value

    def site_settings(self, site: str) -> dict[str, Any] | None:
        raw = self.server.hget(SITES, site)
        return json.loads(raw) if raw else None

    def reset(self, run: str, code: str = "") -> None:
        """A new run: everything of the last one goes, except the workers' registrations."""
        doomed = [RUN, SITES, REQUESTS, SEEN, PENDING, SCHEDULED, CAPPED, CLOSED, RESULTS, STATE, CODE, REFUSED]
        for pattern in (PREFIX + "variants:*", PREFIX + "inflight:*"):
            doomed += list(self.server.scan_iter(match=pattern, count=1000))
        pipe = self.server.pipeline()
        for start in range(0, len(doomed), 500):
            pipe.delete(*doomed[start:start + 500])
        pipe.set(RUN, run)
        if code:
            pipe.set(CODE, code)
        pipe.set(STATE, "running")
        pipe.execute()

    def pending(self) -> dict[str, int]:
        return {k.decode(): int(v) for k, v in self.server.hgetall(PENDING).items()}

    def flag(self, key: str, site: str) -> bool:
        return bool(self.server.hexists(key, site))

    def take_results(self, limit: int = 500) -> list[dict[str, Any]]:
        raw = self.server.lpop(RESULTS, limit) or []
        return [json.loads(r) for r in raw]

    # -- workers -------------------------------------------------------------------------------
    def refuse(self, worker: str, code: str) -> None:
        self.server.hset(REFUSED, worker, code)

    def refused(self) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.server.hgetall(REFUSED).items()}

    def beat(self, worker: str, seconds: float) -> None:
        pipe = self.server.pipeline()
        pipe.set(alive_key(worker), "1", px=int(seconds * 1000))
        pipe.sadd(WORKERS, worker)
        pipe.execute()

    def workers(self) -> tuple[list[str], list[str]]:
        """(alive, dead) registered workers."""
        names = sorted(w.decode() for w in self.server.smembers(WORKERS))
        pipe = self.server.pipeline()
        for name in names:
            pipe.exists(alive_key(name))
        flags = pipe.execute()
        return [n for n, f in zip(names, flags) if f], [n for n, f in zip(names, flags) if not f]

    def bury(self, worker: str) -> int:
        """A dead worker: its leased requests go back to the queue and it is forgotten."""
        moved = self.requeue(worker)
        self.server.srem(WORKERS, worker)
        return moved

    def retire(self, worker: str) -> int:
        """A worker that stops on purpose: the same, without waiting for its heartbeat to expire."""
        self.server.delete(alive_key(worker))
        return self.bury(worker)
