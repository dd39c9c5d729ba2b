"""The checks of one report (sections, table identities, text against tables) and of two
consecutive years (现行有效件数 carried forward). Pure functions over a ParsedReport.

Every problem says where it is (section, table, row, column) and what the number should be.
A check whose rows were not read is not made; it becomes a needs_review problem instead.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .parsing import TABLE_NAMES, ParsedReport, report_data
from .text_numbers import stated_numbers

SECTIONS_RULE = "annual-report.sections"
ARITHMETIC_RULE = "annual-report.arithmetic"


@dataclass
class Problem:
    rule: str
    message: str
    where: str  # e.g. "表三 “（七）总计”行 总计列"
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    expected: float | None = None
    actual: float | None = None
    line: int | None = None
    needs_review: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def _fmt(value: float | None) -> str:
    return "空" if value is None else f"{value:g}"


def check_sections(report: ParsedReport) -> list[Problem]:
    problems = []
    for section in report_data()["sections"]:
        number = section["number"]
        if number in report.headings:
            continue
        title = f"{number}、{section['name']}"
        table = _SECTION_TABLES.get(number)
        if table is not None and table in report.seen_tables:
            problems.append(Problem(
                SECTIONS_RULE, f"未找到第{number}部分“{title}”的标题，但读到了{TABLE_NAMES[table]}的内容，"
                               "可能是提取时丢失了标题，请人工核对", where=f"第{number}部分", section=title,
                needs_review=True))
        else:
            problems.append(Problem(SECTIONS_RULE, f"缺少第{number}部分“{title}”（全国统一格式的六个部分缺一不可）",
                                    where=f"第{number}部分", section=title))
    return problems


_SECTION_TABLES = {"二": 2, "三": 3, "四": 4}


def check_tables(report: ParsedReport) -> list[Problem]:
    problems = [Problem(ARITHMETIC_RULE, note.message, where=TABLE_NAMES[note.table], table=TABLE_NAMES[note.table],
                        line=note.line, needs_review=True) for note in report.unread]
    problems += _table2(report)
    problems += _table3(report)
    problems += _table4(report)
    return problems


def _table2(report: ParsedReport) -> list[Problem]:
    """Table 二 has no sum inside it: what is missing is said, for the text and the next year's checks."""
    if 2 not in report.seen_tables:
        if "二" in report.headings:
            return [_cannot("未能读取表二（主动公开政府信息情况），其数字未核对", "表二")]
        return []
    missing = [row for row in report_data()["table2"] if row["key"] not in report.table2]
    if not missing:
        return []
    labels = {row["key"]: row["label"] for row in missing}
    return [_cannot(f"表二未读到{_names(list(labels), labels)}（表格可能不完整），这些行未核对", "表二")]


def _table3(report: ParsedReport) -> list[Problem]:
    if 3 not in report.seen_tables:
        if "三" in report.headings:
            return [Problem(ARITHMETIC_RULE, "未能读取表三（收到和处理政府信息公开申请情况），其数字未核对"
                            "（表格可能是图片，或提取时丢失）", where="表三", table="表三", needs_review=True)]
        return []
    data = report_data()
    columns = data["table3"]["columns"]
    labels = {row["key"]: row["label"] for row in data["table3_rows"]}
    rows = report.table3
    problems = []
    for key, row in rows.items():
        values = row.values
        if all(v is not None for v in values) and sum(values[:6]) != values[6]:
            problems.append(_arith(f"表三“{labels[key]}”行：总计应为自然人与五类法人或其他组织之和 {_fmt(sum(values[:6]))}，"
                                   f"表中为 {_fmt(values[6])}", "表三", labels[key], columns[6], sum(values[:6]),
                                   values[6], row.line))
    blanks = [f"“{labels[key]}”行{columns[i]}列" for key, row in rows.items()
              for i, value in enumerate(row.values) if value is None]
    if blanks:
        problems.append(_cannot(f"表三有 {len(blanks)} 个空白或划线的单元格（{'、'.join(blanks[:3])}"
                                f"{'等' if len(blanks) > 3 else ''}），用到它们的合计未核对", "表三"))
    handled = [row["key"] for row in data["table3_rows"]
               if row["key"] not in ("new", "carried_in", "total", "carried_out")]
    problems += _sum_check(rows, handled, "total", "表三", labels, columns,
                           "（七）总计应为（一）至（六）各项之和")
    missing = [k for k in ("new", "carried_in", "total", "carried_out") if k not in rows]
    if missing:
        problems.append(_cannot(f"表三缺少{_names(missing, labels)}，无法核对“收到的申请 = 办理的 + 结转下年的”",
                                "表三"))
    else:
        for index, column in enumerate(columns):
            inflow = _get(rows, "new", index), _get(rows, "carried_in", index)
            outflow = _get(rows, "total", index), _get(rows, "carried_out", index)
            if None in inflow or None in outflow:
                continue
            if sum(inflow) != sum(outflow):
                problems.append(_arith(
                    f"表三{column}列：本年新收 {_fmt(inflow[0])} + 上年结转 {_fmt(inflow[1])} = {_fmt(sum(inflow))}，"
                    f"应等于办理结果总计 {_fmt(outflow[0])} + 结转下年度 {_fmt(outflow[1])} = {_fmt(sum(outflow))}",
                    "表三", "一、二 与 （七）、四", column, sum(inflow), sum(outflow), rows["total"].line))
    return problems


