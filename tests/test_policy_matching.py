"""文件+解读 pairing as pure functions: normalisation, each evidence kind, exemptions, settings."""
from __future__ import annotations

import re
from datetime import date

import pytest

from rules import load_data
from rules.policy.matching import (Record, exempt_reason, is_interpretation_title, labelled_link, match,
                                   not_an_interpretation)
from rules.policy.settings import default_settings, site_settings
from rules.policy.text import doc_numbers, key, nfkc, parse_doc_number, same_number, title_forms

S = default_settings()


def doc(n: int, title: str, doc_no: str = "", published: str = "2021-10-15", links=()) -> Record:
    return Record(key=f"d{n}", title=title, doc_no=doc_no, published=published, links=tuple(links))


def interp(n: int, title: str, text: str = "", published: str = "2021-10-16", links=()) -> Record:
    return Record(key=f"i{n}", title=title, text=text, published=published, links=tuple(links))


def paired(ledger) -> dict[str, tuple[str, str]]:
    """{interp key: (doc key, matched_by)} over every match in the ledger."""
    return {m.interpretation.key: (p.document.key, m.matched_by) for p in ledger.pairs for m in p.matches}


# ---- normalisation -------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "云数发〔2021〕7号", "云数发[2021]7号", "云数发（2021）7号", "云数发(2021)7号", "云数发［２０２１］７号",
    "云数发【2021】7号", "云数发﹝2021﹞第7号", "云数发 〔2021〕 7 号",
])
def test_doc_number_bracket_and_width_variants(written):
    number = parse_doc_number(written)
    assert (number.prefix, number.year, number.number) == ("云数发", "2021", "7")
    own = parse_doc_number("云数发〔2021〕7号")
    cited = doc_numbers(f"近日，市数据资源管理局印发了{written}文件，对共享开放作出规范。")
    assert len(cited) == 1 and same_number(own, cited[0], unique=False)


@pytest.mark.parametrize("own, text, unique, expected", [
    ("云数发〔2021〕7号", "根据云数办〔2021〕7号文件", False, False),          # another series
    ("云数发〔2021〕7号", "根据云数发〔2020〕7号文件", False, False),          # another year
    ("云数发〔2021〕7号", "根据云数发〔2021〕17号文件", False, False),
    ("公告〔2024〕151号", "海关总署公告2024年第151号", False, True),          # customs' short form
    ("海关总署公告2024年第151号", "（公告〔2024〕151号）", False, True),
    ("公告〔2023〕136号", "海关总署发布2023年第136号公告，自2023年11月1日起", False, True),
    ("署令〔2024〕272号", "（海关总署令第272号，以下简称《办法》）", False, True),  # orders carry no year
    ("署令〔2024〕251号", "《信用办法》（海关总署第251号令）第二十二条", False, True),
    ("署令〔2024〕272号", "国务院令第272号", False, False),
    ("公告〔2024〕1号", "《关于…的通知》（财关税〔2024〕1号）", False, False),
    ("公告〔2023〕200号", "《关于…的公告》（2023年第200号，以下简称《公告》）", True, True),
    ("公告〔2023〕200号", "《关于…的公告》（2023年第200号，以下简称《公告》）", False, False),  # bare and ambiguous
])
def test_cited_numbers(own, text, unique, expected):
    own_number = parse_doc_number(own)
    assert any(same_number(own_number, c, unique) for c in doc_numbers(text)) is expected


def test_a_bare_number_is_not_a_document_number():
    assert doc_numbers("第5号台风“烟花”过境") == []
    assert parse_doc_number("无") is None and parse_doc_number("") is None


def test_width_quotes_and_year_ranges_compare_equal():
    assert key("云岭市数字经济发展三年行动计划（2021—2023年）") == key("云岭市数字经济发展三年行动计划(2021-2023)")
    assert key("三年行动计划（2021年至2023年）") == key("三年行动计划(2021–2023年)")
    assert key("“互联网＋政务服务”工作方案") == key('"互联网+政务服务"工作方案')
    assert nfkc("ＡＢＣ　１２３") == "ABC 123"


@pytest.mark.parametrize("title, core", [
    ("关于印发《云岭市公共数据管理办法》的通知", "云岭市公共数据管理办法"),
    ("云岭市人民政府办公室关于印发《云岭市公共数据管理办法》的通知", "云岭市公共数据管理办法"),
    ("关于印发《云岭市公共数据管理办法》等3个文件的通知", "云岭市公共数据管理办法"),
    ("关于修订印发〈云岭市公共数据管理办法〉的通知", "云岭市公共数据管理办法"),
    ("关于加强政务数据安全管理工作的通知", "加强政务数据安全管理工作"),
    ("海关总署 财政部 商务部关于明确市内免税店经营品种的公告", "关于明确市内免税店经营品种的公告"),
    ("海关总署 财政部 商务部关于明确市内免税店经营品种的公告", "明确市内免税店经营品种"),
])
def test_title_forms_unwrap(title, core):
    assert key(core) in title_forms(title)


