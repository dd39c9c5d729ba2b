"""A static file server on 127.0.0.1 (port 0) for the browser tests, with /hang (answers after
`hang_seconds`, longer than the tests' page timeout)."""
from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "a11y"


class _Handler(SimpleHTTPRequestHandler):
    hang_seconds = 5.0

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path.startswith("/hang"):
            time.sleep(self.hang_seconds)
        try:
            super().do_GET()
        except (BrokenPipeError, ConnectionResetError):  # the browser gave up on /hang
            pass

    def log_message(self, *args) -> None:
        pass


class StaticServer:
    def __init__(self, root: Path):
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
