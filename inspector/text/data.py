"""Loads the text rule data under rules/text/ into matcher entries (each file read once)."""
from __future__ import annotations

import re
from datetime import date
from functools import cache

from rules import load_data

from .matcher import Entry
from .normalize import norm


def _entry(raw: dict, rule: str, severity: str, *, wrong_key: str = "wrong", right_key: str = "right") -> Entry:
    regex = raw.get("regex")
    return Entry(
        rule=rule, severity=severity, wrong=raw.get(wrong_key), right=raw.get(right_key, ""),
        regex=re.compile(norm(regex)) if regex else None, category=raw.get("category", ""),
        source=raw.get("source", ""), exceptions=tuple(raw.get("exceptions", ())),
        quoted_ok=bool(raw.get("quoted_ok", False)), effective=_as_date(raw.get("effective")),
        gate=tuple(norm(g) for g in raw.get("gate", ())),
        invalid=tuple(_example_text(e) for e in raw.get("invalid", ())),
        valid=tuple(_example_text(e) for e in raw.get("valid", ())),
        extra=tuple((k, str(v)) for k, v in raw.items() if k in ("scope", "note")),
    )


def _example_text(example) -> str:
    return example["text"] if isinstance(example, dict) else str(example)


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@cache
def entries(name: str) -> tuple[Entry, ...]:
    """Entries of one data file: typo, serious, outdated_names, sensitive."""
    data = load_data(f"text/{name}.toml")
    if name == "typo":
        return tuple(_entry(raw, "text.typo", "error") for raw in data.get("entries", []))
    if name == "serious":
        return tuple(_entry(raw, "text.serious", "veto") for raw in data.get("entries", []))
    if name == "outdated_names":
        return tuple(_entry(raw, "text.outdated-name", "error", wrong_key="old", right_key="new")
                     for raw in data.get("renames", []))
    if name == "sensitive":
        return tuple(_entry(raw, "text.sensitive", "veto", wrong_key="word") for raw in data.get("entries", []))
    raise KeyError(name)


def settings_words(settings: dict, key: str) -> tuple[str, ...]:
    value = settings.get(key, [])
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()
