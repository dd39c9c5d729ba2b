"""text.nonstandard-char: traditional or variant characters in simplified-Chinese text (OpenCC
t2s, phrase-aware), except the allow-listed uses the 国家通用语言文字法 permits and quotations."""
from __future__ import annotations

import re
from datetime import date
from functools import cache

import opencc

from inspector.text.matcher import inside_quotes
from inspector.text.checks import rule_checker
from inspector.text.site_text import Checker, TextHit, site_text_findings
from rules import load_data

RULE_ID = "text.nonstandard-char"
SEVERITY = "warning"


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def extra_checkers(config: dict) -> list[Checker]:
    return [_checker(config)]


def checker(config: dict) -> Checker:
    return rule_checker(config, RULE_ID)


def _checker(config: dict) -> Checker:
    text_settings = config.get("text", {}) if isinstance(config.get("text"), dict) else {}
    allow = tuple(load_data("text/nonstandard.toml").get("allow", [])) + tuple(
        w for w in text_settings.get("allow", []) if isinstance(w, str))
    convert = _converter().convert

    def check(text: str, published: date | None, hidden: bool) -> list[TextHit]:
        simplified = convert(text)
        if simplified == text or len(simplified) != len(text):
            return _runs_by_char(text, convert, allow) if simplified != text else []
        return _runs(text, simplified, allow)

    return check


_WINDOW = 64


def _runs(text: str, simplified: str, allow: tuple[str, ...]) -> list[TextHit]:
    hits, i = [], 0
    while i < len(text):
        if text[i:i + _WINDOW] == simplified[i:i + _WINDOW]:  # skip equal stretches at C speed
            i += _WINDOW
            continue
        if text[i] == simplified[i]:
            i += 1
            continue
        j = i
        while j < len(text) and text[j] != simplified[j]:
            j += 1
        if not _allowed(text, i, j, allow, simplified[i:j]):
            hits.append(TextHit(rule=RULE_ID, severity=SEVERITY, start=i, end=j, evidence=text[i:j],
                                suggestion=simplified[i:j], category="繁体字/异体字",
                                message=f"不规范汉字：“{text[i:j]}”应写作“{simplified[i:j]}”"))
        i = j
    return hits


def _runs_by_char(text: str, convert, allow: tuple[str, ...]) -> list[TextHit]:
    """When phrase conversion changed the length, compare character by character."""
    return _runs(text, "".join(convert(c) if len(convert(c)) == 1 else c for c in text), allow)


_HANDLE_CHARS = 20
_HANDLE_END = re.compile(r"[\s，,、。；;：:！!？?]")


def _allowed(text: str, start: int, end: int, allow: tuple[str, ...], simplified: str = "") -> bool:
    if inside_quotes(text, start) or _in_handle(text, start):
        return True
    if simplified and all(ord(c) > 0xFFFF for c in simplified):
        return True  # 頔→𬱖: a name character whose simplified form GBK fonts and input methods lack
    for word in allow:
        k = text.find(word, max(0, start - len(word)), end + len(word))
        if k != -1 and k <= start and k + len(word) >= end:
            return True
    return False


def _in_handle(text: str, position: int) -> bool:
    """Inside an @user name (a reader's WeChat or Weibo name, quoted as written)."""
    at = text.rfind("@", max(0, position - _HANDLE_CHARS), position)
    return at != -1 and not _HANDLE_END.search(text[at + 1:position].lstrip())  # "@ 遠方" as extracted


def check(site):
    return site_text_findings(site, RULE_ID)
