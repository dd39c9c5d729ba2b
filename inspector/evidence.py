"""The evidence pack (`--evidence`): for each veto-level finding on a site page, the page as
fetched at scan time, saved next to the report, so the office can show what the page looked
like on that date. Saved pages cannot run script when opened (a CSP at the top), and relative
images and styles still load from the site (a <base> tag)."""
from __future__ import annotations

import hashlib
import html
import logging
import sys
import urllib.error
import urllib.request
from pathlib import Path

from .extract.decode import decode_html
from .model import Finding

MAX_BYTES = 5 * 1024 * 1024
FOLDER = "evidence"
_HEADER = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src * data:; '
           'style-src * \'unsafe-inline\'; font-src * data:">\n<base href="{url}">\n'
           '<!-- inspector 留存：{url} 抓取于 {when} -->\n')


def collect(findings: list[Finding], out_dir: Path, fetched_at: str, timeout: float = 15) -> int:
    """Save the pages of counted veto findings; set extra["evidence_file"]; returns pages saved."""
    targets: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity == "veto" and finding.counts and finding.source == "site" \
                and finding.url.startswith(("http://", "https://")):
            targets.setdefault(finding.url, []).append(finding)
    saved = 0
    for url, group in targets.items():
        name = hashlib.sha1(url.encode("utf-8")).hexdigest()[:16] + ".html"
        try:
            body, content_type = _fetch(url, timeout)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            logging.getLogger(__name__).info("evidence fetch of %s failed: %r", url, exc)
            reason = f"HTTP {exc.code}" if isinstance(exc, urllib.error.HTTPError) else "无法打开页面"
            print(f"警告：留存页面失败 {url}（{reason}）", file=sys.stderr)
            continue
        text, _ = decode_html(body, content_type)
        folder = out_dir / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        header = _HEADER.format(url=html.escape(url, quote=True), when=html.escape(fetched_at))
        (folder / name).write_text(header + text, encoding="utf-8")
        for finding in group:
            finding.extra["evidence_file"] = f"{FOLDER}/{name}"
        saved += 1
    return saved


def _fetch(url: str, timeout: float) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"User-Agent": "Mozilla/5.0 (compatible; inspector/0.1)"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read(MAX_BYTES), response.headers.get("Content-Type", "")
