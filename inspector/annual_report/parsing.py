"""Report text → its section headings and tables 二, 三, 四, read by row labels.

A row is a line whose last cells are numbers. Which table it belongs to comes from its label
(the row labels of the national format are distinctive) or, for a row without a recognisable
label, from where it stands (the section, or the table of the row before). What cannot be read
is kept as an `Unread` note, so the checks say "表三第 N 行无法识别" instead of guessing.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rules import load_data

DATA_FILE = "annual_report/annual_report.toml"
TABLE_NAMES = {2: "表二", 3: "表三", 4: "表四"}
_TABLE4_SIZE = 15
_NUMBER = re.compile(r"^-?\d+(?:,\d{3})*(?:\.\d+)?$")
_HEADING_NUMBER = r"(?:[一二三四五六七八九十]+[、.]|第[一二三四五六七八九十]+部分[、：:]?)?"
_HEADING_MAX = 40  # a heading line is short; prose mentioning a section's words is not a heading
_LABEL_MAX = 120  # a row label (repeated by merged cells) is shorter; a longer line is prose


@cache
def report_data() -> dict[str, Any]:
    return load_data(DATA_FILE)


@dataclass
class Row:
    line: int  # 1-based line of the text
    label: str
    values: list[float | None]  # None: an empty cell
    raw: str


@dataclass
class Unread:
    """A table row or a table that could not be read; checks that need it are not made."""

    table: int
    message: str
    line: int | None = None


@dataclass
class ParsedReport:
    lines: list[str]
    headings: dict[str, int] = field(default_factory=dict)  # section number → line
    table2: dict[str, Row] = field(default_factory=dict)  # row key → row
    table3: dict[str, Row] = field(default_factory=dict)
    table4: Row | None = None
    seen_tables: set[int] = field(default_factory=set)  # tables with at least one row read
    unread: list[Unread] = field(default_factory=list)
    year: int | None = None

    def section_text(self, number: str) -> str | None:
        """The text under a section heading up to the next heading, or None without the heading."""
        start = self.headings.get(number)
        if start is None:
            return None
        after = sorted(line for line in self.headings.values() if line > start)
        end = after[0] - 1 if after else len(self.lines)
        return "\n".join(self.lines[start:end])


def normalize_label(text: str) -> str:
    text = text.replace("(", "（").replace(")", "）").replace("．", ".")
    return re.sub(r"[\s\u3000]+", "", text)


_NO_VALUE = {"—", "——", "-", "－", "/", "／", "无"}  # a cell left blank on purpose: not a number, not a label


def split_row(line: str) -> tuple[str, list[str]]:
    """(label, value cells): the trailing cells that are numbers (full-width digits too), empty
    between tabs, or a dash; a dash or an empty cell gives no value (None), never a zero."""
    tabbed = "\t" in line
    cells = [unicodedata.normalize("NFKC", c).strip() for c in (line.split("\t") if tabbed else line.split())]
    while cells and not cells[-1]:
        cells.pop()
    end = len(cells)
    start = end
    while start > 0 and (_NUMBER.match(cells[start - 1]) or cells[start - 1] in _NO_VALUE
                         or (tabbed and not cells[start - 1])):
        start -= 1
    values = ["" if c in _NO_VALUE else c for c in cells[start:end]]
    if not any(values):
        return " ".join(c for c in cells if c), []
    return " ".join(c for c in cells[:start] if c), values


def _number(cell: str) -> float | None:
    if not cell:
        return None
    value = float(cell.replace(",", ""))
    return int(value) if value.is_integer() else value


def _heading_number(line: str) -> str | None:
    text = normalize_label(line)
    if not text or len(text) > _HEADING_MAX or "。" in text:
        return None
    sections = report_data()["sections"]
    for section in sections:
        if re.fullmatch(_HEADING_NUMBER + f"(?:{section['pattern']})[：:]?", text):
            return section["number"]
    if split_row(line)[1]:
        return None  # a table row such as 四、结转下年度继续办理 0 0 …
    for section in sections:
        if re.match(f"{section['number']}[、.]", text) and re.search(section["core"], text):
            return section["number"]
    return None


def _match(label: str, rows: list[dict]) -> dict | None:
    text = normalize_label(label)
    if not text:
        return None
    return next((row for row in rows if re.search(row["pattern"], text)), None)


def find_year(text: str) -> int | None:
    head = "\n".join(text.strip().splitlines()[:12])
    for pattern in report_data()["year_patterns"]:
        found = re.search(pattern, head) or re.search(pattern, text[:3000])
        if found:
            return int(found.group(1))
    return None


_SECTION_TABLE = {"二": 2, "三": 3, "四": 4}


def parse_report(text: str) -> ParsedReport:
    data = report_data()
    lines = text.splitlines()
    report = ParsedReport(lines=lines, year=find_year(text))
    context: int | None = None  # the table the next unlabelled row belongs to
    pending = ""  # short label-only lines just before a row: a label wrapped over lines
    counts = {2: 0, 3: 0, 4: 0}
    for number, raw in _logical_lines(lines):
        heading = _heading_number(raw)
        if heading is not None:
            report.headings.setdefault(heading, number)
            context = _SECTION_TABLE.get(heading)
            pending = ""
            continue
        label, cells = split_row(raw)
        if not cells:
            short = normalize_label(label)
            # Only the end of a wrapped label matters; older short lines (navigation) are dropped.
            pending = (pending + label)[-_HEADING_MAX:] if short and len(short) <= _HEADING_MAX and "。" not in short else ""
            continue
        if "。" in label or len(normalize_label(label)) > _LABEL_MAX:
            pending = ""
            continue  # prose that happens to end in a number
        values = [_number(c) for c in cells]
        row3 = _match(label, data["table3_rows"]) or (_match(pending + label, data["table3_rows"]) if pending else None)
        row2 = _match(label, data["table2"]) or (_match(pending + label, data["table2"]) if pending else None)
        pending = ""
        if row2 is not None and (row3 is None or context == 2):
            context = 2
            counts[2] += 1
            _take(report, 2, row2, Row(number, label, values, raw), counts[2])
        elif row3 is not None:
            context = 3
            counts[3] += 1
            _take(report, 3, row3, Row(number, label, values, raw), counts[3])
        elif (context == 4 and len(values) >= 5) or (not label and len(values) == _TABLE4_SIZE):
            # Table 四's data row has no label: known by its place, or by its fifteen numbers
            # (a Word file read paragraphs first puts every table after the last section).
            counts[4] += 1
            _take_table4(report, Row(number, label, values, raw), counts[4])
        elif context in (2, 3, 4):
            counts[context] += 1
            report.seen_tables.add(context)
            shown = normalize_label(label) or "缺少行名"
            report.unread.append(Unread(context, f"{TABLE_NAMES[context]}第 {counts[context]} 行无法识别"
                                                 f"（第 {number} 行：{shown}，"
                                                 f"{sum(v is not None for v in values)} 个数）", number))
    return report


def _logical_lines(lines: list[str]):
    """(line number, text), a label line followed by lines of one number each joined into one row:
    some PDF writers put every table cell on a line of its own."""
    index = 0
    while index < len(lines):
        raw = lines[index]
        stacked = []
        after = index + 1
        while after < len(lines) and "\t" not in lines[after] and (
                _NUMBER.match(lines[after].strip()) or not lines[after].strip()):
            if lines[after].strip():  # blank lines: a page break inside the table
                stacked.append(lines[after].strip())
            after += 1
        label = normalize_label(raw)
        if stacked and label and "\t" not in raw and len(label) <= _LABEL_MAX and "。" not in label \
                and not split_row(raw)[1] and _heading_number(raw) is None:
            yield index + 1, " ".join([raw.strip(), *stacked])
            index = after
            continue
        yield index + 1, raw
        index += 1


def _take(report: ParsedReport, table: int, spec: dict, row: Row, ordinal: int) -> None:
    report.seen_tables.add(table)
    name = TABLE_NAMES[table]
    expected = len(spec["values"]) if table == 2 else len(report_data()["table3"]["columns"])
    target = report.table2 if table == 2 else report.table3
    values = row.values
    if len(values) > expected and not any(v is not None for v in values[:len(values) - expected]):
        values = values[len(values) - expected:]  # empty cells in front of the numbers
    row.values = values
    if spec["key"] in target:
        report.unread.append(Unread(table, f"{name}第 {ordinal} 行无法识别（第 {row.line} 行：“{spec['label']}”出现了两次，"
                                           "只核对第一次出现的）", row.line))
        return
    if len(values) != expected:
        report.unread.append(Unread(table, f"{name}第 {ordinal} 行无法识别（第 {row.line} 行：“{spec['label']}”"
                                           f"应有 {expected} 个数，读到 {len(values)} 个）", row.line))
        return
    target[spec["key"]] = row


def _take_table4(report: ParsedReport, row: Row, ordinal: int) -> None:
    report.seen_tables.add(4)
    expected = len(report_data()["table4"]["groups"]) * len(report_data()["table4"]["columns"])
    if report.table4 is None and len(row.values) == expected:
        report.table4 = row
        return
    report.unread.append(Unread(4, f"表四第 {ordinal} 行无法识别（第 {row.line} 行：应有 {expected} 个数，"
                                   f"读到 {len(row.values)} 个）", row.line))
