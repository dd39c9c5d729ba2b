"""report.html: one self-contained Chinese page rendered from the findings document.

Jinja2 autoescaping is on for everything: titles, URLs and evidence come from crawled pages and
must show as text, never run.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, select_autoescape

TYPE_LABELS = {"dynamic": "动态要闻", "notice": "通知公告", "policy": "政策文件", "interpretation": "政策解读",
               "personnel_plan": "人事/规划计划", "interaction": "互动交流", "other": "其他"}
STATUS_LABELS = {"ok": "正常", "stale": "未按期更新", "empty": "空白栏目", "undated": "未显示日期",
                 "unreadable": "无法读取（需人工核查）"}
READ_VIA_LABELS = {"html": "页面", "script-pager": "脚本分页", "datastore": "数据存储（大汉）", "api": "数据接口",
                   "rendered": "浏览器渲染"}
SEVERITY_LABELS = {"veto": "单项否决", "error": "扣分项", "warning": "警告", "info": "提示"}
VERDICT_LABELS = {"pass": "通过", "risk": "风险", "fail": "不合格", "not_checked": "未检查",
                  "incomplete": "扫描未完成，无法得出结论"}
RULE_LABELS = {
    "text.serious": "严重表述错误", "text.sensitive": "有害信息", "text.typo": "错别字",
    "text.outdated-name": "过时机构名称", "text.nonstandard-char": "不规范汉字",
    "site.unreachable": "站点无法访问", "page.unreadable": "页面未能完整读取",
    "site.firewall-blocked": "扫描被网站防护拦截", "home.stale": "首页不更新", "column.stale": "栏目不更新",
    "column.empty": "空白栏目", "column.undated": "栏目未显示日期", "column.unreadable": "栏目无法读取",
    "site.stale-columns": "栏目不更新（站点）",
    "site.empty-columns": "空白栏目（站点）",
    "policy.missing-interpretation": "政策解读缺失", "policy.orphan-interpretation": "解读找不到对应文件",
    "policy.unlinked": "文件与解读未互相链接", "policy.late-interpretation": "解读发布滞后",
    "link.broken": "链接不可用", "security.hidden-link": "隐藏链接（暗链）", "privacy.personal-data": "个人信息泄露",
    "wechat.stale": "政务新媒体不更新", "wechat.unavailable": "微信文章无法查看",
    "elder.no-entrance": "首页缺少适老化/无障碍入口", "elder.zoom-blocked": "页面禁止缩放",
    "elder.popup": "飘窗遮挡内容", "elder.small-text": "正文字号过小",
    "a11y.image-alt": "图片缺少替代文本", "a11y.color-contrast": "文字颜色对比度不足",
    "a11y.html-has-lang": "页面未声明语言", "a11y.document-title": "页面缺少标题", "a11y.link-name": "链接没有可读文字",
    "a11y.label": "表单控件缺少标签", "a11y.target-size": "点击区域过小",
    "a11y.link-in-text-block": "正文链接仅靠颜色区分",
    "annual-report.missing": "未发布政府信息公开年报", "annual-report.late": "年报发布超期",
    "annual-report.sections": "年报缺少部分", "annual-report.arithmetic": "年报数据不一致",
    "interaction.no-channel": "互动渠道缺失或不可用", "interaction.unanswered": "留言超期未回复",
    "interaction.slow-reply": "留言答复超时",
}


CATEGORIES = (  # (rule id prefixes, heading), in report order
    (("site.", "home.", "column."), "网站与栏目"),
    (("text.",), "错敏字与表述"),
    (("policy.",), "政策文件与解读"),
    (("annual-report.",), "政府信息公开年报"),
    (("interaction.",), "互动回应"),
    (("link.", "security.", "privacy."), "链接、安全与隐私"),
    (("a11y.", "elder."), "无障碍与适老化"),
    (("wechat.",), "政务新媒体"),
)
FINDING_STATUS_LABELS = {"new": "新发现", "open": "仍存在", "regressed": "再次出现", "ignored": "已忽略"}


def category_of(rule: str) -> str:
    return next((name for prefixes, name in CATEGORIES if rule.startswith(prefixes)), "其他")


def grouped(findings: list[dict[str, Any]]) -> list[tuple[str, list[tuple[str, list[tuple[str, list[dict]]]]]]]:
    """category → rule → page url → findings, each level in first-seen order."""
    tree: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {}
    order = {name: i for i, (_, name) in enumerate(CATEGORIES)}
    for finding in findings:
        rules = tree.setdefault(category_of(finding["rule"]), {})
        rules.setdefault(finding["rule"], {}).setdefault(finding["url"], []).append(finding)
    return [(category, [(rule, list(pages.items())) for rule, pages in rules.items()])
            for category, rules in sorted(tree.items(), key=lambda kv: order.get(kv[0], 99))]


def split_context(finding: dict[str, Any]) -> tuple[str, str, str]:
    """(before, evidence, after) so the template can highlight the evidence; each part is escaped."""
    context, evidence = finding.get("context") or "", finding.get("evidence") or ""
    index = context.find(evidence) if evidence else -1
    if index < 0:
        return context, "", ""
    return context[:index], evidence, context[index + len(evidence):]


def safe_href(url: str | None) -> str:
    """Only http(s) links are clickable in the report; anything else becomes inert."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else "#"


def evidence_href(path: str | None) -> str:
    """A saved page next to the report: only evidence/<name>.html is linked."""
    if isinstance(path, str) and path.startswith("evidence/") and "/" not in path[9:] and path.endswith(".html"):
        return path
    return "#"


def _days_left(column: dict[str, Any]) -> int | None:
    if column.get("days_since_update") is None:
        return None
    return column["window_days"] - column["days_since_update"]


def report_environment(*extra_loaders: BaseLoader) -> Environment:
    """The report's Jinja2 environment (autoescaping on); `inspector serve` puts its own page
    templates first so its scan page extends report.html.j2 instead of rendering a second time."""
    env = Environment(loader=ChoiceLoader([*extra_loaders, PackageLoader("inspector.report", "templates")]),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["href"] = safe_href
    env.filters["evidence_href"] = evidence_href
    return env


def render_report(document: dict[str, Any], env: Environment | None = None, template: str = "report.html.j2",
                  **extra: Any) -> str:
    """report.html's text; `extra` reaches the templates (the web app passes its triage context)."""
    return "".join(_report_parts(document, env, template, **extra))


def _report_parts(document: dict[str, Any], env: Environment | None = None, template: str = "report.html.j2",
                  **extra: Any):
    env = env or report_environment()
    active = [f for f in document["findings"] if not f.get("ignored")]
    ignored = [f for f in document["findings"] if f.get("ignored")]
    return env.get_template(template).generate(
        doc=document, groups=grouped(active), ignored=ignored, type_labels=TYPE_LABELS, status_labels=STATUS_LABELS,
        read_via_labels=READ_VIA_LABELS,
        severity_labels=SEVERITY_LABELS, verdict_labels=VERDICT_LABELS, rule_labels=RULE_LABELS,
        finding_status_labels=FINDING_STATUS_LABELS, split_context=split_context, days_left=_days_left,
        rules_present=sorted({f["rule"] for f in document["findings"]}),
        columns_present=sorted({f["column"] for f in document["findings"] if f.get("column")}),
        today=date.today().isoformat(), **extra,
    )


def write_report(document: dict[str, Any], path: Path) -> None:
    """Written as the template renders it: a report of thousands of findings is never one string."""
    tmp = path.with_suffix(".html.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.writelines(_report_parts(document))
    tmp.replace(path)
