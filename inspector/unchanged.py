"""Re-scans (`--http-cache`, `--incremental`): a page fetched again with the very bytes the last
scan of the site read is not parsed again; that scan's record of it is taken. The same for the
text of an attachment (PDF, Word, Excel) read for the personal-data check.

Extraction (inspector.extract) is a pure function of the body, the Content-Type header, the
page's URLs and status, whether it is the homepage and the monitoring point, and of inspector's
own extraction code and the parsing libraries. `source_key` hashes all of them, so a changed
page, another as-of date or an upgraded inspector parses again. Nothing is taken without the
page having been fetched now (or revalidated by a 304, which proves the cached body is the
current one), so a re-scan never judges content it has not seen.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .model import Page
from .store import History, decode_record

_PACKAGE = Path(__file__).resolve().parent
# The code a page record depends on: the extractors, and what they import from the package.
_EXTRACTION_SOURCES = ("extract/*.py", "model.py", "privacy.py", "urls.py", "spiders/*.py")
_EXTRACTION_LIBRARIES = ("lxml", "selectolax", "cssselect", "charset-normalizer")


def code_digest(sources: tuple[str, ...], libraries: tuple[str, ...]) -> str:
    """A hash of the package's files matching `sources` (globs) and the installed versions of
    `libraries`: what a result computed by that code depends on."""
    digest = hashlib.sha1()
    for pattern in sources:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    for name in libraries:
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=?".encode())
    return digest.hexdigest()


@cache
def extraction_version() -> str:
    return code_digest(_EXTRACTION_SOURCES, _EXTRACTION_LIBRARIES)


def source_key(body: bytes, content_type: str, url: str, final_url: str, status: int, is_home: bool,
               as_of: date) -> str:
    """What a page record was extracted from; equal keys give equal records."""
    digest = hashlib.sha1(body)
    context = json.dumps([extraction_version(), content_type, url, final_url, status, is_home, as_of.isoformat()])
    digest.update(context.encode("utf-8"))
    return digest.hexdigest()


def attachment_key(body: bytes, extension: str) -> str:
    """What an attachment's text was read from (inspector.extract.attachment)."""
    digest = hashlib.sha1(body)
    digest.update(json.dumps([extraction_version(), extension.lower()]).encode("utf-8"))
    return digest.hexdigest()


class KnownPages:
    """The page records of the site's latest complete scan, by source key, and the text of the
    header/footer blocks they carry (a record stores a block's text only where that scan first
    met it; the key of a block is a hash of its text, so the text fits every record with it)."""

    def __init__(self, history: History, scan_id: int):
        self.history = history
        self.scan_id = scan_id
        self.rowids = {key: rowid for rowid, key in history.db.execute(
            "SELECT rowid, source_key FROM pages WHERE scan_id=?", (scan_id,)) if key}
        self.attachment_rowids = {key: rowid for rowid, key in history.db.execute(
            "SELECT rowid, source_key FROM resources WHERE scan_id=?", (scan_id,)) if key}
        self.block_texts = dict(history.db.execute(
            "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM pages, json_each(pages.blocks) "
            "WHERE scan_id=? AND pages.blocks IS NOT NULL", (scan_id,)))

    @classmethod
    def latest(cls, history: History, site: str) -> KnownPages | None:
        row = history.db.execute("SELECT id FROM scans WHERE site=? AND status='complete' ORDER BY id DESC LIMIT 1",
                                 (site,)).fetchone()
        return cls(history, row[0]) if row else None

    def take(self, key: str) -> Page | None:
        rowid = self.rowids.get(key)
        if rowid is None:
            return None
        row = self.history.db.execute("SELECT data FROM pages WHERE rowid=?", (rowid,)).fetchone()
        return Page.from_dict(decode_record(row[0])) if row else None

    def attachment_text(self, key: str) -> tuple[str, str, list | None] | None:
        """(text, note, personal) read from an attachment with these bytes by the last scan: the
        text as saved (numbers masked) and what the privacy rule reports of its numbers."""
        rowid = self.attachment_rowids.get(key)
        if rowid is None:
            return None
        row = self.history.db.execute("SELECT data FROM resources WHERE rowid=?", (rowid,)).fetchone()
        if row is None:
            return None
        data = decode_record(row[0])
        return data.get("text") or "", data.get("text_note") or "", data.get("personal")
