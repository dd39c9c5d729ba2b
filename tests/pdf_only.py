"""A server on 127.0.0.1 that answers every GET with a small PDF: a start page that is not HTML."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class _PdfHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"%PDF-1.4\n%%EOF\n"
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class PdfOnlyServer:
    def __enter__(self) -> Self:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _PdfHandler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
