#!/usr/bin/env python3
"""Crawl throughput and memory benchmark: inspector against a bare Scrapy CrawlSpider.

    .venv/bin/python bench/crawl_bench.py [--pages 5000] [--repeat 3] [--server auto|nginx|python]
                                          [--dedup-baseline] [--profile] [--json-out FILE] [--keep]

One run:
 1. writes a synthetic, deterministic (seeded) government-like site of at least --pages HTML pages
    into a temp dir: homepage with a 20-column nav menu and dated item blocks, paged column lists
    (index.html, index_1.html …, 20 items each), articles /colN/YYYYMM/tYYYYMMDD_ID.html with meta
    PubDate and a 发布时间 line, nav/breadcrumb/side list/footer on every page;
 2. serves it on 127.0.0.1 from a separate process: nginx if installed, else a stdlib
    ThreadingHTTPServer subprocess (this script with --serve);
 3. runs, one after the other, each in its own subprocess: the bare CrawlSpider baseline
    (bench/bare_spider.py) and `inspector scan … --fast`;
 4. prints wall time, pages, pages/s and peak RSS for each, the throughput ratio
    inspector/baseline and inspector's peak memory against the targets
    (≥ 70 % of baseline throughput, < 500 MB at 5,000 pages);
 5. removes the server and the temp dir on exit, Ctrl-C included. Every subprocess has a timeout.

A benchmark that prints numbers, not a test. Nothing is installed; only stdlib is used here.
"""
from __future__ import annotations

import argparse
import contextlib
import html
import json
import math
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEED = 20211231
AS_OF = "2021-12-31"
TARGET_RATIO = 0.70
CRAWL_AIM = 1.30  # issue 18: inspector's crawl alone against the bare spider
TARGET_MEM_MB = 500

# ---------------------------------------------------------------------------------------------
# 1. The synthetic site
# ---------------------------------------------------------------------------------------------

SITE_NAME = "云山市人民政府"
SITE_ID = "5399000001"
COLUMNS = [
    "政务要闻", "部门动态", "县区动态", "通知公告", "政策文件", "政策解读", "人事信息", "规划计划",
    "财政资金", "统计数据", "招标采购", "建议提案", "应急管理", "重点项目", "新闻发布", "公示公告",
    "民生保障", "征集调查", "回应关切", "公开年报",
]
ITEMS_PER_LIST = 20
PAGER_WINDOW = 5
STATIC_PAGES = [("about", "关于本网"), ("contact", "联系我们"), ("privacy", "隐私声明"), ("sitemap", "网站地图")]

_SUBJECTS = ["市政府", "市发展改革委", "市教育局", "市财政局", "市人力资源社会保障局", "市生态环境局",
             "市住房城乡建设局", "市交通运输局", "市农业农村局", "市卫生健康委", "市应急管理局", "市市场监管局",
             "市医保局", "市数据资源管理局", "市审计局", "市统计局", "市文化和旅游局", "市民政局"]
_ACTIONS = ["召开", "部署", "开展", "印发", "推进", "组织", "举办", "启动", "完成", "公布"]
_TOPICS = ["安全生产专项整治三年行动", "优化营商环境工作", "秋冬季森林防火工作", "政务公开工作要点",
           "乡村振兴重点任务", "城市更新行动", "义务教育阶段“双减”工作", "冬春季疫情防控工作",
           "根治欠薪冬季专项行动", "生活垃圾分类工作", "“十四五”规划重点项目", "民生实事项目",
           "政府网站与政务新媒体检查", "食品安全示范城市创建", "消防安全大排查", "预算绩效管理工作",
           "数字政府建设", "高标准农田建设", "重点人群就业帮扶", "全国文明城市创建"]
