"""Spiders: they fetch and decode, then hand pages to the extractors."""
