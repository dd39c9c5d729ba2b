"""NFKC normalisation where it matters for matching Chinese text — full-width letters and digits,
Kangxi and CJK radicals, compatibility ideographs → their plain forms — one character for one
character, so positions in the normalised text are positions on the page and evidence is
reported exactly as written.

Chinese full-width punctuation (，：（）) is left as written (the rule data writes it so), which
means ordinary text needs no translation at all: one regex search tells."""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# Where the characters that matter for matching Chinese text live: full-width letters and
# digits, Kangxi and CJK radicals, CJK compatibility ideographs (look-alike evasions).
_RANGES = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A), (0x2E80, 0x2FDF), (0xF900, 0xFAFF))


@cache
def _table() -> dict[int, str]:
    table = {}
    for code in (c for low, high in _RANGES for c in range(low, high + 1)):
        char = chr(code)
        normalized = unicodedata.normalize("NFKC", char)
        if normalized != char and len(normalized) == 1:
            table[code] = normalized
    return table


_NEEDS_TRANSLATION = re.compile("[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _RANGES) + "]")


@lru_cache(maxsize=8)  # the rules of one pass share the normalised text
def norm(text: str) -> str:
    """The normalised text; position i in it is position i in `text`."""
    return text.translate(_table()) if _NEEDS_TRANSLATION.search(text) else text