_KINDS = ["会议", "工作", "通知", "实施方案", "情况通报", "公告", "工作动员会", "推进会", "督导检查"]
_SENTENCES = [
    "会议强调，要坚持以人民为中心的发展思想，切实把各项工作抓实抓细抓到位",
    "各地各部门要进一步提高政治站位，压实工作责任，确保各项任务落地见效",
    "要聚焦群众急难愁盼问题，持续优化政务服务，提升办事效率和群众满意度",
    "会上，各县区和有关部门负责同志作了交流发言，通报了前一阶段工作进展",
    "下一步，我市将进一步健全工作机制，加强统筹协调，形成工作合力",
    "要强化督促检查，对工作不力、推诿扯皮的单位和个人严肃追责问责",
    "要坚持问题导向，建立问题清单、责任清单和整改清单，做到立行立改",
    "会议指出，今年以来全市上下认真贯彻落实党中央、国务院决策部署，各项工作取得积极成效",
    "要统筹发展和安全，守牢安全生产底线，坚决遏制重特大事故发生",
    "要加强政策宣传解读，及时回应社会关切，营造良好舆论氛围",
    "有关单位要按照职责分工，细化工作措施，明确时间节点，确保按期完成",
    "截至目前，已累计完成投资一百二十三亿元，占年度计划的百分之九十二",
    "要加大资金保障力度，规范资金使用管理，提高财政资金使用绩效",
    "要充分发挥基层党组织战斗堡垒作用和党员先锋模范作用",
    "活动现场，工作人员向过往群众发放宣传资料，耐心解答群众咨询",
    "据了解，该项目建成后将有效改善周边群众出行条件，带动区域经济发展",
    "要严格落实信息公开审查制度，确保公开内容准确、规范、及时",
    "各级各部门要以此次检查为契机，举一反三，全面提升工作水平",
]
_SOURCES = ["市政府办公室", "市融媒体中心", "市政务服务中心", "本网"]

CSS = "body{font-family:sans-serif;margin:0}.nav li{display:inline-block;margin:0 6px}.footer{color:#666}\n"


@dataclass
class Article:
    id: int
    col: int
    title: str
    day: date

    @property
    def url(self) -> str:
        return f"/col{self.col}/{self.day:%Y%m}/t{self.day:%Y%m%d}_{self.id}.html"


@dataclass
class SiteInfo:
    root: Path
    pages: int
    articles: int
    list_pages: int
    bytes: int = 0
    columns: int = len(COLUMNS)
    extra: dict = field(default_factory=dict)


def _title(rng: random.Random) -> str:
    form = rng.randrange(3)
    subject, action, topic, kind = (rng.choice(_SUBJECTS), rng.choice(_ACTIONS), rng.choice(_TOPICS),
                                    rng.choice(_KINDS))
    if form == 0:
        return f"{subject}{action}{topic}{kind}"
    if form == 1:
        return f"关于{action}{topic}的{kind}"
    return f"{subject}关于{topic}的{kind}"


def _paragraphs(rng: random.Random) -> list[str]:
    return ["。".join(rng.sample(_SENTENCES, rng.randint(3, 6))) + "。" for _ in range(rng.randint(3, 6))]


def _col_url(c: int, page: int = 0) -> str:
    return f"/col{c}/" if page == 0 else f"/col{c}/index_{page}.html"


def _head(title: str, extra_meta: str = "", column: str = "") -> str:
    col_meta = f'<meta name="ColumnName" content="{html.escape(column)}">' if column else ""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">'
            f"<title>{html.escape(title)}</title>"
            f'<meta name="SiteName" content="{SITE_NAME}"><meta name="SiteDomain" content="127.0.0.1">'
            f'<meta name="SiteIDCode" content="{SITE_ID}">{col_meta}{extra_meta}'
            f'<link rel="stylesheet" href="/css/style.css"></head>\n<body>\n')


def _chrome_top() -> str:
    items = "".join(f'<li><a href="{_col_url(i + 1)}">{name}</a></li>' for i, name in enumerate(COLUMNS))
    return (f'<div class="header"><a href="/" class="logo">{SITE_NAME}</a></div>\n'
            f'<div class="nav"><ul><li><a href="/">首页</a></li>{items}</ul></div>\n')


def _chrome_bottom() -> str:
    links = " | ".join(f'<a href="/{slug}.html">{name}</a>' for slug, name in STATIC_PAGES)
    return (f'<div class="footer"><p>{links}</p><p>主办：{SITE_NAME}办公室 承办：云山市数据资源管理局</p>'
            f"<p>网站标识码：{SITE_ID} 云ICP备00000000号-1 公安机关备案号 53990002000001</p></div>\n"
            "</body></html>\n")


def _breadcrumb(c: int | None, leaf: str | None = None) -> str:
    parts = ['<a href="/">首页</a>']
    if c is not None:
        parts.append(f'<a href="{_col_url(c)}">{COLUMNS[c - 1]}</a>')
    if leaf:
        parts.append(leaf)
    return f'<div class="position">当前位置：{" &gt; ".join(parts)}</div>\n'


