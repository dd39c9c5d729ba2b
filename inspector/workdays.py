"""Working days in mainland China: weekends, public holidays and make-up workdays (调休) from
the `chinese-calendar` package (the State Council's yearly holiday notices, 2004 onwards).

For a year the installed calendar does not know yet, Monday to Friday count as working days and
the answer says it is approximate, so a rule can mark what it built on it for review.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


@dataclass(frozen=True)
class WorkdayCount:
    days: int
    approximate: bool  # some day fell in a year the holiday calendar does not cover


def is_workday(day: date) -> tuple[bool, bool]:
    """(is a working day, known from the holiday calendar)."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def workdays_between(start: date, end: date) -> WorkdayCount:
    """Working days after `start` up to and including `end`: the day a letter arrives does not
    count, the day it is answered does (收到来信后5个工作日内答复 allows an answer on the 5th)."""
    days, approximate = 0, False
    day = start + timedelta(days=1)
    while day <= end:
        working, known = is_workday(day)
        days += working
        approximate = approximate or not known
        day += timedelta(days=1)
    return WorkdayCount(days, approximate)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (11-30 + 3 months = 02-28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
