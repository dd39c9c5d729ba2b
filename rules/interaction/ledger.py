"""The interaction ledger in findings.json (`interaction`): every channel found, counted or
excluded, with its messages as judged at the monitoring point. The report's channel table
renders it; this module decides nothing the rules do not."""
from __future__ import annotations

from .channels import channels, settings_for

RULE_ID = "interaction.ledger"
SEVERITY = "info"
SECTION = "interaction"


def check(site) -> list:
    return []


def section(site) -> dict:
    settings = settings_for(site)
    found = channels(site)
    return {
        "answer_within_months": settings.answer_within_months,
        "lookback_days": settings.lookback_days,
        "reply_limit_working_days": settings.reply_limit_working_days or None,
        "channels": [c.contract_dict() for c in found],
        "counts": {
            "channels": sum(1 for c in found if c.counted),
            "excluded": sum(1 for c in found if not c.counted),
            "messages": sum(len(c.messages) for c in found if c.counted),
            "unanswered": sum(1 for c in found if c.counted for m in c.messages if m.overdue and m.state == "pending"),
            "late": sum(1 for c in found if c.counted for m in c.messages if m.late and m.in_window),
        },
    }


VETO_RULES = ("interaction.no-channel", "interaction.unanswered")


def indicator(site, findings: list) -> dict:
    """互动回应差 for the verdict panel: fail on a counted veto finding; risk on one for review or a
    late answer; pass otherwise. The note says what the judgement rests on."""
    mine = [f for f in findings if f.rule in VETO_RULES]
    late = [f for f in findings if f.rule == "interaction.slow-reply" and f.counts]
    counts = section(site)["counts"]
    unanswered = sum(1 for f in mine if f.rule == "interaction.unanswered" and f.counts)
    if any(f.counts for f in mine):
        status = "fail"
    elif any(f.needs_review and not f.ignored for f in mine) or late:
        status = "risk"
    else:
        status = "pass"
    note = (f"政务咨询类渠道 {counts['channels']} 个（另有不计入的 {counts['excluded']} 个），"
            f"读取留言 {counts['messages']} 条，超期未回复 {unanswered} 条，超时答复 {len(late)} 条")
    return {"id": "interaction", "name": "互动回应差", "status": status, "count": unanswered, "note": note}
