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
PAGES = sorted(CORPUS.glob("*/*.html"))
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


# Findings on the real pages read and judged real (issue 15). The nfra 浙江 page (发布时间 2025-06-03)
# shows 中国银行保险监督管理委员会 as the red header (发文机关标志) above a document numbered
# 浙金罚决字〔2024〕52号, issued by 国家金融监督管理总局浙江监管局 after the reform.
REVIEWED_REAL = {("Yuhamixli_nfra.gov.cn__www_nfra_gov_cn_xzcf_detail_zhejinfa2024-52_rendered", "text.outdated-name",
                  "中国银行保险监督管理委员会")}


def test_proofread_of_every_real_page_raises_only_reviewed_real_findings():
    from inspector.proofread import proofread, read_draft

    found = set()
    for path in PAGES:
        draft = read_draft(path)
        found |= {(path.stem, r["rule"], r["evidence"]) for r in proofread(draft.text, draft.published, {},
                                                                             draft.traditional)}
    assert found == REVIEWED_REAL
