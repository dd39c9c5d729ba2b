"""Extraction gives the very records it gave before it was made faster (issue 18, a cheaper parse).

tests/fixtures/parse_golden/records.json holds the records the code before that work made of 346
pages (fixtures, the demo site, pages of the bench site, the real-page corpus); it was written by
tools/make_parse_golden.py, which says how. Each page is extracted again here and compared field
by field, as the history stores it: a speed-up that changes any field a rule reads fails here.
"""
from __future__ import annotations

import importlib.util
import json
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_parse_golden", REPO / "tools" / "make_parse_golden.py")
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


@lru_cache(maxsize=None)
def stored() -> dict:
    return json.loads(golden.RECORDS.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def sources() -> dict[str, dict]:
    return {source["key"]: source for source in golden.inputs()}


KEYS = sorted(json.loads(golden.RECORDS.read_text(encoding="utf-8"))["pages"])


def test_the_golden_set_is_varied():
    """The comparison covers every kind of page and every source it was made from."""
    pages = stored()["pages"]
    kinds = {entry["record"]["kind"] for entry in pages.values()}
    assert {"home", "list", "channel", "article", "single", "blank"} <= kinds
    assert {key.split("/")[0] for key in pages} == {"fixtures", "demo", "bench", "corpus"}
    assert date.fromisoformat(stored()["reference"]) == golden.REFERENCE


@pytest.mark.parametrize("key", KEYS)
def test_record_is_unchanged(key):
    source = sources().get(key)
    if source is None:
        if key.startswith("corpus/") and not golden.CORPUS.is_dir():
            pytest.skip(f"real-page corpus not available at {golden.CORPUS}")
        pytest.fail(f"{key}: the page the golden record was made of is gone")
    expected = stored()["pages"][key]
    assert (source["url"], source["content_type"], source["is_home"]) == \
        (expected["url"], expected["content_type"], expected["is_home"])
    now, before = golden.record(source), expected["record"]
    assert set(before) <= set(now), f"{key}: fields gone from the record: {sorted(set(before) - set(now))}"
    # A field added since (Page.personal: noted when a page is saved, not when it is extracted)
    # comes out of extraction at its default.
    added = {name: now[name] for name in set(now) - set(before) if now[name] not in (None, "", [], {}, 0, False)}
    assert not added, f"{key}: extraction fills fields the golden records do not have: {added}"
    changed = [name for name in sorted(before) if now[name] != before[name]]
    assert not changed, \
        f"{key}: fields changed: {changed}; first: {changed[0]}: {now[changed[0]]!r} != {before[changed[0]]!r}"
