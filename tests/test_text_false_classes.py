"""The three false classes seen on real pages (issue 15), each in several variants, each beside
the real error that must still be reported:
- an outdated name judged at the page's own date (PubDate, 发布时间, 文号 year), also in `proofread`;
- the old name as the issuer in the title of a document from before the reform;
- language-switch links (切換到繁體) and pages offered in traditional script on purpose."""
from __future__ import annotations

from datetime import date

import pytest

from inspector.model import Page
from inspector.proofread import proofread, read_draft
from inspector.site_model import build_site
from inspector.text.script import offered_in_traditional
from rules.text import nonstandard_char, outdated_name

AFTER = date(2024, 6, 1)
OUTDATED = outdated_name.checker({})
NONSTANDARD = nonstandard_char.checker({})
BASE = "http://gov.test/"


def _names(text: str, published: date | None = AFTER) -> list[str]:
    return [h.evidence for h in OUTDATED(text, published, False)]


# ---------------------------------------------------------------- the page's own date

def _html(body: str, head: str = "", lang: str = "zh-CN", charset: str = "utf-8") -> str:
    return (f"<html lang='{lang}'><head><meta charset='{charset}'>{head}<title>通知</title></head>"
            f"<body><div class='content'>{body}</div></body></html>")


@pytest.mark.parametrize("head, body, own_date", [
    ("<meta name='PubDate' content='2019-09-18 10:00'>", "<p>省扶贫开发办公室召开脱贫攻坚推进会。</p>", date(2019, 9, 18)),
    ("", "<p>发布时间：2022-03-01</p><p>中国银行保险监督管理委员会印发指导意见。</p>", date(2022, 3, 1)),
    ("", "<table><tr><td>索引号：001/2019-00012</td></tr><tr><td>文号：晋政办发〔2019〕12号</td></tr></table>"
         "<p>各市扶贫开发办公室要认真落实本通知要求，做好脱贫攻坚各项工作，确保按期完成任务。</p>", date(2019, 1, 1)),
])
def test_proofread_of_a_page_judges_names_at_the_pages_own_date(tmp_path, head, body, own_date):
    path = tmp_path / "page.html"
    path.write_text(_html(body, head), encoding="utf-8")
    draft = read_draft(path)
    assert draft.published == own_date
    assert [r for r in proofread(draft.text, draft.published, {}) if r["rule"] == "text.outdated-name"] == []
    # The same text published today names a body that no longer exists.
    assert [r["rule"] for r in proofread(draft.text, AFTER, {})] == ["text.outdated-name"]


def test_proofread_cli_uses_the_page_date_unless_as_of_is_given(tmp_path):
    import json
    import subprocess
    import sys

    (tmp_path / "old.html").write_text(_html("<p>江西银保监局召开全省保险业工作会议。</p>",
                                             "<meta name='PubDate' content='2023-05-16'>"), encoding="utf-8")
    (tmp_path / "undated.html").write_text(_html("<p>市扶贫办 市供销社 市贸促会</p>"), encoding="utf-8")
    (tmp_path / "draft.txt").write_text("市扶贫办召开会议，部署下一阶段工作。", encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "inspector", "proofread", *args, "--json"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)

    result = run("old.html", "undated.html", "draft.txt")
    data = json.loads(result.stdout)
    assert data["files"]["old.html"] == "2023-05-16" and data["files"]["undated.html"] is None
    assert [(f["file"], f["evidence"]) for f in data["findings"]] == [("draft.txt", "扶贫办")]  # a draft: as of today
    assert "undated.html" in result.stderr and "没有发布日期" in result.stderr
    forced = json.loads(run("old.html", "--as-of", "2024-01-02").stdout)
    assert [f["evidence"] for f in forced["findings"]] == ["银保监局"]


# ---------------------------------------------------------------- historical document titles

@pytest.mark.parametrize("text", [
    "中国银行保险监督管理委员会行政监管措施决定书〔2022〕3号",
    "中国银行保险监督管理委员会行政监管措施决定书 〔2021〕2号",
    "相关文件\n中国银行保险监督管理委员会行政许可事项撤销决定书\n政策法规",
    "1. 中国银行保险监督管理委员会关于印发银行保险机构公司治理准则的通知 2021-06-02",
    "依据《中国银行保险监督管理委员会关于规范银行代理渠道保险产品的通知》（银保监办发〔2019〕179号）执行",
    "近日学习了《国土资源部关于进一步加强土地整治工作的意见》",
    "江西银保监局关于开展保险业专项检查的通知（赣银保监发〔2022〕5号）",
    "附件信息\n中国银行保险监督管理委员会发布\n网站地图",
])
def test_the_issuer_in_an_old_documents_title_keeps_the_old_name(text):
    assert _names(text) == []


@pytest.mark.parametrize("text, name", [
    ("中国银行保险监督管理委员会行政监管措施决定书〔2024〕5号", "中国银行保险监督管理委员会"),  # issued after the reform
    ("《中国银行保险监督管理委员会关于2024年保险业工作的通知》已印发", "中国银行保险监督管理委员会"),
    ("会议传达了国土资源部关于加强耕地保护的有关文件精神", "国土资源部"),  # a sentence, not a title
    ("铁道部批复同意我市新建客运站选址方案", "铁道部"),
    ("《关于转发国土资源部文件的通知》已下发", "国土资源部"),  # the issuer is someone else
    ("江西银保监局召开全省银行业保险业工作会议，部署全年重点工作。", "银保监局"),
])
def test_the_old_name_in_a_sentence_or_a_new_document_is_still_reported(text, name):
    assert _names(text) == [name]


