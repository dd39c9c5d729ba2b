#!/usr/bin/env python3
"""Check the 错敏字 rule data under rules/text/ without the matching engine.

    python tools/check_text_rules.py                 # schema + every example, counts per file
    python tools/check_text_rules.py --probe FILE…   # also list hits on text that should be clean

What it checks (plain substring logic, after NFKC like the engine):
- every file loads with tomllib and has the keys and types of its schema;
- no duplicate `wrong` / `old` / `word` / leader name within a file;
- each `invalid` example contains the wrong string outside its `exceptions` (or matches the
  regex, a few contextual entries; outside quotes when `quoted_ok`), and each `valid` example
  does not;
- a `right` / `new` suggestion is not itself flagged by the same file;
- outdated names: `valid` examples are clean or carry a former-name marker next to the old name
  (markers as the engine reads them: before = within the 4 characters before, after = within the
  12 characters after), `old_published_valid` examples do contain the old name;
- sensitive words: `invalid` examples have no negating word in the 12 characters before the word,
  `valid` examples have one; no word contains a leader's name;
- leaders: titles known, `valid` examples carry the name, each `invalid` example has the name
  next to another leader's title or a one-character near miss (same pinyin or a look-alike from
  lookalike.txt) next to the leader's own title;
- nonstandard: with OpenCC installed, `invalid` examples contain a traditional character outside
  the allow-list and `valid` examples do not;
- lookalike.txt: one group of at least two distinct CJK characters per line.

Warnings (not errors): examples shorter than 15 or longer than 50 characters, and a `valid`
example of one entry that another entry of the same file flags.

`--probe` reads files of text that is supposed to be correct (.txt, .tsv/.jsonl with a target
column, .html) and prints every typo / serious hit with its context, to review precision.
Exit status: 0 clean (warnings allowed), 1 errors found.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "rules" / "text"
WINDOW = 12
BEFORE_MARKER_SPAN = 4
OPEN_QUOTES = "“《「『‘"
CLOSE_QUOTES = "”》」』’"
SENSITIVE_CATEGORIES = {"赌博", "色情", "诈骗", "违法广告", "违禁品"}
TYPO_CATEGORIES = {"成语", "常用词", "公文规范", "搭配", "专有名词"}


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"ERROR {where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"warn  {where}: {msg}")


# --------------------------------------------------------------------------- matching helpers

def spans(text: str, wrong: str, exceptions=()) -> list[tuple[int, int]]:
    """Occurrences of `wrong` in `text` not covered by an occurrence of an exception."""
    text, wrong = nfkc(text), nfkc(wrong)
    covers = []
    for exc in exceptions:
        exc = nfkc(exc)
        start = text.find(exc)
        while start != -1:
            covers.append((start, start + len(exc)))
            start = text.find(exc, start + 1)
    found = []
    start = text.find(wrong)
    while start != -1:
        end = start + len(wrong)
        if not any(s <= start and e >= end for s, e in covers):
            found.append((start, end))
        start = text.find(wrong, start + 1)
    return found


def regex_spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    text = nfkc(text)
    out = []
    for m in pattern.finditer(text):
        s, e = m.span("e") if "e" in pattern.groupindex else m.span()
        if e > s:
            out.append((s, e))
    return out


def inside_quotes(text: str, position: int) -> bool:
    window = text[max(0, position - 80):position]
    last_open = max(window.rfind(q) for q in OPEN_QUOTES)
    last_close = max(window.rfind(q) for q in CLOSE_QUOTES)
    return last_open > last_close


def entry_hits(entry: dict, text: str, key: str = "wrong") -> list[tuple[int, int]]:
    if entry.get("_regex") is not None:
        found = regex_spans(text, entry["_regex"])
    elif isinstance(entry.get(key), str):
        found = spans(text, entry[key], entry.get("exceptions", []))
    else:
        return []
    if entry.get("quoted_ok"):
        normed = nfkc(text)
        found = [(s, e) for s, e in found if not inside_quotes(normed, s)]
    return found


# --------------------------------------------------------------------------- schema helpers

def load(path: Path, rep: Report) -> dict | None:
    if not path.exists():
        rep.error(path.name, "file missing")
        return None
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        rep.error(path.name, f"TOML: {exc}")
        return None


def need(rep: Report, where: str, raw: dict, key: str, kind, *, optional=False) -> bool:
    if key not in raw:
        if not optional:
            rep.error(where, f"missing key `{key}`")
        return False
    if not isinstance(raw[key], kind):
        rep.error(where, f"`{key}` should be {kind}")
        return False
    return True


def str_list(rep: Report, where: str, raw: dict, key: str, *, min_len=0, optional=False) -> list[str]:
    if key not in raw:
        if not optional:
            rep.error(where, f"missing key `{key}`")
        return []
    value = raw[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        rep.error(where, f"`{key}` should be a list of non-empty strings")
        return []
    if len(value) < min_len:
        rep.error(where, f"`{key}` needs at least {min_len} item(s)")
    return value


def length_warn(rep: Report, where: str, examples, lo=15, hi=50) -> None:
    for text in examples:
        if not lo <= len(text) <= hi:
            rep.warn(where, f"example has {len(text)} characters (15–50 wanted): {text}")


# --------------------------------------------------------------------------- typo / serious

def check_wordlist(path: Path, rep: Report, *, serious: bool) -> list[dict]:
    data = load(path, rep)
    if data is None:
        return []
    entries = data.get("entries")
    if not isinstance(entries, list) or not entries:
        rep.error(path.name, "no [[entries]]")
        return []
    seen: dict[str, int] = {}
    good = []
    for i, raw in enumerate(entries):
        label = raw.get("wrong") or raw.get("regex") or f"#{i}"
        where = f"{path.name}[{label}]"
        allowed = {"wrong", "regex", "right", "category", "source", "exceptions", "quoted_ok", "invalid", "valid",
                   "note", "gate"}  # gate: words every regex match contains (a fast pre-check)
        for key in raw:
            if key not in allowed:
                rep.error(where, f"unknown key `{key}`")
        has_wrong, has_regex = "wrong" in raw, "regex" in raw
        if has_wrong == has_regex:
            rep.error(where, "needs exactly one of `wrong` / `regex`")
            continue
        raw["_regex"] = None
        if has_wrong:
            if not need(rep, where, raw, "wrong", str):
                continue
            wrong = raw["wrong"]
            if len(wrong) < 2:
                rep.error(where, "`wrong` must have at least two characters")
            key = nfkc(wrong)
            if key in seen:
                rep.error(where, f"duplicate `wrong` (also entry #{seen[key]})")
            seen[key] = i
        else:
            if not need(rep, where, raw, "regex", str):
                continue
            try:
                raw["_regex"] = re.compile(nfkc(raw["regex"]))
            except re.error as exc:
                rep.error(where, f"regex: {exc}")
                continue
            if raw["_regex"].search(""):
                rep.error(where, "regex matches the empty string")
        need(rep, where, raw, "right", str)
        need(rep, where, raw, "category", str)
        need(rep, where, raw, "source", str)
        if not serious and raw.get("category") not in TYPO_CATEGORIES:
            rep.warn(where, f"unusual category {raw.get('category')!r}")
        if "quoted_ok" in raw:
            need(rep, where, raw, "quoted_ok", bool)
        exceptions = str_list(rep, where, raw, "exceptions", optional=True)
        if has_wrong:
            for exc in exceptions:
                if nfkc(raw["wrong"]) not in nfkc(exc):
                    rep.error(where, f"exception {exc!r} does not contain the wrong string")
        invalid = str_list(rep, where, raw, "invalid", min_len=1)
        valid = str_list(rep, where, raw, "valid", min_len=1)
        length_warn(rep, where, invalid + valid)
        for text in invalid:
            if not entry_hits(raw, text):
                rep.error(where, f"invalid example raises nothing: {text}")
        for text in valid:
            if entry_hits(raw, text):
                rep.error(where, f"valid example is flagged: {text}")
        if isinstance(raw.get("right"), str) and entry_hits(raw, raw["right"]):
            rep.error(where, f"the suggestion {raw['right']!r} is itself flagged")
        good.append(raw)
    # cross-entry: a suggestion or a valid example flagged by another entry of the file
    for raw in good:
        label = raw.get("wrong") or raw.get("regex")
        for other in good:
            if other is raw:
                continue
            olabel = other.get("wrong") or other.get("regex")
            if isinstance(raw.get("right"), str) and entry_hits(other, raw["right"]):
                rep.error(f"{path.name}[{label}]", f"suggestion {raw['right']!r} is flagged by [{olabel}]")
            for text in raw.get("valid", []):
                if entry_hits(other, text):
                    rep.warn(f"{path.name}[{label}]", f"valid example also flagged by [{olabel}]: {text}")
    return good


# --------------------------------------------------------------------------- outdated names

def check_outdated(path: Path, rep: Report) -> list[dict]:
    data = load(path, rep)
    if data is None:
        return []
    before = str_list(rep, path.name, data, "former_markers_before", min_len=1)
    after = str_list(rep, path.name, data, "former_markers_after", min_len=1)
    if not isinstance(data.get("example_published"), dt.date):
        rep.error(path.name, "`example_published` should be a TOML date")
        example_day = dt.date.max
    else:
        example_day = data["example_published"]

    def marked(text: str, s: int, e: int) -> bool:
        win_before = text[max(0, s - WINDOW):s]
        win_after = text[e:e + WINDOW]
        return any(win_before.endswith(m) or m in win_before[-BEFORE_MARKER_SPAN:] for m in before) or \
            any(m in win_after for m in after)

    renames = data.get("renames")
    if not isinstance(renames, list) or not renames:
        rep.error(path.name, "no [[renames]]")
        return []
    seen: dict[str, int] = {}
    good = []
    for i, raw in enumerate(renames):
        where = f"{path.name}[{raw.get('old', '#' + str(i))}]"
        allowed = {"old", "new", "effective", "scope", "source", "exceptions", "invalid", "valid",
                   "old_published_valid", "note"}
        for key in raw:
            if key not in allowed:
                rep.error(where, f"unknown key `{key}`")
        if not need(rep, where, raw, "old", str):
            continue
        old = raw["old"]
        if nfkc(old) in seen:
            rep.error(where, f"duplicate `old` (also #{seen[nfkc(old)]})")
        seen[nfkc(old)] = i
        need(rep, where, raw, "new", str)
        need(rep, where, raw, "source", str)
        if not isinstance(raw.get("effective"), dt.date) or isinstance(raw.get("effective"), dt.datetime):
            rep.error(where, "`effective` should be a TOML date (YYYY-MM-DD)")
            continue
        if raw["effective"] >= example_day:
            rep.error(where, f"effective {raw['effective']} is not before example_published {example_day}")
        if raw.get("scope") not in ("national", "local"):
            rep.error(where, "`scope` should be national or local")
        exceptions = str_list(rep, where, raw, "exceptions", optional=True)
        for exc in exceptions:
            if nfkc(old) not in nfkc(exc):
                rep.error(where, f"exception {exc!r} does not contain the old name")
        invalid = str_list(rep, where, raw, "invalid", min_len=1)
        valid = str_list(rep, where, raw, "valid", min_len=1)
        old_ok = str_list(rep, where, raw, "old_published_valid", min_len=1)
        length_warn(rep, where, invalid + valid + old_ok, lo=10)
        for text in invalid:
            t = nfkc(text)
            if not [1 for s, e in spans(t, old, exceptions) if not marked(t, s, e)]:
                rep.error(where, f"invalid example raises nothing: {text}")
        for text in valid:
            t = nfkc(text)
            if [1 for s, e in spans(t, old, exceptions) if not marked(t, s, e)]:
                rep.error(where, f"valid example is flagged: {text}")
        for text in old_ok:
            if not spans(text, old, exceptions):
                rep.error(where, f"old_published_valid example does not contain the old name: {text}")
        if isinstance(raw.get("new"), str) and spans(raw["new"], old, exceptions):
            rep.error(where, f"the new name {raw['new']!r} contains the old one")
        good.append(raw)
    for raw in good:
        for other in good:
            # a chain of renames (银监会 → 银保监会 → 国家金融监督管理总局) is fine: the later
            # rename takes effect after this one
            if other is not raw and isinstance(raw.get("new"), str) and other["effective"] <= raw["effective"] \
                    and spans(raw["new"], other["old"], other.get("exceptions", [])):
                rep.error(f"{path.name}[{raw['old']}]", f"new name {raw['new']!r} is flagged by [{other['old']}]")
    return good


# --------------------------------------------------------------------------- sensitive

def check_sensitive(path: Path, rep: Report, leader_names: list[str]) -> list[dict]:
    data = load(path, rep)
    if data is None:
        return []
    negating = str_list(rep, path.name, data, "negating_context", min_len=1)

    def negated(text: str, s: int) -> bool:
        return any(m in text[max(0, s - WINDOW):s] for m in negating)

    entries = data.get("entries")
    if not isinstance(entries, list) or not entries:
        rep.error(path.name, "no [[entries]]")
        return []
    seen: dict[str, int] = {}
    good = []
    for i, raw in enumerate(entries):
        where = f"{path.name}[{raw.get('word', '#' + str(i))}]"
        for key in raw:
            if key not in {"word", "category", "invalid", "valid", "exceptions", "source", "note"}:
                rep.error(where, f"unknown key `{key}`")
        if not need(rep, where, raw, "word", str):
            continue
        word = raw["word"]
        if len(word) < 2:
            rep.error(where, "`word` must have at least two characters")
        if nfkc(word) in seen:
            rep.error(where, f"duplicate `word` (also #{seen[nfkc(word)]})")
        seen[nfkc(word)] = i
        for name in leader_names:
            if name in word:
                rep.error(where, f"contains the leader's name {name}")
        if raw.get("category") not in SENSITIVE_CATEGORIES:
            rep.error(where, f"category should be one of {sorted(SENSITIVE_CATEGORIES)}")
        exceptions = str_list(rep, where, raw, "exceptions", optional=True)
        invalid = str_list(rep, where, raw, "invalid", min_len=1)
        valid = str_list(rep, where, raw, "valid", min_len=1)
        length_warn(rep, where, invalid + valid, lo=10)
        for text in invalid:
            t = nfkc(text)
            if not [1 for s, _ in spans(t, word, exceptions) if not negated(t, s)]:
                rep.error(where, f"invalid example raises nothing: {text}")
            for m in negating:
                if m in t:
                    rep.warn(where, f"invalid (spam) example contains the negating word {m!r}: {text}")
        for text in valid:
            t = nfkc(text)
            found = spans(t, word, exceptions)
            if nfkc(word) not in t:
                rep.warn(where, f"valid example does not contain the word: {text}")
            if [1 for s, _ in found if not negated(t, s)]:
                rep.error(where, f"valid example is flagged (no negating word within {WINDOW} chars before): {text}")
        good.append(raw)
    for raw in good:
        for other in good:
            if other is not raw and nfkc(other["word"]) in nfkc(raw["word"]):
                rep.warn(f"{path.name}[{raw['word']}]", f"contains the shorter word [{other['word']}]")
    return good


# --------------------------------------------------------------------------- leaders

def lookalike_groups(path: Path, rep: Report) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    if not path.exists():
        rep.error(path.name, "file missing")
        return groups
    seen_lines: set[str] = set()
    count = 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        chars = [c for c in body if not c.isspace()]
        where = f"{path.name}:{n}"
        if len(chars) < 2:
            rep.error(where, "a group needs at least two characters")
        if len(set(chars)) != len(chars):
            rep.error(where, f"repeated character in {body!r}")
        if not all("\u4e00" <= c <= "\u9fff" for c in chars):
            rep.error(where, f"non-CJK character in {body!r}")
        key = "".join(sorted(set(chars)))
        if key in seen_lines:
            rep.error(where, f"duplicate group {body!r}")
        seen_lines.add(key)
        count += 1
        for c in chars:
            groups.setdefault(c, set()).update(x for x in chars if x != c)
    groups["__count__"] = {str(count)}
    return groups


def check_leaders(path: Path, rep: Report, looks: dict[str, set[str]]) -> list[dict]:
    data = load(path, rep)
    if data is None:
        return []
    if not isinstance(data.get("as_of"), dt.date):
        rep.error(path.name, "`as_of` should be a TOML date")
    titles = str_list(rep, path.name, data, "titles", min_len=1)
    try:
        from pypinyin import NORMAL, pinyin
    except ImportError:  # pragma: no cover - optional
        pinyin = None
        rep.warn(path.name, "pypinyin not installed: near misses checked for shape only")

    def sounds(c: str) -> set[str]:
        return set(pinyin(c, style=NORMAL, heteronym=True)[0]) if pinyin else set()

    leaders = data.get("leaders")
    if not isinstance(leaders, list) or not leaders:
        rep.error(path.name, "no [[leaders]]")
        return []
    names = [x.get("name") for x in leaders if isinstance(x.get("name"), str)]
    national = {t for x in leaders for t in x.get("titles", []) if isinstance(t, str)}
    all_titles = sorted(set(titles) | national, key=len, reverse=True)
    seen: set[str] = set()
    good = []

    def title_after(text: str, end: int) -> str | None:
        return next((t for t in all_titles if text.startswith(t, end)), None)

    def title_before(text: str, start: int) -> str | None:
        return next((t for t in all_titles if text[:start].endswith(t)), None)

    def near(name: str, cand: str) -> bool:
        diff = [(a, b) for a, b in zip(name, cand) if a != b]
        if len(cand) != len(name) or len(diff) != 1:
            return False
        a, b = diff[0]
        return bool(sounds(a) & sounds(b)) or b in looks.get(a, set())

    def problems(text: str, leader: dict) -> list[str]:
        found = []
        name, own = leader["name"], set(leader["titles"])
        t = nfkc(text)
        for s, e in spans(t, name):
            for title in (title_after(t, e), title_before(t, s)):
                if title and title in national and title not in own:
                    found.append(f"{name} + {title}")
        n = len(name)
        for s in range(0, len(t) - n + 1):
            cand = t[s:s + n]
            if cand in names or not near(name, cand):
                continue
            adjacent = [x for x in (title_after(t, s + n), title_before(t, s)) if x in own]
            if adjacent or t.startswith("同志", s + n):
                found.append(f"{cand} ≈ {name}")
        return found

    for i, raw in enumerate(leaders):
        where = f"{path.name}[{raw.get('name', '#' + str(i))}]"
        for key in raw:
            if key not in {"name", "titles", "invalid", "valid", "note"}:
                rep.error(where, f"unknown key `{key}`")
        if not need(rep, where, raw, "name", str):
            continue
        if raw["name"] in seen:
            rep.error(where, "duplicate leader")
        seen.add(raw["name"])
        own = str_list(rep, where, raw, "titles", min_len=1)
        for title in own:
            if title not in titles:
                rep.error(where, f"title {title!r} missing from the top-level `titles`")
        str_list(rep, where, raw, "invalid", min_len=1)
        str_list(rep, where, raw, "valid", min_len=1)
        good.append(raw)
    for raw in good:
        where = f"{path.name}[{raw['name']}]"
        for text in raw.get("invalid", []):
            if not any(problems(text, leader) for leader in good):
                rep.error(where, f"invalid example raises nothing: {text}")
        for text in raw.get("valid", []):
            if raw["name"] not in text:
                rep.error(where, f"valid example does not carry the name: {text}")
            bad = [p for leader in good for p in problems(text, leader)]
            if bad:
                rep.error(where, f"valid example is flagged ({'; '.join(bad)}): {text}")
    return good


# --------------------------------------------------------------------------- nonstandard

def check_nonstandard(path: Path, rep: Report) -> dict:
    data = load(path, rep)
    if data is None:
        return {}
    allow = str_list(rep, path.name, data, "allow", min_len=1)
    invalid = str_list(rep, path.name, data, "invalid", min_len=1)
    valid = str_list(rep, path.name, data, "valid", min_len=1)
    try:
        import opencc
    except ImportError:  # pragma: no cover - optional
        rep.warn(path.name, "opencc not installed: examples not checked")
        return data
    convert = opencc.OpenCC("t2s").convert

    def flagged(text: str) -> list[str]:
        simple = convert(text)
        if len(simple) != len(text):
            simple = "".join(convert(c) if len(convert(c)) == 1 else c for c in text)
        out = []
        for i, (a, b) in enumerate(zip(text, simple)):
            if a == b or inside_quotes(text, i) or ord(b) > 0xFFFF or in_handle(text, i):
                continue  # as the engine: name characters simplified outside the BMP, @user names
            covered = False
            for word in allow:
                k = text.find(word, max(0, i - len(word)), i + 1 + len(word))
                if k != -1 and k <= i < k + len(word):
                    covered = True
            if not covered:
                out.append(a)
        return out

    for text in invalid:
        if not flagged(text):
            rep.error(path.name, f"invalid example raises nothing: {text}")
    for text in valid:
        bad = flagged(text)
        if bad:
            rep.error(path.name, f"valid example is flagged ({''.join(bad)}): {text}")
    return data


def in_handle(text: str, i: int) -> bool:
    at = text.rfind("@", max(0, i - 20), i)
    return at != -1 and not re.search(r"[\s，,、。；;：:！!？?]", text[at + 1:i].lstrip())


# --------------------------------------------------------------------------- probe

def probe_texts(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8", errors="replace")
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return [line.split("\t")[-1] for line in raw.splitlines() if line.strip()]
    if suffix == ".jsonl":
        out = []
        for line in raw.splitlines():
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            out.append(str(obj.get("target") or obj.get("text") or ""))
        return out
    if suffix in (".html", ".htm"):
        raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
        raw = html.unescape(re.sub(r"<[^>]+>", "\n", raw))
        return [line.strip() for line in raw.splitlines() if line.strip()]
    # SIGHAN inline format 错（（正）） → the corrected text
    raw = re.sub(r".（（(.)））", r"\1", raw)
    return [line for line in raw.splitlines() if line.strip()]


def probe(paths: list[Path], lists: dict[str, list[dict]]) -> None:
    total_chars = 0
    hits: dict[str, int] = {}
    for path in paths:
        for text in probe_texts(path):
            t = nfkc(text)
            total_chars += len(t)
            for name, entries in lists.items():
                key = "old" if name == "outdated_names" else "word" if name == "sensitive" else "wrong"
                for entry in entries:
                    for s, e in entry_hits(entry, t, key):
                        label = entry.get(key) or entry.get("regex")
                        hits[name] = hits.get(name, 0) + 1
                        print(f"PROBE {name}[{label}] {path.name}: …{t[max(0, s - 20):e + 20]}…")
    per = {k: f"{v} ({v * 10000 / max(total_chars, 1):.2f}/10k chars)" for k, v in hits.items()}
    print(f"probe: {total_chars} characters; hits: {per or 'none'}")


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--probe", nargs="+", type=Path, help="files of supposedly correct text")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    args = parser.parse_args(argv)
    rep = Report()
    looks = lookalike_groups(TEXT / "lookalike.txt", rep)
    leaders = check_leaders(TEXT / "leaders.toml", rep, looks)
    typo = check_wordlist(TEXT / "typo.toml", rep, serious=False)
    serious = check_wordlist(TEXT / "serious.toml", rep, serious=True)
    outdated = check_outdated(TEXT / "outdated_names.toml", rep)
    sensitive = check_sensitive(TEXT / "sensitive.toml", rep, [x["name"] for x in leaders])
    nonstandard = check_nonstandard(TEXT / "nonstandard.toml", rep)
    # the same wrong string in typo and serious gives two findings for one problem
    serious_wrongs = {nfkc(e["wrong"]) for e in serious if isinstance(e.get("wrong"), str)}
    for e in typo:
        if isinstance(e.get("wrong"), str) and nfkc(e["wrong"]) in serious_wrongs:
            rep.error(f"typo.toml[{e['wrong']}]", "also listed in serious.toml")
    if not args.quiet:
        for line in rep.warnings:
            print(line)
    for line in rep.errors:
        print(line)
    ns = nonstandard or {}
    print("counts:")
    print(f"  typo.toml            {len(typo):4d} entries")
    print(f"  serious.toml         {len(serious):4d} entries ({sum(1 for e in serious if e.get('regex'))} regex)")
    print(f"  outdated_names.toml  {len(outdated):4d} renames "
          f"({sum(1 for e in outdated if e.get('scope') == 'national')} national, "
          f"{sum(1 for e in outdated if e.get('scope') == 'local')} local)")
    print(f"  sensitive.toml       {len(sensitive):4d} words")
    print(f"  leaders.toml         {len(leaders):4d} leaders")
    print(f"  nonstandard.toml     {len(ns.get('allow', [])):4d} allowed, {len(ns.get('invalid', []))} invalid / "
          f"{len(ns.get('valid', []))} valid examples")
    print(f"  lookalike.txt        {int(next(iter(looks.get('__count__', {'0'})))):4d} groups")
    print(f"{len(rep.errors)} error(s), {len(rep.warnings)} warning(s)")
    if args.probe:
        probe(args.probe, {"typo": typo, "serious": serious})
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
