"""The crawl runs in a child process of its own; the analysis then starts on a fresh heap.

Why: the crawl's parsers (lxml, in C) leave the heap fragmented, and memory a process has once
used is mostly never handed back. Run in one process, the analysis of a 100,000-page site sat on
top of what the crawl had held, and the scan's peak was the sum of the two; in two processes it
is the larger of the two. The child writes the pages into the history as it goes, as before, and
sends back only the CrawlOutcome. It is a new `python -m` process, not a fork (which would copy
the parent's open SQLite connection, which SQLite forbids using across a fork), and not a
multiprocessing child (whose spawn start adds a process of its own to every scan). Its
arguments go in pickled on its stdin; the outcome comes back pickled on a pipe.

Signals: the child has a process group of its own, so Ctrl-C at the terminal reaches the parent
only, which passes each SIGINT or SIGTERM on once. The child's Scrapy then stops as it would in
one process: the first signal finishes the requests under way, a second stops at once. If the
parent dies, the child is sent SIGTERM (Linux), and the next scan finishes the abandoned one.

`INSPECTOR_CRAWL_IN_PROCESS=1` runs the crawl in the parent, for a profiler or a debugger.
"""
from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .config import ScanConfig
from .store import History

IN_PROCESS_VARIABLE = "INSPECTOR_CRAWL_IN_PROCESS"
CRAWL_LOST = "crawl_lost"  # finish_reason when the child ended without a word (killed, crashed)
_PR_SET_PDEATHSIG = 1


@dataclass
class CrawlOutcome:
    finish_reason: str
    capped: bool
    fatal: str | None
    refused: dict[str, int] = field(default_factory=dict)
    checks: dict = field(default_factory=dict)  # link checks: counts and whether capped
    http_cache: dict = field(default_factory=dict)  # --http-cache: responses revalidated (304) / fetched
    incremental: dict = field(default_factory=dict)  # --incremental: pages reused, and why (or why not)
    # Re-scans: pages and attachments fetched with the last scan's bytes, not parsed or read again.
    unchanged: dict = field(default_factory=dict)
    lists: dict = field(default_factory=dict)  # renders and data-store requests made to read lists
    exit_code: int | None = None  # the child's, when it ended without an outcome

    @property
    def interrupted(self) -> bool:
        return self.finish_reason not in ("finished", "not_html")


def crawl(config: ScanConfig, history: History, scan_id: int, log_path: Path | None) -> CrawlOutcome:
    """Crawl the site into the history; returns how the crawl ended. The parent's `history` is
    committed first: the child writes through a connection of its own."""
    if os.environ.get(IN_PROCESS_VARIABLE) == "1":
        from .crawl import run_crawl

        return run_crawl(config, history, scan_id)
    history.commit()
    reply_from, reply_to = os.pipe()
    package_root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    try:
        child = subprocess.Popen([sys.executable, "-m", __name__, str(reply_to)], stdin=subprocess.PIPE,
                                 pass_fds=(reply_to,), process_group=0, env=env)
    finally:
        os.close(reply_to)  # the child holds the only writing end: a dead child reads as end-of-file
    with _passing_signals_to(child.pid), open(reply_from, "rb") as replies:
        try:
            child.stdin.write(pickle.dumps((config, scan_id, log_path)))
        except BrokenPipeError:  # it died at once: its exit code tells
            pass
        finally:
            with contextlib.suppress(BrokenPipeError):
                child.stdin.close()
        reply = replies.read()
        child.wait()
    if not reply:
        return CrawlOutcome(finish_reason=CRAWL_LOST, capped=False, fatal=None, exit_code=child.returncode)
    kind, payload = pickle.loads(reply)
    if kind == "error":
        raise payload
    return payload


@contextlib.contextmanager
def _passing_signals_to(pid: int):
    def pass_on(signum, _frame):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)

    previous = {sig: signal.signal(sig, pass_on) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _child_main(reply_fd: int) -> None:
    _die_with_parent()
    config, scan_id, log_path = pickle.load(sys.stdin.buffer)
    from .datacache import use_directory
    from .logs import log_details_to

    use_directory(Path(config.db).parent / "datacache")
    if log_path is not None:
        log_details_to(log_path)
    history = None
    try:
        from .crawl import run_crawl

        history = History(config.db)
        reply = ("done", run_crawl(config, history, scan_id))
        history.commit()
    except KeyboardInterrupt:  # stopped before Scrapy took the signals over: what was saved stays
        reply = ("done", CrawlOutcome(finish_reason="shutdown", capped=False, fatal=None))
    except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent, which raises it
        logging.getLogger(__name__).exception("the crawl failed")
        reply = ("error", _portable(exc))
    finally:
        if history is not None:
            history.close()
    with open(reply_fd, "wb") as out:
        out.write(pickle.dumps(reply))


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling, else a RuntimeError that names it."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any pickling failure: fall back to its text
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


if __name__ == "__main__":  # the child: through the package's module, so what it pickles names that
    from inspector.crawl_process import _child_main as child_main

    child_main(int(sys.argv[1]))
