"""The text matching engine: normalisation, longest correct word, exceptions, quotes, regex,
evidence exactly as on the page, and the leader-name checker."""
from __future__ import annotations

import re
from datetime import date

from inspector.text.leaders import Leader, LeaderChecker, similar_chars
from inspector.text.matcher import Entry, Matcher, inside_quotes, regex_gate
from inspector.text.normalize import norm
from inspector.text.site_text import context_of


def entry(wrong=None, right="", exceptions=(), regex=None, quoted_ok=False) -> Entry:
    return Entry(rule="text.typo", severity="error", right=right, category="测试", wrong=wrong,
                 exceptions=tuple(exceptions), regex=re.compile(regex) if regex else None, quoted_ok=quoted_ok)


def evidences(entries, text, allow=()):
    return [text[h.start:h.end] for h in Matcher(entries, allow).find(norm(text))]


def test_normalisation_is_one_character_for_one():
    text = "截至２０２１年，ＡＢＣ数据……"
    normed = norm(text)
    assert normed == "截至2021年，ABC数据……"  # Chinese punctuation and … (longer under NFKC) stay as written
    assert len(normed) == len(text)


def test_longer_correct_word_wins_and_exceptions_are_per_entry():
    rules = [entry("既使", "即使", exceptions=["既使得"]), entry("使得", "x")]
    assert evidences(rules, "既使困难再大") == ["既使"]
    # 既使得 suppresses the 既使 entry only, not the other entry that matches inside it.
    assert evidences(rules, "这既使得工作更顺") == ["使得"]


def test_site_allow_list_suppresses_any_entry():
    assert evidences([entry("其它", "其他")], "其它事项", allow=("其它",)) == []


def test_width_variants_match_and_evidence_is_as_written():
    assert evidences([entry("COVID19", "新冠")], "防控ＣＯＶＩＤ１９疫情") == ["ＣＯＶＩＤ１９"]


def test_overlapping_entries_all_report():
    assert evidences([entry("扫黑险恶", "扫黑除恶"), entry("险恶", "x")], "推动扫黑险恶常态化") == ["扫黑险恶", "险恶"]


def test_quoted_ok_and_regex_entries():
    rules = [entry("中华民国", "台湾地区", quoted_ok=True),
             entry(regex=r"台湾[^。；]{0,20}等(?:\d+个)?国家", right="国家和地区")]
    assert evidences(rules, "所谓“中华民国”的说法") == []
    assert evidences(rules, "中华民国时期") == ["中华民国"]
    assert evidences(rules, "来自日本、台湾等国家的客商") == ["台湾等国家"]
    assert evidences(rules, "来自日本、台湾等国家和地区的客商") == ["台湾等国家"]  # the regex alone is strict
    assert inside_quotes("《关于中华民国", 3) and not inside_quotes("“引文”后中华民国", 6)


def test_context_is_thirty_characters_either_side():
    text = "甲" * 40 + "再接再励" + "乙" * 40
    ctx = context_of(text, 40, 44)
    assert ctx == "…" + "甲" * 30 + "再接再励" + "乙" * 30 + "…"


def test_regex_gate_skips_texts_without_its_words():
    assert regex_gate(r"[“\"]?一带一路[”\"]?战略") == ("一带一路", "战略")
    assert regex_gate(r"(?:台湾|香港)[^。]{0,5}国家") == ("台湾", "香港", "国家")
    assert regex_gate(r"\d{4}[年]") == ()


def test_matcher_on_many_words_is_fast_enough_to_build():
    words = [f"词{i:05d}" for i in range(20000)]
    matcher = Matcher([entry(w, "x") for w in words])
    assert [h.entry.wrong for h in matcher.find("前词00042后词19999")] == ["词00042", "词19999"]


def test_similar_chars_by_pinyin_and_shape():
    assert "豪" in similar_chars("毫")   # the real vetoed case: 杜家毫 → 杜家豪
    assert "毫" not in similar_chars("毫")


def test_leader_near_miss_next_to_title_and_wrong_title():
    checker = LeaderChecker([Leader("杜家毫", ("书记", "省委书记")), Leader("李强", ("总理", "国务院总理")),
                             Leader("习近平", ("总书记", "国家主席", "主席"))], titles=("市长", "副市长", "同志"))
    hits = checker("省委书记杜家豪在会上强调", date(2021, 1, 1), False)
    assert [h.evidence for h in hits] == ["杜家豪"] and hits[0].suggestion == "杜家毫"
    assert checker("杜家豪先生是一位企业家", None, False) == []  # no title next to it: not a leader
    assert checker("省委书记杜家毫在会上强调", None, False) == []
    wrong_title = checker("李强总书记指出", None, False)
    assert [h.evidence for h in wrong_title] == ["李强"] and "总书记" in wrong_title[0].message
    assert checker("习近平总书记、李强总理出席", None, False) == []
    assert checker("副市长李强出席", None, False) == []  # a local namesake with a local title
