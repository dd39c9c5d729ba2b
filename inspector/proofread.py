"""`inspector proofread FILE…`: the text rules on drafts before publishing (.txt, .html, .docx)."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from .config import ConfigError, load_config_file, parse_rule_settings, today_shanghai
from .extract.decode import decode_html
from .extract.html import SKIP_TAGS, parse_html
from .model import SEVERITY_RANK
from .text.checks import text_rules
from .text.site_text import context_of

SEVERITY_LABELS = {"veto": "单项否决", "error": "错误", "warning": "警告", "info": "提示"}
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "title", "section",
               "article", "table", "ul", "ol", "dd", "dt", "blockquote", "pre"}


def read_text(path: Path) -> str:
    """The text of a draft: plain text, HTML (one line per block) or Word .docx."""
    if not path.exists():
        raise ConfigError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return _docx_text(path)
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"无法读取文件 {path}：{exc.strerror}") from None
    if suffix in (".html", ".htm", ".shtml", ".xhtml"):
        return _html_text(decode_html(data)[0])
    if suffix in (".txt", ".md", ""):
        return decode_html(data)[0]
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


def _html_text(html: str) -> str:
    root = parse_html(html)
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


def proofread(text: str, published: date, config: dict) -> list[dict]:
    results = []
    for hit in text_rules(config)(text, published, False):
        line = text.count("\n", 0, hit.start) + 1
        column = hit.start - (text.rfind("\n", 0, hit.start) + 1) + 1
        results.append({"line": line, "column": column, "rule": hit.rule, "severity": hit.severity,
                        "evidence": hit.evidence, "suggestion": hit.suggestion, "message": hit.message,
                        "category": hit.category, "context": context_of(text, hit.start, hit.end)})
    results.sort(key=lambda r: (r["line"], r["column"], -SEVERITY_RANK[r["severity"]]))
    return results


def run_proofread(args) -> int:
    config: dict = {}
    if args.config:
        data = load_config_file(Path(args.config))
        config = {k: v for k, v in parse_rule_settings(data).items() if k in ("text", "leaders")}
    published = date.fromisoformat(args.as_of) if args.as_of else today_shanghai()
    report = []
    for name in args.files:
        path = Path(name)
        for result in proofread(read_text(path), published, config):
            report.append({"file": str(path), **result})
    if args.json:
        print(json.dumps({"as_of": published.isoformat(), "findings": report}, ensure_ascii=False, indent=2))
    else:
        for r in report:
            print(f"{r['file']}:{r['line']}:{r['column']}: [{SEVERITY_LABELS[r['severity']]}] {r['message']}"
                  f"　建议：{r['suggestion']}")
        print(f"共发现 {len(report)} 处问题。", file=sys.stderr)
    if args.fail_on == "never":
        return 0
    floor = SEVERITY_RANK[args.fail_on]
    return 1 if any(SEVERITY_RANK[r["severity"]] >= floor for r in report) else 0
