"""WeChat benchmark: article-page parsing on the real corpus pages, and the whole WeChat stage
(API paging, page reads, saving, link check) plus the rules against the fake WeChat on 127.0.0.1.

    .venv/bin/python bench/wechat_bench.py [--articles 500] [--repeat 3]

Prints medians. Not a test; the fake server shares the machine, so absolute times are upper
bounds for the client side.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector.config import ScanConfig  # noqa: E402
from inspector.engine import run_rules  # noqa: E402
from inspector.site_model import build_site  # noqa: E402
from inspector.store import History  # noqa: E402
from inspector.wechat.article import parse_article  # noqa: E402
from inspector.wechat.settings import parse_wechat  # noqa: E402
from inspector.wechat.stage import attach, run_wechat  # noqa: E402
from tests.wechat_fake import APPID, SECRET, FakeArticle, FakeWechat, ts  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real_pages" / "wechat"
BODY = "".join(f"<p>第{n}段：全市数据资源工作稳步推进，推动政务数据共享开放，提升数字政府建设水平。</p>"
               for n in range(40))


def bench_parse(repeat: int) -> None:
    pages = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.html"))]
    if not pages:
        print("parse: ../shared/corpus not present, skipped")
        return
    total = sum(len(text.encode()) for _, text in pages)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _, text in pages:
            parse_article(text, "https://mp.weixin.qq.com/s/x")
        times.append(time.perf_counter() - start)
    t = statistics.median(times)
    print(f"parse: {len(pages)} real pages, {total / 1e6:.1f} MB in {t * 1000:.0f} ms "
          f"({t * 1000 / len(pages):.1f} ms/page, {total / 1e6 / t:.1f} MB/s)")


def bench_stage(articles: int, repeat: int) -> None:
    runs = []
    for _ in range(repeat):
        fake = FakeWechat([FakeArticle(1000 + n, 1, f"工作动态第{n}期", BODY, ts("2021-12-01 09:00") - n * 3600)
                           for n in range(articles)])
        with tempfile.TemporaryDirectory() as tmp:
            table = {"name": "云岭数据", "api_base": fake.base, "appid": APPID, "fetch_delay": 0,
                     "max_articles": articles}
            config = ScanConfig(site_name="bench", start_urls=["http://127.0.0.1:9/"], as_of=date(2021, 12, 31),
                                wechat=parse_wechat(table, Path(tmp)))
            history = History(Path(tmp) / "h.sqlite3")
            scan_id = history.start_scan("bench", config.start_urls, "2021-12-31", "x", tmp, {})
            start = time.perf_counter()
            run_wechat(config, history, scan_id, environ={"INSPECTOR_WX_SECRET": SECRET})
            stage = time.perf_counter() - start
            site = build_site("bench", config.start_urls, config.as_of, [])
            start = time.perf_counter()
            attach(site, history, scan_id)
            run_rules(site)
            rules = time.perf_counter() - start
            history.close()
        fake.stop()
        runs.append((stage, rules))
    stage, rules = (statistics.median(r[i] for r in runs) for i in (0, 1))
    print(f"stage: {articles} articles (API in {-(-articles // 20)} pages, every page read, saved) in {stage:.2f} s "
          f"({articles / stage:.0f} articles/s); rules over them {rules:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bench_parse(args.repeat)
    bench_stage(args.articles, args.repeat)


if __name__ == "__main__":
    main()
