"""复查 of one finding against a local site: page-level problems (wording, personal data, hidden
links) and broken links are asked again; whole-site problems and unreadable pages say why not."""
from __future__ import annotations

import importlib
from datetime import date

import pytest

from inspector.extract.decode import decode_html
from inspector.extract.page import extract_page
from inspector.model import Page
from inspector.serve.recheck import recheck
from inspector.site_model import build_site
from tests.linksite import GOOD_ID, HTML, Host, closed_port, html

TODAY = date(2026, 12, 1)
ARTICLE = ('<div class="article"><h1>关于做好年终工作的通知</h1><div class="info">发布日期：2026-11-20</div>'
           '<div class="content"><p>各科室要{word}，按时完成全年目标任务，确保各项工作落到实处，推动高质量发展取得新成效。</p>'
           '<p>请各单位认真对照任务清单逐项检查，发现问题及时整改，年底前报送工作总结。各单位要高度重视，明确责任分工。</p>'
           '{extra}</div></div>')
PAGES = {
    "typo": ("text.typo", {"word": "再接再励", "extra": ""}, {"word": "再接再厉", "extra": ""}),
    "privacy": ("privacy.personal-data", {"word": "再接再厉", "extra": f"<p>联系人身份证号：{GOOD_ID}</p>"},
                {"word": "再接再厉", "extra": "<p>联系人：办公室</p>"}),
    "hidden": ("security.hidden-link",
               {"word": "再接再厉", "extra": '<div style="display:none"><a href="http://bet365-casino.example/">博彩娱乐</a></div>'},
               {"word": "再接再厉", "extra": ""}),
}


@pytest.fixture()
def site():
    host = Host("127.0.0.1", {})
    yield host
    host.stop()


def publish(host: Host, path: str, fields: dict) -> None:
    host.routes[path] = (200, HTML, html("通知", ARTICLE.format(**fields)))


def finding_on(host: Host, path: str, rule: str) -> dict:
    """The finding a scan would have made of the page as it is now."""
    url = host.base + path
    status, ctype, body = host.routes[path]
    page = Page(url=url, final_url=url, status=status, content_type=ctype)
    text, page.encoding = decode_html(body, ctype)
    extract_page(page, text, TODAY)
    found = importlib.import_module("rules." + rule.replace("-", "_")).check(
        build_site("测试局", [host.base + "/"], TODAY, [page]))
    assert found, f"{rule} finds nothing on the fixture page"
    return found[0].contract_dict()


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_a_page_problem_is_still_there_until_the_page_changes(site, kind):
    rule, bad, good = PAGES[kind]
    path = f"/art/{kind}.html"
    publish(site, path, bad)
    finding = finding_on(site, path, rule)
    first = recheck(finding, "测试局", [site.base + "/"], {}, TODAY)
    assert first.result == "present", first.message
    publish(site, path, good)
    second = recheck(finding, "测试局", [site.base + "/"], {}, TODAY)
    assert second.result == "gone", second.message
    assert all(method == "GET" for method, _ in site.requests)  # nothing that could change the site


def test_a_broken_link_is_asked_again(site):
    finding = {"id": "0" * 16, "rule": "link.broken", "url": site.base + "/files/a.pdf", "source": "site"}
    assert recheck(finding, "测试局", [site.base + "/"], {}, TODAY).result == "present"
    site.routes["/files/a.pdf"] = (200, "application/pdf", b"%PDF-1.4")
    answer = recheck(finding, "测试局", [site.base + "/"], {}, TODAY)
    assert answer.result == "gone" and "HTTP 200" in answer.message
    down = {**finding, "url": f"http://127.0.0.3:{closed_port('127.0.0.3')}/a.pdf"}
    assert recheck(down, "测试局", [site.base + "/"], {}, TODAY).result == "present"


def test_what_cannot_be_rechecked_says_why(site):
    base = {"id": "0" * 16, "source": "site", "evidence": "再接再励"}
    column = {**base, "rule": "column.stale", "url": site.base + "/lm/"}
    assert "重新扫描" in recheck(column, "测试局", [site.base + "/"], {}, TODAY).message
    gone = {**base, "rule": "text.typo", "url": site.base + "/art/removed.html"}
    answer = recheck(gone, "测试局", [site.base + "/"], {}, TODAY)
    assert answer.result == "unknown" and "HTTP 404" in answer.message
    down = {**base, "rule": "text.typo", "url": f"http://127.0.0.3:{closed_port('127.0.0.3')}/a.html"}
    answer = recheck(down, "测试局", [site.base + "/"], {}, TODAY)
    assert answer.result == "unknown" and "连接被拒绝" in answer.message
    wechat = {**base, "rule": "text.typo", "url": "https://mp.weixin.qq.com/s/x", "source": "wechat"}
    assert recheck(wechat, "测试局", [site.base + "/"], {}, TODAY).result == "unknown"
