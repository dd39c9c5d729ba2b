#!/usr/bin/env python3
"""What reading real CMS lists costs (issue 13): a 大汉 JCMS data-store column, a TRS column whose
pages only a pager script names, and a list a script fills from JSON, rendered in Chromium.

    .venv/bin/python bench/list_bench.py [--jcms-items 300] [--trs-pages 20] [--feed-items 100]
                                         [--repeat 1] [--keep]

For each kind it writes a small site (a homepage and one column of that kind, every item an
article page) and, next to it, the same column as plain HTML pages linked by an <a> pager. It
serves them on 127.0.0.1 (port 0) with the sample site's server (inspector.demo_site.server:
static files, .shtml, and dataproxy.jsp answering group requests) and runs `inspector scan …
--fast --no-a11y --no-external` on each in a subprocess. It prints wall seconds, the peak RSS of
the inspector process, the peak PSS of its whole process tree (Chromium and chromedriver included) and what
the list reader did (group requests, script-pager pages, renders). The plain twin shows what the
same pages cost without the platform's mechanism.

Then it times ListRenderer alone on the script-fed column (page load and settle, each 下一页 click)
and computes how many renders and clicks a 5,000-page site of bench/crawl_bench.py needs when its
20 columns are script-fed, from how rendering works: one render per list page that needs it, and
the rest of a list read by clicks inside that render.

A benchmark that prints numbers, not a test. Only stdlib and inspector's own code are used here.
"""
from __future__ import annotations

import argparse
import contextlib
import html
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import crawl_bench  # noqa: E402 - the crawl benchmark's process helpers and its 5,000-page site

from inspector.demo_site.server import DemoServer  # noqa: E402

AS_OF = date(2021, 12, 31)
SITE_NAME = "云山市人民政府"
PROXY = "/module/web/jpage/dataproxy.jsp"
JCMS_INLINE = 45  # the records a JCMS column page holds itself: three pages of 15
JCMS_PER_PAGE = 15
TRS_PER_PAGE = 15
FEED_PER_PAGE = 10
PLAIN_PER_PAGE = 20
SENTENCES = [
    "会议强调，要坚持以人民为中心的发展思想，切实把各项工作抓实抓细抓到位。",
    "各地各部门要进一步提高政治站位，压实工作责任，确保各项任务落地见效。",
    "要聚焦群众急难愁盼问题，持续优化政务服务，提升办事效率和群众满意度。",
    "下一步，我市将进一步健全工作机制，加强统筹协调，形成工作合力。",
    "要严格落实信息公开审查制度，确保公开内容准确、规范、及时。",
]


@dataclass
class Item:
    n: int
    day: date
    url: str

    @property
    def title(self) -> str:
        return f"市数据资源管理局第{self.n}期政务数据共享工作简报"


# -- the sites ---------------------------------------------------------------------------------

def head(title: str, column: str = "", extra: str = "") -> str:
    meta = f'<meta name="ColumnName" content="{html.escape(column)}">' if column else ""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="SiteName" content="{SITE_NAME}">{meta}{extra}</head>\n<body>\n'
            f'<div class="header"><a href="/">{SITE_NAME}</a></div>\n')


def frame(title: str, column: str, column_url: str, inner: str, extra: str = "") -> str:
    return (head(f"{title}_{SITE_NAME}", column, extra)
            + f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="{column_url}">{column}</a></div>\n'
            + f'<div class="content"><h2>{column}</h2>\n{inner}\n</div>\n'
            + '<div class="footer">主办：云山市人民政府办公室</div>\n</body></html>\n')


def article(item: Item, column: str, column_url: str) -> str:
    body = "".join(f"<p>{SENTENCES[(item.n + k) % len(SENTENCES)]}</p>" for k in range(4))
    meta = f'<meta name="PubDate" content="{item.day:%Y-%m-%d} 09:30">'
    return (head(f"{item.title}_{SITE_NAME}", column, meta)
            + f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="{column_url}">{column}</a></div>\n'
            + f'<h1>{item.title}</h1><div class="info">发布时间：{item.day:%Y-%m-%d} 09:30</div>\n'
            + f'<div class="article-content">{body}</div>\n</body></html>\n')


