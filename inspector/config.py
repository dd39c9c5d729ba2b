"""Site config (TOML) and command-line options → one validated ScanConfig.

Every problem raises ConfigError with one Chinese sentence naming the key, which the CLI prints
as a single line (exit 2). The command line wins over the config file.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .columns import ColumnOverride

SHANGHAI = timezone(timedelta(hours=8))
FORMATS = ("html", "json", "xlsx", "csv")
FAIL_LEVELS = ("veto", "error", "warning", "never")
COLUMN_TYPES = ("dynamic", "notice", "policy", "interpretation", "personnel_plan", "interaction", "other")
RULE_TABLES = ("policy", "text", "leaders", "links", "elder", "annual_report", "interaction")  # site-config tables read by rules
# A city portal with its 信息公开 platform holds 50,000–300,000 pages. Memory no longer grows with
# the site (issue 18), so the cap is set by time: at the polite default pace (0.25 s between
# requests, autothrottled; about 4–8 pages/s on a government server) 100,000 pages take one
# night, and a nightly scan must end before morning. A larger portal raises it, or re-scans
# with --http-cache / --incremental, which are several times faster.
DEFAULT_MAX_PAGES = 100_000
KEEP_SCANS = 30  # [history] keep_scans: a month of nightly scans keeps its pages
_HOST = re.compile(r"^[A-Za-z0-9.\-\[\]:]+$")


class ConfigError(Exception):
    """Bad usage or bad config: shown as one line, exit status 2."""


@dataclass
class ScanConfig:
    site_name: str
    start_urls: list[str]
    as_of: date
    extra_hosts: list[str] = field(default_factory=list)
    out: Path | None = None
    max_pages: int = DEFAULT_MAX_PAGES
    max_depth: int = 30
    # [scan] max_series: pages in a row of one URL shape (index_1, index_2 …, each found on the
    # one before) followed before the series is taken for a trap. A portal column of 5,000
    # articles pages 250 deep; raise this for such a site.
    max_series: int = 30
    no_a11y: bool = False
    a11y_max_pages: int = 30  # pages the browser checks (homepage, one per template, list pages)
    evidence: bool = False  # --evidence: keep the pages of veto findings as fetched
    http_cache: bool = False  # --http-cache: conditional requests against the previous scans' responses
    incremental: bool = False  # --incremental: reuse unchanged problem-free articles of the last scan
    full_every_days: int = 7  # with --incremental: a full scan at least this often
    formats: list[str] = field(default_factory=lambda: ["html", "json"])
    fail_on: str = "veto"
    db: Path = Path("reports_out/inspector.sqlite3")
    fast: bool = False
    no_external: bool = False  # check no link target on another host (machines without internet)
    columns: list[ColumnOverride] = field(default_factory=list)
    windows: dict[str, int] = field(default_factory=dict)
    ignores: list[dict[str, Any]] = field(default_factory=list)
    wechat: dict[str, Any] | None = None
    progress_seconds: float = 5.0
    no_render: bool = False  # --no-render: lists only a browser can show are recorded as unread
    render_max_pages: int = 200  # [render] max_pages: browser renders of such lists per scan
    rule_settings: dict[str, Any] = field(default_factory=dict)  # [policy], [text] … tables for rules
    notify: dict[str, Any] = field(default_factory=dict)  # [notify] webhook after each scan
    config_file: str | None = None  # the site config it came from: `inspector serve` writes [[ignore]] there
    keep_scans: int = KEEP_SCANS  # [history] keep_scans: the site's newest scans that keep their pages in the history

    def options(self) -> dict[str, Any]:
        """What the history records about how this scan was run."""
        return {"max_pages": self.max_pages, "max_depth": self.max_depth, "fast": self.fast,
                "formats": self.formats, "fail_on": self.fail_on, "no_a11y": self.no_a11y,
                "no_external": self.no_external, "incremental": self.incremental, "config_file": self.config_file}


def _notify(table: Any) -> dict[str, Any]:
    from .notify import validate_notify

    return validate_notify(table)


def _wechat(table: Any, base: Path) -> dict[str, Any] | None:
    from .wechat.settings import parse_wechat

    return parse_wechat(table, base)


def validate_ignores(entries: Any) -> list[dict[str, Any]]:
    from .triage import validate_ignores as validate

    return validate(entries)


def today_shanghai() -> date:
    return datetime.now(SHANGHAI).date()


def validate_url(url: str, key: str = "URL") -> str:
    url = url.strip()
    parts = urlsplit(url)
    try:
        _ = parts.port  # raises on a port that is not a number in range
    except ValueError:
        raise ConfigError(f"{key} 不是有效的网址（端口错误）：{url}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or not _HOST.match(parts.netloc.split("@")[-1]):
        raise ConfigError(f"{key} 不是有效的网址（需以 http:// 或 https:// 开头并包含域名）：{url}")
    return url if parts.path else url + "/"


def parse_as_of(value: str, key: str = "--as-of") -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{key} 应为 YYYY-MM-DD 格式的日期：{value}") from None


def load_config_file(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"找不到配置文件：{path}") from None
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件 {path}：{exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path} 不是有效的 TOML：{exc}") from None


def _typed(table: dict[str, Any], key: str, kind: type, where: str):
    value = table.get(key)
    if value is None:
        return None
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"配置项 {where}.{key} 应为整数，实际为：{value!r}")
    if kind is bool and not isinstance(value, bool):
        raise ConfigError(f"配置项 {where}.{key} 应为 true 或 false，实际为：{value!r}")
    if kind is str and not isinstance(value, str):
        raise ConfigError(f"配置项 {where}.{key} 应为字符串，实际为：{value!r}")
    if kind is list and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise ConfigError(f"配置项 {where}.{key} 应为字符串列表，实际为：{value!r}")
    return value


def _positive(value: int | None, key: str) -> int | None:
    if value is not None and value <= 0:
        raise ConfigError(f"{key} 应为正整数，实际为：{value}")
    return value


def _non_negative(value: int | None, key: str, default: int = 200) -> int:
    if value is None:
        return default
    if value < 0:
        raise ConfigError(f"{key} 应为不小于 0 的整数，实际为：{value}")
    return value


def host_name(entry: str, key: str) -> str:
    """An extra host as the crawler compares it: the host name alone, whether the entry was
    written with a port (xxgk.example.gov.cn:8080) or as a URL (https://xxgk.example.gov.cn/)."""
    text = entry.strip()
    try:
        host = urlsplit(text if "://" in text else f"//{text}").hostname
    except ValueError:
        host = None
    if not host:
        raise ConfigError(f"配置项 {key} 中的主机名无效：{entry!r}（应写作 xxgk.example.gov.cn）")
    return host.lower()


def parse_formats(value: str | list[str], key: str = "--format") -> list[str]:
    items = [v.strip().lower() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    bad = [v for v in items if v not in FORMATS]
    if bad or not items:
        raise ConfigError(f"{key} 只能是 {','.join(FORMATS)} 中的一项或多项，实际为：{value}")
    return items


# The keys inspector reads, by table (the rule tables [text], [policy], [elder], [wechat] and
# [notify] check their own keys). Other tools may write more keys into a site config (the contract
# allows it), so an unknown key is only a warning, unless it is one letter or so away from a
# known key: then it is a misspelling that would silently change the scan, and an error.
KNOWN_KEYS = {
    "": {"site", "scan", "columns", "windows", "ignore", "wechat", "notify", "history", *RULE_TABLES},
    "site": {"name", "start_urls", "extra_hosts"},
    "scan": {"as_of", "format", "fail_on", "out", "max_pages", "max_depth", "max_series", "no_a11y", "a11y_max_pages",
             "evidence", "http_cache", "incremental", "full_every_days", "db", "fast", "no_external"},
    "columns": {"url", "type", "name", "ignore"},
    "links": {"skip", "max_checks", "external_per_host", "timeout", "attachment_mb"},
    "history": {"keep_scans"},
}


def check_keys(data: dict[str, Any]) -> None:
    """A misspelt key (scan.max_page) is a ConfigError naming the nearest known key; any other
    unknown key is a warning on stderr."""
    import difflib
    import sys

    tables = [("", "", data), ("site", "site", data.get("site")), ("scan", "scan", data.get("scan")),
              ("links", "links", data.get("links")), ("history", "history", data.get("history"))]
    entries = data.get("columns")
    tables += [("columns", f"columns[{i}]", entry) for i, entry in enumerate(entries, 1)] \
        if isinstance(entries, list) else []
    for name, label, table in tables:
        if not isinstance(table, dict):
            continue
        known = KNOWN_KEYS[name]
        for key in table:
            if key in known:
                continue
            where = f"{label}.{key}" if label else key
            near = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.75)
            if near:
                right = f"{label}.{near[0]}" if label else near[0]
                raise ConfigError(f"配置项 {where} 不是已知的配置项，是否应为 {right}？")
            print(f"警告：配置项 {where} 不是 inspector 的配置项，已忽略", file=sys.stderr)


def build_config(args: Any) -> ScanConfig:
    """Merge a config file (if --config) with command-line arguments into a ScanConfig."""
    data: dict[str, Any] = {}
    base = Path.cwd()
    if getattr(args, "config", None):
        path = Path(args.config)
        data = load_config_file(path)
        base = path.resolve().parent
        check_keys(data)
    site = data.get("site", {}) or {}
    scan = data.get("scan", {}) or {}
    for name, table in (("site", site), ("scan", scan)):
        if not isinstance(table, dict):
            raise ConfigError(f"配置项 [{name}] 应为表（table）")

    urls = list(args.urls or []) or (_typed(site, "start_urls", list, "site") or [])
    if not urls:
        raise ConfigError("请给出要扫描的网址，或用 --config 指定含 site.start_urls 的配置文件")
    start_urls = [validate_url(u, "起始网址" if args.urls else "site.start_urls") for u in urls]
    extra_hosts = [host_name(h, "site.extra_hosts") for h in _typed(site, "extra_hosts", list, "site") or []]
    render = data.get("render", {}) or {}
    if not isinstance(render, dict):
        raise ConfigError("配置项 [render] 应为表（table）")
    name = _typed(site, "name", str, "site") or urlsplit(start_urls[0]).hostname or start_urls[0]

    def option(attr: str, key: str, kind: type):
        value = getattr(args, attr, None)
        return value if value is not None else _typed(scan, key, kind, "scan")

    as_of_value = option("as_of", "as_of", str)
    fmt = getattr(args, "format", None) or scan.get("format") or ["html", "json"]
    fail_on = option("fail_on", "fail_on", str) or "veto"
    if fail_on not in FAIL_LEVELS:
        raise ConfigError(f"--fail-on 只能是 {'、'.join(FAIL_LEVELS)}，实际为：{fail_on}")
    def path_option(attr: str, key: str) -> Path | None:
        # Relative paths: from the working directory on the command line, from the file in a config.
        if getattr(args, attr, None):
            return _resolve(getattr(args, attr), Path.cwd())
        value = _typed(scan, key, str, "scan")
        return _resolve(value, base) if value else None

    config = ScanConfig(
        site_name=name, start_urls=start_urls, extra_hosts=extra_hosts,
        as_of=parse_as_of(as_of_value, "--as-of" if getattr(args, "as_of", None) else "scan.as_of")
        if as_of_value else today_shanghai(),
        out=path_option("out", "out"),
        max_pages=_positive(option("max_pages", "max_pages", int), "--max-pages / scan.max_pages") or DEFAULT_MAX_PAGES,
        max_depth=_positive(_typed(scan, "max_depth", int, "scan"), "scan.max_depth") or 30,
        max_series=_positive(_typed(scan, "max_series", int, "scan"), "scan.max_series") or 30,
        no_a11y=bool(getattr(args, "no_a11y", False) or _typed(scan, "no_a11y", bool, "scan")),
        a11y_max_pages=_positive(_typed(scan, "a11y_max_pages", int, "scan"), "scan.a11y_max_pages") or 30,
        evidence=bool(getattr(args, "evidence", False) or _typed(scan, "evidence", bool, "scan")),
        http_cache=bool(getattr(args, "http_cache", False) or _typed(scan, "http_cache", bool, "scan")),
        incremental=bool(getattr(args, "incremental", False) or _typed(scan, "incremental", bool, "scan")),
        full_every_days=_positive(_typed(scan, "full_every_days", int, "scan"), "scan.full_every_days") or 7,
        formats=parse_formats(fmt, "--format" if getattr(args, "format", None) else "scan.format"),
        fail_on=fail_on,
        db=path_option("db", "db") or Path("reports_out/inspector.sqlite3"),
        fast=bool(getattr(args, "fast", False) or _typed(scan, "fast", bool, "scan")),
        no_external=bool(getattr(args, "no_external", False) or _typed(scan, "no_external", bool, "scan")),
        columns=_columns(data.get("columns", []), base),
        windows=_windows(data.get("windows", {})),
        ignores=validate_ignores(data.get("ignore", []) or []),
        wechat=_wechat(data.get("wechat"), base),
        rule_settings=parse_rule_settings(data),
        no_render=bool(getattr(args, "no_render", False) or _typed(scan, "no_render", bool, "scan")),
        render_max_pages=_non_negative(_typed(render, "max_pages", int, "render"), "render.max_pages"),
        notify=_notify(data.get("notify")),
        config_file=str(Path(args.config).resolve()) if getattr(args, "config", None) else None,
        keep_scans=keep_scans(data),
    )
    return config


def keep_scans(data: dict[str, Any]) -> int:
    """[history] keep_scans: how many of a site's newest scans keep their pages in the history
    (older ones keep their summary and findings)."""
    table = data.get("history", {}) or {}
    if not isinstance(table, dict):
        raise ConfigError("配置项 [history] 应为表（table）")
    value = table.get("keep_scans")
    if value is None:
        return KEEP_SCANS
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"配置项 history.keep_scans 应为正整数（保留页面记录的最近扫描次数，默认 30），实际为：{value!r}")
    return value


