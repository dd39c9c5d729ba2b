"""Chinese date patterns as they appear on government pages, and year inference for bare MM-DD.

Generic date libraries turn 2021年11月3日 into 2021-01-01 and do not parse [11-03]; these
patterns are our own and deliberately strict (a plausible year, a real calendar day).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MIN_YEAR = 1990

_SEP = r"[-/.．]"
# 2021-11-03, 2021/11/03, 2021.11.03, 2021年11月3日, 2021 年 11 月 3 日; optional time after it.
FULL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|"
    + _SEP + r"\s*(\d{1,2})\s*" + _SEP + r"\s*(\d{1,2}))(?!\d)"
)
# 20211103 inside URLs and compact stamps (t20211103_123.html).
COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
# [11-03], 11-03, 11月03日 - month and day only; the year comes from context.
MONTH_DAY = re.compile(r"(?<![\d\-/.年])(\d{1,2})(?:\s*[-/.]\s*|\s*月\s*)(\d{1,2})(?:\s*日)?(?![\d\-/.])")
# 2021-11 (year and month only), used with a separate day element ("03" / "2021-11").
YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})(?:\s*月)?(?![\d\-/.])")
LONE_DAY = re.compile(r"(?<![\d\-/.])(\d{1,2})(?![\d\-/.月年])")


@dataclass(frozen=True)
class MonthDay:
    """A date shown without its year, resolved later from neighbouring items."""

    month: int
    day: int

    def with_year(self, year: int) -> date | None:
        return make_date(year, self.month, self.day)


def make_date(year: int, month: int, day: int) -> date | None:
    if year < MIN_YEAR or year > 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_full_dates(text: str) -> list[date]:
    """All complete calendar dates in text, in order of appearance."""
    found = []
    for m in FULL_DATE.finditer(text):
        year = int(m.group(1))
        month = int(m.group(2) or m.group(4))
        day = int(m.group(3) or m.group(5))
        d = make_date(year, month, day)
        if d:
            found.append(d)
    return found


def parse_date(text: str | None) -> date | None:
    """The first complete date in text, in any of the formats government pages use."""
    if not text:
        return None
    dates = find_full_dates(text)
    if dates:
        return dates[0]
    m = COMPACT_DATE.search(text)
    if m:
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def parse_item_date(text: str) -> date | MonthDay | None:
    """The date of one list item: a full date, else a split year-month + day, else a bare MM-DD."""
    d = parse_date(text)
    if d:
        return d
    ym = YEAR_MONTH.search(text)
    if ym:
        rest = text[: ym.start()] + " " + text[ym.end():]
        day = LONE_DAY.search(rest)
        if day:
            return make_date(int(ym.group(1)), int(ym.group(2)), int(day.group(1)))
    md = MONTH_DAY.search(text)
    if md:
        month, day = int(md.group(1)), int(md.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31 and make_date(2000, month, day):
            return MonthDay(month, day)
    return None


_DATE_LABEL = re.compile(r"发布(?:时间|日期)|更新(?:时间|日期)|发文日期|成文日期|公开日期|日期|时间|[:：\[\]【】()（）<>《》\s\-/.|]")
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")


def standalone_date(text: str) -> date | MonthDay | None:
    """The date of a text that shows a date and nothing else (labels, brackets and a time of
    day aside): "2022-06-20", "[06-20]", "发布时间：2022年6月20日 09:30", "20 2022-06"."""
    found = parse_item_date(text)
    if found is None:
        return None
    rest = _CLOCK.sub("", text)
    for pattern in (FULL_DATE, COMPACT_DATE, YEAR_MONTH, MONTH_DAY):
        rest = pattern.sub("", rest, count=1)
    rest = LONE_DAY.sub("", rest, count=1) if isinstance(found, date) else rest
    rest = _DATE_LABEL.sub("", rest).replace("日", "").replace("年", "").replace("月", "")
    return found if len(rest) <= 1 else None


_URL_DATE_PATTERNS = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_"),                   # TRS: /202111/t20211103_1.html
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),           # 大汉: /art/2021/11/3/art_..
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),                   # /2021-11/03/content_1.htm
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})/"),                    # /202111/03/...
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),                     # /20211103/...
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})/"),                    # /2021/1103/...
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),               # /2021/11/03/...
)


def date_from_url(url: str) -> date | None:
    """A publication date encoded in an article URL by common government CMSs."""
    for pattern in _URL_DATE_PATTERNS:
        m = pattern.search(url)
        if m:
            d = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                return d
    return None


def resolve_years(dates: list[date | MonthDay | None], reference: date) -> list[date | None]:
    """Give bare MM-DD dates a year: from the nearest dated neighbour in the list; in a list with
    no year at all, walk it newest-first from the reference date (the monitoring point), going
    back a year each time the month-day rises (lists run newest first: [01-05], [12-28])."""
    resolved: list[date | None] = [d if isinstance(d, date) else None for d in dates]
    full_positions = [i for i, d in enumerate(dates) if isinstance(d, date)]
    if not full_positions:
        return _walk_years([d if isinstance(d, MonthDay) else None for d in dates], reference)
    for i, d in enumerate(dates):
        if isinstance(d, MonthDay):
            nearest = min(full_positions, key=lambda j: abs(j - i))
            anchor = dates[nearest]
            assert isinstance(anchor, date)
            resolved[i] = _closest_year(d, anchor)
    return resolved


def _walk_years(days: list[MonthDay | None], reference: date) -> list[date | None]:
    shown = [d for d in days if d]
    pairs = list(zip(shown, shown[1:]))
    descending = sum((a.month, a.day) >= (b.month, b.day) for a, b in pairs) >= len(pairs) / 2
    resolved: list[date | None] = []
    year, previous = None, None
    for d in days:
        if d is None:
            resolved.append(None)
            continue
        if year is None:
            year = reference.year
            first = d.with_year(year)
            while first is None or first > reference:  # 02-29 waits for a leap year
                year -= 1
                first = d.with_year(year)
        elif descending and previous and (d.month, d.day) > (previous.month, previous.day):
            year -= 1
        resolved.append(d.with_year(year))
        previous = d
    if not descending:  # an oldest-first list: only keep each date out of the future
        resolved = [r if r is None or r <= reference else r.replace(year=r.year - 1) for r in resolved]
    return resolved


def _closest_year(md: MonthDay, anchor: date) -> date | None:
    """The year (anchor's, or one either side) that puts the month-day nearest the anchor."""
    options = [md.with_year(anchor.year + k) for k in (-1, 0, 1)]
    valid = [o for o in options if o]
    return min(valid, key=lambda o: abs((o - anchor).days)) if valid else None
