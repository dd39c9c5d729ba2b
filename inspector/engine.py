"""Runs every rule module over a SiteModel; a rule that fails is reported, the others go on."""
from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable

from rules import RULE_MODULES

from .model import SEVERITY_RANK, Finding
from .site_model import SiteModel

logger = logging.getLogger(__name__)


def prepare_rules(config: dict, modules: tuple[str, ...] = RULE_MODULES) -> None:
    """Load the rules' data before the site is read: a rule module with `prepare(config)` (the
    text rules: word lists, automaton, leaders' pinyin) builds what it will need now. A failure
    here is only logged: the rule fails again when it runs, and is reported then."""
    for name in modules:
        module = importlib.import_module(name)
        if hasattr(module, "prepare"):
            try:
                module.prepare(config)
            except Exception:  # noqa: BLE001 - reported when the rule itself runs
                logger.exception("preparing rule %s failed", name)


def run_sections(site: SiteModel, modules: tuple[str, ...] = RULE_MODULES) -> dict:
    """Extra top-level findings.json keys: a rule module with SECTION = "name" and
    `section(site) -> data` contributes {"name": data} (e.g. the policy ledger)."""
    sections = {}
    for name in modules:
        module = importlib.import_module(name)
        if hasattr(module, "SECTION"):
            try:
                sections[module.SECTION] = module.section(site)
            except Exception:  # noqa: BLE001 - a broken section must not lose the scan
                logger.exception("section %s failed", name)
                print(f"警告：{name} 的汇总出错，已跳过（详情见输出目录中的 inspector.log）", file=sys.stderr)
    return sections


def run_rules(site: SiteModel, modules: tuple[str, ...] = RULE_MODULES,
              done: Callable[[int, int], None] | None = None) -> tuple[list[Finding], list[dict]]:
    """(findings sorted most severe first, errors of rules that crashed). `done(k, n)` is told
    after each rule module, crashed or not, that k of the n have run."""
    findings: list[Finding] = []
    errors: list[dict] = []
    order = {}
    for index, name in enumerate(modules):
        if done is not None and index:
            done(index, len(modules))
        module = importlib.import_module(name)
        try:
            produced = list(module.check(site))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not lose the scan
            errors.append({"rule_module": name, "error": f"{type(exc).__name__}: {exc}"})  # for tools
            logger.exception("rule %s failed", name)
            print(f"警告：规则 {name} 运行出错，已跳过（详情见输出目录中的 inspector.log）", file=sys.stderr)
            continue
        for finding in produced:
            order.setdefault(finding.rule, index)
        findings.extend(produced)
    if done is not None and modules:
        done(len(modules), len(modules))
    unique = {f.id: f for f in findings}
    ordered = sorted(unique.values(), key=lambda f: (-SEVERITY_RANK[f.severity], order[f.rule], f.url))
    return ordered, errors
