"""The `inspector` command: scan a site, or scan the bundled sample site (demo)."""
from __future__ import annotations

import argparse
import gc
import re
import sys

from . import __version__
from .config import DEFAULT_MAX_PAGES, ConfigError, build_config
from .notify import ScanLocked
from .store import HistoryError

DEMO_AS_OF = "2021-12-31"  # the monitoring point the bundled sample site was written for


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one Chinese line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, chinese in _ARGPARSE_MESSAGES:
            message = re.sub(english, chinese, message)
        # The top-level parser also reports a subcommand's unknown options: point at that command.
        command = next((a for a in sys.argv[1:2] if a in _COMMANDS), None)
        prog = f"inspector {command}" if self.prog == "inspector" and command else self.prog
        print(f"inspector: 错误：{message}（用 {prog} --help 查看用法）", file=sys.stderr)
        raise SystemExit(2)


_COMMANDS = ("scan", "fleet", "worker", "demo", "report", "ignore", "proofread", "history")
_ARGPARSE_MESSAGES = (
    (r"^argument command: invalid choice: '([^']*)' \(choose from [^)]*\)", r"没有子命令“\1”，可用的有：" + "、".join(_COMMANDS)),
    (r"invalid choice: '([^']*)' \(choose from ([^)]*)\)", r"无效的选项“\1”（可选：\2）"),
    (r"^argument ([^:]+): ", r"参数 \1："),
    (r"unrecognized arguments: ", "无法识别的参数："),
    (r"the following arguments are required: ", "缺少必需的参数："),
    (r"expected one argument", "需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"invalid int value: ", "不是整数："),
    (r"invalid float value: ", "不是数值："),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 有歧义，可能是：\2"),
    (r"not allowed with argument ", "不能与此参数同时使用："),
)


def _scan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", help="本次扫描的输出目录（默认 reports_out/<主机>/<时间>/）")
    parser.add_argument("--as-of", dest="as_of", help="监测点日期 YYYY-MM-DD（默认今天，北京时间）")
    parser.add_argument("--max-pages", dest="max_pages", type=int, help=f"最多抓取的页面数（默认 {DEFAULT_MAX_PAGES}）")
    parser.add_argument("--no-a11y", dest="no_a11y", action="store_true", help="跳过浏览器无障碍/适老化检查")
    parser.add_argument("--no-render", dest="no_render", action="store_true",
                        help="不用浏览器渲染由脚本生成的列表（这些栏目记为“无法读取”，不计为空白栏目）")
    parser.add_argument("--format", help="输出格式，逗号分隔：html,json,xlsx,csv（默认 html,json）")
    parser.add_argument("--fail-on", dest="fail_on", choices=["veto", "error", "warning", "never"],
                        help="存在该级别及以上问题时退出码为 1（默认 veto）")
    parser.add_argument("--db", help="扫描历史数据库（默认 reports_out/inspector.sqlite3）")
    parser.add_argument("--http-cache", dest="http_cache", action="store_true", default=None,
                        help="保留上次扫描的页面，以条件请求复查（未变化的页面只返回 304，夜间复扫更快）")
    parser.add_argument("--incremental", action="store_true", default=None,
                        help="增量复扫：上次无问题的文章页沿用上次结果不再抓取（每 full_every_days 天至少全量一次，默认 7）")
    parser.add_argument("--evidence", action="store_true", default=None,
                        help="为单项否决问题留存页面（保存在输出目录 evidence/ 中，报告中可打开）")
    parser.add_argument("--no-external", dest="no_external", action="store_true",
                        help="不检查指向其他网站的链接（用于无法访问互联网的机器）")
    parser.add_argument("--fast", action="store_true", default=None,
                        help="快速模式：关闭自动限速、提高并发（仅用于扫描本单位自己的网站）")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="inspector", description="政府网站与政务新媒体合规自查工具", allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"inspector {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    scan = sub.add_parser("scan", help="扫描一个网站", description="从给定网址开始扫描网站", allow_abbrev=False)
    scan.add_argument("urls", nargs="*", metavar="URL", help="起始网址")
    scan.add_argument("--config", help="站点配置文件（TOML）")
    _scan_options(scan)
    fleet = sub.add_parser("fleet", help="按舰队配置扫描多个网站并生成汇总", allow_abbrev=False)
    fleet.add_argument("--config", required=True, help="舰队配置文件（TOML：[defaults] 与 [[sites]]）")
    fleet.add_argument("--parallel", type=int, default=2, help="同时扫描的网站数（默认 2）")
    fleet.add_argument("--site-timeout", dest="site_timeout", type=float,
                       help="单个网站扫描的最长秒数（超时记为未完成）")
    fleet.add_argument("--redis", help="分布式扫描：共享队列所在的 Redis 地址（如 redis://127.0.0.1:6379/0），"
                                      "由各机器上的 inspector worker 抓取")
    _scan_options(fleet)
    worker = sub.add_parser("worker", help="分布式舰队扫描的工作进程：从共享 Redis 队列取页面抓取", allow_abbrev=False)
    worker.add_argument("--redis", required=True, help="协调进程（inspector fleet --redis）使用的 Redis 地址")
    worker.add_argument("--fast", action="store_true", help="取消本进程自身的限速（各网站在舰队配置中的访问间隔仍由所有工作进程共同遵守）")
    worker.add_argument("--once", action="store_true", help="当前舰队扫描结束后退出（默认一直等待新任务）")
    worker.add_argument("--lease-seconds", dest="lease_seconds", type=float, default=30.0,
                        help="心跳超时秒数：超过后本进程未完成的请求由其他工作进程接手（默认 30）")
    worker.add_argument("--name", help="工作进程名称（默认 主机名-进程号-随机串）")
    demo = sub.add_parser("demo", help="启动内置示例政府网站并扫描它", allow_abbrev=False)
    _scan_options(demo)
    report = sub.add_parser("report", help="从保存的 findings.json 重新生成报告", allow_abbrev=False)
    report.add_argument("dir", metavar="DIR", help="一次扫描的输出目录（含 findings.json）")
    report.add_argument("--format", help="输出格式，逗号分隔：html,xlsx,csv（默认 html）")
    ignore = sub.add_parser("ignore", help="把一个问题标记为误报或已接受（写入站点配置）", allow_abbrev=False)
    ignore.add_argument("finding_id", metavar="FINDING_ID", help="问题编号（报告与 findings.json 中的 id）")
    ignore.add_argument("--reason", required=True, help="忽略原因")
    ignore.add_argument("--config", required=True, help="要写入的站点配置文件")
    ignore.add_argument("--who", help="操作人")
    ignore.add_argument("--db", default="reports_out/inspector.sqlite3", help="扫描历史数据库")
    proof = sub.add_parser("proofread", help="发布前校对文稿（.txt、.html、.docx）中的错敏字", allow_abbrev=False)
    proof.add_argument("files", nargs="+", metavar="FILE", help="要校对的文件")
    proof.add_argument("--json", action="store_true", help="以 JSON 输出，供其他工具读取")
    proof.add_argument("--fail-on", dest="fail_on", choices=["veto", "error", "warning", "never"], default="error",
                       help="存在该级别及以上问题时退出码为 1（默认 error）")
    proof.add_argument("--as-of", dest="as_of", help="按该日期发布来判断过时机构名称（默认：网页用页面自身的发布日期，其他文件用今天）")
    proof.add_argument("--config", help="站点配置文件（读取 [text] 允许词与 [[leaders]] 领导名单）")
    annual = sub.add_parser("annual-report", help="发布前检查政府信息公开工作年度报告（.docx .pdf .html .txt）",
                            allow_abbrev=False)
    annual.add_argument("files", nargs="+", metavar="FILE", help="年度报告文件（给出相邻两年的报告时核对现行有效件数的承接）")
    annual.add_argument("--year", type=int, help="报告所属年度（文件中未写明或需核对时）")
    annual.add_argument("--json", action="store_true", help="以 JSON 输出，供其他工具读取")
    history = sub.add_parser("history", help="查看扫描历史数据库的大小；--vacuum 按保留设置清理旧扫描的页面记录并压缩文件",
                             allow_abbrev=False)
    history.add_argument("--vacuum", action="store_true",
                         help="删除超出保留次数的旧扫描的页面与链接记录（保留其概况与问题），并压缩数据库文件")
    history.add_argument("--keep-scans", dest="keep_scans", type=int,
                         help="每个网站保留页面记录的最近扫描次数（默认取配置 [history] keep_scans，未配置为 30）")
    history.add_argument("--db", default="reports_out/inspector.sqlite3", help="扫描历史数据库（默认 reports_out/inspector.sqlite3）")
    history.add_argument("--config", help="站点配置文件（读取 [history] keep_scans）")
    serve = sub.add_parser("serve", help="启动网站自查工作台（浏览器中处理问题、跟踪整改、查看趋势）", allow_abbrev=False)
    serve.add_argument("--db", default="reports_out/inspector.sqlite3", help="扫描历史数据库（默认 reports_out/inspector.sqlite3）")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问；其他地址须设置访问口令）")
    serve.add_argument("--port", type=int, default=8765, help="监听端口（默认 8765，0 表示任选空闲端口）")
    serve.add_argument("--config", help="含 [serve] 表（password、allowed_hosts）的配置文件")
    return parser


def main(argv: list[str] | None = None) -> int:
    status = _run(argv)
    if argv is None:
        # Called as the program: the process ends right after. Freezing what the run left in
        # memory spares the interpreter's last garbage collections over it (0.2 s after a scan).
        gc.freeze()
    return status


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "demo":
            return run_demo(args)
        if args.command in ("report", "ignore", "history"):
            from .commands import run_history, run_ignore, run_report

            runner = {"report": run_report, "ignore": run_ignore, "history": run_history}[args.command]
            return runner(args)
        if args.command == "fleet":
            from .fleet import run_fleet

            return run_fleet(args)
        if args.command == "worker":
            from .distributed.worker import run_worker

            return run_worker(args.redis, fast=args.fast, once=args.once, lease_seconds=args.lease_seconds,
                              name=args.name)
        if args.command == "serve":
            from .serve.server import run_serve

            return run_serve(args)
        if args.command == "proofread":
            from .config import parse_as_of
            from .proofread import run_proofread

            if args.as_of:
                parse_as_of(args.as_of)
            return run_proofread(args)
        if args.command == "annual-report":
            from .annual_report.draft import run_annual_report

            return run_annual_report(args)
        from .scan import run_scan

        return run_scan(build_config(args))
    except ConfigError as exc:
        print(f"inspector: 错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("inspector: 已中断", file=sys.stderr)
        return 3
    except ScanLocked as exc:
        print(f"inspector: {exc}", file=sys.stderr)
        return 3
    except HistoryError as exc:  # the scan cannot record anything, so it cannot run
        print(f"inspector: 错误：{exc}", file=sys.stderr)
        return 3


def run_demo(args: argparse.Namespace) -> int:
    from .demo_site.server import start_demo_server
    from .scan import run_scan

    server = start_demo_server()
    try:
        args.urls = [server.base_url]
        args.config = None
        args.as_of = args.as_of or DEMO_AS_OF
        args.fast = True if args.fast is None else args.fast
        args.no_external = True  # the sample site is local: its few external links are not checked
        config = build_config(args)
        config.site_name = "云岭市数据资源管理局（示例网站）"
        print(f"示例网站已在 {server.base_url} 启动（监测点 {config.as_of}）", flush=True)
        return run_scan(config)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
