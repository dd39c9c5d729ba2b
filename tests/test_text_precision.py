"""Correct official wording on real pages raises nothing: state-media articles with leaders'
names and formal titles, and real government articles (../shared/corpus/real_pages)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspector.extract.decode import decode_html
from inspector.extract.page import extract_page
from inspector.model import Page
from inspector.text.checks import text_rules

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real_pages"
PAGES = sorted(CORPUS.glob("state_media/*.html")) + sorted(CORPUS.glob("gov/*.html"))
if not CORPUS.exists():
    pytest.skip("../shared/corpus is not beside the repository", allow_module_level=True)

RULES = text_rules({})


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_real_pages_raise_no_text_findings(path):
    text, _ = decode_html(path.read_bytes())
    page = extract_page(Page(url="http://www.example.gov.cn/a.html", final_url="http://www.example.gov.cn/a.html",
                             status=200), text, date(2024, 6, 1))
    published = date.fromisoformat(page.published) if page.published else None
    hits = [(h.rule, h.evidence, h.message) for unit in (page.title, page.text) for h in RULES(unit, published, False)]
    assert hits == []
