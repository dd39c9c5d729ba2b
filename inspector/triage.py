"""Triage: the site config's [[ignore]] entries mark known false alarms and accepted cases.

An entry matches a finding when every key it gives matches: `id` (exact), `rule` and `url`
(glob patterns), `evidence` (exact). Ignored findings stay in findings.json and the report
(with their reason) but no longer count in the verdict or the exit status.
"""
from __future__ import annotations

import fnmatch
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from .config import ConfigError
from .model import Finding

_KEYS = ("id", "rule", "url", "evidence")


def validate_ignores(entries: Any) -> list[dict[str, Any]]:
    if not isinstance(entries, list):
        raise ConfigError("配置项 [[ignore]] 应为表数组")
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not any(isinstance(entry.get(k), str) and entry[k] for k in _KEYS):
            raise ConfigError(f"配置项 ignore[{i}] 至少需要 id、rule、url、evidence 之一")
        for key in (*_KEYS, "reason", "who"):
            if key in entry and not isinstance(entry[key], str):
                raise ConfigError(f"配置项 ignore[{i}].{key} 应为字符串")
    return entries


def matches(entry: dict[str, Any], finding: Finding) -> bool:
    if entry.get("id") and entry["id"] != finding.id:
        return False
    if entry.get("rule") and not fnmatch.fnmatchcase(finding.rule, entry["rule"]):
        return False
    if entry.get("url") and not fnmatch.fnmatchcase(finding.url, entry["url"]):
        return False
    return not (entry.get("evidence") and entry["evidence"] != finding.evidence)


def apply_ignores(findings: list[Finding], entries: list[dict[str, Any]]) -> int:
    """Mark ignored findings; returns how many."""
    count = 0
    for finding in findings:
        entry = next((e for e in entries if matches(e, finding)), None)
        if entry is not None:
            finding.ignored = True
            finding.extra["ignore"] = {k: str(entry[k]) for k in ("reason", "who", "date") if k in entry}
            count += 1
    return count


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def append_ignore(config_path: Path, finding: dict[str, Any], reason: str, who: str, today: date) -> str:
    """Append an [[ignore]] block for a finding to the site config (comments stay as they are)."""
    lines = ["", f"[[ignore]]  # {finding.get('message', '')[:60]}", f"id = {_toml_string(finding['id'])}",
             f"rule = {_toml_string(finding['rule'])}", f"url = {_toml_string(finding['url'])}"]
    if finding.get("evidence"):
        lines.append(f"evidence = {_toml_string(finding['evidence'])}")
    lines += [f"reason = {_toml_string(reason)}", f"who = {_toml_string(who)}", f"date = {_toml_string(today.isoformat())}"]
    block = "\n".join(lines) + "\n"
    with open(config_path, "a", encoding="utf-8") as fh:
        fh.write(block)
    return block


_IGNORE_HEADER = re.compile(r"^\s*\[\[\s*ignore\s*\]\]")
_ANY_HEADER = re.compile(r"^\s*\[")


def remove_ignore(config_path: Path, finding_id: str) -> int:
    """Take out the [[ignore]] entries written for one finding id (by `inspector ignore` or the web
    app); every other line of the config stays as it was. Returns how many entries went."""
    text = config_path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    removed = 0
    i = 0
    while i < len(lines):
        if _IGNORE_HEADER.match(lines[i]):
            end = i + 1
            while end < len(lines) and not _ANY_HEADER.match(lines[end]):
                end += 1
            while end > i + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
                end -= 1  # blank lines and comments before the next table belong to what follows
            try:
                entry = tomllib.loads("".join(lines[i:end])).get("ignore", [{}])[0]
            except tomllib.TOMLDecodeError:
                entry = {}
            if entry.get("id") == finding_id:
                if kept and not kept[-1].strip():
                    kept.pop()  # the blank line append_ignore put before the block
                removed += 1
                i = end
                continue
        kept.append(lines[i])
        i += 1
    if not removed:
        return 0
    new_text = "".join(kept)
    try:
        left = tomllib.loads(new_text).get("ignore", [])
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"无法从 {config_path} 中删除该忽略项（删除后文件不再是有效的 TOML：{exc}），请手动修改") from None
    if any(isinstance(e, dict) and e.get("id") == finding_id for e in left):
        raise ConfigError(f"无法从 {config_path} 中删除该忽略项，请手动修改")
    tmp = config_path.with_name(config_path.name + ".tmp")
    tmp.write_text(new_text, encoding="utf-8")
    tmp.replace(config_path)
    return removed
