"""Starting and stopping `inspector serve` as the office would (a subprocess, port 0) for the tests."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


class App:
    def __init__(self, db: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
        self.proc = subprocess.Popen([sys.executable, "-m", "inspector", "serve", "--db", str(db), "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd,
                                     env={**os.environ, **(env or {})})
        line = self.proc.stdout.readline()
        found = re.search(r"http://\S+/", line)
        if not found:
            self.proc.kill()
            raise AssertionError(f"inspector serve did not start: {line}{self.proc.stderr.read()}")
        self.base = found.group(0).rstrip("/")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()
