"""The crawl's compact seen-sets: exact membership across folds, and Scrapy's duplicate filter on them."""
from __future__ import annotations

from scrapy import Request

from inspector.dupefilter import CompactDupeFilter
from inspector.seen import SeenUrls


def test_membership_is_exact_across_folds():
    seen = SeenUrls()
    urls = [f"http://www.example.gov.cn/col{i % 37}/art_{i}.html" for i in range(30_000)]
    for i, url in enumerate(urls):
        seen.add(url)
        if i % 997 == 0:  # asked while the set still grows, as the crawl does
            assert url in seen and urls[i // 2] in seen and f"{url}?x" not in seen
    assert len(seen) == len(urls)
    assert all(url in seen for url in urls)
    assert not any(f"{url}#top" in seen for url in urls)
    seen.update(urls[::3])  # repeats change nothing
    assert len(seen) == len(urls)


def test_pairs_and_a_starting_collection():
    seen = SeenUrls([("http://a.gov.cn/1.pdf", "a"), ("http://a.gov.cn/2.pdf", "img")])
    assert ("http://a.gov.cn/1.pdf", "a") in seen
    assert ("http://a.gov.cn/1.pdf", "img") not in seen
    assert len(seen) == 2


def test_duplicate_filter_lets_each_request_through_once():
    dupes = CompactDupeFilter()
    first = Request("http://www.example.gov.cn/a.html?b=2&a=1")
    assert not dupes.request_seen(first)
    assert dupes.request_seen(Request("http://www.example.gov.cn/a.html?a=1&b=2"))  # one canonical URL
    assert not dupes.request_seen(Request("http://www.example.gov.cn/a.html?a=1&b=3"))
    assert not dupes.request_seen(Request("http://www.example.gov.cn/a.html?b=2&a=1", method="HEAD"))