def _side(hot: list[Article]) -> str:
    items = "".join(f'<li><a href="{a.url}" title="{html.escape(a.title)}">{html.escape(a.title)}</a></li>'
                    for a in hot)
    return f'<div class="side hot"><h3>热点信息</h3><ul>{items}</ul></div>\n'


def _item_list(articles: list[Article]) -> str:
    return "".join(f'<li><a href="{a.url}" title="{html.escape(a.title)}" target="_blank">'
                   f"{html.escape(a.title)}</a><span>{a.day.isoformat()}</span></li>" for a in articles)


def _pager(c: int, page: int, total: int) -> str:
    def link(p: int, text: str) -> str:
        return f'<a href="{"index.html" if p == 0 else f"index_{p}.html"}">{text}</a>'

    parts = [link(0, "首页")]
    if page > 0:
        parts.append(link(page - 1, "上一页"))
    lo = max(0, min(page - PAGER_WINDOW // 2, total - PAGER_WINDOW))
    for p in range(lo, min(total, lo + PAGER_WINDOW)):
        parts.append(f"<span class=\"current\">{p + 1}</span>" if p == page else link(p, str(p + 1)))
    if page < total - 1:
        parts.append(link(page + 1, "下一页"))
    parts.append(link(total - 1, "尾页"))
    parts.append(f"<span>共{total}页</span>")
    return f'<div class="pagination">{" ".join(parts)}</div>\n'


def generate_site(root: Path, min_pages: int, seed: int = SEED) -> SiteInfo:
    """Write the site into root; returns its size. Same arguments, same bytes."""
    rng = random.Random(seed)
    ncol = len(COLUMNS)
    per_col = max(1, math.ceil((min_pages - 1 - len(STATIC_PAGES)) / (ncol * (1 + 1 / ITEMS_PER_LIST))))

    def total(a: int) -> int:
        return 1 + len(STATIC_PAGES) + ncol * (a + math.ceil(a / ITEMS_PER_LIST))

    while total(per_col) < min_pages:
        per_col += 1
    while per_col > 1 and total(per_col - 1) >= min_pages:
        per_col -= 1

    end = date.fromisoformat(AS_OF)
    next_id = 100001
    columns: list[list[Article]] = []
    for c in range(1, ncol + 1):
        # Most columns are fresh; a few have not been updated for months, as on real sites.
        lag = rng.choice([0, 1, 2, 3, 5, 8, 13]) if c % 7 else rng.choice([120, 200, 400])
        day = end - timedelta(days=lag)
        arts = []
        for _ in range(per_col):
            arts.append(Article(next_id, c, _title(rng), day))
            next_id += 1
            day -= timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5]))
        columns.append(arts)
    newest = sorted((a for col in columns for a in col), key=lambda a: (a.day, a.id), reverse=True)
    hot = newest[:5]
    written = 0
    nbytes = 0

    def write(rel: str, text: str) -> None:
        nonlocal written, nbytes
        path = root / rel.lstrip("/")
        if rel.endswith("/"):
            path = path / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += rel.endswith((".html", "/"))
        nbytes += len(data)

    top, bottom = _chrome_top(), _chrome_bottom()
    (root / "css").mkdir(parents=True, exist_ok=True)
    (root / "css" / "style.css").write_text(CSS, encoding="utf-8")

    # Homepage: nav, news block of the newest items, one block of dated items per column.
    blocks = []
    for c, arts in enumerate(columns, start=1):
        blocks.append(f'<div class="box"><div class="box-title"><h2>{COLUMNS[c - 1]}</h2>'
                      f'<a href="{_col_url(c)}" class="more">更多</a></div>'
                      f"<ul>{_item_list(arts[:5])}</ul></div>\n")
    write("/", _head(f"{SITE_NAME}门户网站") + top
          + f'<div class="main"><div class="box headline"><h2>要闻</h2><ul>{_item_list(newest[:8])}</ul></div>\n'
          + "".join(blocks) + "</div>\n" + bottom)

    for slug, name in STATIC_PAGES:
        if slug == "sitemap":
            body = "<ul>" + "".join(f'<li><a href="{_col_url(i + 1)}">{n}</a></li>' for i, n in enumerate(COLUMNS)) + "</ul>"
        else:
            body = "".join(f"<p>{p}</p>" for p in _paragraphs(rng))
        write(f"/{slug}.html", _head(f"{name}_{SITE_NAME}") + top + _breadcrumb(None, name)
              + f'<div class="main"><h1>{name}</h1>{body}</div>\n' + bottom)

    list_pages = 0
    for c, arts in enumerate(columns, start=1):
        name = COLUMNS[c - 1]
        npages = math.ceil(len(arts) / ITEMS_PER_LIST)
        for p in range(npages):
            chunk = arts[p * ITEMS_PER_LIST:(p + 1) * ITEMS_PER_LIST]
            rel = f"/col{c}/" if p == 0 else f"/col{c}/index_{p}.html"
            write(rel, _head(f"{name}_{SITE_NAME}", column=name) + top + _breadcrumb(c)
                  + f'<div class="main"><div class="list"><h2>{name}</h2><ul class="list-ul">{_item_list(chunk)}</ul>\n'
                  + _pager(c, p, npages) + "</div>\n" + _side(hot) + "</div>\n" + bottom)
            list_pages += 1
        for a in arts:
            stamp = f"{a.day.isoformat()} {8 + a.id % 10:02d}:{a.id * 7 % 60:02d}"
            meta = (f'<meta name="ArticleTitle" content="{html.escape(a.title)}">'
                    f'<meta name="PubDate" content="{stamp}">'
                    f'<meta name="ContentSource" content="{_SOURCES[a.id % len(_SOURCES)]}">')
            paras = "".join(f"<p>{p}</p>" for p in _paragraphs(rng))
            write(a.url, _head(f"{a.title}_{name}_{SITE_NAME}", meta, column=name) + top + _breadcrumb(c, "正文")
                  + f'<div class="main"><div class="article"><h1>{html.escape(a.title)}</h1>'
                  f'<div class="info"><span>发布时间：{stamp}</span> <span>来源：{_SOURCES[a.id % len(_SOURCES)]}</span></div>'
                  f'<div class="content">{paras}</div></div>\n' + _side(hot) + "</div>\n" + bottom)
    return SiteInfo(root=root, pages=written, articles=ncol * per_col, list_pages=list_pages, bytes=nbytes)


