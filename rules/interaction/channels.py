"""The site's interaction channels and their messages, shared by the interaction rules and the
report's channel table: computed once per scan from the saved pages, columns and link checks.

A channel is an `interaction` column, or a link named like one (我要写信, 书记信箱, 12345…) to a
page that is not a column. It is counted (政务咨询 type) or excluded by name (在线访谈、调查征集、
网上信访、纪检举报 are left out by the rule text). Each message is judged at the monitoring point:
answered, pending, invalid or unknown (the page shows nothing about an answer).
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from inspector.extract.notfound import soft_404
from inspector.urls import canonical_url
from inspector.workdays import add_months, workdays_between
from rules import load_data
from rules.link.broken import FORM_LIVE_STATUSES

DATA = "interaction/interaction.toml"
INT_KEYS = ("answer_within_months", "lookback_days", "reply_limit_working_days")
LIST_KEYS = ("counted_names", "excluded_names")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass
class Settings:
    answer_within_months: int
    lookback_days: int
    reply_limit_working_days: int
    counted: tuple[str, ...]
    excluded: tuple[str, ...]
    link_pattern: re.Pattern
    invalid: tuple[str, ...]
    pending: tuple[str, ...]
    answered: tuple[str, ...]
    promise: re.Pattern


@dataclass
class Promise:
    days: int
    working: bool  # 工作日 (else calendar days)
    text: str
    url: str

    @property
    def label(self) -> str:
        return f"{self.days}个{'工作日' if self.working else '自然日'}"


@dataclass
class Message:
    title: str
    url: str | None
    asked: date
    answered: date | None
    status: str
    unit: str
    state: str  # answered / pending / invalid / unknown
    days: int | None = None  # calendar days from sent to answered (or to the monitoring point)
    workdays: int | None = None
    approximate: bool = False  # working days of a year the holiday calendar does not know
    in_window: bool = False  # sent within the year before the monitoring point
    overdue: bool = False  # unanswered (or unknown) longer than answer_within_months at the monitoring point
    late: bool = False  # answered after the promised or configured limit, or after answer_within_months
    limit: str = ""  # the limit it was answered late against, in Chinese (5个工作日（页面承诺）)

    def contract_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "asked": self.asked.isoformat(),
                "answered": self.answered.isoformat() if self.answered else None, "status": self.status,
                "unit": self.unit, "state": self.state, "days": self.days, "workdays": self.workdays,
                "in_window": self.in_window, "overdue": self.overdue, "late": self.late}


@dataclass
class Channel:
    name: str
    url: str
    found_as: str  # column / link
    counted: bool
    excluded_because: str = ""
    column_status: str = ""  # the column's status (ok, empty, unreadable …) for a column channel
    works: bool | None = True  # None: its page or form could not be checked
    problem: str = ""
    forms: list[str] = field(default_factory=list)
    promise: Promise | None = None
    messages: list[Message] = field(default_factory=list)
    item_count: int = 0

    @property
    def unread(self) -> bool:
        """Its list could not be read, or it lists items but no message date was read."""
        return self.column_status == "unreadable" or (self.item_count > 0 and not self.messages)

    def contract_dict(self) -> dict[str, Any]:
        return {"name": self.name, "url": self.url, "found_as": self.found_as, "counted": self.counted,
                "excluded_because": self.excluded_because, "column_status": self.column_status,
                "works": self.works, "problem": self.problem, "forms": self.forms,
                "promise": self.promise.label if self.promise else None, "unread": self.unread,
                "messages": [m.contract_dict() for m in self.messages]}


# -- settings -----------------------------------------------------------------------------------

def settings_for(site) -> Settings:
    data = load_data(DATA)
    table = site.config.get("interaction") if isinstance(site.config, dict) else None
    table = table if isinstance(table, dict) else {}
    values = {key: data[key] for key in INT_KEYS}
    for key in INT_KEYS:
        value = table.get(key)
        if value is None:
            continue
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            values[key] = value
        else:
            _warn(site, f"interaction.{key} 应为不小于 0 的整数，实际为 {value!r}，已使用默认值")
    extra = {}
    for key in LIST_KEYS:
        value = table.get(key, [])
        if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
            extra[key] = tuple(value)
        else:
            _warn(site, f"interaction.{key} 应为字符串列表，实际为 {value!r}，已忽略")
            extra[key] = ()
    return Settings(
        counted=tuple(data["channels"]["counted"]) + extra["counted_names"],
        excluded=tuple(data["channels"]["excluded"]) + extra["excluded_names"],
        link_pattern=re.compile(data["channels"]["link_pattern"]),
        invalid=tuple(data["status"]["invalid"]), pending=tuple(data["status"]["pending"]),
        answered=tuple(data["status"]["answered"]), promise=re.compile(data["promise"]["pattern"]),
        **values)


def _warn(site, message: str) -> None:
    warned = site.cache.setdefault("interaction_warnings", set())
    if message not in warned:
        warned.add(message)
        print(f"警告：站点配置 {message}", file=sys.stderr)


# -- channels -----------------------------------------------------------------------------------

def channels(site) -> list[Channel]:
    """The site's channels with their messages judged at the monitoring point (cached per scan)."""
    cached = site.cache.get("interaction_channels")
    if cached is None:
        settings = settings_for(site)
        cached = site.cache["interaction_channels"] = _find_channels(site, settings)
    return cached


