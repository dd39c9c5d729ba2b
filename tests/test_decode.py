"""decode_html on real pages (a true GB2312 page, a page that declares GB2312 but is UTF-8) and
on synthetic byte strings for the header / meta / BOM / detection paths."""
from __future__ import annotations

from pathlib import Path

import pytest

from inspector.extract.decode import decode_html

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
STATE_MEDIA = CORPUS / "real_pages" / "state_media"


def real_bytes(name: str) -> bytes:
    path = STATE_MEDIA / name
    if not path.is_file():
        pytest.skip(f"real-page corpus not available: {path} (expected ../shared/corpus beside the repo)")
    return path.read_bytes()


def assert_clean(text: str) -> None:
    """No replacement characters and none of the usual mojibake of Chinese text."""
    assert "\ufffd" not in text
    for junk in ("ä¸", "å", "æ", "ç", "è", "é"):  # UTF-8 read as Latin-1 / cp1252
        assert junk not in text, f"mojibake {junk!r} in decoded text"


# --- real pages ------------------------------------------------------------------------------

def test_cnr_page_with_real_gb2312_bytes_decodes_as_gb18030():
    body = real_bytes("cwce_cnr_2022_gb2312_leader.html")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")  # the premise: these are GB bytes, not UTF-8
    text, codec = decode_html(body)
    assert codec == "gb18030"
    assert "习近平" in text
    assert "中央军委主席习近平签署命令 发布《军队装备试验鉴定规定》" in text
    assert_clean(text)


def test_cnr_page_decodes_the_same_when_the_server_also_says_gb2312():
    body = real_bytes("cwce_cnr_2022_gb2312_leader.html")
    text, codec = decode_html(body, "text/html; charset=GB2312")
    assert codec == "gb18030"
    assert "军队装备试验鉴定规定" in text
    assert_clean(text)


@pytest.mark.parametrize("content_type", [None, "text/html; charset=GB2312", "text/html"])
def test_people_page_declaring_gb2312_but_utf8_is_read_as_utf8(content_type):
    body = real_bytes("gne_people_gb2312.html")
    assert b"charset=GB2312" in body[:2048]  # the premise: the page declares GB2312
    text, codec = decode_html(body, content_type)
    assert codec == "utf-8"
    assert "女儿出嫁，郑板桥画了几笔兰花当嫁妆" in text  # its headline
    assert "人民网" in text
    assert_clean(text)


# --- synthetic pages -------------------------------------------------------------------------

GBK_PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    "<title>青山县人民政府关于王堃同志任职的通知</title></head><body>"
    '<div class="content"><p>经县人民政府研究决定：任命王堃同志为县政府办公室主任。</p>'
    "<p>1998年3月，朱镕基当选国务院总理。</p></div></body></html>"
)


def test_gbk_only_characters_on_a_page_declaring_gb2312_are_kept():
    with pytest.raises(UnicodeEncodeError):
        GBK_PAGE.encode("gb2312")  # the premise: 镕 and 堃 are outside GB2312
    body = GBK_PAGE.encode("gbk")
    for content_type in (None, "text/html; charset=gb2312"):
        text, codec = decode_html(body, content_type)
        assert codec == "gb18030"
        assert "王堃同志" in text
        assert "朱镕基" in text
        assert "\ufffd" not in text


def test_header_charset_beats_meta_charset():
    # The 繁体 version of a site: served as Big5 by the server, template meta still says gb2312.
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "<title>青山縣人民政府 政府資訊公開</title></head><body>"
            "<p>關於開展政府網站自查工作的通知</p></body></html>")
    body = page.encode("big5")
    assert "政府資訊公開" not in body.decode("gb18030")  # the meta charset would give mojibake
    text, codec = decode_html(body, "text/html; charset=Big5")
    assert codec == "big5"
    assert "政府資訊公開" in text
    assert "關於開展政府網站自查工作的通知" in text


def test_wrong_utf8_header_on_gbk_page_with_gb2312_meta():
    # An nginx default "charset utf-8" in front of a legacy GBK site.
    body = GBK_PAGE.encode("gbk")
    text, codec = decode_html(body, "text/html; charset=utf-8")
    assert codec == "gb18030"
    assert "经县人民政府研究决定" in text
    assert "\ufffd" not in text


@pytest.mark.parametrize("meta", ["", '<meta charset="utf-8">'])
def test_latin1_header_on_utf8_chinese_page_gives_no_mojibake(meta):
    # Tomcat's default ISO-8859-1 says nothing about the page.
    page = (f"<html><head>{meta}<title>青山县人民政府门户网站</title></head>"
            "<body><p>政务公开 政务服务 互动交流</p></body></html>")
    text, codec = decode_html(page.encode("utf-8"), "text/html;charset=ISO-8859-1")
    assert codec == "utf-8"
    assert "青山县人民政府门户网站" in text
    assert "政务公开 政务服务 互动交流" in text
    assert_clean(text)


def test_utf8_bom_wins_and_is_stripped():
    page = "<html><head><title>通知公告_青山县人民政府</title></head><body><p>暂无信息</p></body></html>"
    body = b"\xef\xbb\xbf" + page.encode("utf-8")
    text, codec = decode_html(body, "text/html; charset=gbk")
    assert codec == "utf-8"
    assert text.startswith("<html>")
    assert "\ufeff" not in text
    assert "通知公告_青山县人民政府" in text


def test_gbk_bytes_without_any_declaration():
    page = ("<html><head><title>青山县人民政府网站</title></head><body>"
            "<p>关于开展2021年度政府网站自查工作的通知。各乡镇人民政府，县政府各部门。</p></body></html>")
    body = page.encode("gbk")
    text, codec = decode_html(body)
    assert codec == "gb18030"
    assert "关于开展2021年度政府网站自查工作的通知" in text
    assert "\ufffd" not in text


def test_gbk_page_with_one_corrupt_byte_still_reads_as_chinese():
    body = GBK_PAGE.encode("gbk").replace("研究决定".encode("gbk"), "研究决定".encode("gbk") + b"\xff")
    text, _ = decode_html(body, "text/html; charset=gb2312")
    assert "经县人民政府研究决定" in text
    assert "任命王堃同志为县政府办公室主任" in text