def _sum_check(rows, parts: list[str], total: str, table: str, labels, columns, rule_text: str) -> list[Problem]:
    if total not in rows:
        return []
    missing = [k for k in parts if k not in rows]
    if missing:
        return [_cannot(f"{table}缺少或未能识别{_names(missing, labels)}，无法核对{rule_text}", table)]
    problems = []
    for index, column in enumerate(columns):
        values = [_get(rows, k, index) for k in parts]
        stated = _get(rows, total, index)
        if stated is None or None in values:
            continue
        if sum(values) != stated:
            problems.append(_arith(f"{table}“{labels[total]}”行{column}列：{rule_text}，应为 {_fmt(sum(values))}，"
                                   f"表中为 {_fmt(stated)}", table, labels[total], column, sum(values), stated,
                                   rows[total].line))
    return problems


def _table4(report: ParsedReport) -> list[Problem]:
    if report.table4 is None:
        if "四" in report.headings and 4 not in report.seen_tables:
            return [Problem(ARITHMETIC_RULE, "未能读取表四（行政复议、行政诉讼情况），其数字未核对", where="表四",
                            table="表四", needs_review=True)]
        return []
    spec = report_data()["table4"]
    size = len(spec["columns"])
    problems = []
    for index, group in enumerate(spec["groups"]):
        values = report.table4.values[index * size:(index + 1) * size]
        if None in values:
            problems.append(_cannot(f"表四“{group}”有空白单元格，未核对其总计", "表四", report.table4.line))
            continue
        if sum(values[:-1]) != values[-1]:
            problems.append(_arith(f"表四“{group}”：总计应为维持、纠正、其他结果、尚未审结之和 {_fmt(sum(values[:-1]))}，"
                                   f"表中为 {_fmt(values[-1])}", "表四", group, "总计", sum(values[:-1]), values[-1],
                                   report.table4.line))
    return problems


def check_text(report: ParsedReport) -> list[Problem]:
    """Numbers stated in the text (申请 N 件, 规范性文件, 主动公开 N 条, 收费) against the tables."""
    problems = []
    text = report.section_text("一")
    where = "一、总体情况"
    if text is None:
        text, where = "\n".join(report.lines), "正文"
    stated = stated_numbers(text)
    labels = {row["key"]: row["label"] for row in report_data()["table3_rows"]}
    problems += _stated_row(stated.get("requests", []), report, "new", labels, where, "正文称收到申请 {value} 件")
    problems += _stated_row(stated.get("not_held", []), report, "unavailable.1", labels, where,
                            "正文称其中 {value} 件因不属于本机关（非本机关告知书）答复")
    normative = report.table2.get("normative")
    for value, quote in stated.get("normative_issued", []):
        if normative is not None and normative.values[0] is not None and normative.values[0] != value:
            problems.append(Problem(ARITHMETIC_RULE, f"正文称制发规范性文件 {_fmt(value)} 件（“{quote}”），表二“行政规范性文件”"
                                    f"本年制发件数为 {_fmt(normative.values[0])}，两者应一致", where=where, section=where,
                                    table="表二", row="行政规范性文件", column="本年制发件数",
                                    expected=normative.values[0], actual=value, line=normative.line))
    issued = [report.table2[k].values[0] for k in ("rules", "normative") if k in report.table2]
    for value, quote in stated.get("published", []):
        if issued and None not in issued and sum(issued) > value:
            problems.append(Problem(ARITHMETIC_RULE, f"正文称主动公开信息 {_fmt(value)} 条（“{quote}”），少于表二本年制发的"
                                    f"规章和规范性文件 {_fmt(sum(issued))} 件（制发的文件都应主动公开）", where=where,
                                    section=where, table="表二", column="本年制发件数", expected=sum(issued),
                                    actual=value))
    whole = stated_numbers("\n".join(report.lines))
    fee_row = report.table2.get("fees")
    stated_fees = [(v, q) for v, q in whole.get("admin_fees_wan", [])]
    stated_fees += [(round(v / 10000, 4), q) for v, q in whole.get("admin_fees_yuan", [])]
    for value, quote in stated_fees:
        if fee_row is not None and fee_row.values[0] is not None and abs(fee_row.values[0] - value) > 0.00005:
            problems.append(Problem(ARITHMETIC_RULE, f"正文称行政事业性收费 {_fmt(value)} 万元（“{quote}”），表二“行政事业性收费”"
                                    f"本年收费金额为 {_fmt(fee_row.values[0])} 万元，两者应一致", where="正文", table="表二",
                                    row="行政事业性收费", column="本年收费金额（万元）", expected=fee_row.values[0],
                                    actual=value, line=fee_row.line))
    fees = whole.get("fees", [])
    if len({value for value, _ in fees}) > 1:
        quotes = "”与“".join(quote for _, quote in fees)
        problems.append(Problem(ARITHMETIC_RULE, f"报告中信息处理费的金额前后不一致：“{quotes}”", where="正文",
                                section="六、其他需要报告的事项"))
    return problems