def _classify(name: str, settings: Settings) -> tuple[bool, str]:
    """(counted, why excluded) from a channel's name."""
    excluded = next((word for word in settings.excluded if word in name), "")
    if excluded:
        return False, f"名称含“{excluded}”，属在线访谈、调查征集、网上信访、纪检举报类，不计入"
    return any(word in name for word in settings.counted), ""


def _find_channels(site, settings: Settings) -> list[Channel]:
    found: list[Channel] = []
    taken: set[str] = set()
    for column in site.columns:
        interaction = column.type == "interaction"
        # A column of another type (群众来信 under 其他) is a channel when its list shows messages.
        messages = _column_messages(site, column, with_details=interaction)
        if not interaction and not messages:
            continue
        counted, why = _classify(column.name, settings)
        if not counted and not why and not messages:
            continue  # an interaction-typed page that is no channel (a 互动交流 sub-page)
        channel = Channel(name=column.name, url=column.url, found_as="column", counted=counted or bool(messages and not why),
                          excluded_because=why, column_status=column.status, item_count=column.item_count)
        channel.messages = [_judge(m, site.as_of, settings) for m in messages]
        pages = [p for p in (site.page(u) for u in column.pages) if p is not None]
        _check_forms(site, channel, pages)
        channel.promise = _promise(pages, settings)
        found.append(channel)
        taken.update(column.pages)
        taken.add(column.url)
    found += _link_channels(site, settings, taken)
    configured = (Promise(settings.reply_limit_working_days, True, "站点配置", "")
                  if settings.reply_limit_working_days else None)
    for channel in found:
        limit = configured or channel.promise  # the office's own configured limit wins
        for message in channel.messages if limit else []:
            _judge_promise(message, limit)
        if not channel.counted:  # shown, never judged: the rule text leaves these channels out
            for message in channel.messages:
                message.overdue = message.late = False
                message.limit = ""
    return found


def _link_channels(site, settings: Settings, taken: set[str]) -> list[Channel]:
    """Links named like a channel to a page that is no column: a 12345 platform, a letter form."""
    found: dict[str, Channel] = {}
    for page in site.pages:
        for url, text, tag in page.links:
            if not url or tag not in ("a", "area") or not settings.link_pattern.match(text or ""):
                continue
            key = canonical_url(url)
            if key in taken or key in found:
                continue
            counted, why = _classify(text, settings)
            channel = Channel(name=text, url=url, found_as="link", counted=counted, excluded_because=why)
            target = site.page(url)
            _check_target(site, channel, url, target)
            if target is not None and channel.works:
                _check_forms(site, channel, [target])
                channel.promise = _promise([target], settings)
                channel.messages = [_judge(m, site.as_of, settings) for m in _merge(site, target.messages)]
            found[key] = channel
    return list(found.values())


def _check_target(site, channel: Channel, url: str, target) -> None:
    """Whether the channel's page answers: the crawled page, else the link check's record."""
    if target is not None:
        if target.error or target.status is None or target.status >= 400:
            channel.works, channel.problem = False, f"页面无法打开（{target.error or f'HTTP {target.status}'}）"
        elif soft_404(target.title, target.text):
            channel.works, channel.problem = False, "页面显示“页面不存在”"
        return
    resource = site.resource(url)
    if resource is None:
        channel.works = None
        channel.problem = "未检查该页面（超出抓取范围或未检查外部链接）"
    elif resource.error or resource.status is None or resource.status >= 400:
        channel.works, channel.problem = False, f"页面无法打开（{resource.error or f'HTTP {resource.status}'}）"


