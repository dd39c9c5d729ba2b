"""A report file → text lines, a table row being one line of tab-separated cells.

Every format ends as the same kind of text so that one parser reads them all: Word tables
(python-docx, in document order, merged cells once), HTML tables (one line per <tr>), PDF text
(pypdf, the reader the crawl already uses for attachments; cells are then space-separated) and
plain text as it is.
"""
from __future__ import annotations

import io
import logging
from pathlib import Path

from ..extract.decode import decode_html
from ..extract.html import parse_html
from ..extract.table_text import table_text


class ReportReadError(Exception):
    """The file cannot be read at all; the message is a Chinese sentence for the user."""


SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".shtml", ".txt")


def read_report_file(path: Path) -> str:
    """The text of a report file; a ReportReadError says why it cannot be read."""
    if not path.exists():
        raise ReportReadError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        if suffix in (".doc", ".wps"):
            raise ReportReadError(f"不支持旧版 Word 文件：{path}（请另存为 .docx 后再检查）")
        raise ReportReadError(f"不支持的文件类型：{path}（支持 .docx、.pdf、.html、.txt）")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportReadError(f"无法读取文件 {path}：{exc.strerror}") from None
    return report_text(data, suffix.lstrip("."), str(path))


def report_text(data: bytes, kind: str, name: str = "文件") -> str:
    """Bytes of a report (kind: docx, pdf, html/htm/shtml, txt) → its text lines."""
    try:
        if kind == "docx":
            return docx_text(data)
        if kind == "pdf":
            return pdf_text(data)
    except ReportReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx and pypdf raise many kinds on broken files
        label = "Word" if kind == "docx" else "PDF"
        raise ReportReadError(f"无法打开 {label} 文件 {name}（文件已损坏或不是 {label} 格式：{type(exc).__name__}）") from None
    if kind in ("html", "htm", "shtml"):
        return html_text(decode_html(data)[0])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def docx_text(data: bytes) -> str:
    from docx import Document
    from docx.table import Table

    document = Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_docx_table_lines(block))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _docx_table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column it spans: keep it once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        lines.append("\t".join(cells))
    return lines


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data), strict=False)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def html_text(html: str) -> str:
    """Paragraphs one per line and each table row as tab-separated cells, in page order."""
    return table_text(parse_html(html))