def parse_rule_settings(data: dict[str, Any]) -> dict[str, Any]:
    """The tables rules read ([text], [[leaders]], [policy] …), checked where their shape is fixed."""
    text = data.get("text", {})
    if not isinstance(text, dict):
        raise ConfigError("配置项 [text] 应为表（table）")
    for key in ("allow", "ignore_urls"):
        _typed(text, key, list, "text")
    _typed(text, "statistical", bool, "text")  # the statistical typo detector (inspector/text/statistical.py)
    threshold = text.get("statistical_threshold")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold < 0):
        raise ConfigError(f"配置项 text.statistical_threshold 应为不小于 0 的数，实际为：{threshold!r}")
    leaders = data.get("leaders", [])
    if not isinstance(leaders, list):
        raise ConfigError("配置项 [[leaders]] 应为表数组")
    for i, leader in enumerate(leaders, 1):
        where = f"leaders[{i}]"
        if not isinstance(leader, dict) or not isinstance(leader.get("name"), str) or not leader["name"].strip():
            raise ConfigError(f"配置项 {where} 缺少 name（领导姓名）")
        if not _typed(leader, "titles", list, where):
            raise ConfigError(f"配置项 {where}.titles 应列出该领导的职务，如 [\"省委书记\", \"书记\"]")
    _annual_report(data.get("annual_report", {}))
    return {k: v for k, v in data.items() if k in RULE_TABLES and isinstance(v, (dict, list))}


