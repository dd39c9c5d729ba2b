"""Nightly operation helpers: a per-site lock so two scans never overlap, and the optional group
robot webhook (企业微信 / 钉钉) with a summary of new veto- and error-level findings."""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .config import ConfigError, validate_url
from .model import Finding
from .urls import canonical_url

KINDS = ("wecom", "dingtalk", "json")


class ScanLocked(Exception):
    """Another scan of the same site is running."""


def site_lock_key(start_urls: list[str], fallback: str) -> str:
    """A site is its set of start pages: tonight's scan of a config is locked against last night's
    still running, while two sites on one host (sections of a 集约化 platform) scan side by side."""
    pages = sorted({canonical_url(url) for url in start_urls})
    host = urlsplit(pages[0]).netloc if pages else ""
    digest = hashlib.sha1("\n".join(pages).encode("utf-8")).hexdigest()[:10]
    return f"{host or fallback}-{digest}"


class SiteLock:
    """An exclusive flock on a per-site file; released when the process ends, however it ends."""

    def __init__(self, folder: Path, site_key: str):
        folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in site_key)
        self.path = folder / f"{safe}.lock"
        self.handle = None

    def __enter__(self) -> SiteLock:
        self.handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "未知"
            self.handle.close()
            raise ScanLocked(f"该站点的另一次扫描正在进行（进程 {holder}，锁文件 {self.path}），本次不启动") from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(str(os.getpid()))
        self.handle.flush()
        return self

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


def validate_notify(table: Any) -> dict[str, Any]:
    if not table:
        return {}
    if not isinstance(table, dict):
        raise ConfigError("配置项 [notify] 应为表（table）")
    webhook = table.get("webhook")
    if not isinstance(webhook, str):
        raise ConfigError("配置项 notify.webhook 应为群机器人的网址")
    validate_url(webhook, "notify.webhook")
    kind = table.get("kind", "wecom")
    if kind not in KINDS:
        raise ConfigError(f"配置项 notify.kind 只能是 {'、'.join(KINDS)}，实际为：{kind}")
    return {"webhook": webhook, "kind": kind}


def summary_text(site: str, document: dict[str, Any], findings: list[Finding], report: Path) -> str:
    new = [f for f in findings if f.counts and f.extra.get("state") in ("new", "regressed")
           and f.severity in ("veto", "error")]
    verdict = {"pass": "通过", "risk": "风险", "fail": "不合格",
               "incomplete": "扫描未完成，无法得出结论"}[document["verdict"]["result"]]
    lines = [f"【网站自查】{site}（监测点 {document['as_of']}）结论：{verdict}",
             f"新发现单项否决 {sum(1 for f in new if f.severity == 'veto')} 条、扣分项 "
             f"{sum(1 for f in new if f.severity == 'error')} 条；已整改 "
             f"{document.get('history', {}).get('counts', {}).get('fixed', 0)} 条。"]
    for finding in new[:10]:
        lines.append(f"- {finding.message} {finding.url}")
    if len(new) > 10:
        lines.append(f"……另有 {len(new) - 10} 条")
    lines.append(f"报告：{report}")
    return "\n".join(lines)


def send(notify: dict[str, Any], text: str, timeout: float = 10) -> bool:
    """POST the summary; a failure is a warning, never a failed scan."""
    if notify["kind"] == "wecom":
        payload = {"msgtype": "text", "text": {"content": text}}
    elif notify["kind"] == "dingtalk":
        payload = {"msgtype": "text", "text": {"content": text}}
    else:
        payload = {"text": text}
    request = urllib.request.Request(notify["webhook"], data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                                     headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
        return True
    except (urllib.error.URLError, OSError, ValueError) as exc:
        logging.getLogger(__name__).info("webhook failed: %r", exc)
        reason = "请求超时" if isinstance(getattr(exc, "reason", exc), TimeoutError) else (
            f"HTTP {exc.code}" if isinstance(exc, urllib.error.HTTPError) else "无法连接通知地址")
        print(f"警告：通知发送失败（{reason}），扫描结果不受影响", file=sys.stderr)
        return False
