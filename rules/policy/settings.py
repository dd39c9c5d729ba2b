"""Pairing settings: the defaults in policy.toml, overridden by the site config's [policy] table.

A bad value in [policy] never stops a scan: it is named in one warning line on stderr and the
default is used instead.
"""
from __future__ import annotations

import re
import sys
from datetime import date
from typing import Any

from rules import load_data

from .records import Settings

DATA = "policy/policy.toml"
KEYS = ("late_days", "exempt_patterns", "exempt_defaults", "since", "links", "fuzzy_threshold")


def _compile(entries: list[dict]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(e["pattern"]) for e in entries)


def default_settings() -> Settings:
    data = load_data(DATA)
    return Settings(
        late_days=data["late_days"], links=data["links"], fuzzy_threshold=data["fuzzy_threshold"],
        fuzzy_max_days_before=data["fuzzy_max_days_before"], min_title_chars=data["min_title_chars"],
        lead_chars=data["lead_chars"], nav_link_max=data["nav_link_max"],
        link_keywords=tuple(data["link_keywords"]),
        interpretation_patterns=_compile(data["interpretation"]),
        not_interpretation_patterns=tuple(re.compile(p) for p in data["not_interpretation"]["patterns"]),
        exempt=tuple((re.compile(e["pattern"]), e["why"]) for e in data["exempt"]),
    )


def _warn(key: str, value: Any, expected: str) -> None:
    print(f"警告：站点配置 policy.{key} 应为{expected}，实际为 {value!r}，已使用默认值", file=sys.stderr)


def site_settings(table: Any) -> Settings:
    """Defaults plus the site's [policy] table, each bad value replaced by its default."""
    settings = default_settings()
    if not table:
        return settings
    if not isinstance(table, dict):
        print("警告：站点配置 [policy] 应为表（table），已使用默认值", file=sys.stderr)
        return settings
    for unknown in sorted(set(table) - set(KEYS)):
        print(f"警告：站点配置 policy.{unknown} 不是已知的配置项（{'、'.join(KEYS)}），已忽略", file=sys.stderr)
    late = table.get("late_days")
    if late is not None:
        if isinstance(late, int) and not isinstance(late, bool) and late >= 0:
            settings.late_days = late
        else:
            _warn("late_days", late, "不小于 0 的整数（天）")
    links = table.get("links")
    if links is not None:
        if links in ("either", "both"):
            settings.links = links
        else:
            _warn("links", links, " \"either\" 或 \"both\"")
    threshold = table.get("fuzzy_threshold")
    if threshold is not None:
        if isinstance(threshold, (int, float)) and not isinstance(threshold, bool) and 0 < threshold <= 1:
            settings.fuzzy_threshold = float(threshold)
        else:
            _warn("fuzzy_threshold", threshold, " 0 到 1 之间的数（1 表示只接受相同标题）")
    since = table.get("since")
    if since is not None:
        try:
            settings.since = since if isinstance(since, date) else date.fromisoformat(str(since))
        except ValueError:
            _warn("since", since, " YYYY-MM-DD 格式的日期")
    defaults = table.get("exempt_defaults")
    if defaults is not None and not isinstance(defaults, bool):
        _warn("exempt_defaults", defaults, " true 或 false")
    elif defaults is False:
        settings.exempt = ()
    settings.exempt = settings.exempt + _site_exemptions(table.get("exempt_patterns"))
    return settings


def _site_exemptions(patterns: Any) -> tuple[tuple[re.Pattern, str], ...]:
    if patterns is None:
        return ()
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        _warn("exempt_patterns", patterns, "字符串列表（正则表达式）")
        return ()
    compiled = []
    for pattern in patterns:
        try:
            compiled.append((re.compile(pattern), f"站点配置：{pattern}"))
        except re.error as exc:
            print(f"警告：站点配置 policy.exempt_patterns 中的 {pattern!r} 不是有效的正则表达式（{exc}），已忽略",
                  file=sys.stderr)
    return tuple(compiled)
