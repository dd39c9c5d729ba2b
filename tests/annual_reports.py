"""政府信息公开工作年度报告 written for tests: the numbers of a report, errors seeded into them, and
the report rendered as text (tab- or space-separated tables), HTML, Word .docx (real tables with
merged cells) and PDF (CJK text through a ToUnicode map, the way office PDFs carry it)."""
from __future__ import annotations

import copy
import html
import io
from dataclasses import dataclass, field

T3_GROUPS = {
    "refused": ("（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                              "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                              "7.属于行政执法案卷", "8.属于行政查询事项"]),
    "unavailable": ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                                  "3.补正后申请内容仍不明确"]),
    "not_processed": ("（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                                    "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]),
    "other": ("（六）其他处理", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]),
}
T3_SINGLE = {"new": "一、本年新收政府信息公开申请数量", "carried_in": "二、上年结转政府信息公开申请数量",
             "granted": "（一）予以公开", "partly": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
             "total": "（七）总计", "carried_out": "四、结转下年度继续办理"}
HANDLED = ["granted", "partly"] + [f"{g}.{i + 1}" for g, (_, subs) in T3_GROUPS.items() for i in range(len(subs))]
SECTION_TITLES = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def _zero() -> list[int]:
    return [0] * 7


@dataclass
class ReportNumbers:
    """A consistent report; tests change a number or a sentence to seed one error."""

    year: int = 2024
    office: str = "云岭市数据资源管理局"
    table2: dict[str, list[float]] = field(default_factory=lambda: {
        "rules": [0, 0, 2], "normative": [3, 1, 12], "licensing": [25], "penalty": [4], "enforcement": [0],
        "fees": [1.5]})
    table3: dict[str, list[int]] = field(default_factory=dict)
    table4: list[int] = field(default_factory=lambda: [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0])
    requests_said: int | None = None  # the 申请 N 件 of the text; None: the table's number
    not_held_said: int | None = None
    omit_sections: tuple[str, ...] = ()
    extra_text: str = ""  # a sentence added to 总体情况 (a stated number to seed)

    def __post_init__(self) -> None:
        if not self.table3:
            rows = {key: _zero() for key in HANDLED}
            rows["granted"] = [6, 1, 0, 0, 0, 0, 7]
            rows["partly"] = [1, 0, 0, 0, 0, 0, 1]
            rows["refused.4"] = [1, 0, 0, 0, 0, 0, 1]
            rows["unavailable.1"] = [2, 1, 0, 0, 0, 0, 3]
            total = [sum(rows[k][c] for k in HANDLED) for c in range(7)]
            new, carried_in = [10, 2, 0, 1, 0, 0, 13], [1, 0, 0, 0, 0, 0, 1]
            carried_out = [new[c] + carried_in[c] - total[c] for c in range(7)]
            self.table3 = {"new": new, "carried_in": carried_in, **rows, "total": total, "carried_out": carried_out}

    def seeded(self, **changes) -> ReportNumbers:
        copy_ = copy.deepcopy(self)
        for name, value in changes.items():
            setattr(copy_, name, value)
        return copy_


def _num(value: float) -> str:
    return f"{value:g}"


