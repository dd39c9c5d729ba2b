"""text.outdated-name: an institution named by its name from before a reform, in text published
after the reform took effect. Not reported where the old name is right:
- the text marks it as the former name (原…, …更名为; a marker before a 、 list covers the list);
- it is the issuer in the title of a document from before the reform (a list of earlier decisions
  titled 中国银行保险监督管理委员会行政监管措施决定书〔2022〕3号);
- its sentence dates itself before the reform (2017年，国土资源部印发通知) — not …以来 / …起;
- another country's ministry (美国农业部)."""
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
_MAX_ITEM = 15
_CLAUSE_END = "，。；：！？,;:!?\n"
_SENTENCE_END = "。；！？;!?\n"
_SENTENCE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_SINCE = re.compile(r"(?:19|20)\d\d年(?:[^，。；]{0,8})?(?:以来|至今|起|开始|到现在|迄今)")
_LIST_MARKER = re.compile(r"^[\s·•●○■□◆◇▪▶►\-—*]*(?:[(（]?[0-9一二三四五六七八九十]{1,3}[)）.、．]\s*)?")
_PROVINCES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建",
              "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏",
              "陕西", "甘肃", "青海", "宁夏", "新疆", "大连", "青岛", "宁波", "厦门", "深圳")
_PLACE_PREFIX = re.compile(r"(?:[\u4e00-\u9fff]{0,6}(?:省|市|县|区|州|盟|旗)|" + "|".join(_PROVINCES) + ")$")
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
    markers = data.get("former_markers_before", [])
    before = text[max(0, hit.start - _WINDOW):hit.start]
    after = text[hit.end:hit.end + _WINDOW]
    if any(before.endswith(m) or m in before[-4:] for m in markers) or \
            any(m in after for m in data.get("former_markers_after", [])):
        return True
    # 不再保留文化部、国家旅游局: the marker before the first name of a 、 list covers the list.
    clause = text[max(0, hit.start - _MAX_TITLE):hit.start]
    clause = clause[max(clause.rfind(p) for p in _CLAUSE_END) + 1:]
    items = clause.split("、")
    if len(items) < 2 or items[-1] or any(len(item) > _MAX_ITEM for item in items[1:-1]):
        return False
    return any(0 <= items[0].rfind(m) and len(items[0]) - items[0].rfind(m) - len(m) <= _MAX_ITEM for m in markers)


def _historical_sentence(hit: Hit, text: str, effective: date) -> bool:
    """A sentence that dates itself before the reform (2017年，国土资源部印发通知; 1949年…铁道部颁布)
    tells history; 2018年以来 or a later year brings it to the present."""
    start = max(text.rfind(p, max(0, hit.start - _MAX_TITLE), hit.start) for p in _SENTENCE_END) + 1
    ends = [k for k in (text.find(p, hit.end, hit.end + _MAX_TITLE) for p in _SENTENCE_END) if k != -1]
    sentence = text[start:min(ends) if ends else hit.end + _MAX_TITLE]
    years = [(int(m.group(1)), m.end()) for m in _SENTENCE_YEAR.finditer(sentence)]
    if not years or _SINCE.search(sentence):
        return False
    return all(year <= effective.year for year, _ in years)


def _foreign(hit: Hit, text: str) -> bool:
    """美国农业部, 美农业部: another country's ministry."""
    before = text[max(0, hit.start - _WINDOW):hit.start]
    return any(before.endswith(c) for c in load_data("text/outdated_names.toml").get("foreign_prefixes", []))


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
    if any(stripped.startswith(w) and stripped != w for w in issued):
        return False  # 农业部发布春耕生产指导意见: a sentence about the body, not a title
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
    return not (_marked_as_former(hit, text) or _foreign(hit, text) or _historical_sentence(hit, text, effective)
                or _issuer_of_old_document(hit, text, effective))


def message(entry, evidence: str) -> str:
    return f"机构名称已调整：“{evidence}”自 {entry.effective} 起已调整为“{entry.right}”"


def checker(config: dict):
    return rule_checker(config, RULE_ID)


def check(site):
    return site_text_findings(site, RULE_ID)