def _stated_row(statements, report: ParsedReport, key: str, labels, where: str, said: str) -> list[Problem]:
    problems = []
    row = report.table3.get(key)
    for value, quote in statements:
        intro = said.format(value=_fmt(value)) + f"（“{quote}”）"
        if row is None or row.values[6] is None:
            problems.append(Problem(ARITHMETIC_RULE, f"{intro}，但表三“{labels[key]}”行未能读取，无法核对", where=where,
                                    section=where, table="表三", row=labels[key], column="总计", expected=value,
                                    needs_review=True))
        elif row.values[6] != value:
            problems.append(Problem(ARITHMETIC_RULE, f"{intro}，表三“{labels[key]}”总计为 {_fmt(row.values[6])}，两者应一致",
                                    where=where, section=where, table="表三", row=labels[key], column="总计",
                                    expected=row.values[6], actual=value, line=row.line))
    return problems


def check_carry_forward(previous: ParsedReport, current: ParsedReport) -> list[Problem]:
    """Last year's 现行有效件数 + 本年制发 − 本年废止 = this year's, for 规章 and 规范性文件."""
    problems = []
    for key, label in (("rules", "规章"), ("normative", "行政规范性文件")):
        before, now = previous.table2.get(key), current.table2.get(key)
        if before is None or now is None:
            continue
        in_force_before, (issued, repealed, in_force) = before.values[2], now.values
        if None in (in_force_before, issued, repealed, in_force):
            continue
        expected = in_force_before + issued - repealed
        if expected != in_force:
            problems.append(_arith(
                f"表二“{label}”现行有效件数应为上年 {_fmt(in_force_before)} + 本年制发 {_fmt(issued)} − 本年废止 "
                f"{_fmt(repealed)} = {_fmt(expected)}，表中为 {_fmt(in_force)}"
                + (f"（上年为 {previous.year} 年报告）" if previous.year else ""),
                "表二", label, "现行有效件数", expected, in_force, now.line))
    return problems


MIN_TEXT = 80  # characters: less is an image-only file or a failed extraction, not a report without sections


def check_report(report: ParsedReport) -> list[Problem]:
    if sum(len("".join(line.split())) for line in report.lines) < MIN_TEXT:
        return [Problem(SECTIONS_RULE, "未能从报告中读取到文字（可能是扫描图片或文件已损坏），未作检查，请人工核对",
                        where="全文", needs_review=True)]
    if len(report.headings) <= 1 and not report.seen_tables:
        # Neither the sections nor the tables: more likely not the report's text (a notice, a
        # summary page, an extraction that failed) than a report without five of six sections.
        return [Problem(SECTIONS_RULE, "未识别出年度报告的结构（六个部分的标题和统计表都没有读到），未作检查，"
                        "请确认这是年度报告正文", where="全文", needs_review=True)]
    return check_sections(report) + check_tables(report) + check_text(report)


def _arith(message: str, table: str, row: str, column: str, expected, actual, line: int | None) -> Problem:
    return Problem(ARITHMETIC_RULE, message, where=f"{table} “{row}”行 {column}列", table=table, row=row, column=column,
                   expected=expected, actual=actual, line=line)


def _cannot(message: str, table: str, line: int | None = None) -> Problem:
    return Problem(ARITHMETIC_RULE, message, where=table, table=table, line=line, needs_review=True)


def _get(rows, key: str, index: int):
    return rows[key].values[index]


def _names(keys: list[str], labels: dict[str, str]) -> str:
    shown = "、".join(f"“{labels[k]}”" for k in keys[:4])
    return shown + (f"等 {len(keys)} 行" if len(keys) > 4 else "行")
