"""Extraction on real saved pages nobody on the team wrote (../shared/corpus/real_pages, see its
MANIFEST.md). Expected values come from the MANIFEST, the hand labels in gov/groundtruth_cwce/ and
gov/groundtruth_magichtml/, and from reading the HTML; the comments say which when it matters."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from inspector.extract.article import doc_metadata
from inspector.extract.decode import decode_html
from inspector.extract.html import parse_html
from inspector.extract.page import extract_page
from inspector.model import Page

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
REAL = CORPUS / "real_pages"
REFERENCE = date(2024, 6, 1)

if not (REAL / "MANIFEST.md").is_file():
    pytest.skip(f"real-page corpus not available at {REAL} (expected ../shared/corpus beside the repo)",
                allow_module_level=True)


@lru_cache(maxsize=None)
def page_of(rel: str, url: str) -> Page:
    text, codec = decode_html((REAL / rel).read_bytes())
    page = Page(url=url, final_url=url, status=200, encoding=codec)
    return extract_page(page, text, REFERENCE)


def squash(text: str) -> str:
    """Text without any whitespace (ASCII, full-width and no-break spaces) for comparisons."""
    return re.sub(r"[\s\u3000\xa0\u2002\u2003]+", "", text)


# (file, page URL, real headline, publication date or None when the page does not settle it)
# URLs: from the MANIFEST, the page's own "saved from" comment / links, else a dateless address
# on the site so that the date has to come from the page itself.
ARTICLES = [
    ("gov/gne_cmse_gov_cn_2012_press.html", "http://www.cmse.gov.cn/xwzx/xwfbh/article.html",
     "天宫一号与神舟九号载人交会对接任务第二场新闻发布会", date(2012, 6, 24)),        # 发布日期: 2012-06-24
    ("gov/gne_cmse_gov_cn_2021_article.html", "http://www.cmse.gov.cn/xwzx/article.html",
     "载人航天工程全线备战空间站建造任务", date(2021, 1, 5)),
    ("gov/gne_fgw_zj_gov_cn_2016_article.html", "http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html",
     "1-10月德清县固定资产投资结构趋稳趋优", date(2016, 11, 22)),
    ("gov/gne_shanxi_gov_cn_2019_article.html", "http://www.shanxi.gov.cn/yw/sxyw/article.shtml",
     "山西品牌丝路行（南美站）正式启动", date(2019, 9, 18)),   # 时间：2019-09-18 (its alt says 2017-11-08)
    # gov.cn serves the 2007 document in a 2023 frame: firstpublishedtime 2007-08-20, not the
    # 页面生成时间 2023-10-23 nor the 2007-06-29 adoption date inside the text.
    ("gov/gne_www_gov_cn_gwygb_2007_23.html", "https://www.gov.cn/gongbao/content/2007/content_711039.htm",
     "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007年末国债余额限额的决议", date(2007, 8, 20)),
    ("gov/magichtml_kepu_gov_cn_2023.html", "http://www.kepu.gov.cn/politics/2023-12/01/content_1755244.html",
     "习近平主持召开深入推进长三角一体化发展座谈会", date(2023, 12, 1)),
    # Visible 发布日期 2017-05-15 (URL folder 201705); meta PubDate 2022-04-24 is the 页面生成时间.
    ("gov/simon_wanzai_gov_cn_2015_tjgb.html",
     "http://www.wanzai.gov.cn/wzxrmzf/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml",
     "万载县2015年国民经济和社会发展统计公报", date(2017, 5, 15)),
    ("gov/simon_wanzai_gov_cn_2022_tjgb.html",
     "http://www.wanzai.gov.cn/wzxrmzf/tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml",
     "万载县2022年国民经济和社会发展统计公报", None),
    ("gov/simon_yichun_gov_cn_2022_tjgb.html",
     "https://www.yichun.gov.cn/ycsrmzf/tjgb/202305/36796cdc82d04268913f2884cf2fe579.shtml",
     "宜春市2022年国民经济和社会发展统计公报", None),
    ("gov/simon_yichun_gov_cn_2022_jiangxi_tjgb.html",
     "https://www.yichun.gov.cn/ycsrmzf/tjgb/202304/3f093ec317ba4609b241d0c79175c7cd.shtml",
     "江西省2022年国民经济和社会发展统计公报", None),
    ("gov/cwce_bynr_gov_cn_2022_article.html", "https://www.bynr.gov.cn/xxgk/zwdt/article.html",
     "为现代化巴彦淖尔建设凝聚强大智慧和力量——热烈祝贺市政协五届一次会议开幕", date(2022, 2, 11)),
    ("gov/cwce_nmg_gov_cn_2022_article.html", "https://www.nmg.gov.cn/zwyw/jrgz/202202/t20220211_2004628.html",
     "内蒙古延续部分到期税收优惠政策助企纾困预计4年为纳税人减负180亿元", date(2022, 2, 11)),
    # 发布日期 2022-01-28; the CWCE label (2022-01-27) is the 成文日期, which is not a publication date.
    ("gov/cwce_xxgk_jl_gov_cn_2022_policy_tonggao.html", "http://xxgk.jl.gov.cn/szf/gkml/article.html",
     "吉林省人民政府关于禁止在吉林省嫩江干流补充治理工程建设征占地范围内新增建设项目和迁入人口的通告",
     date(2022, 1, 28)),
    ("gov_semi_real/renmin_hd_gov_cn_xxgk_details.html",
     "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html",
     "邯郸市教育局关于印发《全市教育系统安全专项整治三年行动实施方案》的通知", date(2020, 8, 2)),
    ("state_media/cwce_cnr_2022_gb2312_leader.html", "http://news.cnr.cn/native/gd/article.shtml",
     "中央军委主席习近平签署命令 发布《军队装备试验鉴定规定》", date(2022, 2, 13)),
    ("state_media/gne_people_gb2312.html", "http://culture.people.com.cn/article.html",
     "女儿出嫁，郑板桥画了几笔兰花当嫁妆", date(2019, 6, 15)),
    ("state_media/gne_xinhuanet_2019.html", "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm",
     "法国全国大罢工再次严重影响交通", date(2019, 12, 10)),
    ("state_media/magichtml_news_cn_leaders_2024.html",
     "http://www.news.cn/politics/leaders/20240509/3dd6e33cc6d749fbaae01fea337ff400/c.html",
     "李强在新疆调研时强调 彰显特色优势 提高开放水平 在高质量发展中增进民生福祉促进长治久安", date(2024, 5, 9)),
    ("state_media/magichtml_gmw_politics_2024.html", "https://politics.gmw.cn/2024-05/13/content_37319243.htm",
     "维护全人类共同利益需联手抵制保护主义", date(2024, 5, 13)),
]
URL = {rel: url for rel, url, _, _ in ARTICLES}


def _title_param(rel, url, title, _):
    marks = ()
    return pytest.param(rel, url, title, marks=marks, id=Path(rel).stem)


@pytest.mark.parametrize("rel,url,title", [_title_param(*a) for a in ARTICLES])
def test_title_is_the_real_headline(rel, url, title):
    got = page_of(rel, url).title
    assert "<" not in got and ">" not in got
    assert squash(got) == squash(title)


@pytest.mark.parametrize("rel,url,published", [pytest.param(r, u, d, id=Path(r).stem)
                                                 for r, u, _, d in ARTICLES if d])
def test_publish_date(rel, url, published):
    assert page_of(rel, url).published == published.isoformat()


def test_publish_date_agrees_with_cwce_labels():
    for stem, rel in [("cwce_bynr_gov_cn_2022_article", "gov/cwce_bynr_gov_cn_2022_article.html"),
                      ("cwce_nmg_gov_cn_2022_article", "gov/cwce_nmg_gov_cn_2022_article.html"),
                      ("cwce_cnr_2022_gb2312_leader", "state_media/cwce_cnr_2022_gb2312_leader.html")]:
        label = (REAL / "gov" / "groundtruth_cwce" / f"{stem}.date.txt").read_text(encoding="utf-8").strip()
        assert page_of(rel, URL[rel]).published == label[:10], stem


def test_written_date_is_not_taken_as_publication_date():
    rel = "gov/cwce_xxgk_jl_gov_cn_2022_policy_tonggao.html"
    label = (REAL / "gov" / "groundtruth_cwce" / "cwce_xxgk_jl_gov_cn_2022_policy_tonggao.date.txt")
    assert label.read_text(encoding="utf-8").strip() == "2022-01-27"  # the 成文日期 on the page
    page = page_of(rel, URL[rel])
    assert page.published == "2022-01-28"
    assert page.doc_meta["written"] == "2022年01月27日"


@pytest.mark.parametrize("rel,url", [pytest.param(r, u, id=Path(r).stem) for r, u, _, _ in ARTICLES])
def test_articles_are_articles(rel, url):
    assert page_of(rel, url).kind == "article"


def test_hd_column_list_page_is_a_list_with_its_one_dated_row():
    url = "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/"
    page = page_of("gov_semi_real/renmin_hd_gov_cn_xxgk_list.html", url)
    assert page.kind == "list"
    assert [(i.title, i.url, i.date) for i in page.main_list.items] == [
        ("邯郸市教育局关于印发《邯郸市学校安全工作目标管理考核办法》的通知",
         "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html", "2020-08-05")]
    # the saved pager (首页, 2 … 6, 下一页 → index_1.html, 尾页 → index_55.html)
    assert url + "index_1.html" in page.pager and url + "index_55.html" in page.pager


# --- policy-document metadata ----------------------------------------------------------------

def test_jl_tonggao_document_metadata():
    rel = "gov/cwce_xxgk_jl_gov_cn_2022_policy_tonggao.html"
    meta = page_of(rel, URL[rel]).doc_meta
    assert meta["index_no"] == "11220000013544357T/2022-00426"
    assert meta["issuer"] == "吉林省人民政府"          # 发文机关
    assert meta["written"] == "2022年01月27日"         # 成文日期
    assert meta["doc_no"] == "吉政明电〔2022〕1号"       # 发文字号
    assert meta["published"] == "2022年01月28日"       # 发布日期


def test_handan_details_document_metadata():
    rel = "gov_semi_real/renmin_hd_gov_cn_xxgk_details.html"
    meta = page_of(rel, URL[rel]).doc_meta
    assert meta["index_no"] == "000014348/2020-35147"
    assert meta["issuer"] == "邯郸市教育局"              # 发布机构
    assert meta["doc_no"] == "无"                        # 文号：无
    assert meta["doc_title"] == "邯郸市教育局关于印发《全市教育系统安全专项整治三年行动实施方案》的通知"
    assert meta["published"] == "2020年08月02日"
    assert "written" not in meta                         # its 成文日期 line is commented out in the HTML


def test_news_article_has_no_document_metadata():
    rel = "gov/cwce_nmg_gov_cn_2022_article.html"
    root = parse_html(decode_html((REAL / rel).read_bytes())[0])
    assert doc_metadata(root) == {}


# --- main text against hand-labelled text -----------------------------------------------------

_SENTENCE = re.compile(r"[^。！？]+[。！？]?[”’」』）)]*")
_PROSE_END = re.compile(r"[。！？：][”’」』）)]*$")


def first_and_last_sentence(label_text: str) -> tuple[str, str]:
    """First and last sentences of the prose lines of a hand-labelled text (metadata rows,
    headings, bylines and signatures do not end in 。！？ or a closing ：)."""
    prose = [squash(line) for line in label_text.splitlines() if _PROSE_END.search(line.strip())]
    return _SENTENCE.findall(prose[0])[0], _SENTENCE.findall(prose[-1])[-1]


LABELLED = [
    ("gov/cwce_bynr_gov_cn_2022_article.html", "gov/groundtruth_cwce/cwce_bynr_gov_cn_2022_article.cleaned.txt"),
    ("gov/cwce_nmg_gov_cn_2022_article.html", "gov/groundtruth_cwce/cwce_nmg_gov_cn_2022_article.cleaned.txt"),
    ("gov/cwce_xxgk_jl_gov_cn_2022_policy_tonggao.html",
     "gov/groundtruth_cwce/cwce_xxgk_jl_gov_cn_2022_policy_tonggao.cleaned.txt"),
    ("state_media/cwce_cnr_2022_gb2312_leader.html", "gov/groundtruth_cwce/cwce_cnr_2022_gb2312_leader.cleaned.txt"),
    ("gov/magichtml_kepu_gov_cn_2023.html", "gov/groundtruth_magichtml/magichtml_kepu_gov_cn_2023.content.txt"),
]


@pytest.mark.parametrize("rel,label", [pytest.param(r, lab, id=Path(r).stem) for r, lab in LABELLED])
def test_main_text_spans_the_labelled_body(rel, label):
    first, last = first_and_last_sentence((REAL / label).read_text(encoding="utf-8"))
    assert len(first) >= 8 and len(last) >= 4
    text = squash(page_of(rel, URL[rel]).text)
    assert first in text
    assert last in text


def test_sentence_picking_on_the_labels():
    """The helper above picks real body sentences, not metadata rows or bylines."""
    jl = (REAL / LABELLED[2][1]).read_text(encoding="utf-8")
    first, last = first_and_last_sentence(jl)
    assert first.startswith("为做好吉林省嫩江干流补充治理工程建设") and first.endswith("现就有关事项通告如下：")
    assert last == "特此通告。"
    bynr = (REAL / LABELLED[0][1]).read_text(encoding="utf-8")
    assert first_and_last_sentence(bynr) == ("新征程催人奋进，新使命激荡人心。", "预祝大会圆满成功！")


@pytest.mark.parametrize("rel", [r for r, _ in LABELLED] + ["gov/gne_shanxi_gov_cn_2019_article.html",
                                                           "gov_semi_real/renmin_hd_gov_cn_xxgk_details.html"])
def test_main_text_has_no_footer(rel):
    text = page_of(rel, URL[rel]).text
    for footer in ("网站标识码", "ICP", "公网安备", "版权所有", "Copyright"):
        assert footer not in text


def test_jl_main_text_ends_with_signature_and_date():
    rel = "gov/cwce_xxgk_jl_gov_cn_2022_policy_tonggao.html"
    text = squash(page_of(rel, URL[rel]).text)
    assert text.endswith("特此通告。吉林省人民政府2022年1月27日")


# Jiangxi 开普云 (Ucap) pages wrap the whole body in a custom <ucapcontent> element.
UCAP = [
    ("gov/simon_wanzai_gov_cn_2022_tjgb.html",
     "2022年，万载全县上下坚持以习近平新时代中国特色社会主义思想为指导",
     "全年实现生产总值(GDP)262.6亿元，按可比价格计算，同比增长5.3％。"),
    ("gov/simon_wanzai_gov_cn_2015_tjgb.html",
     "2015年，全县人民在县委、县政府的正确领导下",
     "全县在岗职工年平均工资41001元，比上年增长10.5%"),
    ("gov/simon_yichun_gov_cn_2022_tjgb.html",
     "2022年，在市委、市政府的坚强领导下，全市上下坚持以习近平新时代中国特色社会主义思想为指导",
     "其他数据来自市统计局和国家统计局宜春调查队。"),
]


@pytest.mark.parametrize("rel,opening,later", [pytest.param(*u, id=Path(u[0]).stem) for u in UCAP])
def test_main_text_of_ucap_pages(rel, opening, later):
    text = squash(page_of(rel, URL[rel]).text)
    assert squash(opening) in text
    assert squash(later) in text


# --- elder-mode / accessibility entrances ----------------------------------------------------

def link_texts(rel: str) -> list[str]:
    return [squash(text) for _, text, tag in page_of(rel, URL[rel]).links if tag == "a"]


def test_accessibility_entrance_with_a_real_link():
    # shanxi: <a href="/wca.html" id="toolbarCtrl">无障碍浏览</a>
    assert "无障碍浏览" in link_texts("gov/gne_shanxi_gov_cn_2019_article.html")


def test_elder_mode_text_link_after_icon_link_to_same_url():
    # nmg: <a href=".../index_1937.html"><img alt=""></a> then <a href=".../index_1937.html">长者浏览<br/>模式</a>
    assert "长者浏览模式" in link_texts("gov/cwce_nmg_gov_cn_2022_article.html")


@pytest.mark.parametrize("rel,entrance", [
    ("gov/simon_wanzai_gov_cn_2015_tjgb.html", "关怀版"),        # onclick="aria.oldFixedStart()"
    ("gov/simon_wanzai_gov_cn_2022_tjgb.html", "关怀版"),
    ("gov/simon_yichun_gov_cn_2022_tjgb.html", "关怀版"),
    ("gov/gne_www_gov_cn_gwygb_2007_23.html", "无障碍"),         # href="javascript:;" onclick="aria.start()"
    ("gov/gne_fgw_zj_gov_cn_2016_article.html", "无障碍浏览"),   # <a onclick="toggleToolBar();"> without href
])
def test_elder_mode_entrances_opened_by_script(rel, entrance):
    assert entrance in link_texts(rel)