# ---- the data file proves itself -----------------------------------------------------------

def test_every_pattern_matches_its_examples():
    data = load_data("policy/policy.toml")
    for entry in data["interpretation"]:
        for example in entry["examples"]:
            assert re.search(entry["pattern"], nfkc(example)), (entry["pattern"], example)
            assert is_interpretation_title(example, S), example
    for example in data["not_interpretation"]["examples"]:
        assert not_an_interpretation(example, S) and not is_interpretation_title(example, S), example
    for entry in data["exempt"]:
        for example in entry["examples"]:
            assert re.search(entry["pattern"], nfkc(example)), (entry["pattern"], example)


@pytest.mark.parametrize("title", [
    "关于印发《云岭市公共数据管理办法》的通知", "关于开展2021年度公共数据质量核查工作的通知",
    "关于公开征求《云岭市公共数据管理办法（征求意见稿）》意见的公告", "全市政务公开工作会议召开",
    "关于举办政策解读工作培训班的通知",
])
def test_titles_that_are_not_interpretations(title):
    assert not is_interpretation_title(title, S)


@pytest.mark.parametrize("title, why", [
    ("关于李明等同志职务任免的通知", "人事任免"),
    ("关于转发《国务院办公厅关于推进政务新媒体健康有序发展的意见》的通知", "转发上级文件"),
    ("关于废止《云岭市政务信息资源共享管理暂行办法》的决定", "废止、失效文件"),
    ("关于2021年公开招聘拟聘用人员名单的公示", "公示、征求意见"),
    ("关于印发《云岭市公共数据管理办法》的通知", None),
    ("关于加强政务数据安全管理工作的通知", None),
])
def test_default_exemptions(title, why):
    assert exempt_reason(title, S) == why


def test_labelled_links():
    assert labelled_link("相关解读", S) and labelled_link("政策原文：", S) and labelled_link("【原文链接】", S)
    assert not labelled_link("《云岭市公共数据管理办法》政策解读", S)  # a title, not a label


# ---- evidence kinds ------------------------------------------------------------------------

def test_link_evidence_either_way():
    d = doc(1, "关于加强政务数据安全管理工作的通知")
    i = interp(1, "一图读懂｜安全这样做", links=[("d1", "政策原文")])
    ledger = match([d], [i], S)
    pair = ledger.pairs[0]
    assert pair.primary.matched_by == "link" and pair.primary.linked == "interpretation"
    assert "政策原文" in pair.primary.evidence[0].detail
    back = match([doc(1, "关于加强政务数据安全管理工作的通知", links=[("i1", "相关解读")])],
                 [interp(1, "一图读懂｜安全这样做", links=[("d1", "政策原文")])], S)
    assert back.pairs[0].primary.linked == "both" and back.unlinked() == []


def test_navigation_links_are_not_evidence():
    """A document in a sidebar on every interpretation page is linked from all of them."""
    docs = [doc(1, "关于加强政务数据安全管理工作的通知")]
    interps = [interp(n, f"第{n}期一图读懂｜工作要点{n}", links=[("d1", "关于加强政务数据安全管理工作的通知")])
               for n in range(S.nav_link_max + 1)]
    ledger = match(docs, interps, S)
    assert ledger.pairs[0].status == "missing" and len(ledger.orphans) == len(interps)
    labelled = [interp(n, f"第{n}期一图读懂｜工作要点{n}", links=[("d1", "政策原文")]) for n in range(8)]
    assert match(docs, labelled, S).pairs[0].primary.matched_by == "link"


def test_doc_number_evidence_in_text_width_variant():
    d = doc(2, "关于印发《云岭市政务数据共享开放实施细则》的通知", "云数发〔2021〕5号")
    i = interp(2, "市数据资源管理局负责人就政务数据共享开放工作答记者问",
               "近日，市数据资源管理局印发了云数发［２０２１］５号文件，对政务数据共享开放工作作出规范。")
    pair = match([d], [i], S).pairs[0]
    assert pair.primary.matched_by == "doc_no" and pair.primary.linked == "none"
    assert "云数发[2021]5号" in pair.primary.evidence[0].detail


