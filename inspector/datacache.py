"""Rule data derived at run time and kept on disk between scans, so a nightly re-scan does not
build it again (the pinyin table of the leader-name check took a third of a second, most of it
importing pypinyin).

A scan keeps the files in `cache/` next to its history database (`use_directory`); without a
directory nothing is written and every value is built. Each file is named after a hash of what
the value is built from (library versions, data files), so a changed input builds a new file;
an unreadable or damaged file is built again. JSON, not pickle: the files hold plain data and
reading them must never run code.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

_directory: Path | None = None


def use_directory(path: Path | None) -> None:
    global _directory
    _directory = Path(path) if path is not None else None


def cached(name: str, inputs: str, build: Callable[[], Any]) -> Any:
    """`build()`'s JSON-serializable value, from the cache file for `inputs` when there is one."""
    if _directory is None:
        return build()
    path = _directory / f"{name}-{hashlib.sha1(inputs.encode('utf-8')).hexdigest()[:16]}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False)
        os.replace(temp, path)  # whole or not at all: a scan running beside never reads half a file
    except OSError:
        pass  # a read-only or full disk only costs the time of building
    return value
