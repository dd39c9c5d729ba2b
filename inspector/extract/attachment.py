"""Text of a downloaded attachment (.pdf, .docx, .xlsx, .txt/.csv, and a best effort for the old
binary .doc/.xls/.wps/.et), for the personal-data check. Pure: bytes in, text out.

Reading never raises: a file that cannot be read gives ("", reason).
"""
from __future__ import annotations

import io
import re
import warnings

READABLE = {"pdf", "docx", "xlsx", "txt", "csv", "doc", "xls", "wps", "et"}
MAX_TEXT = 300_000  # characters kept per attachment
MAX_PDF_PAGES = 300
MAX_SHEET_ROWS = 20_000


def attachment_text(data: bytes, ext: str) -> tuple[str, str]:
    """(text, note): the note says why the text is empty or partial, in Chinese."""
    ext = ext.lower()
    if ext not in READABLE:
        return "", "不读取此类文件"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # broken files warn a lot; they are reported by the note
            text = _READERS[ext](data)
    except Exception as exc:  # noqa: BLE001 - any broken file is a note, never a crash of the crawl
        return "", f"无法读取文件内容（{type(exc).__name__}）"
    if len(text) > MAX_TEXT:
        return text[:MAX_TEXT], f"只读取了前 {MAX_TEXT} 个字符"
    return text, "" if text.strip() else "文件中没有可读取的文字（可能是扫描图片）"


def _pdf(data: bytes) -> str:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data), strict=False)
    parts = []
    for page in reader.pages[:MAX_PDF_PAGES]:
        parts.append(page.extract_text() or "")
    return "\n".join(parts)


def _docx(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    try:
        for sheet in book.worksheets:
            header: list[str] = []
            for index, row in enumerate(sheet.iter_rows(values_only=True)):
                if index >= MAX_SHEET_ROWS:
                    break
                cells = ["" if v is None else _cell(v) for v in row]
                if not any(cells):
                    continue
                if not header and _looks_like_header(cells):
                    header = cells
                    lines.append("\t".join(cells))
                    continue
                # Each value with its column heading, so that 卡号 sits next to the number.
                lines.append("\t".join(f"{header[i]}：{c}" if i < len(header) and header[i] and c else c
                                       for i, c in enumerate(cells)))
    finally:
        book.close()
    return "\n".join(lines)


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_HEADER_WORDS = re.compile(r"姓名|身份证|证件|手机|电话|卡号|账号|帐号|银行|序号|名称")


def _looks_like_header(cells: list[str]) -> bool:
    return sum(1 for c in cells if c and len(c) <= 12 and _HEADER_WORDS.search(c)) >= 1 and \
        not any(ch.isdigit() for c in cells for ch in c if len(c) > 8)


def _plain(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e\t\r\n]\x00|[\x00-\xff][\x4e-\x9f\x30]|[\x00-\xff]\xff){4,}")
_ASCII_RUN = re.compile(rb"[\x20-\x7e]{6,}")


def _legacy(data: bytes) -> str:
    """Old binary Office/WPS files keep their text as UTF-16LE (Chinese) or single bytes
    (digits): the runs of either are enough to find numbers and the words around them."""
    parts = [m.group().decode("utf-16-le", errors="ignore") for m in _UTF16_RUN.finditer(data)]
    parts += [m.group().decode("ascii") for m in _ASCII_RUN.finditer(data)]
    return "\n".join(p for p in parts if p.strip())


_READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "txt": _plain, "csv": _plain,
            "doc": _legacy, "xls": _legacy, "wps": _legacy, "et": _legacy}
