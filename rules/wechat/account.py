"""The `wechat` section of findings.json: account, newest post, days since, articles checked, and
why WeChat was not (fully) checked. Adds no finding itself."""
from __future__ import annotations

from inspector.model import Finding
from inspector.wechat.summary import account_summary

SECTION = "wechat"


def check(site) -> list[Finding]:
    return []


def section(site) -> dict:
    return account_summary(site)
