"""`inspector fleet`: many sites from one fleet config, scanned on one machine, one ranked summary.

A fleet config is TOML: a ``[defaults]`` table holding any site-config tables (``[defaults.scan]``,
``[defaults.text]`` …) and ``[[sites]]`` entries, each with the keys of a site config (``name``,
``start_urls``, ``extra_hosts`` at the top, plus ``[sites.scan]``, ``[[sites.columns]]`` …). Each
site is defaults ← site (tables merged key by key, the site wins).

Twisted's reactor cannot restart inside one process, so every site is scanned by its own
``python -m inspector scan --config <generated site.toml>`` subprocess, at most ``--parallel`` at
a time. Each site's outputs land in ``<fleet out>/<nn>-<slug>/``; the fleet summary (fleet.json,
fleet.html, fleet.csv, fleet.xlsx) in ``<fleet out>/``.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Self

from .config import FAIL_LEVELS, SHANGHAI, ConfigError, build_config, load_config_file

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
SITE_KEYS = ("name", "start_urls", "extra_hosts")  # top-level keys of a [[sites]] entry → [site]
PASS_THROUGH_FLAGS = (("no_a11y", "--no-a11y"), ("no_external", "--no-external"), ("fast", "--fast"),
                      ("http_cache", "--http-cache"), ("evidence", "--evidence"))
PASS_THROUGH_VALUES = (("as_of", "--as-of"), ("max_pages", "--max-pages"), ("format", "--format"),
                       ("fail_on", "--fail-on"), ("db", "--db"))
RANK = {"fail": 0, "risk": 1, "error": 2, "incomplete": 3, "not_checked": 4, "pass": 5}


@dataclass
class FleetSite:
    index: int  # 1-based, as in sites[1]
    name: str
    data: dict[str, Any]  # a site config (the shape build_config reads), defaults merged in
    slug: str = ""


@dataclass
class Fleet:
    path: Path
    sites: list[FleetSite] = field(default_factory=list)


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """defaults ← site: tables merge key by key, anything else (lists included) is replaced."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _slug(index: int, name: str, url: str) -> str:
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "site").lower()
    text = re.sub(r"[^a-z0-9.]+", "-", host).strip("-") or "site"
    return f"{index:02d}-{text}"


def load_fleet(path: Path) -> Fleet:
    """Read and check a fleet config; every problem is one ConfigError naming the key."""
    data = load_config_file(path)
    unknown = sorted(set(data) - {"defaults", "sites"})
    if unknown:
        raise ConfigError(f"配置项 {unknown[0]} 不是舰队配置的已知项（只能有 [defaults] 与 [[sites]]）")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ConfigError("配置项 [defaults] 应为表（table）")
    bad = [k for k in SITE_KEYS if k in defaults and k != "extra_hosts"]
    if bad:
        raise ConfigError(f"配置项 defaults.{bad[0]} 只能写在各个 [[sites]] 中")
    sites = data.get("sites")
    if not isinstance(sites, list) or not sites:
        raise ConfigError("配置项 [[sites]] 应为表数组，且至少列出一个网站")
    fleet = Fleet(path=path)
    names: set[str] = set()
    for i, entry in enumerate(sites, 1):
        where = f"sites[{i}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"配置项 {where} 应为表（table）")
        entry = dict(entry)
        site_table = dict(entry.pop("site", {}) or {})
        if not isinstance(site_table, dict):
            raise ConfigError(f"配置项 {where}.site 应为表（table）")
        defaults_site = {k: defaults[k] for k in ("extra_hosts",) if k in defaults}
        for key in SITE_KEYS:
            if key in entry:
                site_table[key] = entry.pop(key)
        site_table = {**defaults_site, **site_table}
        urls = site_table.get("start_urls")
        if isinstance(urls, str):
            urls = site_table["start_urls"] = [urls]
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
            raise ConfigError(f"配置项 {where}.start_urls 应为非空的网址列表，实际为：{urls!r}")
        from .config import validate_url

        site_table["start_urls"] = [validate_url(u, f"{where}.start_urls") for u in urls]
        name = site_table.get("name")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise ConfigError(f"配置项 {where}.name 应为非空字符串，实际为：{name!r}")
        hosts = site_table.get("extra_hosts")
        if hosts is not None and not (isinstance(hosts, list) and all(isinstance(h, str) for h in hosts)):
            raise ConfigError(f"配置项 {where}.extra_hosts 应为字符串列表，实际为：{hosts!r}")
        merged = merge({k: v for k, v in defaults.items() if k != "extra_hosts"}, entry)
        for key in ("scan", "text", "policy", "links", "elder", "windows", "notify"):
            if key in merged and not isinstance(merged[key], dict):
                raise ConfigError(f"配置项 {where}.{key} 应为表（table）")
        merged["site"] = site_table
        display = name or site_table["start_urls"][0]
        if display in names:
            raise ConfigError(f"配置项 {where}.name 与前面的网站重名：{display}")
        names.add(display)
        site = FleetSite(index=i, name=display, data=merged, slug=_slug(i, display, site_table["start_urls"][0]))
        _check_site(site, path)
        fleet.sites.append(site)
    return fleet