def blocks(numbers: ReportNumbers) -> list[tuple[str, object]]:
    """("p", text) and ("table", rows of cells) in report order; a table-三 row is
    [group, sub-label, 7 numbers] with the group cell empty after its first row (as merged)."""
    n = numbers
    t3 = n.table3
    requests = t3["new"][6] if n.requests_said is None else n.requests_said
    not_held = t3["unavailable.1"][6] if n.not_held_said is None else n.not_held_said
    sections: dict[str, list[tuple[str, object]]] = {
        "一": [("p", f"{n.year}年，{n.office}认真贯彻落实《中华人民共和国政府信息公开条例》，扎实做好政府信息公开工作。"),
              ("p", f"（一）主动公开。全年主动公开政府信息 156 条，制发规范性文件 {_num(n.table2['normative'][0])} 件，"
                    "均在网站政策文件栏目公开。"),
              ("p", f"（二）依申请公开。本年共收到政府信息公开申请 {requests} 件，其中 {not_held} 件因所需信息不属于本机关"
                    "职能范围，出具了非本机关告知书，其余均在法定期限内答复。"),
              ("p", "（三）政府信息管理。动态调整主动公开基本目录。"),
              ("p", "（四）政府信息公开平台建设。按要求维护政府信息公开专栏。"),
              ("p", f"（五）监督保障。将政务公开纳入年度绩效考核。{n.extra_text}")],
        "二": [("table", [["第二十条第（一）项", "", "", ""], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                          ["规章", *map(_num, n.table2["rules"])], ["行政规范性文件", *map(_num, n.table2["normative"])],
                          ["第二十条第（五）项", "", "", ""], ["信息内容", "本年处理决定数量", "", ""],
                          ["行政许可", _num(n.table2["licensing"][0]), "", ""],
                          ["第二十条第（六）项", "", "", ""], ["信息内容", "本年处理决定数量", "", ""],
                          ["行政处罚", _num(n.table2["penalty"][0]), "", ""],
                          ["行政强制", _num(n.table2["enforcement"][0]), "", ""],
                          ["第二十条第（八）项", "", "", ""], ["信息内容", "本年收费金额（万元）", "", ""],
                          ["行政事业性收费", _num(n.table2["fees"][0]), "", ""]])],
        "三": [("table", _table3_rows(t3))],
        "四": [("table", [["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
                          ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "",
                           "复议后起诉", "", "", "", ""],
                          [*map(str, n.table4)]])],
        "五": [("p", "（一）主要问题。政策解读形式还不够丰富。"), ("p", "（二）改进措施。推出图解、视频等解读形式。")],
        "六": [("p", f"1.{n.year}年度政府信息公开信息处理费收取情况：本机关收取信息处理费 0 元。"),
              ("p", "2.无其他需要报告的事项。")],
    }
    out: list[tuple[str, object]] = [("p", f"{n.office}{n.year}年政府信息公开工作年度报告")]
    for title, (number, body) in zip(SECTION_TITLES, sections.items()):
        if number in n.omit_sections:
            continue
        out.append(("h", title))
        out.extend(body)
    return out


def _table3_rows(t3: dict[str, list[int]]) -> list[list[str]]:
    head = [["申请人情况", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
            ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]]
    rows = [[T3_SINGLE["new"], "", *map(str, t3["new"])], [T3_SINGLE["carried_in"], "", *map(str, t3["carried_in"])],
            ["三、本年度办理结果", "", "", "", "", "", "", "", ""],
            [T3_SINGLE["granted"], "", *map(str, t3["granted"])], [T3_SINGLE["partly"], "", *map(str, t3["partly"])]]
    for group, (label, subs) in T3_GROUPS.items():
        for index, sub in enumerate(subs):
            rows.append([label if index == 0 else "", sub, *map(str, t3[f"{group}.{index + 1}"])])
    rows += [[T3_SINGLE["total"], "", *map(str, t3["total"])],
             [T3_SINGLE["carried_out"], "", *map(str, t3["carried_out"])]]
    return head + rows


# -- renderers ---------------------------------------------------------------------------------

def as_text(numbers: ReportNumbers, separator: str = "\t") -> str:
    lines = []
    for kind, body in blocks(numbers):
        if kind == "table":
            for row in body:
                cells = row if separator == "\t" else [c for c in row if c]
                lines.append(separator.join(cells))
        else:
            lines.append(str(body))
    return "\n".join(lines) + "\n"


