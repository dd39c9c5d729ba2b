"""Personal data in text: resident ID numbers (ISO 7064 MOD 11-2 check digit and a real birth
date), mainland mobile numbers and bank-card numbers (Luhn, next to a word such as 卡号), always
handed out masked (5301**********1231, 139****5678, 6222***********1234).

Pure functions over text. The history never keeps these numbers in clear: before a page or an
attachment is saved, `protect_page` / `protect_resource` note what the privacy rule will report
(each number masked, with its masked context, judged at the scan's monitoring point) and mask the
record's texts; the rule reads those notes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

KIND_LABELS = {"id_card": "居民身份证号码", "mobile": "手机号码", "bank_card": "银行卡号"}

# Province codes of the first two digits (11 北京 … 65 新疆, 71 台湾, 81/82 港澳, 83 港澳台居民居住证).
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
              50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:(?:\+|00)?86[- ]?)?(1[3-9]\d{9})(?!\d)")
# 16–19 digits, optionally written in groups of four separated by a space or hyphen.
_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z])")
_CARD_WORDS = re.compile(r"卡号|银行|账号|帐号|开户|储蓄卡|信用卡|借记卡|银行卡|社保卡|收款账户|工资卡")
_CARD_WINDOW = 30
# A mobile number written as a contact of the office (联系电话：139…) is published on purpose.
_CONTACT_WORDS = re.compile(r"(?:联系|咨询|监督|举报|投诉|服务|值班|热线|受理|办公)[^\d\n]{0,12}$")
_AMOUNT_AFTER = re.compile(r"^\s*(?:元|万|亿|千|百|%|％|次|个|人|户|吨|平方|米|kg|KB|MB)")


@dataclass(frozen=True)
class PersonalHit:
    kind: str  # id_card / mobile / bank_card
    start: int
    end: int
    masked: str


def id_checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2 check digit of an 18-character resident ID number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def plausible_id(number: str, latest_year: int | None = None) -> bool:
    """A real-looking resident ID: province code, birth date that exists, and the check digit."""
    if not id_checksum_ok(number) or int(number[:2]) not in _PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= (latest_year or date.today().year)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        value = int(ch)
        if i % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask(kind: str, number: str) -> str:
    """The number as it may be shown: ID 4+10*+4, mobile 3+4*+4, card 4+*+4."""
    digits = re.sub(r"[ -]", "", number)
    if kind == "mobile":
        return digits[:3] + "****" + digits[-4:]
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def find_personal_data(text: str, latest_year: int | None = None) -> list[PersonalHit]:
    """Every ID, mobile and bank-card number in the text, in text order, masked."""
    hits: list[PersonalHit] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for m in _ID.finditer(text):
        if plausible_id(m.group(), latest_year):
            hits.append(PersonalHit("id_card", m.start(), m.end(), mask("id_card", m.group())))
            taken.append((m.start(), m.end()))
    for m in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m.group(1))
        if not (16 <= len(digits) <= 19) or digits[0] not in "3456" or not free(m.start(), m.end()):
            continue
        before = text[max(0, m.start() - _CARD_WINDOW):m.start()]
        if luhn_ok(digits) and _CARD_WORDS.search(before):
            hits.append(PersonalHit("bank_card", m.start(1), m.end(1), mask("bank_card", digits)))
            taken.append((m.start(), m.end()))
    for m in _MOBILE.finditer(text):
        number = m.group(1)
        if not free(m.start(1), m.end(1)) or "000000" in number[3:]:
            continue
        if _AMOUNT_AFTER.match(text[m.end():m.end() + 4]) or _CONTACT_WORDS.search(text[max(0, m.start() - 16):m.start()]):
            continue
        hits.append(PersonalHit("mobile", m.start(1), m.end(1), mask("mobile", number)))
    return sorted(hits, key=lambda h: h.start)


def mask_text(text: str, latest_year: int | None = None) -> str:
    """The text with every personal number found in it replaced by its masked form."""
    hits = find_personal_data(text, latest_year)
    if not hits:
        return text
    out, last = [], 0
    for hit in hits:
        out.append(text[last:hit.start])
        out.append(hit.masked)
        last = hit.end
    out.append(text[last:])
    return "".join(out)


_LONG_DIGITS = re.compile(r"\d(?:[\d \-]{9,30})[\dXx]")
SNIPPET_BEFORE = 40
SNIPPET_AFTER = 12


def number_snippets(text: str, limit: int = 200) -> list[str]:
    """Pieces of a page's text around runs of 11+ digits: all the privacy rule needs to read,
    with enough text before each number for its keyword (卡号 / 联系电话)."""
    spans: list[list[int]] = []
    for m in _LONG_DIGITS.finditer(text):
        if sum(ch.isdigit() for ch in m.group()) < 11:
            continue
        start, end = max(0, m.start() - SNIPPET_BEFORE), min(len(text), m.end() + SNIPPET_AFTER)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
        if len(spans) >= limit:
            break
    return [text[s:e] for s, e in spans]


CONTEXT_CHARS = 30  # text either side of a number quoted in a finding
# Masking for storage counts any birth year as real: an ID of a child born after the monitoring
# point is no finding, but it is no less personal.
_AT_REST_YEAR = 9999
# Every number found has four digits then four more (a card may put a space or hyphen between):
# a string without that is skipped without running the three patterns.
_NUMBER_HINT = re.compile(r"\d{4}[ -]?\d{4}")


def hit_context(text: str, start: int, end: int, year: int | None) -> str:
    """The text around a number, masked, with … where it was cut."""
    a, b = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    return ("…" if a else "") + mask_text(text[a:b], year).strip() + ("…" if b < len(text) else "")


def screened_hits(text: str, year: int | None) -> list[list[str]]:
    """[kind, masked number, masked context] of each personal number in the text, in text order:
    all the privacy rule reports of it, so the text itself can be stored masked."""
    return [[hit.kind, hit.masked, mask_at_rest(hit_context(text, hit.start, hit.end, year))]
            for hit in find_personal_data(text, year)]


def mask_at_rest(text: str) -> str:
    if not text or not _NUMBER_HINT.search(text):
        return text
    return mask_text(text, _AT_REST_YEAR)


def _hinted(value: Any) -> bool:
    return isinstance(value, str) and _NUMBER_HINT.search(value) is not None


def _mask_pairs(pairs: list, position: int) -> list:
    """Links, menu entries … with their text masked; the list itself when nothing needs it (most
    pages: copying every link tuple would cost more than the check)."""
    out = None
    for i, pair in enumerate(pairs):
        if _hinted(pair[position]):
            out = out if out is not None else list(pairs)
            out[i] = (*pair[:position], mask_text(pair[position], _AT_REST_YEAR), *pair[position + 1:])
    return pairs if out is None else out


def _mask_values(record: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    if not any(_hinted(v) for k, v in record.items() if k not in keep):
        return record
    return {k: mask_text(v, _AT_REST_YEAR) if k not in keep and _hinted(v) else v for k, v in record.items()}


def protect_page(data: dict[str, Any], year: int | None) -> dict[str, Any]:
    """A page record (Page.to_dict) as the history may keep it: `personal` holds, for each distinct
    snippet with numbers, its masked form and its hits (screened_hits); number_snippets are dropped
    and every text is masked. A record already protected (reused from an earlier scan) keeps its
    notes. Returns a new dict; the given one is not changed."""
    data = dict(data)
    if data.get("personal") is None:
        personal: dict[str, list] = {}
        for snippet in dict.fromkeys(data.get("number_snippets") or ()):
            hits = screened_hits(snippet, year)
            if hits:  # two snippets masked alike (never seen) are one: their hits are kept together
                personal.setdefault(mask_at_rest(snippet), []).extend(hits)
        data["personal"] = [[key, hits] for key, hits in personal.items()]
    data["number_snippets"] = []
    for name in ("title", "text", "hidden_text", "report_text", "placeholder"):
        data[name] = mask_at_rest(data.get(name))
    for name in ("meta", "doc_meta"):
        if data.get(name):
            data[name] = _mask_values(data[name])
    for name, position in (("breadcrumbs", 0), ("menu", 0), ("links", 1), ("hidden_links", 1), ("chrome", 1)):
        if data.get(name):
            data[name] = _mask_pairs(data[name], position)
    if data.get("lists"):
        data["lists"] = [{**_mask_values(lst, _LIST_KEEP),
                          "items": [_mask_values(item, _ITEM_KEEP) for item in lst["items"]]} for lst in data["lists"]]
    if data.get("messages"):
        data["messages"] = [_mask_values(message, _MESSAGE_KEEP) for message in data["messages"]]
    return data


# URLs and dates are left as they are (a masked URL would no longer lead anywhere).
_LIST_KEEP = ("items", "more_url", "main")
_ITEM_KEEP = ("url", "date")
_MESSAGE_KEEP = ("url", "asked", "answered", "source")


def protect_resource(data: dict[str, Any], year: int | None) -> dict[str, Any]:
    """A link-check record (Resource.to_dict) as the history may keep it: the hits of an
    attachment's text in `personal`, its text, title and snippet masked."""
    data = dict(data)
    if data.get("personal") is None:
        data["personal"] = screened_hits(data.get("text") or "", year) if data.get("text") else []
    for name in ("text", "title", "snippet"):
        data[name] = mask_at_rest(data.get(name))
    return data