# ---------------------------------------------------------------- traditional script

@pytest.mark.parametrize("text", [
    "山西省人大\n山西省政协\n切換到繁體\n无障碍浏览",
    "2023年10月11日 星期三\n繁繁體版\n网站无障碍\n关怀版",
    "English | 繁體中文 | 日本語 | 한국어",
    "【责任编辑:王頔】",
    "感谢@李平、@遠方、@音乐虫子的转发",
    "前十位网友是： @ 老五、 @ 遠方、 @ 音乐虫子",
])
def test_language_switches_names_and_handles_are_not_nonstandard(text):
    assert NONSTANDARD(text, None, False) == []


@pytest.mark.parametrize("text", ["平台已开放公共數據集", "切換到繁體后请刷新頁面", "读者遠方来信反映问题"])
def test_traditional_characters_in_simplified_text_are_still_reported(text):
    assert NONSTANDARD(text, None, False)


@pytest.mark.parametrize("url, lang, encoding, expected", [
    ("http://www.gov.test/big5/xwzx/a.html", None, "utf-8", True),
    ("http://big5.gov.test/xwzx/a.html", None, "utf-8", True),
    ("http://www.gov.test/fanti/a.html", None, "utf-8", True),
    ("http://www.gov.test/xwzx/a.html", "zh-Hant", "utf-8", True),
    ("http://www.gov.test/xwzx/a.html", "zh-TW", "utf-8", True),
    ("http://www.gov.test/xwzx/a.html", None, "big5", True),
    ("http://www.gov.test/xwzx/a.html", "zh-CN", "gb18030", False),
    ("http://www.gov.test/tw/big5news.html", None, "utf-8", False),
])
def test_pages_offered_in_traditional_script(url, lang, encoding, expected):
    assert offered_in_traditional(url, lang, encoding) is expected


def test_a_traditional_version_raises_no_nonstandard_finding_in_proofread_and_scans(tmp_path):
    body = "<p>本站資訊每週一更新，歡迎廣大群眾關注。</p>"
    (tmp_path / "hant.html").write_text(_html(body, lang="zh-Hant"), encoding="utf-8")
    (tmp_path / "hans.html").write_text(_html(body), encoding="utf-8")
    hant, hans = read_draft(tmp_path / "hant.html"), read_draft(tmp_path / "hans.html")
    assert hant.traditional and not hans.traditional
    assert proofread(hant.text, None, {}, hant.traditional) == []
    assert {r["rule"] for r in proofread(hans.text, None, {}, hans.traditional)} == {"text.nonstandard-char"}

    def page(path, meta=None):
        return Page(url=BASE + path, final_url=BASE + path, status=200, kind="article", title="通知",
                    text="本站資訊每週一更新，歡迎廣大群眾關注。", meta=meta or {}, published="2024-01-02")

    site = build_site("测试站", [BASE], date(2024, 6, 1),
                      [page("big5/a.html"), page("b.html", {"lang": "zh-Hant"}), page("c.html")])
    site.config = {}
    assert {f.url for f in nonstandard_char.check(site)} == {BASE + "c.html"}


# ---------------------------------------------------------------- more classes found on official sentences

@pytest.mark.parametrize("text", [
    "不再保留文化部、国家旅游局。",                                    # a former-name marker before a 、 list
    "撤销县农业局、县林业局、县畜牧兽医局，组建县农业农村局",
    "1949年8月21日，人民革命军事委员会铁道部颁布搜集与保护铁路交通器材办法",  # the sentence dates itself
    "2017年，国土资源部印发通知，部署土地整治工作",
    "苏联通过商业公司向美农业部发起游说",                              # another country's ministry
    "日本环境省与美国环境保护署联合发布报告",
    "企事业单位接受环境监管和环境保护部门监管",                        # a longer word that contains the name
])
def test_history_lists_and_foreign_ministries_are_not_outdated_names(text):
    assert _names(text) == []


@pytest.mark.parametrize("text, name", [
    ("2018年以来，环境保护部持续推进大气污染防治", "环境保护部"),        # since then, up to now
    ("我县2024年继续落实国土资源部部署的各项工作", "国土资源部"),        # a year after the reform
    ("国家发展改革委、环境保护部等部门按职责分工负责", "环境保护部"),     # a list without a marker
    ("今日农业部发布春耕生产指导意见", "农业部"),
])
def test_present_statements_with_old_names_are_still_reported(text, name):
    assert _names(text) == [name]


def test_standard_characters_opencc_would_change_are_not_nonstandard():
    assert NONSTANDARD("油菜苗和油菜薹各项品质指标均好于当地蔬菜，蒜薹上市", None, False) == []
    assert [h.evidence for h in NONSTANDARD("到达目的地后再取下丟掉", None, False)] == ["丟"]
