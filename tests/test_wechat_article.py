"""WeChat article pages: the real saved pages in ../shared/corpus/real_pages/wechat/ (titles,
account names, publish times equal to their `var ct`, the expired page), and the page shapes the
stage must tell apart (deleted, anti-bot, unknown), and one key per article whatever its link."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from inspector.config import SHANGHAI
from inspector.wechat.article import api_body, article_key, clean_article_url, is_article_url, parse_article

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
WECHAT = CORPUS / "real_pages" / "wechat"

REAL = {  # file: (title, account, Beijing time) from the corpus MANIFEST
    "magichtml_wechat_zhangshangsuide_2022.html": ("绥德：33名退役军人被表彰", "掌上绥德", "2022-07-31 21:34"),
    "wechatsogou_article_detail_iframe.html": ("【视频】石榴花开", "共产党员", "2018-03-20 11:19"),
    "wechatsogou_article_detail_mpvoice.html": ("语音 | 早安武汉〔2018.3.19 周一〕", "长江日报", "2018-03-19 05:30"),
    "wechatsogou_article_detail_backgroud-image.html": ("4月6日周五【新闻速览一分钟】", "华商报", "2018-04-06 06:56"),
    "wechatsogou_article_detail_qqmusic.html": ("关于音乐", "闲云野鹤古刹", "2018-04-07 22:21"),
    "gne_wechat_aifou_2020.html": ("三星 Galaxy S20 系列手机正式发布", "爱否科技", "2020-02-12 22:17"),
    "gne_wechat_weiwencode_2020.html": ("一日一技：在 Python 中实现延迟调用", "未闻Code", "2020-02-11 18:47"),
}
needs_corpus = pytest.mark.skipif(not WECHAT.is_dir(), reason="../shared/corpus not present")


@needs_corpus
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_article_pages(name):
    page = (WECHAT / name).read_text(encoding="utf-8")
    article = parse_article(page, "https://mp.weixin.qq.com/s/x")
    title, account, shown = REAL[name]
    assert article.state == "ok"
    assert article.title == title and article.account == account
    ct = int(re.search(r'var ct = "(\d+)"', page).group(1))
    assert article.ct == ct
    assert article.published_at == datetime.fromtimestamp(ct, SHANGHAI)
    assert article.published_at.strftime("%Y-%m-%d %H:%M") == shown
    assert len(article.text) > 80 and "var ct" not in article.text and "function" not in article.text


@needs_corpus
def test_real_body_matches_the_hand_labelled_text():
    article = parse_article((WECHAT / "magichtml_wechat_zhangshangsuide_2022.html").read_text(encoding="utf-8"),
                            "https://mp.weixin.qq.com/s/x")
    gold = (WECHAT / "groundtruth_magichtml" / "magichtml_wechat_zhangshangsuide_2022.content.txt").read_text("utf-8")
    squash = lambda t: re.sub(r"\s+", "", t)  # noqa: E731
    body = squash(article.text)
    sentences = [s for s in re.split(r"[。！？]", squash(gold)) if len(s) > 10]
    assert sum(s in body for s in sentences) / len(sentences) > 0.9
    images = [u for u, _, tag in article.links if tag == "img"]
    assert images and all(u.startswith("https://mmbiz.qpic.cn/") for u in images)  # from data-src
    assert article.canonical.startswith("http://mp.weixin.qq.com/s?__biz=MzAxMzgxNzUxOA==&mid=2650804290&idx=8")


@needs_corpus
def test_real_expired_page_is_unavailable():
    article = parse_article((WECHAT / "wechatsogou_article_detail_expired.html").read_text(encoding="utf-8"),
                            "https://mp.weixin.qq.com/s/x")
    assert article.state == "unavailable" and article.reason == "链接已过期" and article.ct is None


DELETED = ('<html><body><div class="weui-msg"><h2 class="weui-msg__title">该内容已被发布者删除</h2>'
           '</div></body></html>')
BLOCKED = ('<html><head><title>微信公众平台</title></head><body><div class="weui-msg">'
           '<h2 class="weui-msg__title">环境异常</h2><p>当前环境异常，完成验证后即可继续访问。</p>'
           '<a id="js_verify">去验证</a></div></body></html>')


@pytest.mark.parametrize(("page", "state", "reason"), [
    (DELETED, "unavailable", "该内容已被发布者删除"),
    ("<html><body><p>此内容因违规无法查看</p></body></html>", "unavailable", "此内容因违规无法查看"),
    (BLOCKED, "blocked", "环境异常"),
    ("<html><body><p>欢迎访问</p></body></html>", "unparsed", "欢迎访问"),
    ("", "unparsed", "页面结构无法识别"),
])
def test_page_shapes(page, state, reason):
    article = parse_article(page, "https://mp.weixin.qq.com/s/x")
    assert article.state == state and reason in article.reason


def test_article_about_the_environment_is_not_taken_for_the_anti_bot_page():
    page = ('<html><body><h1 id="activity-name">环境异常监测通报</h1><a id="js_name">云岭生态</a>'
            '<div id="js_content"><p>监测发现水质环境异常，请前往现场去验证。</p></div>'
            '<script>var ct = "1639100000";</script></body></html>')
    article = parse_article(page, "https://mp.weixin.qq.com/s/x")
    assert article.state == "ok" and article.title == "环境异常监测通报" and article.ct == 1639100000


def test_fallbacks_for_title_and_account_from_the_script():
    page = ('<html><body><div id="js_content"><p>正文</p></div><script>'
            "var nickname = htmlDecode(\"云岭&amp;数据\"); var msg_title = '标题&quot;一&quot;'.html(false);"
            'var ct = "1639100000";</script></body></html>')
    article = parse_article(page, "https://mp.weixin.qq.com/s/x")
    assert (article.title, article.account) == ('标题"一"', "云岭&数据")


def test_body_lines_and_links():
    text, links = api_body('<section><p>第一段<span>文字</span></p><p>第二段 <a href="/s/abc">链接</a></p>'
                           '<p><img data-src="https://mmbiz.qpic.cn/x/640" alt="图"></p><!-- c --></section>',
                           "https://mp.weixin.qq.com/s/self")
    assert text == "第一段文字\n第二段 链接"
    assert links == [("https://mp.weixin.qq.com/s/abc", "链接", "a"), ("https://mmbiz.qpic.cn/x/640", "图", "img")]


def test_one_key_per_article_whatever_the_link():
    long = "http://mp.weixin.qq.com/s?__biz=MzA1==&mid=2650&idx=2&sn=abc&chksm=99#rd"
    same = "https://mp.weixin.qq.com/s?__biz=MzA1==&amp;mid=2650&amp;idx=2&amp;sn=abc&amp;scene=21"
    assert article_key(clean_article_url(long)) == article_key(clean_article_url(same)) == "wx:MzA1==/2650/2"
    assert article_key("https://mp.weixin.qq.com/s/Qm9vU2hvcnQx") == "wxs:Qm9vU2hvcnQx"
    assert article_key("https://mp.weixin.qq.com/s/Qm9vU2hvcnQx") != article_key("https://mp.weixin.qq.com/s/other")
    assert clean_article_url(long) == "http://mp.weixin.qq.com/s?__biz=MzA1==&mid=2650&idx=2&sn=abc&chksm=99"
    assert is_article_url(long) and is_article_url("https://mp.weixin.qq.com/s/x")
    assert not is_article_url("https://www.example.gov.cn/s/x")
