"""`inspector proofread FILE…`: the text rules on drafts before publishing (.txt, .html, .docx)."""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .config import ConfigError, load_config_file, parse_rule_settings, today_shanghai
from .extract.article import doc_metadata, publish_date
from .extract.decode import decode_html
from .extract.html import SKIP_TAGS, meta_tags, parse_html
from .model import SEVERITY_RANK
from .text.checks import text_rules
from .text.script import offered_in_traditional
from .text.site_text import context_of

SEVERITY_LABELS = {"veto": "单项否决", "error": "错误", "warning": "警告", "info": "提示"}
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "title", "section",
               "article", "table", "ul", "ol", "dd", "dt", "blockquote", "pre"}


@dataclass(frozen=True)
class Draft:
    text: str
    published: date | None = None  # the document's own date, where it shows one (HTML pages)
    traditional: bool = False  # offered in traditional script on purpose (lang="zh-Hant", Big5)
    is_page: bool = False  # an HTML page: its date is its own, never assumed to be today


def read_text(path: Path) -> str:
    """The text of a draft: plain text, HTML (one line per block) or Word .docx."""
    return read_draft(path).text


def read_draft(path: Path) -> Draft:
    """A draft's text, and for an HTML page also its own publication date and script."""
    if not path.exists():
        raise ConfigError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return Draft(_docx_text(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"无法读取文件 {path}：{exc.strerror}") from None
    if suffix in (".html", ".htm", ".shtml", ".xhtml"):
        return _html_draft(*decode_html(data))
    if suffix in (".txt", ".md", ""):
        return Draft(decode_html(data)[0])
    raise ConfigError(f"不支持的文件类型：{path}（支持 .txt、.html、.docx）")


def _docx_text(path: Path) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ConfigError(f"无法打开 Word 文件 {path}：{exc}") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


_DOC_NO_YEAR = re.compile(r"[〔\[［【(（]((?:19|20)\d\d)[〕\]］】)）]")


def _html_draft(html: str, encoding: str) -> Draft:
    root = parse_html(html)
    meta = meta_tags(root)
    published, _ = publish_date(root, meta, "")
    if published is None:
        # A policy page without a 发布时间 still dates itself by its 文号 (〔2019〕3号): judged
        # as of the start of that year, so a name renamed during that year is not held against it.
        m = _DOC_NO_YEAR.search(doc_metadata(root).get("doc_no", ""))
        published = date(int(m.group(1)), 1, 1) if m else None
    traditional = offered_in_traditional(lang=root.get("lang"), encoding=encoding,
                                         content_language=meta.get("Content-Language") or meta.get("content-language"))
    return Draft(_html_text(root), published, traditional, is_page=True)


def _html_text(root) -> str:
    parts: list[str] = []

    def walk(el) -> None:
        if isinstance(el.tag, str) and el.tag in SKIP_TAGS:
            if el.tail:
                parts.append(el.tail)
            return
        block = isinstance(el.tag, str) and el.tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if isinstance(el.tag, str) and el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = [" ".join(line.split()) for line in "".join(parts).splitlines()]
    return "\n".join(line for line in lines if line)


def proofread(text: str, published: date | None, config: dict, traditional: bool = False) -> list[dict]:
    """Findings in a draft judged as published on `published` (None: date unknown, outdated
    names are not judged); a text offered in traditional script raises no nonstandard-character finding."""
    results = []
    for hit in text_rules(config)(text, published, False):
        if traditional and hit.rule == "text.nonstandard-char":
            continue
        line = text.count("\n", 0, hit.start) + 1
        column = hit.start - (text.rfind("\n", 0, hit.start) + 1) + 1
        results.append({"line": line, "column": column, "rule": hit.rule, "severity": hit.severity,
                        "evidence": hit.evidence, "suggestion": hit.suggestion, "message": hit.message,
                        "category": hit.category, "context": context_of(text, hit.start, hit.end),
                        "needs_review": hit.needs_review, **({"detector": hit.detector} if hit.detector else {})})
    results.sort(key=lambda r: (r["line"], r["column"], -SEVERITY_RANK[r["severity"]]))
    return results


def run_proofread(args) -> int:
    config: dict = {}
    if args.config:
        data = load_config_file(Path(args.config))
        config = {k: v for k, v in parse_rule_settings(data).items() if k in ("text", "leaders")}
    # A draft is short and read by a person: the statistical typo detector is on unless the config says no.
    config["text"] = {"statistical": True, **config.get("text", {})}
    as_of = date.fromisoformat(args.as_of) if args.as_of else None
    today = today_shanghai()
    report = []
    judged: dict[str, str] = {}
    for name in args.files:
        path = Path(name)
        draft = read_draft(path)
        # --as-of wins; else a page's own date (a 2019 article naming 扶贫办 was right in 2019); a
        # saved page without one is not judged on names (its date is unknown); a draft is judged as of today.
        published = as_of or draft.published or (None if draft.is_page else today)
        if published is None:
            print(f"{path}：页面上没有发布日期，未检查过时机构名称（可用 --as-of 指定发布日期）。", file=sys.stderr)
        judged[str(path)] = published.isoformat() if published else None
        for result in proofread(draft.text, published, config, draft.traditional):
            report.append({"file": str(path), **result})
    if args.json:
        print(json.dumps({"as_of": (as_of or today).isoformat(), "files": judged, "findings": report},
                         ensure_ascii=False, indent=2))
    else:
        for r in report:
            label = "需人工确认" if r["needs_review"] else SEVERITY_LABELS[r["severity"]]
            print(f"{r['file']}:{r['line']}:{r['column']}: [{label}] {r['message']}　建议：{r['suggestion']}")
        print(f"共发现 {len(report)} 处问题。", file=sys.stderr)
    if args.fail_on == "never":
        return 0
    floor = SEVERITY_RANK[args.fail_on]
    return 1 if any(SEVERITY_RANK[r["severity"]] >= floor and not r["needs_review"] for r in report) else 0