# ---------------------------------------------------------------------------------------------
# 2. Serving it from another process
# ---------------------------------------------------------------------------------------------

_CHILDREN: list[subprocess.Popen] = []


def _kill_tree(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Stop a child started with start_new_session=True, and everything in its process group."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _spawn(cmd: list[str], **kwargs) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, start_new_session=True, **kwargs)
    _CHILDREN.append(proc)
    return proc


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer {url} within {timeout:.0f} s")


NGINX_CONF = """\
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log error;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html htm; text/css css; }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    keepalive_timeout 65;
    open_file_cache max=20000 inactive=60s;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
        index index.html;
        charset utf-8;
    }}
}}
"""


def start_nginx(nginx: str, root: Path, tmp: Path) -> tuple[subprocess.Popen, int]:
    tmp.mkdir(parents=True, exist_ok=True)
    for attempt in range(5):
        port = _free_port()
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=root), encoding="utf-8")
        log = open(tmp / "nginx.stderr", "wb")
        proc = _spawn([nginx, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf),
                       "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=log)
        try:
            _wait_http(f"http://127.0.0.1:{port}/", proc)
            return proc, port
        except RuntimeError:
            _kill_tree(proc)
            err = (tmp / "nginx.stderr").read_text(errors="replace")[-500:]
            if "Address already in use" not in err or attempt == 4:
                raise RuntimeError(f"nginx did not start: {err.strip()}") from None
    raise AssertionError("unreachable")


def start_python_server(root: Path) -> tuple[subprocess.Popen, int]:
    proc = _spawn([sys.executable, str(Path(__file__).resolve()), "--serve", str(root)],
                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()  # the server prints its port once it listens
    if not line.isdigit():
        _kill_tree(proc)
        raise RuntimeError(f"python server did not start (said {line!r})")
    port = int(line)
    _wait_http(f"http://127.0.0.1:{port}/", proc)
    return proc, port


def serve_forever(root: str) -> None:
    """The fallback static server (run as `crawl_bench.py --serve DIR`): HTTP/1.1 keep-alive,
    no request log, port chosen by the OS and printed on stdout."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - stdlib signature
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

    server = Server(("127.0.0.1", 0), partial(Handler, directory=root))
    print(server.server_address[1], flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever(poll_interval=0.5)


# ---------------------------------------------------------------------------------------------
# 3–4. Running and measuring the crawlers
# ---------------------------------------------------------------------------------------------

@dataclass
class Run:
    name: str
    wall: float
    pages: int | None
    peak_mb: float | None
    rc: int | None
    timed_out: bool = False
    note: str = ""
    crawl_s: float | None = None  # inspector: start to the console's "开始分析" (the crawl alone)

    @property
    def rate(self) -> float | None:
        return self.pages / self.wall if self.pages and self.wall > 0 else None

    @property
    def crawl_rate(self) -> float | None:
        """Pages per second of the crawl alone, without the analysis after it (inspector only;
        the bare spider does nothing after its crawl)."""
        return self.pages / self.crawl_s if self.pages and self.crawl_s else None


def _tree_pids(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
    return pids


def _status_kb(pid: int, field: str) -> int:
    with contextlib.suppress(OSError):
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    return 0


BROWSERS = ("chrom",)  # Chromium and chromedriver: separate programs, not counted (see bench/README)


def _is_browser(pid: int) -> bool:
    """By name or by program: some of Chromium's helpers are named "exe" (started through
    /proc/self/exe), but their program is the chromium binary."""
    with contextlib.suppress(OSError):
        with open(f"/proc/{pid}/comm") as fh:
            if fh.read().strip().lower().startswith(BROWSERS):
                return True
        return os.path.basename(os.readlink(f"/proc/{pid}/exe")).lower().startswith(BROWSERS)
    return False


class TreeMemory:
    """Peak memory of a process and its descendants, browsers left out: the largest sum of their
    RSS over the samples, and never less than any one process's own high-water mark (VmHWM),
    which catches a peak between two samples. inspector crawls in a child process, so the
    scan's memory is the sum of two processes."""

    def __init__(self):
        self.peak_sum_kb = 0
        self.hwm_kb: dict[int, int] = {}

    def sample(self, root: int) -> int:
        total = 0
        for pid in _tree_pids(root):
            if _is_browser(pid):
                continue
            total += _status_kb(pid, "VmRSS:")
            self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), _status_kb(pid, "VmHWM:"))
        self.peak_sum_kb = max(self.peak_sum_kb, total)
        return total

    @property
    def peak_kb(self) -> int:
        return max(self.peak_sum_kb, max(self.hwm_kb.values(), default=0))


