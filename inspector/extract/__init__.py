"""Pure extraction functions over fetched pages: decoding, dates, lists, articles, page kinds.

Nothing in this package imports Scrapy: everything takes bytes, text or lxml trees and returns
plain data, so it is tested on saved pages in milliseconds.
"""
