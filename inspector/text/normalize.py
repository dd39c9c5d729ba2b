"""NFKC normalisation (full-width → half-width and the like) that remembers, for every
normalised character, where it came from, so evidence is reported exactly as on the page."""
from __future__ import annotations

import unicodedata


def normalize(text: str) -> tuple[str, list[int] | None]:
    """(normalised text, offset map or None when nothing changed).

    offsets[i] is the index in `text` of the character that produced normalised character i;
    offsets[len(norm)] == len(text).
    """
    if unicodedata.is_normalized("NFKC", text):
        return text, None
    parts: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        norm = unicodedata.normalize("NFKC", char) if ord(char) > 0x7F else char
        parts.append(norm)
        offsets.extend([index] * len(norm))
    offsets.append(len(text))
    return "".join(parts), offsets


def original_span(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    if offsets is None:
        return start, end
    return offsets[start], offsets[end - 1] + 1 if end > start else offsets[start]


def norm(text: str) -> str:
    return normalize(text)[0]