def _annual_report(table: Any) -> None:
    """[annual_report]: kind = "department" | "government", deadline = "MM-DD"."""
    if not isinstance(table, dict):
        raise ConfigError("配置项 [annual_report] 应为表（table）")
    kind = _typed(table, "kind", str, "annual_report")
    if kind is not None and kind not in ("department", "government"):
        raise ConfigError(f"配置项 annual_report.kind 只能是 department（部门，1月31日前发布年报）"
                          f"或 government（政府，3月31日前），实际为：{kind}")
    deadline = _typed(table, "deadline", str, "annual_report")
    if deadline is not None:
        try:
            date(2001, *(int(part) for part in deadline.split("-")))
            valid = bool(re.fullmatch(r"\d{2}-\d{2}", deadline))
        except (TypeError, ValueError):
            valid = False
        if not valid:
            raise ConfigError(f"配置项 annual_report.deadline 应为“月-日”，如 \"01-31\"，实际为：{deadline}")
    for pattern in _typed(table, "column_patterns", list, "annual_report") or []:
        try:
            re.compile(pattern)
        except (re.error, TypeError):
            raise ConfigError(f"配置项 annual_report.column_patterns 中的正则表达式有误：{pattern}") from None


def _resolve(value: str, base: Path) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def _columns(entries: Any, base: Path) -> list[ColumnOverride]:
    if not isinstance(entries, list):
        raise ConfigError("配置项 [[columns]] 应为表数组")
    overrides = []
    for i, entry in enumerate(entries, 1):
        where = f"columns[{i}]"
        if not isinstance(entry, dict) or not entry.get("url"):
            raise ConfigError(f"配置项 {where} 缺少 url")
        ctype = _typed(entry, "type", str, where)
        if ctype is not None and ctype not in COLUMN_TYPES:
            raise ConfigError(f"配置项 {where}.type 只能是 {'、'.join(COLUMN_TYPES)}，实际为：{ctype}")
        overrides.append(ColumnOverride(url=validate_url(_typed(entry, "url", str, where), f"{where}.url"),
                                        type=ctype, name=_typed(entry, "name", str, where),
                                        ignore=bool(_typed(entry, "ignore", bool, where))))
    return overrides


def _windows(table: Any) -> dict[str, int]:
    if not isinstance(table, dict):
        raise ConfigError("配置项 [windows] 应为表（table）")
    windows = {}
    for key in table:
        if key not in COLUMN_TYPES:
            raise ConfigError(f"配置项 windows.{key} 不是已知的栏目类型（{'、'.join(COLUMN_TYPES)}）")
        windows[key] = _positive(_typed(table, key, int, "windows"), f"windows.{key}")
    return windows
