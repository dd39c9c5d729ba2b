"""A list a script fills from JSON, rendered in real Chromium by ListRenderer (the crawl's list
renderer): every page of it is reached through its script-driven 下一页 control, whatever element
carries the click handler; a 下一页 that is a real link is left to the crawler."""
from __future__ import annotations

import json
from datetime import date

import pytest

from inspector.browser.chromium import BrowserOptions, missing_browser
from inspector.browser.render import ListRenderer
from inspector.demo_site.server import DemoServer
from inspector.extract.page import extract_page
from inspector.model import Page

AS_OF = date(2021, 12, 31)
_MISSING = missing_browser(BrowserOptions())
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")]

SCRIPT = """<script>
(function () {
  var current = 1, last = 1, list = document.getElementById('list');
  function load(n) {
    fetch('data/page_' + n + '.json').then(function (r) { return r.json(); }).then(function (data) {
      current = data.page; last = data.pages; list.innerHTML = '';
      data.list.forEach(function (item) {
        var li = document.createElement('li');
        li.innerHTML = '<a href="' + item.url + '">' + item.title + '</a><span>' + item.date + '</span>';
        list.appendChild(li);
      });
      var next = document.getElementById('next');
      if (current >= last) { next.disabled = true; next.className = 'disabled'; }
    });
  }
  window.nextPage = function () { if (current < last) load(current + 1); };
  load(1);
})();
</script>"""
# The same pager, its click handler on different elements, as real templates have it.
PAGERS = {
    "button in a wrapper div": '<div class="next-wrap"><button type="button" id="next" onclick="nextPage()">下一页</button></div>',
    "javascript link in a li": '<ul class="pager"><li><a id="next" href="javascript:;" onclick="nextPage()">下一页 &gt;</a></li></ul>',
    "span inside a link": '<div class="page">共3页 <a id="next" href="#" onclick="nextPage(); return false;"><span>下一页</span></a></div>',
}


def write_site(root, pager: str) -> None:
    (root / "data").mkdir(parents=True)
    for n in (1, 2, 3):
        items = [{"title": f"第{n}页第{k}条通知", "url": f"/a/{n}_{k}.html", "date": f"2021-12-{30 - n * 5 - k:02d}"}
                 for k in range(1, 6)]
        (root / "data" / f"page_{n}.json").write_text(json.dumps({"page": n, "pages": 3, "list": items}), encoding="utf-8")
    (root / "index.html").write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title></head><body>'
        f'<ul class="list" id="list"></ul>{pager}{SCRIPT}</body></html>', encoding="utf-8")


@pytest.fixture(scope="module")
def renderer():
    found = ListRenderer(BrowserOptions(allowed_hosts=("127.0.0.1",)))
    yield found
    found.close()


@pytest.mark.parametrize("name", sorted(PAGERS))
def test_every_page_of_a_script_paged_list_is_rendered(renderer, tmp_path, name):
    write_site(tmp_path, PAGERS[name])
    with DemoServer(root=tmp_path) as server:
        result = renderer.render(server.base_url)
    assert len(result.snapshots) == 3, name
    pages = [extract_page(Page(url=server.base_url, final_url=server.base_url, status=200), html, AS_OF)
             for html in result.snapshots]
    titles = [[item.title for item in page.main_list.items] for page in pages]
    assert titles == [[f"第{n}页第{k}条通知" for k in range(1, 6)] for n in (1, 2, 3)]
    assert result.note == ""


def test_a_next_link_with_a_real_address_is_left_to_the_crawler(renderer, tmp_path):
    write_site(tmp_path, '<div class="page"><a href="index_1.html" onclick="nextPage(); return false;">下一页</a></div>')
    with DemoServer(root=tmp_path) as server:
        result = renderer.render(server.base_url)
    assert len(result.snapshots) == 1