def _check_site(site: FleetSite, fleet_path: Path) -> None:
    """The same checks as a single-site scan, reported under sites[i]."""
    data = json.loads(json.dumps(site.data, default=str))
    args = argparse.Namespace(urls=[], config=None)
    from . import config as config_module

    original = config_module.load_config_file
    try:
        config_module.load_config_file = lambda _path: data  # type: ignore[assignment]
        args.config = str(fleet_path)
        build_config(args)
    except ConfigError as exc:
        raise ConfigError(f"sites[{site.index}]（{site.name}）：{exc}") from None
    finally:
        config_module.load_config_file = original


# --- TOML writing (the per-site config handed to the scan subprocess) --------------------------

def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}"
                               for k, v in value.items()) + "}"
    raise ConfigError(f"无法写出配置值：{value!r}")


def dump_toml(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}\n" for k, v in data.items())


def site_toml_data(site: FleetSite, fleet_dir: Path) -> dict[str, Any]:
    """Relative paths in the fleet config are from the fleet config's folder, as for a site config."""
    data = json.loads(json.dumps(site.data, default=str))
    scan = data.get("scan", {})
    for key in ("db", "out"):
        if isinstance(scan.get(key), str) and not Path(scan[key]).expanduser().is_absolute():
            scan[key] = str((fleet_dir / scan[key]).resolve())
    scan.pop("out", None)  # every site writes into its own folder of the fleet output
    wechat = data.get("wechat")
    if isinstance(wechat, dict) and isinstance(wechat.get("article_urls_file"), str):
        path = Path(wechat["article_urls_file"]).expanduser()
        wechat["article_urls_file"] = str(path if path.is_absolute() else (fleet_dir / path).resolve())
    return data


# --- running ------------------------------------------------------------------------------

def default_fleet_out() -> Path:
    return Path("reports_out") / "fleet" / datetime.now(SHANGHAI).strftime("%Y%m%d-%H%M%S")


def site_command(site_toml: Path, out_dir: Path, args: argparse.Namespace) -> list[str]:
    cmd = [sys.executable, "-m", "inspector", "scan", "--config", str(site_toml), "--out", str(out_dir)]
    for attr, flag in PASS_THROUGH_FLAGS:
        if getattr(args, attr, None):
            cmd.append(flag)
    for attr, flag in PASS_THROUGH_VALUES:
        value = getattr(args, attr, None)
        if value is not None:
            cmd += [flag, str(Path(value).resolve()) if attr == "db" else str(value)]
    return cmd


def site_args(site_toml: Path, out_dir: Path, args: argparse.Namespace) -> argparse.Namespace:
    """The arguments `inspector scan --config site.toml` would get (for an in-process build_config)."""
    values = {attr: getattr(args, attr, None) for attr, _ in PASS_THROUGH_FLAGS + PASS_THROUGH_VALUES}
    for attr, _ in PASS_THROUGH_FLAGS:
        values[attr] = values[attr] or None
    if values.get("db") is not None:
        values["db"] = str(Path(values["db"]).resolve())
    return argparse.Namespace(urls=[], config=str(site_toml), out=str(out_dir), **values)


FLEET_PROGRESS_SECONDS = 30.0


