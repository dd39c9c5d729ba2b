"""Soft 404s: pages answered with HTTP 200 that say the page does not exist (页面不存在 / 404 /
找不到 / 已删除). Judged from the title, or from a short page text, so that an article that
merely mentions 404 or 页面不存在 is not taken for one."""
from __future__ import annotations

import re

_PHRASES = (r"页面不存在|页面未找到|找不到(?:该|此|您要|您所)?(?:访问的)?(?:页面|网页|文章|信息)|无法找到(?:该|此)?(?:页面|网页)|"
            r"(?:页面|网页|文章|信息|内容)(?:已被|已经|已)删除|(?:页面|网页|文章|信息|内容)已(?:下线|撤销|过期)|"
            r"访问的(?:页面|网页)不存在|(?:页面|网页|文章|信息|内容)(?:不存在|已失效)|page\s+not\s+found|not\s+found")
_TITLE = re.compile(rf"(?:{_PHRASES})|(?<![\d\w])404(?![\d\w])|错误页|出错了", re.I)
_TEXT = re.compile(rf"(?:{_PHRASES})|(?<![\d\w])(?:404|error\s+404|http\s+404)(?![\d\w])", re.I)
SHORT_TEXT = 300
_TITLE_MAX = 60


def soft_404(title: str, text: str) -> str | None:
    """The words that make this 200 page a 'not found' page, or None."""
    title = (title or "").strip()
    text = (text or "").strip()
    m = _TITLE.search(title)
    if m and len(title) <= _TITLE_MAX:
        return m.group()
    if len(text) <= SHORT_TEXT:
        m = _TEXT.search(text)
        if m:
            return m.group()
    return None