CRAWL_DONE = "开始分析"  # the console line inspector prints when its crawl has ended


def run_measured(name: str, cmd: list[str], log: Path, timeout: float, cwd: Path,
                 env: dict[str, str] | None = None, mark: str | None = None) -> tuple[Run, float]:
    """Run cmd in its own session; returns (Run without pages, wall seconds). Peak memory: a
    TreeMemory sampled every 0.25 s. With `mark`, Run.crawl_s is when that text first showed in
    the log (to 0.25 s)."""
    memory = TreeMemory()
    marked = None
    with open(log, "wb") as out:
        t0 = time.monotonic()
        proc = _spawn(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env)
        timed_out = False
        while True:
            try:
                proc.wait(timeout=0.25)
                break
            except subprocess.TimeoutExpired:
                pass
            memory.sample(proc.pid)
            if mark and marked is None and mark in log.read_text(encoding="utf-8", errors="replace"):
                marked = time.monotonic() - t0
            if time.monotonic() - t0 > timeout:
                timed_out = True
                _kill_tree(proc)
                break
        wall = time.monotonic() - t0
    with contextlib.suppress(ValueError):
        _CHILDREN.remove(proc)
    peak = memory.peak_kb / 1024 if memory.peak_kb else None
    return Run(name, wall, None, peak, proc.returncode, timed_out, crawl_s=marked), wall


def run_baseline(url: str, work: Path, timeout: float, dedup: bool = False) -> Run:
    stats_path = work / "stats.json"
    cmd = [sys.executable, str(HERE / "bare_spider.py"), url, "--stats-out", str(stats_path)]
    if dedup:
        cmd.append("--dedup")
    name = "scrapy baseline + seen-set" if dedup else "scrapy baseline"
    run, _ = run_measured(name, cmd, work / "crawl.log", timeout, cwd=work)
    with contextlib.suppress(OSError, ValueError):
        stats = json.loads(stats_path.read_text(encoding="utf-8"))
        run.pages = stats.get("response_received_count")
        errors = {k: v for k, v in stats.items() if k.startswith("downloader/response_status_count/")
                  and not k.endswith("/200")}
        if errors:
            run.note = f"non-200: {errors}"
    return run


def inspector_cmd(url: str, out: Path, db: Path, exe: list[str]) -> list[str]:
    return [*exe, "scan", url, "--fast", "--max-pages", "100000", "--format", "json",
            "--as-of", AS_OF, "--out", str(out), "--db", str(db)]


