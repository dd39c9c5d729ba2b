"""Derived rule data is built once and read back by the next scan; other inputs, a damaged
file or no cache directory build it again."""
from __future__ import annotations

import pytest

from inspector import datacache
from inspector.datacache import cached, use_directory
from inspector.text import leaders


@pytest.fixture
def cache_dir(tmp_path):
    use_directory(tmp_path / "datacache")
    yield tmp_path / "datacache"
    use_directory(None)


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value
    return build, calls


def test_value_is_built_once_per_inputs(cache_dir):
    build, calls = counting({"毫": ["hao"]})
    assert cached("table", "pypinyin 1", build) == {"毫": ["hao"]}
    assert cached("table", "pypinyin 1", build) == {"毫": ["hao"]}
    assert len(calls) == 1
    assert cached("table", "pypinyin 2", build) == {"毫": ["hao"]}   # another library version
    assert len(calls) == 2
    assert len(list(cache_dir.glob("table-*.json"))) == 2


def test_damaged_file_is_built_again(cache_dir):
    build, calls = counting([1, 2, 3])
    cached("table", "v", build)
    (file,) = cache_dir.glob("table-*.json")
    file.write_text("[1, 2", encoding="utf-8")   # cut off
    assert cached("table", "v", build) == [1, 2, 3]
    assert len(calls) == 2
    assert cached("table", "v", build) == [1, 2, 3] and len(calls) == 2   # rewritten whole


def test_without_a_directory_nothing_is_kept(tmp_path):
    assert datacache._directory is None
    build, calls = counting("x")
    cached("table", "v", build)
    cached("table", "v", build)
    assert len(calls) == 2


def test_leader_near_misses_are_the_same_from_the_kept_pinyin_table(cache_dir, monkeypatch):
    def fresh():
        leaders._gb2312_readings.cache_clear()
        leaders._pinyin_index.cache_clear()

    use_directory(None)
    fresh()
    built = {char: leaders.similar_chars(char) for char in "杜家毫习近平"}
    use_directory(cache_dir)
    fresh()
    assert {char: leaders.similar_chars(char) for char in "杜家毫习近平"} == built   # writes the table
    fresh()

    def no_pypinyin(char):
        raise AssertionError(f"pypinyin asked for {char}")
    monkeypatch.setattr(leaders, "_readings_from_pypinyin", no_pypinyin)
    try:
        assert {char: leaders.similar_chars(char) for char in "杜家毫习近平"} == built   # read back
        assert "豪" in built["毫"]
    finally:
        monkeypatch.undo()
        fresh()


_READINGS = """
import json, os, sys
from inspector.text.leaders import _gb2312_chars, _readings_from_pypinyin
table = {c: _readings_from_pypinyin(c) for c in _gb2312_chars()}
import pypinyin.constants
json.dump({"table": table, "phrases": len(pypinyin.constants.PHRASES_DICT)}, sys.stdout, ensure_ascii=False)
"""


def test_pinyin_table_reads_the_same_without_pypinyins_phrase_dictionary():
    """The table is built without the phrase dictionary (46 MB less on a scan that builds it):
    every GB2312 character's readings are what pypinyin gives with it."""
    import json
    import os
    import subprocess
    import sys

    def readings(env):
        out = subprocess.run([sys.executable, "-c", _READINGS], capture_output=True, text=True, check=True,
                             env={**os.environ, **env})
        return json.loads(out.stdout)

    lean = readings({})
    full = readings({"PYPINYIN_NO_PHRASES": ""})  # pypinyin loads its phrases unless the variable is set
    assert lean["phrases"] == 0 and full["phrases"] > 10_000
    assert lean["table"] == full["table"]
    assert set(lean["table"]["行"]) >= {"xing", "hang"}
