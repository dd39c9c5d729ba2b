"""The statistical typo detector: wrong characters that no list holds, proposed with their
correction as text.typo findings that need review (never counted), on for proofread, off for
scans unless [text] statistical = true."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from inspector.model import Page
from inspector.site_model import build_site
from inspector.text.checks import text_rules
from rules.text import typo

ON = {"text": {"statistical": True}}
BASE = "http://gov.test/"


def _statistical(text: str, config=None) -> list[tuple[str, str]]:
    return [(h.evidence, h.suggestion) for h in text_rules(config or ON)(text, date(2024, 6, 1), False)
            if h.detector == "statistical"]


@pytest.mark.parametrize("text, wrong, right", [
    ("各单位要认真落实安全生产责壬制，加强隐患排查。", "壬", "任"),
    ("全面推进依法治国，建设法治政俯。", "俯", "府"),
    ("加快构建新发展格局，推动经济高质辆发展。", "辆", "量"),
    ("进一步优化营商环竟，激发市场主体活力。", "竟", "境"),
    ("切实做好防汛抗旱工作，确保人民群众生命材产安全。", "材", "财"),
])
def test_a_wrong_character_no_list_holds_is_proposed_with_its_correction(text, wrong, right):
    assert _statistical(text) == [(wrong, right)]


@pytest.mark.parametrize("text", [
    "各单位要认真落实安全生产责任制，加强隐患排查。",
    "会议由县长张建国主持，副县长李明华出席。",                    # names
    "游广电体育局驻修溪镇椒坪溪村帮扶工作队进村入户。",              # place names before 镇/村
    "持续深化“放管服”改革，推进“访惠聚”驻村工作。",                # slogans in quotation marks
    "在抗疫一线涌现出一批先进典型，微博、微信同步发布。",            # words newer than jieba's dictionary
    "党的十八届三中全会以来，改革全面推进。",                        # function characters
    "投资10亿元的帛士数码、投资8亿元的云镜电子商务项目相继落地。",    # firm names
    "察看金风科技、特变电工、新业能化等企业的生产线。",
    "康慈体检中心、博视眼科医院、泰康老年护理院等机构参与义诊。",   # institutions
    "西安绕城高速、西禹高速、西柞高速全线畅通。",                    # roads
    "在《诫子诗》和《冬夜读书示子聿》中，诗人教导后辈勤学。",          # titles of works
    "要多措并举带动群众就业增收。",
])
def test_correct_official_text_raises_nothing(text):
    assert _statistical(text) == []


def test_findings_need_review_never_count_and_lists_win_where_both_speak():
    rules = text_rules(ON)
    [hit] = [h for h in rules("全面推进依法治国，建设法治政俯。", None, False)]
    assert (hit.rule, hit.needs_review, hit.detector) == ("text.typo", True, "statistical")
    assert "需人工确认" in hit.message and "政府" in hit.message
    both = rules("全体干部要再接再励，推动工作落实。", None, False)
    assert [(h.evidence, h.detector) for h in both] == [("再接再励", "")]
    allowed = {"text": {"statistical": True, "allow": ["法治政俯"]}}
    assert _statistical("全面推进依法治国，建设法治政俯。", allowed) == []


def test_off_for_scans_unless_configured():
    page = Page(url=BASE + "a.html", final_url=BASE + "a.html", status=200, kind="article", title="通知",
                text="进一步优化营商环竟，激发市场主体活力。", published="2024-01-02")

    def scan(config):
        site = build_site("测试站", [BASE], date(2024, 6, 1), [page])
        site.config = config
        return typo.check(site)

    assert scan({}) == []
    [finding] = scan(ON)
    assert finding.needs_review and not finding.counts
    assert finding.extra["detector"] == "statistical" and finding.suggestion == "境"
    assert finding.contract_dict()["needs_review"] is True


def test_proofread_has_it_on_and_a_review_finding_does_not_fail(tmp_path):
    (tmp_path / "draft.txt").write_text("进一步优化营商环竟，激发市场主体活力。\n", encoding="utf-8")
    (tmp_path / "off.toml").write_text("[text]\nstatistical = false\n", encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "inspector", "proofread", "draft.txt", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)

    result = run("--json")
    assert result.returncode == 0, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["evidence"], finding["suggestion"], finding["needs_review"], finding["detector"]) == \
        ("竟", "境", True, "statistical")
    off = run("--json", "--config", "off.toml")
    assert off.returncode == 0 and json.loads(off.stdout)["findings"] == []
    (tmp_path / "bad.toml").write_text("[text]\nstatistical_threshold = \"高\"\n", encoding="utf-8")
    bad = run("--config", "bad.toml")
    assert bad.returncode == 2 and "statistical_threshold" in bad.stderr


def test_the_margin_is_the_operating_point():
    # A real typo on a saved WeChat article of the corpus (囊中羞涩), found only at a lower margin.
    text = "对这款产品比较感兴趣，无奈囊肿羞涩，没有购买。"
    assert _statistical(text) == []
    assert _statistical(text, {"text": {"statistical": True, "statistical_threshold": 9}}) == [("肿", "中")]
