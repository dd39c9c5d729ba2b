"""Numbers a report states in its text: applications received, those answered with a 非本机关
告知书, 规范性文件 issued, items published proactively, the 信息处理费 charged. Each statement is kept with the words it came from."""
from __future__ import annotations

import re

_NUM = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)"
_GAP = r"[^。；;，,\d\n]"
_PATTERNS: dict[str, list[str]] = {
    "requests": [
        rf"(?:收到|受理|新收|接收|接到){_GAP}{{0,12}}?{_NUM}\s*(?:件|个|份|位|宗|条)[^。；;\n]{{0,20}}?申请",
        rf"(?:收到|受理|新收|接收|接到){_GAP}{{0,4}}?(?:政府信息公开|依申请公开|信息公开)?申请(?:共|数量为|数为)?\s*{_NUM}\s*(?:件|个|份|宗|条)",
        rf"(?:共|全年|本年|年内|年度)\s*{_NUM}\s*件{_GAP}{{0,8}}?申请",
        r"(?:未|没有)(?:收到|受理)(?:任何)?[^。；;，,\d\n]{0,10}?申请()",
    ],
    "normative_issued": [
        rf"(?:制发|制定|出台|印发)了?(?:行政)?规范性文件(?:共)?\s*{_NUM}\s*(?:件|个|份)",
        rf"(?:制发|制定|出台|印发)了?\s*{_NUM}\s*(?:件|个|份)(?:行政)?规范性文件",
        r"(?:没有|未)(?:制发|制定|出台|印发)(?:任何)?(?:行政)?规范性文件()",
    ],
    "not_held": [
        rf"其中\s*{_NUM}\s*(?:件|个|位|份)[^。\n]{{0,60}}?(?:非本机关|不属于本机关|不掌握)",
    ],
    "published": [
        rf"主动公开(?:政府)?信息(?:共)?\s*{_NUM}\s*(?:条|件|篇)",
    ],
    "admin_fees_wan": [
        rf"行政事业性收费(?:金额)?(?:共|为|合计|总额)*\s*{_NUM}\s*万元",
    ],
    "admin_fees_yuan": [
        rf"行政事业性收费(?:金额)?(?:共|为|合计|总额)*\s*{_NUM}\s*元",
    ],
    "fees": [
        rf"信息处理费{_GAP}{{0,8}}?{_NUM}\s*元",
        r"(?:未|没有)收取(?:任何)?(?:政府信息公开)?(?:信息)?处理费()",
    ],
}
_COMPILED = {kind: [re.compile(p) for p in patterns] for kind, patterns in _PATTERNS.items()}
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """一 … 九百九十九 as an int; None for anything else."""
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in ("十", "百"):
            total += (1 if digit is None else digit) * (10 if char == "十" else 100)
            digit = None
        else:
            return None
    return total + (digit or 0)


def _value(token: str) -> float | None:
    if token == "":
        return 0  # a negative statement: 没有制定, 未收到
    if token[0].isdigit():
        value = float(token)
        return int(value) if value.is_integer() else value
    return chinese_number(token)


def stated_numbers(text: str) -> dict[str, list[tuple[float, str]]]:
    """kind → [(value, quoted words)], one entry per distinct value, in text order."""
    found: dict[str, list[tuple[float, str]]] = {}
    for kind, patterns in _COMPILED.items():
        hits = []
        for pattern in patterns:
            for match in pattern.finditer(text):
                value = _value(match.group(1))
                if value is not None:
                    hits.append((match.start(), value, " ".join(match.group(0).split())))
        seen: set[float] = set()
        for _, value, quote in sorted(hits):
            if value not in seen:
                seen.add(value)
                found.setdefault(kind, []).append((value, quote))
    return found
