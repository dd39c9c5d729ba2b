"""Pairing on real titles: 220 interpretations and 257 regulations from customs.gov.cn (2024).

../shared/corpus/policy_pairs/customs_gov_cn_2024 (see its MANIFEST.md): the regulations carry
文号, dates and text but no title; the interpretations carry title and text but no date or URL.
So pairing goes through the 文号 the interpretation cites, or, where a regulation's text names
what it promulgates (海关总署制定了《X》，现予以发布), through a title built from that sentence
the way customs titles such announcements (海关总署关于发布《X》的公告).

Measured (2024 corpus, default settings):
- 文号 only, as shipped: 25 of 220 interpretations paired (11.4 %), all by doc_no. These are all
  the interpretations that cite the number of a regulation in the corpus; most of the 220 are
  older than the regulations (2023-08 … 2024-11), or cite none.
- with the promulgation titles (14 regulations): 28 of 220 (12.7 %): the same 25 plus 3 by title.
- no fuzzy pair at the default threshold; 196 of the 220 titles read as interpretations by
  title alone (the rest are 小贴士, 指引, news-like titles a column would have to vouch for).
The hand-checked pairs are in fixtures/policy/customs_verified_pairs.tsv.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from rules.policy.matching import Record, is_interpretation_title, match
from rules.policy.settings import default_settings

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "policy_pairs"
CUSTOMS = CORPUS / "customs_gov_cn_2024"
VERIFIED = Path(__file__).resolve().parent / "fixtures" / "policy" / "customs_verified_pairs.tsv"
_PROMULGATES = re.compile(r"(?:制定|修订)了?《([^《》]{4,80})》[，,]?\s*现予以?(?:发布|公布)")

pytestmark = pytest.mark.skipif(not CUSTOMS.is_dir(), reason="shared corpus not available")


def regulations(with_titles: bool) -> list[Record]:
    records = []
    with open(CUSTOMS / "regulations_full.jsonl", encoding="utf-8") as fh:
        for line in fh:
            reg = json.loads(line)
            named = _PROMULGATES.search(reg["content"][:400]) if with_titles else None
            records.append(Record(key=reg["announcement_number"], doc_no=reg["announcement_number"],
                                  title=f"海关总署关于发布《{named.group(1)}》的公告" if named else "",
                                  published=reg["issue_date"]))
    return records


def interpretations() -> list[dict]:
    return json.loads((CUSTOMS / "policys.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def paired() -> dict[bool, dict[int, tuple[str, str]]]:
    """{with titles?: {interpretation index: (document number, matched_by)}}"""
    interps = [Record(key=str(n), title=x["title"], text=x["content"]) for n, x in enumerate(interpretations())]
    result = {}
    for with_titles in (False, True):
        ledger = match(regulations(with_titles), interps, default_settings())
        result[with_titles] = {int(m.interpretation.key): (p.document.doc_no, m.matched_by)
                               for p in ledger.pairs for m in p.matches}
    return result


def verified() -> list[dict]:
    with open(VERIFIED, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_share_of_interpretations_paired_by_document_number(paired):
    found = paired[False]
    assert len(found) / 220 >= 0.10          # measured 25 / 220 = 11.4 %
    assert {kind for _, kind in found.values()} == {"doc_no"}


def test_share_with_titles_from_the_regulations_text(paired):
    found = paired[True]
    assert len(found) / 220 >= 0.12          # measured 28 / 220 = 12.7 %
    assert sum(1 for _, kind in found.values() if kind == "title") >= 3
    assert all(kind != "fuzzy" for _, kind in found.values())
    assert set(paired[False]) <= set(found)


def test_hand_checked_pairs(paired):
    rows, titles = verified(), [x["title"].strip() for x in interpretations()]
    assert len(rows) >= 10
    for row in rows:
        idx = int(row["idx"])
        assert titles[idx] == row["interpretation_title"]
        assert paired[True].get(idx) == (row["document_number"], row["matched_by"]), row
        if row["matched_by"] == "doc_no":
            assert paired[False].get(idx) == (row["document_number"], "doc_no"), row


def test_interpretation_titles_are_recognised_and_documents_are_not():
    settings = default_settings()
    titles = [x["title"] for x in interpretations()]
    assert sum(is_interpretation_title(t, settings) for t in titles) / len(titles) >= 0.85   # measured 196 / 220
    results = json.loads((CUSTOMS / "results.json").read_text(encoding="utf-8"))
    assert not any(is_interpretation_title(x["title"], settings) for x in results)   # 征集结果 pages
    govcn = CORPUS / "govcn_policy_docs_2019" / "govcn_policy_docs.jsonl"
    if govcn.exists():
        with open(govcn, encoding="utf-8") as fh:
            documents = [json.loads(line)["title"] for line in fh]
        assert len(documents) == 60 and not any(is_interpretation_title(t, settings) for t in documents)