def last_progress(log: Path) -> str | None:
    """The latest progress line a scan printed into its scan.log (pipelines.ProgressReporter)."""
    try:
        with log.open("rb") as fh:
            fh.seek(0, 2)
            fh.seek(max(0, fh.tell() - 8192))
            tail = fh.read().decode("utf-8", errors="replace")
    except OSError:
        return None
    lines = [line.strip() for line in tail.splitlines() if line.strip().startswith("已抓取")]
    return lines[-1].rstrip(" …") if lines else None


class FleetProgress:
    """A long fleet run says how it goes: every few seconds one line with how many sites are done
    and each running site's latest progress, read from its scan.log."""

    def __init__(self, total: int, interval: float = FLEET_PROGRESS_SECONDS):
        self.total, self.interval = total, interval
        self.running: dict[str, Path] = {}
        self.done = 0
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="fleet-progress", daemon=True)

    def __enter__(self) -> Self:
        if self.interval > 0:
            self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(5)

    def started(self, slug: str, log: Path) -> None:
        with self.lock:
            self.running[slug] = log

    def finished(self, slug: str) -> None:
        with self.lock:
            self.running.pop(slug, None)
            self.done += 1

    def line(self) -> str | None:
        with self.lock:
            running, done = sorted(self.running.items()), self.done
        if not running:
            return None
        sites = "；".join(f"[{slug}] {last_progress(log) or '启动中'}" for slug, log in running)
        return f"舰队进度：已完成 {done}/{self.total} 个网站，进行中 {len(running)} 个：{sites}"

    def _loop(self) -> None:
        while not self.stopped.wait(self.interval):
            text = self.line()
            if text:
                print(text, flush=True)


def _scan_one(site: FleetSite, fleet_out: Path, fleet_dir: Path, args: argparse.Namespace,
              timeout: float | None, progress: FleetProgress | None = None) -> dict[str, Any]:
    site_dir = fleet_out / site.slug
    site_dir.mkdir(parents=True, exist_ok=True)
    site_toml = site_dir / "site.toml"
    site_toml.write_text(dump_toml(site_toml_data(site, fleet_dir)), encoding="utf-8")
    started = time.monotonic()
    print(f"[{site.slug}] 开始扫描 {site.name}", flush=True)
    with open(site_dir / "scan.log", "w", encoding="utf-8") as log:
        if progress is not None:
            progress.started(site.slug, site_dir / "scan.log")
        try:
            rc = subprocess.run(site_command(site_toml, site_dir, args), check=False, stdout=log, stderr=subprocess.STDOUT,
                                timeout=timeout, cwd=Path.cwd()).returncode
        except subprocess.TimeoutExpired:
            rc = None
        finally:
            if progress is not None:
                progress.finished(site.slug)
    seconds = round(time.monotonic() - started, 1)
    result = {"slug": site.slug, "name": site.name, "start_urls": site.data["site"]["start_urls"],
              "exit_status": rc, "seconds": seconds}
    if rc not in (0, 1):
        result["error"] = failure_reason(site_dir / "scan.log", rc)
    print(f"[{site.slug}] 结束（退出码 {rc}，{seconds} 秒）", flush=True)
    return result


def failure_reason(log: Path, exit_status: int | None) -> str | None:
    """Why a site's scan ended without a finished findings.json, in the scan's own words (its
    one-line error), so the supervising office need not open scan.log to learn it."""
    if exit_status is None:
        return "超过 --site-timeout 时限，已停止"
    try:
        lines = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        return None
    lines = [line for line in lines if line]
    for line in reversed(lines):
        if line.startswith("inspector: "):
            return line.removeprefix("inspector: ").removeprefix("错误：")
    return lines[-1][:300] if lines else None