def _inspector_exe() -> list[str]:
    local = Path(sys.executable).parent / "inspector"
    if local.exists():
        return [str(local)]
    found = shutil.which("inspector")
    return [found] if found else [sys.executable, "-m", "inspector.cli"]


def run_inspector(url: str, work: Path, timeout: float) -> Run:
    out = work / "out"
    cmd = inspector_cmd(url, out, work / "h.sqlite3", _inspector_exe())
    run, _ = run_measured("inspector --fast", cmd, work / "scan.log", timeout, cwd=work, mark=CRAWL_DONE)
    with contextlib.suppress(OSError, ValueError):
        doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        stats = doc.get("stats", {})
        run.pages = stats.get("pages")
        bits = [f"{k}={stats[k]}" for k in ("articles", "columns", "fetch_errors") if k in stats]
        if not doc.get("complete", True):
            bits.append("INCOMPLETE")
        run.note = " ".join(bits)
    if run.rc not in (0, 1):  # 1 = findings at --fail-on level, an ordinary outcome
        tail = (work / "scan.log").read_text(encoding="utf-8", errors="replace")[-800:]
        run.note += f" exit={run.rc}\n{tail}"
    return run


def profile_inspector(url: str, work: Path, timeout: float, top: int = 15) -> str:
    """One more inspector run under cProfile; returns the top functions of inspector's own code
    by cumulative time, and the top functions overall by own time."""
    import io
    import pstats

    prof = work / "inspector.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "inspector.cli", *inspector_cmd(
        url, work / "out", work / "h.sqlite3", [])]
    # The crawl runs in a child process, which cProfile would not see: keep it in this one.
    env = {**os.environ, "INSPECTOR_CRAWL_IN_PROCESS": "1"}
    run, wall = run_measured("inspector (cProfile)", cmd, work / "scan.log", timeout, cwd=work, env=env)
    if not prof.exists():
        return f"profile run failed (exit {run.rc}), see {work / 'scan.log'}"
    stats = pstats.Stats(str(prof))
    own_dirs = (str(REPO / "inspector") + os.sep, str(REPO / "rules") + os.sep)
    rows = []
    for (filename, line, func), (cc, nc, tt, ct, _callers) in stats.stats.items():
        if filename.startswith(own_dirs):
            rows.append((ct, tt, nc, f"{os.path.relpath(filename, REPO)}:{line}({func})"))
    rows.sort(reverse=True)
    total = max((ct for (_f, _l, fn), (_cc, _nc, _tt, ct, _c) in stats.stats.items() if fn == "<module>"),
                default=wall)
    # Entry points (cli main, run_scan, run_crawl) hold ~everything and tell nothing: skip them.
    wrappers = [r for r in rows if r[0] >= 0.95 * total]
    rows = [r for r in rows if r[0] < 0.95 * total]
    lines = [f"cProfile of one inspector run: {wall:.1f} s wall under the profiler "
             f"(profiling slows Python code ~1.5-2x; compare shares, not seconds)",
             f"entry points holding >= 95 % (not listed): {', '.join(w[3] for w in wrappers)}",
             f"top {top} functions in inspector/ and rules/ by cumulative time:",
             f"{'cum s':>8} {'cum %':>6} {'own s':>7} {'calls':>9}  function"]
    for ct, tt, nc, where in rows[:top]:
        lines.append(f"{ct:8.2f} {100 * ct / total:5.1f}% {tt:7.2f} {nc:9d}  {where}")
    buf = io.StringIO()
    pstats.Stats(str(prof), stream=buf).sort_stats("tottime").print_stats(top)
    lines.append(f"\ntop {top} functions overall by own time (tottime):")
    body = buf.getvalue()
    start = body.find("   ncalls")
    lines.append(body[start:].rstrip() if start >= 0 else body.rstrip())
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

