"""Write tests/fixtures/parse_golden/records.json: the Page record that extract_page makes of a
varied set of saved pages, as the history stores it (Page.to_dict through JSON).

tests/test_parse_golden.py extracts the same pages with the current code and compares every field
with this file, so a change that only makes extraction faster can prove it changed no record.

How the committed file was made: on main at 25c7d07 (before issue 18's cheaper parse), with

    .venv/bin/python tools/make_parse_golden.py --copy-bench-pages
    .venv/bin/python tools/make_parse_golden.py

The first run also copies a few pages of bench/crawl_bench.py's generated site (homepage, column
lists, articles, footer pages) into tests/fixtures/parse_golden/bench_site/, so the test does not
depend on the generator staying the same. Only regenerate the records on purpose: when an
extraction change is meant to change records, and say so in the commit.

The inputs (see inputs()): every HTML page under tests/fixtures/, the demo site's pages, the
copied bench pages and, when present, the real pages of ../shared/corpus/real_pages/. Each is
decoded by decode_html (with the Content-Type its server would send) and extracted at a fixed
reference date; URLs are made up per file where the real one is not known (the page's own
links then resolve against it, the same way for old and new code).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from inspector.extract.decode import decode_html  # noqa: E402
from inspector.extract.page import extract_page  # noqa: E402
from inspector.model import Page  # noqa: E402

GOLDEN = REPO / "tests" / "fixtures" / "parse_golden"
RECORDS = GOLDEN / "records.json"
BENCH_PAGES = GOLDEN / "bench_site"
FIXTURES = REPO / "tests" / "fixtures"
DEMO = REPO / "inspector" / "demo_site" / "www"
CORPUS = REPO.parent / "shared" / "corpus" / "real_pages"
REFERENCE = date(2021, 12, 31)  # the demo site's and the bench's monitoring point
# The bench site's pages kept as fixtures: homepage, first/middle/last list pages, articles, footer.
_BENCH_KEEP = ("index.html", "col1/index.html", "col3/index_5.html", "col7/index_11.html", "about.html",
               "sitemap.html", "contact.html")
_BENCH_ARTICLES = 4


def inputs() -> list[dict]:
    """(key, file, url, content type, is_home) of every page, in a stable order. The key says
    where the page comes from; real-corpus pages are marked, so the test can tell a missing
    corpus from a missing record."""
    found = []
    for path in sorted(FIXTURES.rglob("*.htm*")):
        if GOLDEN in path.parents:
            continue
        rel = path.relative_to(FIXTURES).as_posix()
        is_home = rel.endswith("sites/bad/index.html") or rel.endswith("sites/good/index.html")
        found.append(_input(f"fixtures/{rel}", path, f"http://www.example.gov.cn/{rel}", "text/html", is_home))
    for path in sorted(DEMO.rglob("*.*htm*")):
        rel = path.relative_to(DEMO).as_posix()
        if rel.startswith("_tpl/"):
            continue
        url = "http://127.0.0.1:8000/" + (rel[:-len("index.html")] if rel.endswith("/index.html") else rel)
        if rel == "index.html":
            url = "http://127.0.0.1:8000/"
        # as the demo server sends them (server.HEADER_CHARSET)
        content_type = "text/html; charset=GBK" if rel.startswith("zwgk/zcwj/") else "text/html"
        found.append(_input(f"demo/{rel}", path, url, content_type, rel == "index.html"))
    for path in sorted(BENCH_PAGES.rglob("*.html")):
        rel = path.relative_to(BENCH_PAGES).as_posix()
        url = "http://127.0.0.1:8080/" + ("" if rel == "index.html" else
                                          rel[:-len("index.html")] if rel.endswith("/index.html") else rel)
        found.append(_input(f"bench/{rel}", path, url, "text/html", rel == "index.html"))
    if CORPUS.is_dir():
        for path in sorted(CORPUS.rglob("*.htm*")):
            rel = path.relative_to(CORPUS).as_posix()
            found.append(_input(f"corpus/{rel}", path, f"http://www.example.gov.cn/real/{rel}", "", False))
    return found


def _input(key: str, path: Path, url: str, content_type: str, is_home: bool) -> dict:
    return {"key": key, "path": path, "url": url, "content_type": content_type, "is_home": is_home}


def record(source: dict) -> dict:
    """The page's record as the history stores it (JSON types: tuples become lists)."""
    text, encoding = decode_html(source["path"].read_bytes(), source["content_type"])
    page = Page(url=source["url"], final_url=source["url"], status=200, content_type=source["content_type"],
                encoding=encoding)
    extract_page(page, text, REFERENCE, is_home=source["is_home"])
    return json.loads(json.dumps(page.to_dict(), ensure_ascii=False))


def copy_bench_pages() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from crawl_bench import generate_site

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        generate_site(site, 5000)
        articles = sorted(p.relative_to(site).as_posix() for p in site.glob("col*/*/t*.html"))
        keep = list(_BENCH_KEEP) + articles[:_BENCH_ARTICLES]
        if BENCH_PAGES.exists():
            shutil.rmtree(BENCH_PAGES)
        for rel in keep:
            target = BENCH_PAGES / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site / rel, target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copy-bench-pages", action="store_true",
                        help="only copy the bench site's sample pages into the fixtures")
    args = parser.parse_args(argv)
    if args.copy_bench_pages:
        copy_bench_pages()
        return 0
    records = {source["key"]: {"url": source["url"], "content_type": source["content_type"],
                               "is_home": source["is_home"], "record": record(source)}
               for source in inputs()}
    RECORDS.parent.mkdir(parents=True, exist_ok=True)
    RECORDS.write_text(json.dumps({"reference": REFERENCE.isoformat(), "pages": records}, ensure_ascii=False,
                                  indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(records)} records written to {RECORDS.relative_to(REPO)} "
          f"({RECORDS.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