def run_fleet(args: argparse.Namespace) -> int:
    fleet_path = Path(args.config)
    fleet = load_fleet(fleet_path)
    parallel = getattr(args, "parallel", None) or 2
    if parallel <= 0:
        raise ConfigError(f"--parallel 应为正整数，实际为：{parallel}")
    if getattr(args, "fail_on", None) and args.fail_on not in FAIL_LEVELS:
        raise ConfigError(f"--fail-on 只能是 {'、'.join(FAIL_LEVELS)}，实际为：{args.fail_on}")
    out = Path(args.out) if getattr(args, "out", None) else default_fleet_out()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"无法创建输出目录 {out}：{exc.strerror}") from None
    out = out.resolve()
    fleet_dir = fleet_path.resolve().parent
    print(f"舰队扫描：{len(fleet.sites)} 个网站，同时最多 {parallel} 个，输出 {out}", flush=True)
    started_at = datetime.now(SHANGHAI).replace(microsecond=0).isoformat()
    timeout = getattr(args, "site_timeout", None)
    if getattr(args, "redis", None):
        from .distributed.coordinator import run_distributed

        results = run_distributed(fleet, out, fleet_dir, args)
    else:
        with FleetProgress(len(fleet.sites)) as progress, ThreadPoolExecutor(max_workers=parallel) as pool:
            results = list(pool.map(lambda s: _scan_one(s, out, fleet_dir, args, timeout, progress), fleet.sites))
    summary = summarize(results, out, started_at)
    from .report.fleet import write_fleet_outputs

    write_fleet_outputs(summary, out)
    _print(summary, out)
    return fleet_exit_status(summary)


def summarize(results: list[dict[str, Any]], out: Path, started_at: str) -> dict[str, Any]:
    """Each site's findings.json read back into one ranked summary (fleet.json)."""
    sites = []
    for result in results:
        entry = dict(result)
        path = out / result["slug"] / "findings.json"
        doc = None
        if path.exists():
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                doc = None
        finished = doc is not None and bool(doc.get("complete")) and result["exit_status"] in (0, 1)
        entry["finished"] = finished
        entry["report"] = f"{result['slug']}/report.html" if (out / result["slug"] / "report.html").exists() else None
        if doc is None:
            entry.update(verdict="error", counts={}, indicators=[], rules={}, pages=0, as_of=None,
                         stop_reason=result.get("error"))
        else:
            verdict = doc.get("verdict") or {}
            rules: dict[str, dict[str, Any]] = {}
            for f in doc.get("findings", []):
                if f.get("ignored") or f.get("counts") is False:
                    continue
                row = rules.setdefault(f["rule"], {"count": 0, "severity": f.get("severity")})
                row["count"] += 1
            entry.update(verdict=verdict.get("result", "not_checked"), counts=verdict.get("counts", {}),
                         indicators=verdict.get("indicators", []), rules=rules,
                         pages=(doc.get("stats") or {}).get("pages", 0), as_of=doc.get("as_of"),
                         name=(doc.get("site") or {}).get("name") or result["name"])
            if not finished:
                entry["stop_reason"] = (doc.get("stats") or {}).get("stop_reason") or result.get("error")
        sites.append(entry)
    sites.sort(key=rank_key)
    for i, site in enumerate(sites, 1):
        site["rank"] = i
    finished_at = datetime.now(SHANGHAI).replace(microsecond=0).isoformat()
    totals = {v: sum(1 for s in sites if s["verdict"] == v) for v in ("fail", "risk", "pass", "incomplete", "not_checked", "error")}
    return {"schema": "inspector/fleet@1", "started_at": started_at, "finished_at": finished_at,
            "totals": totals, "unfinished": sum(1 for s in sites if not s["finished"]), "sites": sites}


def rank_key(site: dict[str, Any]) -> tuple:
    counts = site.get("counts") or {}
    return (RANK.get(site["verdict"], 9), -counts.get("veto", 0), -counts.get("error", 0),
            -counts.get("warning", 0), site["name"])


def fleet_exit_status(summary: dict[str, Any]) -> int:
    if any(not s["finished"] for s in summary["sites"]):
        return EXIT_INCOMPLETE
    if any(s["exit_status"] == EXIT_FINDINGS for s in summary["sites"]):
        return EXIT_FINDINGS
    return EXIT_OK


def _print(summary: dict[str, Any], out: Path) -> None:
    t = summary["totals"]
    print(f"舰队扫描完成：不合格 {t['fail']}，风险 {t['risk']}，通过 {t['pass']}，"
          f"未完成 {summary['unfinished']}。", flush=True)
    for name in ("fleet.html", "fleet.json", "fleet.csv", "fleet.xlsx"):
        if (out / name).exists():
            print(f"  {out / name}")