def test_doc_number_in_title_beats_one_in_text():
    docs = [doc(1, "甲", "云数发〔2021〕5号"), doc(2, "乙", "云数发〔2021〕6号")]
    i = interp(1, "云数发〔2021〕6号文件解读", "本文件与云数发〔2021〕5号文件配套实施。")
    assert paired(match(docs, [i], S)) == {"i1": ("d2", "doc_no")}


@pytest.mark.parametrize("title, text", [
    ("《云岭市公共数据管理办法》政策解读", ""),
    ("关于《云岭市公共数据管理办法》的解读", ""),
    ("一图读懂《云岭市公共数据管理办法》", ""),
    ("图解：云岭市公共数据管理办法", ""),
    ("《关于印发〈云岭市公共数据管理办法〉的通知》解读", ""),
    ("市数据资源管理局负责人答记者问", "近日，市数据资源管理局印发了《云岭市公共数据管理办法》。"),  # opening
    ("《云岭市公共数据管理办法》政策问答", ""),
])
def test_title_evidence_unwraps_the_document(title, text):
    d = doc(1, "关于印发《云岭市公共数据管理办法》的通知", "云数发〔2021〕7号")
    pair = match([d], [interp(1, title, text)], S).pairs[0]
    assert pair.primary is not None and pair.primary.matched_by == "title", title


def test_title_evidence_with_year_range_and_width_variants():
    d = doc(1, "关于印发《云岭市数字经济发展三年行动计划(2021-2023年)》的通知")
    i = interp(1, "关于《云岭市数字经济发展三年行动计划（2021—2023年）》的解读")
    assert match([d], [i], S).pairs[0].primary.matched_by == "title"


def test_a_longer_quoted_title_is_another_document():
    """《…管理办法实施细则》 contains 《…管理办法》 but is not it: at most a fuzzy, reviewed pair."""
    d = doc(1, "关于印发《云岭市公共数据管理办法》的通知")
    i = interp(1, "《云岭市公共数据管理办法实施细则》政策解读")
    pair = match([d], [i], S).pairs[0]
    assert pair.primary is None or pair.primary.matched_by == "fuzzy" and pair.primary.needs_review


def test_fuzzy_pair_needs_review():
    docs = [doc(1, "关于加强政务数据安全管理工作的通知", published="2021-06-08"),
            doc(2, "关于开展2021年度公共数据质量核查工作的通知", published="2021-09-06")]
    i = interp(1, "一图读懂｜政务数据安全管理工作这样做", published="2021-06-09")
    ledger = match(docs, [i], S)
    assert paired(ledger) == {"i1": ("d1", "fuzzy")}
    assert ledger.pairs[0].primary.needs_review and "标题相似度" in ledger.pairs[0].primary.evidence[0].detail
    strict = site_settings({"fuzzy_threshold": 0.9})
    assert paired(match(docs, [i], strict)) == {}


def test_fuzzy_refuses_an_interpretation_long_before_the_document():
    d = doc(1, "关于加强政务数据安全管理工作的通知", published="2021-06-08")
    i = interp(1, "一图读懂｜政务数据安全管理工作这样做", published="2021-03-01")
    assert paired(match([d], [i], S)) == {}


def test_strongest_evidence_wins_and_every_kind_is_recorded():
    d1 = doc(1, "关于印发《云岭市公共数据管理办法》的通知", "云数发〔2021〕7号", links=[("i1", "相关解读")])
    d2 = doc(2, "关于印发《云岭市公共数据管理办法》的通知（修订）", "云数发〔2021〕9号")
    i = interp(1, "《云岭市公共数据管理办法》政策解读", "根据云数发〔2021〕7号文件……", links=[("d1", "政策原文")])
    pair = match([d1, d2], [i], S).pairs[0]
    assert [e.kind for e in pair.primary.evidence] == ["link", "doc_no", "title"]


def test_two_interpretations_of_one_document_are_not_orphans():
    d = doc(1, "海关总署关于失信企业认定标准相关事项的公告", "公告〔2023〕170号", published="2023-11-21")
    cases = interp(1, "《海关总署关于失信企业认定标准相关事项的公告》政策解读——案例篇", published="2023-12-01")
    terms = interp(2, "《海关总署关于失信企业认定标准相关事项的公告》政策解读——重点释义", published="2023-11-22")
    ledger = match([d], [cases, terms], S)
    assert ledger.orphans == [] and len(ledger.pairs[0].matches) == 2
    assert ledger.pairs[0].day_gap == 1  # the first interpretation came out a day after


