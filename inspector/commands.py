"""The office's small commands: re-render a report from a saved findings.json, mark a finding as
a false alarm (`inspector ignore`), and keep the scan history small (`inspector history`)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .config import ConfigError, keep_scans, load_config_file, today_shanghai
from .output import write_csv, write_xlsx
from .report.html import write_report
from .store import History, HistoryError, database_size
from .triage import append_ignore


def run_report(args) -> int:
    """inspector report DIR: report.html (and --format exports) again from DIR/findings.json."""
    out = Path(args.dir)
    source = out / "findings.json" if out.is_dir() else out
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"找不到 {source}（请给出一次扫描的输出目录）") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"无法读取 {source}：{exc}") from None
    if document.get("schema") != "inspector/findings@1":
        raise ConfigError(f"{source} 不是 inspector 的 findings.json")
    folder = source.parent
    formats = [f.strip() for f in (args.format or "html").split(",") if f.strip()]
    writers = {"html": (write_report, "report.html"), "csv": (write_csv, "findings.csv"),
               "xlsx": (write_xlsx, "findings.xlsx")}
    for fmt in formats:
        if fmt not in writers and fmt != "json":
            raise ConfigError(f"--format 只能是 html,xlsx,csv 中的一项或多项，实际为：{fmt}")
        if fmt in writers:
            writer, name = writers[fmt]
            writer(document, folder / name)
            print(folder / name)
    return 0


def run_ignore(args) -> int:
    """inspector ignore ID --reason …: append an [[ignore]] entry for that finding to the config."""
    if not args.reason.strip():
        raise ConfigError("请用 --reason 说明忽略原因（会写入站点配置，供日后核查）")
    config_path = Path(args.config)
    load_config_file(config_path)  # a clear error for a missing or broken config
    try:
        history = History(args.db)
    except HistoryError as exc:
        raise ConfigError(str(exc)) from None
    try:
        row = history.db.execute("SELECT data FROM findings WHERE id=? ORDER BY scan_id DESC LIMIT 1",
                                 (args.finding_id,)).fetchone()
    finally:
        history.close()
    if row is None:
        raise ConfigError(f"扫描历史 {args.db} 中没有编号为 {args.finding_id} 的问题")
    finding = json.loads(row[0])
    block = append_ignore(config_path, finding, args.reason.strip(), args.who or "", today_shanghai())
    print(f"已在 {config_path} 中忽略该问题，下次扫描起不再计入结论：")
    print(block.strip())
    print(f"提示：{finding['message']}", file=sys.stderr)
    return 0


def run_history(args) -> int:
    """inspector history [--vacuum]: the history database's size and scans; with --vacuum, drop
    the pages and link checks of scans beyond the retention ([history] keep_scans or --keep-scans;
    summaries and findings stay), store records of older versions lean and masked, and rewrite
    the file without the freed space."""
    if args.keep_scans is not None:
        keep = args.keep_scans
    else:
        keep = keep_scans(load_config_file(Path(args.config)) if args.config else {})
    if keep < 1:
        raise ConfigError(f"--keep-scans 应为正整数，实际为：{keep}")
    if not Path(args.db).exists():
        raise ConfigError(f"找不到扫描历史数据库 {args.db}")
    before = database_size(args.db)  # before opening: a database of an older version grows a little then
    try:
        history = History(args.db)
    except HistoryError as exc:
        raise ConfigError(str(exc)) from None
    try:
        scans, with_pages = history.db.execute(
            "SELECT count(*), count(DISTINCT p.scan_id) FROM scans LEFT JOIN (SELECT DISTINCT scan_id FROM pages) p "
            "ON p.scan_id = scans.id").fetchone()
        print(f"扫描历史 {args.db}：{_mb(before)}，共 {scans} 次扫描，其中 {with_pages} 次保留页面记录")
        if not args.vacuum:
            prunable = history.prunable_scans(keep)
            print(f"按保留最近 {keep} 次扫描计，可清理 {len(prunable)} 次旧扫描的页面记录（用 --vacuum 执行）")
            return 0
        counts = history.prune_scans(keep)
        upgraded = history.upgrade_records()
        history.vacuum()
        after = history.size_bytes()
    finally:
        history.close()
    print(f"已清理 {counts['scans']} 次旧扫描的页面记录（页面 {counts['pages']} 条，链接检查 {counts['resources']} 条），"
          f"其概况与问题记录保留")
    if upgraded:
        print(f"已将旧版本写入的 {upgraded} 条记录改为精简存储（个人号码脱敏）")
    print(f"数据库大小：{_mb(before)} → {_mb(after)}")
    return 0


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
