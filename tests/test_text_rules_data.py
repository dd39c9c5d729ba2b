"""Every entry of the text rule data proves itself: its `invalid` examples produce its finding,
its `valid` examples do not (a wrong example in the data fails here)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from inspector.text.data import entries
from inspector.text.leaders import LeaderChecker, leaders_from
from inspector.text.normalize import norm
from rules import load_data
from rules.text import nonstandard_char, outdated_name, sensitive, serious, typo

CHECKERS = {"typo": typo.checker({}), "serious": serious.checker({}), "sensitive": sensitive.checker({}),
            "outdated_names": outdated_name.checker({})}
EXAMPLE_DAY = {"outdated_names": load_data("text/outdated_names.toml").get("example_published", date(2021, 6, 1))}


def _cases(kind: str):
    for entry in entries(kind):
        for text in entry.invalid:
            yield pytest.param(kind, entry, text, True, id=f"{kind}:{entry.label}:hit:{text[:12]}")
        for text in entry.valid:
            yield pytest.param(kind, entry, text, False, id=f"{kind}:{entry.label}:clean:{text[:12]}")


def _own_hits(kind, entry, text, published):
    hits = CHECKERS[kind](text, published, False)
    if entry.wrong:
        return [h for h in hits if norm(h.evidence) == norm(entry.wrong) and h.suggestion == entry.right]
    spans = [m.group(0) for m in entry.regex.finditer(norm(text))]
    return [h for h in hits if h.suggestion == entry.right and any(norm(h.evidence) in span for span in spans)]


@pytest.mark.parametrize("kind, entry, text, expect_hit",
                         [c for kind in ("typo", "serious", "sensitive", "outdated_names") for c in _cases(kind)])
def test_entry_examples(kind, entry, text, expect_hit):
    published = EXAMPLE_DAY.get(kind, date(2021, 6, 1))
    hits = _own_hits(kind, entry, text, published)
    assert bool(hits) == expect_hit, (text, [h.message for h in CHECKERS[kind](text, published, False)])


def _renames_with_old_examples():
    for raw in load_data("text/outdated_names.toml").get("renames", []):
        for text in raw.get("old_published_valid", []):
            yield pytest.param(raw, text, id=f"{raw['old']}:{text[:12]}")


@pytest.mark.parametrize("raw, text", list(_renames_with_old_examples()))
def test_old_names_are_fine_before_the_reform(raw, text):
    before = raw["effective"] - timedelta(days=400)
    assert [h for h in CHECKERS["outdated_names"](text, before, False) if norm(h.evidence) == norm(raw["old"])] == []


def _leader_cases():
    for raw in load_data("text/leaders.toml").get("leaders", []):
        for text in raw.get("invalid", []):
            yield pytest.param(text, True, id=f"{raw['name']}:hit:{text[:12]}")
        for text in raw.get("valid", []):
            yield pytest.param(text, False, id=f"{raw['name']}:clean:{text[:12]}")


LEADERS = LeaderChecker(leaders_from(None))


@pytest.mark.parametrize("text, expect_hit", list(_leader_cases()))
def test_leader_examples(text, expect_hit):
    assert bool(LEADERS(text, None, False)) == expect_hit, text


def _nonstandard_cases():
    data = load_data("text/nonstandard.toml")
    return [pytest.param(t, True, id=f"hit:{t[:12]}") for t in data.get("invalid", [])] + \
        [pytest.param(t, False, id=f"clean:{t[:12]}") for t in data.get("valid", [])]


NONSTANDARD = nonstandard_char.checker({})


@pytest.mark.parametrize("text, expect_hit", _nonstandard_cases())
def test_nonstandard_examples(text, expect_hit):
    assert bool(NONSTANDARD(text, None, False)) == expect_hit, text


def test_the_data_is_substantial():
    assert len(entries("typo")) >= 300
    assert len(entries("serious")) >= 40
    assert len(entries("sensitive")) >= 100
    assert len(entries("outdated_names")) >= 20


def _regex_entries():
    from inspector.text.matcher import regex_gate

    for kind in ("typo", "serious", "sensitive", "outdated_names"):
        for entry in entries(kind):
            if entry.regex is not None:
                yield pytest.param(entry, entry.gate or regex_gate(entry.regex.pattern), id=entry.label[:30])


@pytest.mark.parametrize("entry, gate", list(_regex_entries()))
def test_regex_gates_do_not_hide_matches(entry, gate):
    """A regex runs only on texts that contain one of its gate words: every example it must
    catch has to contain one."""
    for text in entry.invalid:
        assert not gate or any(word in norm(text) for word in gate), (gate, text)