def items_for(count: int, url_of) -> list[Item]:
    return [Item(n, AS_OF - timedelta(days=n // 3), url_of(n, AS_OF - timedelta(days=n // 3)))
            for n in range(1, count + 1)]


def write_site(root: Path, column: str, column_url: str, files: dict[str, str], items: list[Item]) -> None:
    files = dict(files)
    files["/index.html"] = (head(SITE_NAME) + f'<div class="nav"><a href="/">首页</a> <a href="{column_url}">{column}</a></div>\n'
                            + "<p>欢迎访问。</p>\n</body></html>\n")
    for item in items:
        files[item.url] = article(item, column, column_url)
    for url, text in files.items():
        path = root / url.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def li(item: Item, href: str | None = None, date_html: str | None = None) -> str:
    return (f'<li><a href="{href or item.url}" target="_blank">{item.title}</a>'
            f'<span>{date_html if date_html is not None else item.day.isoformat()}</span></li>')


def plain_site(root: Path, items: list[Item], column: str, folder: str) -> None:
    """The same column as plain HTML: <ul> lists of 20 linked by an <a> pager."""
    pages = [items[i:i + PLAIN_PER_PAGE] for i in range(0, len(items), PLAIN_PER_PAGE)]
    files = {}
    for p, chunk in enumerate(pages):
        pager = " ".join(f'<a href="{"index.html" if q == 0 else f"index_{q}.html"}">{q + 1}</a>' for q in range(len(pages)))
        name = "index.html" if p == 0 else f"index_{p}.html"
        files[folder + name] = frame(column, column, folder, f'<ul class="list">{"".join(li(i) for i in chunk)}</ul>\n'
                                     f'<div class="page">{pager}</div>')
    write_site(root, column, folder, files, items)


def jcms_site(root: Path, count: int) -> list[Item]:
    column, folder = "部门动态", "/col/col100/"
    items = items_for(count, lambda n, d: f"/art/{d.year}/{d.month}/{d.day}/art_100_{n}.html")
    fields = {"webid": "1", "path": "/", "columnid": "100", "unitid": "200", "webname": SITE_NAME, "permissiontype": "0"}
    nextgroup = f'<a href="{PROXY}?page=1&' + "&".join(f"{k}={quote(v, safe='/')}" for k, v in fields.items()) + '"></a>'
    records = "\n".join(f"<record><![CDATA[{li(i)}]]></record>" for i in items[:JCMS_INLINE])
    inner = (f'<div id="200"><script type="text/xml"><datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup>'
             f"<recordset>\n{records}\n</recordset></datastore></script></div>\n"
             f"<script>jpage({{unitid: '200', perPage: {JCMS_PER_PAGE}, proxyUrl: '{PROXY}'}});</script>")
    files = {folder + "index.html": frame(column, column, folder + "index.html", inner),
             "/_tpl/dataproxy.json": json.dumps({"100": {"unitid": "200", "nextgroup": nextgroup,
                                                         "records": [li(i) for i in items]}}, ensure_ascii=False)}
    write_site(root, column, folder + "index.html", files, items)
    return items


def trs_site(root: Path, pages: int) -> list[Item]:
    column, folder = "公示公告", "/gsgg/"
    items = items_for(pages * TRS_PER_PAGE, lambda n, d: f"{folder}{d:%Y%m}/t{d:%Y%m%d}_{n}.shtml")
    files = {}
    for p in range(pages):
        chunk = items[p * TRS_PER_PAGE:(p + 1) * TRS_PER_PAGE]
        rows = "".join(li(i, "." + i.url.removeprefix(folder[:-1]),
                          f'<script>document.write("{i.day:%Y-%m-%d} 09:30:00".substring(0,10));</script>')
                       for i in chunk)
        inner = (f'<ul class="list">{rows}</ul>\n'
                 f'<div class="page"><script>createPageHTML({pages}, {p}, "index", "shtml");</script></div>')
        files[folder + ("index.shtml" if p == 0 else f"index_{p}.shtml")] = frame(column, column, folder, inner)
    write_site(root, column, folder, files, items)
    return items


FEED_SCRIPT = """<script>
(function () {
  var current = 1, last = 1, list = document.getElementById('list'), next = document.getElementById('next');
  function load(n) {
    fetch('/zwxx/data/list_' + n + '.json').then(function (r) { return r.json(); }).then(function (data) {
      current = data.page; last = data.pages; list.innerHTML = '';
      data.list.forEach(function (item) {
        var li = document.createElement('li'), a = document.createElement('a'), span = document.createElement('span');
        a.href = item.url; a.textContent = item.title; span.textContent = item.pubDate;
        li.appendChild(a); li.appendChild(span); list.appendChild(li);
      });
      next.disabled = current >= last;
    });
  }
  next.onclick = function () { if (current < last) load(current + 1); };
  load(1);
})();
</script>"""


def feed_site(root: Path, count: int) -> list[Item]:
    column, folder = "政务信息", "/zwxx/"
    items = items_for(count, lambda n, d: f"{folder}{d:%Y%m}/t{d:%Y%m%d}_{n}.html")
    pages = [items[i:i + FEED_PER_PAGE] for i in range(0, len(items), FEED_PER_PAGE)]
    files = {folder + "index.html": frame(column, column, folder, '<ul class="list" id="list"></ul>\n'
                                          '<div class="page"><button type="button" id="next">下一页</button></div>\n'
                                          + FEED_SCRIPT)}
    for n, chunk in enumerate(pages, 1):
        files[f"{folder}data/list_{n}.json"] = json.dumps(
            {"page": n, "pages": len(pages), "list": [{"title": i.title, "url": i.url, "pubDate": i.day.isoformat()}
                                                       for i in chunk]}, ensure_ascii=False)
    write_site(root, column, folder, files, items)
    return items


# -- measuring -----------------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    wall: float
    peak_main_mb: float
    peak_tree_mb: float
    pages: int | None = None
    column: dict | None = None
    lists: dict | None = None
    rc: int | None = None


def _rss_kb(pid: int, field: str, source: str = "status") -> int:
    with contextlib.suppress(OSError):
        with open(f"/proc/{pid}/{source}") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    return 0


def scan(name: str, url: str, work: Path, timeout: float) -> Result:
    """One `inspector scan` in its own session; peak RSS of its process (VmHWM) and peak memory of
    its whole tree: the largest sum of PSS seen, polled every 0.1 s, Chromium's processes included
    (PSS shares pages between processes, so Chromium's shared libraries are not counted ten times)."""
    work.mkdir(parents=True, exist_ok=True)
    cmd = [*crawl_bench._inspector_exe(), "scan", url, "--fast", "--no-a11y", "--no-external", "--format", "json",
           "--as-of", AS_OF.isoformat(), "--out", str(work / "out"), "--db", str(work / "h.sqlite3")]
    with open(work / "scan.log", "wb") as log:
        started = time.monotonic()
        proc = crawl_bench._spawn(cmd, stdout=log, stderr=log, cwd=work)
        main_kb = tree_kb = 0
        while proc.poll() is None:
            main_kb = max(main_kb, _rss_kb(proc.pid, "VmHWM:"))
            tree_kb = max(tree_kb, sum(_rss_kb(p, "Pss:", "smaps_rollup") for p in crawl_bench._tree_pids(proc.pid)))
            if time.monotonic() - started > timeout:
                crawl_bench._kill_tree(proc)
                break
            time.sleep(0.1)
        wall = time.monotonic() - started
    with contextlib.suppress(ValueError):
        crawl_bench._CHILDREN.remove(proc)
    result = Result(name, wall, main_kb / 1024, max(tree_kb, main_kb) / 1024, rc=proc.returncode)
    with contextlib.suppress(OSError, ValueError):
        doc = json.loads((work / "out" / "findings.json").read_text(encoding="utf-8"))
        result.pages = doc["stats"]["pages"]
        result.lists = doc["stats"].get("lists")
        result.column = max(doc["columns"], key=lambda c: c["item_count"], default=None)
    return result


def serve(root: Path, timeout: float, name: str, work: Path, repeat: int) -> Result:
    runs = []
    with DemoServer(root=root) as server:
        for r in range(repeat):
            runs.append(scan(name, server.base_url, work / f"{root.name}-{r}", timeout))
    best = sorted(runs, key=lambda r: r.wall)[len(runs) // 2]  # the median run
    best.wall = statistics.median(r.wall for r in runs)
    return best


def render_timing(root: Path) -> tuple[float, int, float] | str:
    """ListRenderer alone on the script-fed column: (seconds, snapshots, seconds of the first
    load and settle), or why it could not run."""
    from inspector.browser.chromium import BrowserOptions, BrowserUnavailable, missing_browser
    from inspector.browser.render import ListRenderer

    missing = missing_browser(BrowserOptions())
    if missing:
        return missing
    with DemoServer(root=root) as server:
        renderer = ListRenderer(BrowserOptions(allowed_hosts=("127.0.0.1",)), max_clicks=0, budget_seconds=600)
        try:
            renderer.render(server.base_url)  # starts the browser: once per scan, not part of a list's cost
            load = renderer.render(server.base_url + "zwxx/").seconds  # no clicks: load and settle only
            renderer.max_clicks = 1000
            whole = renderer.render(server.base_url + "zwxx/")
        except BrowserUnavailable as exc:
            return str(exc)
        finally:
            renderer.close()
    return whole.seconds, len(whole.snapshots), load


def fmt_result(r: Result) -> str:
    col = r.column or {}
    lists = r.lists or {}
    how = (f"datastore groups {lists.get('datastore_requests', 0)}, renders {lists.get('renders', 0)}"
           if lists else "")
    return (f"| {r.name} | {r.pages} | {col.get('item_count')} | {col.get('status')} / {col.get('read_via')} | "
            f"{r.wall:.1f} | {r.peak_main_mb:.0f} | {r.peak_tree_mb:.0f} | {how} |")


def renders_needed(per_render: tuple[float, int, float] | str) -> list[str]:
    """Renders for crawl_bench's 5,000-page site if its 20 columns were script-fed lists."""
    with tempfile.TemporaryDirectory(prefix="inspector-listbench-") as tmp:
        site = crawl_bench.generate_site(Path(tmp), 5000)
    ncol = len(crawl_bench.COLUMNS)
    per_col = site.list_pages // ncol
    out = [f"crawl_bench site: {site.pages} pages, {ncol} columns, {site.list_pages} list pages "
           f"({per_col} per column, {crawl_bench.ITEMS_PER_LIST} items each), {site.articles} articles",
           f"- one list page per column, paged by a script 下一页 button: {ncol} renders, "
           f"{site.list_pages - ncol} clicks inside them (max_clicks 50 per render is enough for {per_col - 1})",
           f"- every list page its own address whose list a script fills: {site.list_pages} renders "
           f"(the default [render] max_pages 200 is reached: {max(0, site.list_pages - 200)} list pages "
           f"left unread and reported)",
           "- JCMS data stores and TRS script pagers: 0 renders (read from the page and dataproxy.jsp)"]
    if isinstance(per_render, tuple):
        seconds, snapshots, load = per_render
        click = (seconds - load) / max(1, snapshots - 1)
        out.append(f"- at the measured {load:.2f} s per page load and {click:.2f} s per click: "
                   f"{ncol * load + (site.list_pages - ncol) * click:.0f} s of rendering for the first case, "
                   f"{min(site.list_pages, 200) * load:.0f} s for the second (one browser, one page at a time)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="inspector CMS list benchmark (see the module docstring)")
    parser.add_argument("--jcms-items", type=int, default=300)
    parser.add_argument("--trs-pages", type=int, default=20)
    parser.add_argument("--feed-items", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1, help="scans per site; the median is printed")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per scan before it is killed")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (sites, logs, outputs)")
    args = parser.parse_args(argv)
    if min(args.jcms_items, args.trs_pages, args.feed_items, args.repeat) < 1:
        parser.error("counts must be positive")
    tmp = Path(tempfile.mkdtemp(prefix="inspector-listbench-"))
    try:
        print(f"inspector code: {crawl_bench._code_version()}", flush=True)
        sites = []
        items = jcms_site(tmp / "jcms", args.jcms_items)
        plain_site(tmp / "jcms-plain", items, "部门动态", "/col/col100/")
        sites += [("JCMS data store", tmp / "jcms"), ("  same items, plain HTML", tmp / "jcms-plain")]
        items = trs_site(tmp / "trs", args.trs_pages)
        plain_site(tmp / "trs-plain", items, "公示公告", "/gsgg/")
        sites += [("TRS script pager", tmp / "trs"), ("  same items, plain HTML", tmp / "trs-plain")]
        items = feed_site(tmp / "feed", args.feed_items)
        plain_site(tmp / "feed-plain", items, "政务信息", "/zwxx/")
        sites += [("script-fed, rendered", tmp / "feed"), ("  same items, plain HTML", tmp / "feed-plain")]
        print(f"columns: JCMS {args.jcms_items} items ({JCMS_INLINE} on the page), TRS {args.trs_pages} pages of "
              f"{TRS_PER_PAGE}, script-fed {args.feed_items} items ({FEED_PER_PAGE} per JSON page, one 下一页 button)",
              flush=True)
        print("\n| site | pages | column items | status / read_via | wall s | inspector peak RSS MB | tree peak PSS MB | reader |")
        print("|---|---:|---:|---|---:|---:|---:|---|")
        for name, root in sites:
            print(fmt_result(serve(root, args.timeout, name.strip(), tmp / "runs", args.repeat)), flush=True)
        timing = render_timing(tmp / "feed")
        print()
        if isinstance(timing, tuple):
            seconds, snapshots, load = timing
            print(f"ListRenderer alone, script-fed column: {snapshots} list states in {seconds:.2f} s "
                  f"(load and settle {load:.2f} s, {(seconds - load) / max(1, snapshots - 1):.2f} s per 下一页 click)")
        else:
            print(f"ListRenderer alone: not run ({timing})")
        print("\nRenders for a 5,000-page site with 20 script-fed columns:")
        for line in renders_needed(timing):
            print(line)
    finally:
        for proc in list(crawl_bench._CHILDREN):
            crawl_bench._kill_tree(proc)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