def _check_forms(site, channel: Channel, pages: list) -> None:
    """A form on the channel's pages that posts to a dead address makes the channel fail. The
    address was asked with HEAD or GET by the link check; nothing is ever submitted."""
    for page in pages:
        for url, _, tag in page.links:
            if tag != "form" or not url or url in channel.forms:
                continue
            channel.forms.append(url)
            target = site.page(url)
            resource = site.resource(url)
            status = target.status if target is not None else (resource.status if resource else None)
            error = target.error if target is not None else (resource.error if resource else None)
            if target is None and resource is None:
                if channel.works:
                    channel.works, channel.problem = None, f"留言表单提交地址 {url} 未检查"
                continue
            if error or status is None or (status >= 400 and status not in FORM_LIVE_STATUSES):
                channel.works = False
                channel.problem = f"留言表单提交地址 {url} 无法访问（{error or f'HTTP {status}'}）"




def _promise(pages: list, settings: Settings) -> Promise | None:
    """The reply limit the channel's pages promise (5个工作日内答复), if any."""
    for page in pages:
        match = settings.promise.search(page.text or "")
        if match:
            raw = match.group("n")
            days = int(raw) if raw.isdigit() else _chinese_number(raw)
            if days:
                return Promise(days, match.group("unit") == "工作日", match.group(0), page.url)
    return None


def _chinese_number(text: str) -> int:
    """一 … 九十九 (the numbers a reply promise uses)."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + _CN_DIGITS.get(ones, 0)


# -- messages -----------------------------------------------------------------------------------

def _column_messages(site, column, with_details: bool = True) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for url in column.pages:
        page = site.page(url)
        if page is not None:
            rows += [m for m in page.messages if with_details or m.get("source") == "list"]
    if not rows and with_details:  # a list of links only: the messages on their own pages
        for url in column.pages:
            page = site.page(url)
            for item in (page.main_list.items if page is not None and page.main_list else []):
                detail = site.page(item.url)
                if detail is not None:
                    rows += [m for m in detail.messages if m.get("source") == "detail"]
    return _merge(site, rows)


def _merge(site, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """List rows completed by their detail pages (what the detail page says wins), one per message."""
    merged: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        combined = dict(row)
        detail = _detail_of(site, row) if row.get("source") == "list" else None
        if detail is not None:
            for key in ("asked", "answered", "status", "unit", "title"):
                if detail.get(key):
                    combined[key] = detail[key]
            combined["replied"] = row.get("replied") or detail.get("replied")
            combined["shows"] = sorted(set(row.get("shows", [])) | set(detail.get("shows", [])))
        key = (canonical_url(row["url"]) if row.get("url") and row.get("source") == "list" else None,
               combined.get("title"), combined.get("asked"))
        merged.setdefault(key, combined)
    return list(merged.values())


def _detail_of(site, row: dict[str, Any]) -> dict[str, Any] | None:
    """The message read from a list row's own page, when that page was crawled and shows one."""
    page = site.page(row["url"]) if row.get("url") else None
    return next((m for m in page.messages if m.get("source") == "detail"), None) if page is not None else None


def message_state(row: dict[str, Any], settings: Settings) -> str:
    status = row.get("status") or ""
    if any(word in status for word in settings.invalid):
        return "invalid"
    if row.get("answered"):
        return "answered"
    if any(word in status for word in settings.pending):
        return "pending"
    if any(word in status for word in settings.answered) or row.get("replied"):
        return "answered"
    if "answered" in row.get("shows", []) or "reply" in row.get("shows", []):
        return "pending"  # the page has a place for the answer, and it is empty
    return "unknown"


def _judge(row: dict[str, Any], as_of: date, settings: Settings) -> Message:
    asked = date.fromisoformat(row["asked"])
    answered = date.fromisoformat(row["answered"]) if row.get("answered") else None
    state = message_state(row, settings)
    message = Message(title=row.get("title", ""), url=row.get("url"), asked=asked, answered=answered,
                      status=row.get("status", ""), unit=row.get("unit", ""), state=state)
    message.in_window = as_of - timedelta(days=settings.lookback_days) <= asked <= as_of
    deadline = add_months(asked, settings.answer_within_months)
    if answered is not None:
        message.days = (answered - asked).days
        count = workdays_between(asked, answered)
        message.workdays, message.approximate = count.days, count.approximate
        if answered > deadline:
            message.late, message.limit = True, f"{settings.answer_within_months}个月"
    elif state in ("pending", "unknown"):
        message.days = (as_of - asked).days
        message.overdue = message.in_window and as_of > deadline
    return message


def _judge_promise(message: Message, promise: Promise) -> None:
    if message.answered is None:
        return
    taken = message.workdays if promise.working else message.days
    if taken is not None and taken > promise.days and not message.late:
        source = "站点配置" if promise.text == "站点配置" else "页面承诺"
        message.late, message.limit = True, f"{promise.label}（{source}）"