def _median(values: list[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def _fmt(v: float | None, spec: str) -> str:
    width = spec.split(".")[0].rstrip("df")
    return ("n/a".rjust(int(width)) if width.isdigit() else "n/a") if v is None else format(v, spec)


def summarize(results: dict[str, list[Run]]) -> dict[str, dict]:
    summary = {}
    for name, runs in results.items():
        summary[name] = {
            "runs": len(runs),
            "pages": _median([r.pages for r in runs]),
            "wall_s": _median([r.wall for r in runs]),
            "pages_per_s": _median([r.rate for r in runs]),
            "crawl_s": _median([r.crawl_s for r in runs]),
            "crawl_pages_per_s": _median([r.crawl_rate for r in runs]),
            "peak_mb": _median([r.peak_mb for r in runs]),
            "max_peak_mb": max((r.peak_mb for r in runs if r.peak_mb is not None), default=None),
            "each": [{"wall_s": round(r.wall, 2), "crawl_s": r.crawl_s and round(r.crawl_s, 2), "pages": r.pages,
                      "peak_mb": r.peak_mb and round(r.peak_mb, 1),
                      "rc": r.rc, "timed_out": r.timed_out, "note": r.note.strip()} for r in runs],
        }
    return summary


def print_table(summary: dict[str, dict], repeat: int) -> None:
    label = "median of %d" % repeat if repeat > 1 else "1 run"
    print(f"\n{'crawler':<28} {'pages':>7} {'wall s':>8} {'pages/s':>8} {'crawl s':>8} {'crawl p/s':>10} "
          f"{'peak MB':>8}   ({label})")
    for name, s in summary.items():
        print(f"{name:<28} {_fmt(s['pages'], '7.0f')} {_fmt(s['wall_s'], '8.1f')} "
              f"{_fmt(s['pages_per_s'], '8.1f')} {_fmt(s['crawl_s'], '8.1f')} {_fmt(s['crawl_pages_per_s'], '10.1f')} "
              f"{_fmt(s['peak_mb'], '8.0f')}")
    for name, s in summary.items():
        for i, e in enumerate(s["each"], 1):
            if e["note"] or e["timed_out"] or e["rc"] not in (0, 1):
                flag = " TIMED OUT" if e["timed_out"] else ""
                print(f"  {name} run {i}: rc={e['rc']}{flag} {e['note']}")


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

def _code_version() -> str:
    """The commit of the measured inspector code, and whether inspector/ or rules/ had local edits."""
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "inspector", "rules"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return f"{head or 'unknown'}{' + uncommitted edits in inspector/ or rules/' if dirty else ''}"


def _on_signal(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="inspector crawl benchmark (see the module docstring)")
    parser.add_argument("--pages", type=int, default=5000, help="minimum number of HTML pages of the site")
    parser.add_argument("--repeat", type=int, default=1, help="runs per crawler; medians are reported")
    parser.add_argument("--server", choices=["auto", "nginx", "python"], default="auto")
    parser.add_argument("--dedup-baseline", action="store_true",
                        help="also run the baseline with a seen-set in process_links")
    parser.add_argument("--profile", action="store_true",
                        help="finally, one inspector run under cProfile; print its top functions")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds per crawl before it is killed (default max(300, pages/10))")
    parser.add_argument("--json-out", help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (site, logs, outputs)")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.serve:
        serve_forever(args.serve)
        return 0
    if args.pages < 1 or args.repeat < 1:
        parser.error("--pages and --repeat must be positive")

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    timeout = args.timeout or max(300.0, args.pages / 10)
    tmp = Path(tempfile.mkdtemp(prefix="inspector-bench-"))
    try:
        t0 = time.monotonic()
        site = generate_site(tmp / "site", args.pages)
        version = _code_version()
        print(f"inspector code: {version}", flush=True)
        print(f"site: {site.pages} HTML pages ({site.list_pages} list pages, {site.articles} articles, "
              f"{len(COLUMNS)} columns, {site.bytes / 1e6:.1f} MB) generated in {time.monotonic() - t0:.1f} s "
              f"under {tmp}", flush=True)

        nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                               if os.access(p, os.X_OK)), None)
        if args.server == "nginx" and not nginx:
            print("crawl_bench: --server nginx but nginx is not installed", file=sys.stderr)
            return 2
        if nginx and args.server in ("auto", "nginx"):
            # nginx workers drop root privileges: let them read the tree.
            os.chmod(tmp, 0o755)
            _server, port = start_nginx(nginx, site.root, tmp / "nginx")
            server_name = f"nginx ({nginx}, 1 worker)"
        else:
            _server, port = start_python_server(site.root)
            server_name = "python ThreadingHTTPServer subprocess (nginx not installed)" if not nginx \
                else "python ThreadingHTTPServer subprocess"
        url = f"http://127.0.0.1:{port}/"
        print(f"server: {server_name} at {url}", flush=True)
        print(f"peak memory: summed RSS of the crawler's processes, browsers left out; "
              f"timeout {timeout:.0f} s per crawl", flush=True)

        names = ["scrapy baseline"] + (["scrapy baseline + seen-set"] if args.dedup_baseline else []) \
            + ["inspector --fast"]
        results: dict[str, list[Run]] = {n: [] for n in names}
        for i in range(1, args.repeat + 1):
            # Interleaved, so that a slow phase of a noisy machine hits both crawlers alike.
            for name in names:
                work = tmp / f"run{i}-{name.split()[0]}{'-dedup' if 'seen' in name else ''}"
                work.mkdir()
                print(f"[{i}/{args.repeat}] {name} …", end=" ", flush=True)
                if name.startswith("inspector"):
                    run = run_inspector(url, work, timeout)
                else:
                    run = run_baseline(url, work, timeout, dedup="seen" in name)
                results[name].append(run)
                print(f"{_fmt(run.pages, 'd') if run.pages is not None else 'n/a'} pages in {run.wall:.1f} s "
                      f"({_fmt(run.rate, '.1f')} pages/s, peak {_fmt(run.peak_mb, '.0f')} MB)"
                      + (" TIMED OUT" if run.timed_out else ""), flush=True)

        summary = summarize(results)
        print_table(summary, args.repeat)
        if _code_version() != version:
            print(f"warning: the inspector code changed during the benchmark (now {_code_version()})")
        base, insp = summary["scrapy baseline"], summary["inspector --fast"]
        ratio = (insp["pages_per_s"] / base["pages_per_s"]) if insp["pages_per_s"] and base["pages_per_s"] else None
        mem = insp["max_peak_mb"]
        ok_ratio = ratio is not None and ratio >= TARGET_RATIO
        # Issue 18's aim for the parse: the crawl alone (every extraction and check made while
        # crawling) at >= 1.3x the bare spider's pages/s; the analysis after it is timed apart.
        crawl_ratio = (insp["crawl_pages_per_s"] / base["pages_per_s"]
                       if insp["crawl_pages_per_s"] and base["pages_per_s"] else None)
        ok_mem = mem is not None and mem < TARGET_MEM_MB
        print(f"\ninspector/baseline throughput: {_fmt(ratio and 100 * ratio, '.0f')} %   "
              f"(target >= {100 * TARGET_RATIO:.0f} %)  {'OK' if ok_ratio else 'BELOW TARGET'}")
        print(f"inspector's crawl alone / baseline: {_fmt(crawl_ratio and 100 * crawl_ratio, '.0f')} %   "
              f"(aim >= {100 * CRAWL_AIM:.0f} %)  {'OK' if crawl_ratio and crawl_ratio >= CRAWL_AIM else 'BELOW AIM'}"
              f"; the analysis after it took {_fmt(insp['wall_s'] and insp['crawl_s'] and insp['wall_s'] - insp['crawl_s'], '.1f')} s")
        print(f"inspector peak memory: {_fmt(mem, '.0f')} MB   (target < {TARGET_MEM_MB} MB at 5,000 pages)  "
              f"{'OK' if ok_mem else 'ABOVE TARGET'}")
        if args.pages < 5000:
            print("note: targets are stated for 5,000 pages; this site is smaller")

        profile_text = None
        if args.profile:
            work = tmp / "profile"
            work.mkdir()
            print("\nprofiling one more inspector run under cProfile …", flush=True)
            profile_text = profile_inspector(url, work, timeout * 3)
            print(profile_text)

        if args.json_out:
            Path(args.json_out).write_text(json.dumps({
                "date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "pages_requested": args.pages,
                "site": {"pages": site.pages, "list_pages": site.list_pages, "articles": site.articles,
                         "bytes": site.bytes},
                "inspector_code": version, "inspector_code_after": _code_version(),
                "server": server_name, "cpus": os.cpu_count(), "python": sys.version.split()[0],
                "repeat": args.repeat, "results": summary, "ratio": ratio, "crawl_ratio": crawl_ratio,
                "inspector_peak_mb": mem,
                "targets": {"ratio": TARGET_RATIO, "peak_mb": TARGET_MEM_MB}, "ok": ok_ratio and ok_mem,
                "profile": profile_text,
            }, ensure_ascii=False, indent=2), encoding="utf-8")
        return 0
    except KeyboardInterrupt:
        print("\ncrawl_bench: interrupted, cleaning up", file=sys.stderr)
        return 130
    finally:
        # Ignore further Ctrl-C while cleaning up, then stop every child and remove the temp dir.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for proc in list(_CHILDREN):
            _kill_tree(proc, grace=3.0)
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