def as_html(numbers: ReportNumbers, encoding: str = "utf-8") -> bytes:
    parts = [f'<html><head><meta charset="{encoding}"><title>年度报告</title></head><body><div class="content">']
    for kind, body in blocks(numbers):
        if kind == "table":
            parts.append('<table border="1">')
            for row in body:
                cells = []
                for index, cell in enumerate(row):
                    if index == 0 and not cell and len(row) == 9 and row[1].startswith(("2.", "3.", "4.", "5.", "6.",
                                                                                          "7.", "8.")):
                        continue  # under a rowspan group cell
                    span = ""
                    if len(row) == 9 and index == 0 and cell.startswith("（") and not row[1]:
                        span = ' colspan="2"'
                    elif len(row) == 9 and index == 0 and cell.startswith("（") and row[1]:
                        span = f' rowspan="{len(_group_of(cell))}"'
                    cells.append(f"<td{span}>{html.escape(cell)}</td>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("</table>")
        elif kind == "h":
            parts.append(f"<p><strong>{html.escape(str(body))}</strong></p>")
        else:
            parts.append(f"<p>{html.escape(str(body))}</p>")
    parts.append("</div></body></html>")
    return "\n".join(parts).encode(encoding)


def _group_of(label: str) -> list[str]:
    return next(subs for name, subs in T3_GROUPS.values() if name == label)


_DOCX_CACHE: dict[str, bytes] = {}


def as_docx(numbers: ReportNumbers) -> bytes:
    """The report as Word writes it (built once per set of numbers: python-docx is slow)."""
    key = repr(numbers)
    if key not in _DOCX_CACHE:
        _DOCX_CACHE[key] = _docx(numbers)
    return _DOCX_CACHE[key]


def _docx(numbers: ReportNumbers) -> bytes:
    from docx import Document

    doc = Document()
    for kind, body in blocks(numbers):
        if kind != "table":
            doc.add_paragraph(str(body))
            continue
        rows = body
        grid = doc.add_table(rows=len(rows), cols=len(rows[0]))
        cells = [row.cells for row in grid.rows]  # Table.cell() walks the whole table each call
        merges = []
        group_start = None
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cells[r][c].text = value
            if len(row) == 9 and row[0].startswith("（") and row[1]:
                group_start = r
            elif len(row) == 9 and not row[0] and row[1] and group_start is not None:
                merges.append((group_start, 0, r, 0, rows[group_start][0]))
            elif len(row) == 9 and row[0] and not row[1]:
                merges.append((r, 0, r, 1, row[0]))
        for r1, c1, r2, c2, text in merges:
            # Merged cells as Word writes them: a vertical group cell, a label over two columns.
            cells[r1][c1].merge(cells[r2][c2]).text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def as_pdf(numbers: ReportNumbers) -> bytes:
    return cjk_pdf(as_text(numbers, separator=" ").splitlines())


def as_pdf_cell_lines(numbers: ReportNumbers) -> bytes:
    """A PDF whose writer put each number cell of a table row on a line of its own."""
    lines = []
    for kind, body in blocks(numbers):
        if kind != "table":
            lines.append(str(body))
            continue
        for row in body:
            cells = [c for c in row if c]
            split = len(cells)
            while split and cells[split - 1].replace(".", "").isdigit():
                split -= 1
            lines += ([" ".join(cells[:split])] if split else []) + cells[split:]
    return cjk_pdf(lines)


def cjk_pdf(lines: list[str], per_page: int = 45) -> bytes:
    """PDF pages of Chinese text: an Identity-H CID font with a ToUnicode map (no glyphs are
    embedded: the text is for extraction), one line per text line."""
    chars = sorted({ch for line in lines for ch in line})
    cid = {ch: index + 1 for index, ch in enumerate(chars)}
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    bfchar = []
    for start in range(0, len(chars), 100):
        chunk = chars[start:start + 100]
        bfchar.append(f"{len(chunk)} beginbfchar\n" + "\n".join(f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in chunk)
                      + "\nendbfchar")
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n"
            "endcodespacerange\n" + "\n".join(bfchar) + "\nendcmap\nCMapName currentdict /CMap defineresource pop\n"
            "end\nend").encode("ascii")
    catalog = add(b"")
    pages_obj = add(b"")
    tounicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    descriptor = add(b"<< /Type /FontDescriptor /FontName /Song /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 "
                     b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>")
    cidfont = add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /CIDSystemInfo << /Registry (Adobe) "
                  b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 >>" % descriptor)
    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [%d 0 R] "
               b"/ToUnicode %d 0 R >>" % (cidfont, tounicode))
    kids = []
    for page_lines in pages:
        ops = ["BT", "/F1 9 Tf", "30 800 Td", "16 TL"]
        for line in page_lines:
            ops.append("<" + "".join(f"{cid[ch]:04X}" for ch in line) + "> Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("ascii")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 1200 842] /Resources << /Font << /F1 %d 0 R >> >> "
                        b"/Contents %d 0 R >>" % (pages_obj, font, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                              + b"] /Count %d >>" % len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()
