"""text.outdated-name: an institution named by its name from before a reform, in text published
after the reform took effect — unless the text marks it as the former name (原…, …更名为), or
the name is the issuer in the title of a document from before the reform (a list of earlier
decisions titled 中国银行保险监督管理委员会行政监管措施决定书〔2022〕3号 keeps the old name rightly)."""
from __future__ import annotations

import re
from datetime import date
from functools import cache

from inspector.text.checks import rule_checker
from inspector.text.matcher import Hit
from inspector.text.site_text import site_text_findings
from rules import load_data

RULE_ID = "text.outdated-name"
SEVERITY = "error"
DATA = "outdated_names"
_WINDOW = 12
_MAX_TITLE = 100
_MAX_SERIES = 12
_LIST_MARKER = re.compile(r"^[\s·•●○■□◆◇▪▶►\-—*]*(?:[(（]?[0-9一二三四五六七八九十]{1,3}[)）.、．]\s*)?")
_PLACE_PREFIX = re.compile(r"[\u4e00-\u9fff]{1,3}(?:省|市|县|区|州|盟|旗|自治区)?$")
_NOT_PLACE = ("关于", "根据", "按照", "转发", "落实", "贯彻", "执行", "依据", "对", "向", "由", "经", "据", "和", "与", "及")
_SENTENCE_PUNCTUATION = re.compile(r"[，。；！？,;!?]")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=[〕\]］】)）年\-/.])")
# What may close a document title on its line: its 文号 (…〔2022〕3号) and a date (2022-03-01).
_TRAILING_DOC_NO = re.compile(r"(?:[\s(（]+[^\s，。；()（）]{0,12})?[〔\[［【]\d{4}[〕\]］】]\s*\d*\s*号[)）]?\s*$")
_TRAILING_DATE = re.compile(r"[\s(（\[［【]*(?:19|20)\d\d[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?[)）\]］】]?\s*$")


@cache
def _title_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = load_data("text/outdated_names.toml")
    return tuple(data.get("document_kinds", [])), tuple(data.get("issued_words", []))


def _marked_as_former(hit: Hit, text: str) -> bool:
    data = load_data("text/outdated_names.toml")
    before = text[max(0, hit.start - _WINDOW):hit.start]
    after = text[hit.end:hit.end + _WINDOW]
    return any(before.endswith(m) or m in before[-4:] for m in data.get("former_markers_before", [])) or \
        any(m in after for m in data.get("former_markers_after", []))


def _issuer_of_old_document(hit: Hit, text: str, effective: date) -> bool:
    """The old name opens a document title (a 《》 title or a title line) that ends in a 文种 or
    an 发布 sign-off, and no year in the title or its 文号 / date is after the reform's year."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    line_end = len(text) if line_end == -1 else line_end
    head = text[line_start:hit.start]
    place = _PLACE_PREFIX.search(head)  # 江西银保监局: the local entry matches after the place name
    if place and not any(w in place.group(0) for w in _NOT_PLACE):
        head = head[:place.start()]
    if head.endswith("《"):
        close = text.find("》", hit.end, hit.end + _MAX_TITLE)
        if close == -1:
            return False
        title, tail = text[hit.end:close], text[close + 1:close + 40].split("\n")[0]
        tail = tail[:tail.find("》")] if "》" in tail else tail
        tail = tail[:_tail_length(tail)]
    elif _LIST_MARKER.fullmatch(head) is not None:
        title = text[hit.end:line_end]
        if len(title) > _MAX_TITLE or _SENTENCE_PUNCTUATION.search(title):
            return False
        tail = ""
    else:
        return False
    kinds, issued = _title_words()
    stripped = title
    for pattern in (_TRAILING_DATE, _TRAILING_DOC_NO, _TRAILING_DATE):
        stripped = pattern.sub("", stripped)
    stripped = stripped.rstrip()
    quoted = head.endswith("《")
    if not (any(stripped.endswith(k) for k in kinds) or (not quoted and any(stripped.endswith(w) for w in issued))):
        return False
    # A title names its issuer and then 关于…的<文种>, or a short document series (行政监管措施决定书);
    # a longer line that merely ends in a 文种 word is a sentence (铁道部批复同意…选址方案).
    if not stripped.startswith("关于") and len(stripped) > _MAX_SERIES:
        return False
    years = [int(y) for y in _YEAR.findall(title + tail)]
    return all(year <= effective.year for year in years)


def _tail_length(tail: str) -> int:
    """How much of the text after a 《》 title is its 文号 or date in brackets."""
    m = re.match(r"^\s*[(（][^()（）]{0,30}[)）]", tail)
    return m.end() if m else 0


def accept(hit: Hit, text: str, published: date | None, hidden: bool) -> bool:
    effective = hit.entry.effective
    if published is None or effective is None or published < effective:
        return False  # only text known to be published after the reform
    return not _marked_as_former(hit, text) and not _issuer_of_old_document(hit, text, effective)


def message(entry, evidence: str) -> str:
    return f"机构名称已调整：“{evidence}”自 {entry.effective} 起已调整为“{entry.right}”"


def checker(config: dict):
    return rule_checker(config, RULE_ID)


def check(site):
    return site_text_findings(site, RULE_ID)
