"""Title and document-number text of policy pages, reduced to forms that compare equal.

- `key(text)`: NFKC (full width → half width), bracket variants unified, year ranges
  2021—2023年 / 2021-2023 / 2021年至2023年 written one way, then letters and digits only.
- `title_forms(title)`: the title and its cores: 关于印发《X》的通知 → X, the issuer before 关于
  dropped, 的通知/的公告 dropped, as keys, most specific first.
- `doc_numbers(text)`: every 文号 in a text — 云数发〔2021〕7号, 云数发[2021]7号, 云数发（2021）7号,
  海关总署公告2024年第151号, 海关总署令第272号, 第251号令 — and `same_number` to compare a cited
  number with a document's own.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# NFKC already folds （）［］ to ()[]; these it leaves alone.
_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "﹝": "[", "﹞": "]", "【": "[", "】": "]", "〖": "[", "〗": "]",
                           "⌈": "[", "⌉": "]", "「": "“", "」": "”", "『": "“", "』": "”"})
_SPACE = re.compile(r"\s+")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:[-‐‑‒–—―~～至到]+|－)\s*((?:19|20)\d{2})\s*年?")
_QUOTED = re.compile(r"《([^《》]+)》")
_UNWRAP = re.compile(
    r"^(?:.{0,60}?关于)?(?:重新|修订)?(?:印发|转发|发布|公布|颁布|下发|出台|施行|实施|修订)"
    r"(?:修订后的|修订的|新修订的)?[《〈](.+)[》〉](?:等.{0,8}(?:文件|办法|规定))?(?:的)?"
    r"(?:通知|公告|通告|决定|令|函|批复)?$")
_ISSUER = re.compile(r"^(.{1,60}?)(关于.{4,})$")
_NOTICE_TAIL = re.compile(r"的(?:通知|公告|通告|函|批复|通报)$")
_FUZZY_NOISE = ("政策解读", "一图读懂", "一图看懂", "一图了解", "答记者问", "解读来啦", "解读问答", "公告解读",
                "政策问答", "解读", "图解", "问答", "答问", "关于")


def nfkc(text: str) -> str:
    """Width and bracket variants folded, runs of space made one, year ranges written one way."""
    text = unicodedata.normalize("NFKC", text or "").translate(_BRACKETS)
    text = _SPACE.sub(" ", text).strip()
    return _YEAR_RANGE.sub(r"\1-\2", text)


def key(text: str) -> str:
    """Letters and digits only (CJK included), lower case: the form titles are compared in."""
    return "".join(ch for ch in nfkc(text).lower() if unicodedata.category(ch)[0] in "LN")


def quoted(text: str, as_written: bool = False) -> list[str]:
    """The 《…》 titles quoted in a text (outermost pairs; 〈〉 inside are kept), normalised
    unless as_written."""
    return _QUOTED.findall(text if as_written else nfkc(text))


def title_forms(title: str, min_chars: int = 1) -> list[str]:
    """Keys of the title and of its cores, most specific first, each at least min_chars long."""
    return list(shown_title_forms(title, min_chars))


def shown_title_forms(title: str, min_chars: int = 1) -> dict[str, str]:
    """{key: the form as written (width-folded)} for the title and its cores, most specific first."""
    base = nfkc(title).strip("“”\"' ")
    forms = [base]
    unwrapped = _UNWRAP.match(_SPACE.sub("", base))
    if unwrapped:
        forms.append(unwrapped.group(1))
    for form in list(forms):
        issuer = _ISSUER.match(form)
        if issuer and "《" not in issuer.group(1):
            forms.append(issuer.group(2))
    for form in list(forms):
        stripped = _NOTICE_TAIL.sub("", form)
        if stripped.startswith("关于"):
            forms.append(stripped[2:])
        elif stripped != form:
            forms.append(stripped)
    keys: dict[str, str] = {}
    for form in forms:
        k = key(form)
        if len(k) >= min_chars and k not in keys:
            keys[k] = form
    return keys


def fuzzy_forms(title: str) -> list[str]:
    """What an interpretation's title is about: its quoted titles, else the title without the
    words that only say it is an interpretation."""
    inner = quoted(title)
    if inner:
        return [f for q in inner for f in title_forms(q)]
    k = key(title)
    for word in _FUZZY_NOISE:
        k = k.replace(word, "")
    return [k.removesuffix("的")] if k else []


@dataclass(frozen=True)
class DocNumber:
    """A 文号 as written: 云数发〔2021〕7号 → prefix 云数发, year 2021, number 7."""

    prefix: str
    year: str | None
    number: str
    suffix: str = ""
    text: str = ""
    pos: int = 0

    @property
    def kind(self) -> str:
        return self.prefix + self.suffix

    @property
    def is_order(self) -> bool:
        """令 are numbered without a year (海关总署令第272号)."""
        return self.kind.endswith("令")


_NUMBER = re.compile(
    r"(?P<prefix>[\u3400-\u9fff]{0,12})\s?"
    r"(?:[\[(]\s*(?P<y1>(?:19|20)\d{2})\s*[\])]\s*第?\s*(?P<n1>\d{1,5})\s*号"
    r"|(?P<y2>(?:19|20)\d{2})\s*年\s*第\s*(?P<n2>\d{1,5})\s*号"
    r"|第\s*(?P<n3>\d{1,5})\s*号)"
    r"(?P<suffix>公告|令|通告)?")


def doc_numbers(text: str) -> list[DocNumber]:
    """Every 文号 in the text, in order. A bare 第N号 counts only as an order (…令第N号, 第N号令)."""
    found = []
    for m in _NUMBER.finditer(nfkc(text)):
        prefix, suffix = m.group("prefix"), m.group("suffix") or ""
        year = m.group("y1") or m.group("y2")
        number = m.group("n1") or m.group("n2") or m.group("n3")
        if m.group("n3") and not (prefix.endswith("令") or suffix == "令"):
            continue
        found.append(DocNumber(prefix=prefix, year=year, number=str(int(number)), suffix=suffix,
                               text=m.group(0).strip(), pos=m.start()))
    return found


def parse_doc_number(doc_no: str) -> DocNumber | None:
    """A document's own 文号 (the metadata field), or None when it holds no number."""
    numbers = doc_numbers(doc_no)
    return numbers[0] if numbers else None


def same_number(own: DocNumber, cited: DocNumber, unique: bool) -> bool:
    """Does a number cited in a text name this document? `unique`: no other document on the site
    has the same year and number, so a bare "2023年第200号" is enough."""
    if own.number != cited.number:
        return False
    order = own.is_order and cited.kind.endswith("令")
    if own.year and cited.year:
        if own.year != cited.year:
            return False
    elif not order:
        return False
    forms = {f for f in (cited.prefix, cited.kind, cited.suffix) if f}
    if not forms:
        return unique
    kind = own.kind
    if not kind:
        return True
    return any(f.endswith(kind) or (len(f) >= 2 and kind.endswith(f)) for f in forms)
