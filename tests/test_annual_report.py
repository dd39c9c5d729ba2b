"""政府信息公开工作年度报告 checks on report files: the real 淄博市大数据局 2021 report (damaged
tables read honestly), and reports written in every format with one seeded error each."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.annual_report import check_carry_forward, check_report, parse_report, read_report_file
from inspector.annual_report.reading import report_text
from inspector.cli import main
from tests.annual_reports import ReportNumbers, as_docx, as_html, as_pdf, as_pdf_cell_lines, as_text, cjk_pdf

REAL = Path(__file__).resolve().parents[1] / "../shared/corpus/annual_reports/zibo_dsj_2021_annual_report.txt"

RENDERERS = {
    "txt-tabs": (lambda n: as_text(n).encode("utf-8"), "txt"),
    "txt-spaces": (lambda n: as_text(n, " ").encode("gb18030"), "txt"),
    "html": (lambda n: as_html(n), "html"),
    "html-gbk": (lambda n: as_html(n, "gbk"), "html"),
    "docx": (as_docx, "docx"),
    "pdf": (as_pdf, "pdf"),
    "pdf-cell-lines": (as_pdf_cell_lines, "pdf"),
}


def _check(numbers: ReportNumbers, fmt: str):
    render, kind = RENDERERS[fmt]
    report = parse_report(report_text(render(numbers), kind))
    return report, check_report(report)


def _counted(problems):
    return [p for p in problems if not p.needs_review]


@pytest.mark.parametrize("fmt", RENDERERS)
def test_a_correct_report_reads_completely_and_has_no_problem(fmt):
    report, problems = _check(ReportNumbers(), fmt)
    assert problems == []
    assert report.year == 2024
    assert len(report.table2) == 6 and len(report.table3) == 25 and report.table4 is not None
    assert report.table3["unavailable.1"].values == [2, 1, 0, 0, 0, 0, 3]
    assert report.table2["fees"].values == [1.5]


def _seed_row_total(n: ReportNumbers) -> ReportNumbers:
    t3 = {k: list(v) for k, v in n.table3.items()}
    t3["granted"][6] += 1
    return n.seeded(table3=t3)


def _seed_grand_total(n: ReportNumbers) -> ReportNumbers:
    t3 = {k: list(v) for k, v in n.table3.items()}
    t3["total"][0] += 1
    t3["total"][6] += 1
    return n.seeded(table3=t3)


def _seed_flow(n: ReportNumbers) -> ReportNumbers:
    t3 = {k: list(v) for k, v in n.table3.items()}
    t3["carried_out"][0] -= 1
    t3["carried_out"][6] -= 1
    return n.seeded(table3=t3)


def _seed_table4(n: ReportNumbers) -> ReportNumbers:
    return n.seeded(table4=[1, 0, 0, 1, 3] + n.table4[5:])


# (seed, rule, where the counted problem must be: table, row words, column, expected, actual)
SEEDS = {
    "row-total": (_seed_row_total, "annual-report.arithmetic", ("表三", "予以公开", "总计", 7, 8)),
    "grand-total": (_seed_grand_total, "annual-report.arithmetic", ("表三", "（七）总计", "自然人", 10, 11)),
    "flow": (_seed_flow, "annual-report.arithmetic", ("表三", "（七）", "自然人", 11, 10)),
    "table4": (_seed_table4, "annual-report.arithmetic", ("表四", "行政复议", "总计", 2, 3)),
    "text-requests": (lambda n: n.seeded(requests_said=15), "annual-report.arithmetic",
                      ("表三", "本年新收", "总计", 13, 15)),
    "text-not-held": (lambda n: n.seeded(not_held_said=1), "annual-report.arithmetic",
                      ("表三", "不掌握", "总计", 3, 1)),
    "text-fees": (lambda n: n.seeded(extra_text="全年行政事业性收费 2 万元。"), "annual-report.arithmetic",
                  ("表二", "行政事业性收费", "本年收费金额（万元）", 1.5, 2)),
    "missing-section": (lambda n: n.seeded(omit_sections=("五",)), "annual-report.sections", None),
}


@pytest.mark.parametrize("fmt", RENDERERS)
@pytest.mark.parametrize("seed", SEEDS)
def test_each_seeded_error_is_found_where_it_is(fmt, seed):
    make, rule, where = SEEDS[seed]
    _, problems = _check(make(ReportNumbers()), fmt)
    counted = _counted(problems)
    assert counted and {p.rule for p in counted} == {rule}
    if where is None:
        assert [p.section for p in counted] == ["五、存在的主要问题及改进情况"]
        return
    table, row, column, expected, actual = where
    assert any(p.table == table and row in (p.row or "") and p.column == column
               and p.expected == expected and p.actual == actual for p in counted), [p.message for p in counted]


def test_a_report_without_section_three_or_its_table_lacks_the_section():
    _, problems = _check(ReportNumbers(omit_sections=("三",)), "txt-tabs")
    sections = [p for p in problems if p.rule == "annual-report.sections"]
    assert len(sections) == 1 and not sections[0].needs_review and "三、" in sections[0].section
    # The text's 申请 13 件 cannot be compared with a table that is not there: said, not counted.
    text = [p for p in problems if "正文称收到申请 13 件" in p.message]
    assert text and all(p.needs_review for p in text)


@pytest.mark.parametrize("fmt", ["txt-tabs", "txt-spaces"])
def test_a_cut_row_is_unread_not_an_arithmetic_error(fmt):
    text = as_text(_seed_row_total(ReportNumbers()), "\t" if fmt == "txt-tabs" else " ")
    # The extraction lost the 部分公开 row's last numbers and one group row's label.
    lines = text.splitlines()
    cut = next(i for i, line in enumerate(lines) if "部分公开" in line)
    lines[cut] = lines[cut].rsplit("\t" if fmt == "txt-tabs" else " ", 3)[0]
    garbled = next(i for i, line in enumerate(lines) if "重复申请" in line)
    lines[garbled] = lines[garbled].replace("2.重复申请", "■■■")
    report = parse_report("\n".join(lines))
    problems = check_report(report)
    unread = [p.message for p in problems if p.needs_review and "无法识别" in p.message]
    assert len(unread) == 2 and all(m.startswith("表三第 ") for m in unread)
    # The row sums that can still be made are made (the seeded 予以公开 total is still found);
    # the column sums over the unread rows are not, and that is said.
    counted = _counted(problems)
    assert [p.row for p in counted] == ["三、（一）予以公开"]
    assert any(p.needs_review and "无法核对（七）总计" in p.message for p in problems)


def test_the_real_report_is_checked_where_it_can_be_read_and_unread_parts_are_said():
    report = parse_report(read_report_file(REAL))
    problems = check_report(report)
    assert report.year == 2021
    assert _counted(problems) == []
    assert report.table3["unavailable.1"].values == [1, 0, 0, 0, 0, 0, 1]
    assert report.table3["total"].values == [2, 0, 0, 0, 0, 0, 2]
    assert report.table2["normative"].values == [0, 0, 0]
    messages = [p.message for p in problems]
    # Section 三's heading was lost with the cut: said, not reported as missing.
    assert any("第三部分" in m and "丢失" in m for m in messages)
    assert sum("表二第" in m and "无法识别" in m for m in messages) == 2
    assert any("表三缺少" in m and "本年新收" in m for m in messages)
    assert any("表四“行政复议”有空白单元格" in m for m in messages)
    # The text's 2 requests cannot be compared with the missing 本年新收 row; its 1 非本机关 answer
    # agrees with row (四)1, so nothing is said about it.
    assert any("正文称收到申请 2 件" in m and "无法核对" in m for m in messages)
    assert not any("非本机关" in m for m in messages)


def test_the_real_report_with_a_seeded_error_in_what_was_read(tmp_path):
    text = REAL.read_text(encoding="utf-8")
    text = text.replace("(七) 总计\t2\t0\t0\t0\t0\t0\t2", "(七) 总计\t2\t0\t0\t0\t0\t0\t3")
    text = text.replace("其中 1 位群众", "其中 2 位群众")
    problems = check_report(parse_report(text))
    counted = _counted(problems)
    assert {(p.row, p.column, p.expected, p.actual) for p in counted} == {
        ("三、（七）总计", "总计", 2, 3), ("（四）无法提供 1.本机关不掌握相关政府信息", "总计", 1, 2)}


def test_in_force_documents_carry_over_from_last_year():
    previous = parse_report(as_text(ReportNumbers(year=2023, table2={
        "rules": [0, 0, 2], "normative": [2, 0, 10], "licensing": [20], "penalty": [1], "enforcement": [0],
        "fees": [1.0]})))
    current = ReportNumbers()
    assert check_carry_forward(previous, parse_report(as_text(current))) == []
    wrong = current.seeded(table2={**current.table2, "normative": [3, 1, 13]})
    problems = check_carry_forward(previous, parse_report(as_text(wrong)))
    assert [(p.row, p.column, p.expected, p.actual) for p in problems] == [("行政规范性文件", "现行有效件数", 12, 13)]


# -- the command ---------------------------------------------------------------------------------

def test_command_prints_where_and_what_it_should_be(tmp_path, capsys):
    path = tmp_path / "draft.docx"
    path.write_bytes(as_docx(_seed_table4(ReportNumbers())))
    assert main(["annual-report", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[错误] 表四“行政复议”：总计应为维持、纠正、其他结果、尚未审结之和 2，表中为 3" in out
    clean = tmp_path / "clean.pdf"
    clean.write_bytes(as_pdf(ReportNumbers()))
    assert main(["annual-report", str(clean)]) == 0
    assert "共 0 个问题" in capsys.readouterr().out


def test_command_json_two_years_and_year_option(tmp_path, capsys):
    before = tmp_path / "2023.html"
    before.write_bytes(as_html(ReportNumbers(year=2023, table2={
        "rules": [0, 0, 2], "normative": [2, 0, 10], "licensing": [20], "penalty": [1], "enforcement": [0],
        "fees": [1.0]})))
    now = tmp_path / "2024.txt"
    base = ReportNumbers()
    now.write_text(as_text(base.seeded(table2={**base.table2, "normative": [3, 1, 11]})), encoding="utf-8")
    assert main(["annual-report", str(before), str(now), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [r["year"] for r in data["reports"]] == [2023, 2024]
    assert data["reports"][0]["problems"] == []
    problems = data["reports"][1]["problems"]
    assert [(p["rule"], p["column"], p["expected"], p["actual"]) for p in problems] == [
        ("annual-report.arithmetic", "现行有效件数", 12, 11)]
    assert main(["annual-report", str(before), "--year", "2024", "--json"]) == 0
    review = json.loads(capsys.readouterr().out)["reports"][0]["problems"]
    assert review[0]["needs_review"] and "2023" in review[0]["message"]


@pytest.mark.parametrize("name, content, words", [
    ("missing.docx", None, "找不到文件"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
    ("broken.docx", b"not a zip", "无法打开 Word 文件"),
    ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
    ("scan.pdf", None, "没有可读取的文字"),
])
def test_command_unreadable_files_exit_2_with_one_chinese_line(tmp_path, capsys, name, content, words):
    path = tmp_path / name
    if name == "scan.pdf":  # a PDF whose pages carry no text (a scan)
        content = cjk_pdf([])
    if content is not None:
        path.write_bytes(content)
    status = main(["annual-report", str(path)])
    err = capsys.readouterr().err
    assert status == 2 and words in err and "Traceback" not in err


@pytest.mark.parametrize("old, new", [
    ("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"),
    ("四、政府信息公开行政复议、行政诉讼情况", "四．行政复议和行政诉讼情况："),
    ("一、总体情况", "第一部分 总体情况"),
])
def test_headings_worded_the_office_s_way_are_sections(old, new):
    text = as_text(ReportNumbers()).replace(old, new)
    assert check_report(parse_report(text)) == []


def test_a_sub_heading_is_not_a_section():
    text = as_text(ReportNumbers(omit_sections=("三",))).replace("（二）依申请公开。", "（二）依申请公开情况\n")
    sections = [p for p in check_report(parse_report(text)) if p.rule == "annual-report.sections"]
    assert [p.section for p in sections] == ["三、收到和处理政府信息公开申请情况"]


def test_the_processing_fee_said_twice_differently():
    text = as_text(ReportNumbers(extra_text="全年收取信息处理费 200 元。"))
    problems = _counted(check_report(parse_report(text)))
    assert [p.message for p in problems] == ["报告中信息处理费的金额前后不一致：“信息处理费 200 元”与“信息处理费 0 元”"]
    clean = as_text(ReportNumbers(extra_text="全年行政事业性收费 15000 元。"))
    assert check_report(parse_report(clean)) == []


def test_dashes_are_no_value_and_full_width_digits_are_numbers():
    text = as_text(ReportNumbers())
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if "法律服务机构" not in line and "（一）予以公开" in line)
    cells = lines[row].split("\t")
    cells[-4] = "—"  # 社会公益组织 left as a dash
    lines[row] = "\t".join(cells)
    rules_row = next(i for i, line in enumerate(lines) if line.startswith("规章\t"))
    lines[rules_row] = "规章\t０\t０\t２"
    report = parse_report("\n".join(lines))
    assert report.table3["granted"].values[3] is None
    assert report.table2["rules"].values == [0, 0, 2]
    problems = check_report(report)
    # The row and the column with the dash are not summed; nothing is reported wrong, and that
    # the cell was not read is said.
    assert _counted(problems) == []
    assert [p.message for p in problems] == [
        "表三有 1 个空白或划线的单元格（“三、（一）予以公开”行社会公益组织列），用到它们的合计未核对"]