def test_a_notice_quoting_a_document_title_is_neither():
    notice = "关于公开征求《云岭市公共数据管理办法（征求意见稿）》意见的公告"
    assert not is_interpretation_title(notice, S) and exempt_reason(notice, S) == "公示、征求意见"


# ---- ledger statuses and settings ---------------------------------------------------------

def test_statuses_exempt_pending_not_checked_missing():
    docs = [doc(1, "关于李明等同志职务任免的通知", published="2021-05-10"),
            doc(2, "关于开展数据质量核查工作的通知", published="2021-12-29"),
            doc(3, "关于开展数据质量普查工作的通知", published="2018-01-05"),
            doc(4, "关于开展数据共享评估工作的通知", published="2021-09-06")]
    settings = site_settings({"since": "2019-01-01"})
    ledger = match(docs, [], settings, as_of=date(2021, 12, 31))
    assert [p.status for p in ledger.pairs] == ["exempt", "pending", "not_checked", "missing"]


def test_site_exempt_patterns_add_to_or_replace_the_defaults():
    added = site_settings({"exempt_patterns": ["通报"]})
    assert exempt_reason("关于2021年第三季度政务公开情况的通报", added) == "站点配置：通报"
    assert exempt_reason("关于李明等同志职务任免的通知", added) == "人事任免"
    only = site_settings({"exempt_patterns": ["通报"], "exempt_defaults": False})
    assert exempt_reason("关于李明等同志职务任免的通知", only) is None


def test_late_and_unlinked_follow_the_settings():
    d = doc(1, "关于印发《云岭市公共数据管理办法》的通知", published="2021-10-01", links=[("i1", "相关解读")])
    i = interp(1, "《云岭市公共数据管理办法》政策解读", published="2021-10-08")
    assert len(match([d], [i], S).late()) == 1 and match([d], [i], S).unlinked() == []
    relaxed = site_settings({"late_days": 10, "links": "both"})
    ledger = match([d], [i], relaxed)
    assert ledger.late() == [] and len(ledger.unlinked()) == 1


@pytest.mark.parametrize("table, message", [
    ({"late_days": -1}, "policy.late_days"),
    ({"late_days": "五"}, "policy.late_days"),
    ({"links": "one"}, "policy.links"),
    ({"fuzzy_threshold": 2}, "policy.fuzzy_threshold"),
    ({"since": "2021-13-01"}, "policy.since"),
    ({"exempt_patterns": "任免"}, "policy.exempt_patterns"),
    ({"exempt_patterns": ["(任免"]}, "不是有效的正则表达式"),
    ({"exempt_defaults": "no"}, "policy.exempt_defaults"),
    ({"late_day": 3}, "不是已知的配置项"),
])
def test_bad_site_settings_fall_back_with_a_warning(table, message, capsys):
    settings = site_settings(table)
    assert message in capsys.readouterr().err
    defaults = default_settings()
    assert (settings.late_days, settings.links, settings.fuzzy_threshold, settings.since) == \
        (defaults.late_days, defaults.links, defaults.fuzzy_threshold, defaults.since)
    assert len(settings.exempt) == len(defaults.exempt)


def test_packed_pair_keys_sort_as_the_evidence_order_does():
    """The ledger holds each candidate pair as one packed integer; sorted, they must come out in
    the order of (rank, -score, days apart, interpretation's date, document, interpretation)."""
    import random

    from rules.policy.evidence import _LINKED, _pack

    rng = random.Random(7)
    scores = [1.0, 2.0] + [3.0 - p / 10000 for p in (0, 5, 120, 9999)] + [w + n / 1000 for w in (0.5, 1.0, 1.5, 2.0)
                                                                          for n in (6, 7, 30)]
    rows = []
    for _ in range(3000):
        rank, score = rng.randrange(3), rng.choice(scores)
        gap = rng.choice([None, 0, 1, -3, 40, 400, 10**7])
        published = rng.choice([None, "2021-01-05", "2021-11-30", "2019-06-01", "2021-12-31"])
        d_at, i_at, linked = rng.randrange(50), rng.randrange(50), rng.choice(_LINKED)
        tuple_key = (rank, -score, abs(gap) if gap is not None else 10**6, published or "9999", d_at, i_at)
        rows.append((tuple_key, _pack(rank, score, gap, published, d_at, i_at, linked)))
    by_tuple = [packed for _, packed in sorted(rows, key=lambda r: r[0])]
    by_packed = sorted(packed for _, packed in rows)
    assert [p >> 2 for p in by_packed] == [p >> 2 for p in by_tuple]
