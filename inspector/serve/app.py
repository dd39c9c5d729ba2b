"""`inspector serve`: the office's web app over the scan history (Starlette).

Starlette because it is small, well kept and brings what the app needs (routing, static files,
form parsing, trusted-host checks) without an ORM or a template system of its own: the pages are
rendered by the report's Jinja2 environment, so the scan page is report.html with triage added.

Security: every state change is a POST carrying a CSRF token that must equal the browser's
SameSite=Strict cookie; with a password configured every page needs a login; a Content-Security
-Policy with a per-request nonce means that even a crawled string that slipped through escaping
could not run script; 复查 sends only GET requests to the checked site.
"""
from __future__ import annotations

import asyncio
import hmac
import io
import json
import re
import secrets
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import PackageLoader
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..config import ConfigError, today_shanghai
from ..output import write_xlsx
from ..report.html import RULE_LABELS, SEVERITY_LABELS, VERDICT_LABELS, render_report, report_environment
from ..triage import append_ignore, remove_ignore
from . import scans as history
from .overlay import overlay, site_config
from .recheck import recheck
from .security import SESSION_COOKIE, Guard, checked_form
from .state import REMEDIATION_STATES, Triage, connect

HERE = Path(__file__).resolve().parent
_FINDING_ID = re.compile(r"^[0-9a-f]{6,64}$")
_EVIDENCE_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.html$")
MAX_TEXT = 500
FAILED_LOGIN_DELAY = 1.0  # seconds


@dataclass
class ServeSettings:
    db: Path
    password: str | None = None  # required on any address but loopback
    allowed_hosts: list[str] = field(default_factory=lambda: ["*"])


def create_app(settings: ServeSettings) -> Starlette:
    env = report_environment(PackageLoader("inspector.serve", "templates"))
    env.globals.update(severity_labels=SEVERITY_LABELS, verdict_labels=VERDICT_LABELS, rule_labels=RULE_LABELS,
                       remediation_states=REMEDIATION_STATES)
    config_lock = threading.Lock()  # one [[ignore]] edit of a config file at a time
    sessions: set[str] = set()

    def page(request: Request, template: str, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(csp_nonce=request.state.nonce, csrf=request.state.csrf,
                                                 logged_in=bool(settings.password), **context)
        return HTMLResponse(html)

    def open_db() -> sqlite3.Connection:
        return connect(settings.db)

    # pages -----------------------------------------------------------------------------------
    def sites_page(request: Request) -> Response:
        with open_db() as db:
            rows = []
            for name in history.site_names(db):
                scans = history.scans_of(db, name)
                if not scans:
                    continue
                trend = [history.trend_point(db, s) for s in reversed(scans)]
                rows.append({"name": name, "key": history.site_key(name), "latest": scans[0], "point": trend[-1],
                             "trend": trend})
        return page(request, "sites.html.j2", sites=rows)

    def site_page(request: Request) -> Response:
        with open_db() as db:
            name = _site_or_404(db, request.path_params["key"])
            scans = history.scans_of(db, name)
            trend = [history.trend_point(db, s) for s in reversed(scans)]
            config_file = site_config(db, name)
            log = Triage(db).log(name)
        return page(request, "site.html.j2", name=name, key=history.site_key(name), scans=scans, trend=trend,
                    points={p["scan"]: p for p in trend}, config_file=config_file, log=log,
                    latest_id=scans[0]["id"] if scans else None)

    def scan_page(request: Request) -> Response:
        with open_db() as db:
            scan = _scan_or_404(db, request.path_params["scan_id"])
            document = history.load_document(db, scan)
            context = overlay(db, scan["site"], document)
            latest = history.scans_of(db, scan["site"], limit=1)
        context.update(key=history.site_key(scan["site"]), scan=scan, csrf=request.state.csrf,
                       latest_id=latest[0]["id"] if latest else scan["id"], remediation_states=REMEDIATION_STATES)
        html = render_report(document, env=env, template="scan.html.j2", app=context, csp_nonce=request.state.nonce,
                             csrf=request.state.csrf, logged_in=bool(settings.password))
        return HTMLResponse(html)

    def evidence_file(request: Request) -> Response:
        """A page kept by --evidence: crawled markup, so served sandboxed (no script, no requests)."""
        name = request.path_params["name"]
        with open_db() as db:
            scan = _scan_or_404(db, request.path_params["scan_id"])
        if not _EVIDENCE_NAME.match(name) or not scan.get("out_dir"):
            raise HTTPException(404)
        path = Path(scan["out_dir"]) / "evidence" / name
        if not path.is_file():
            raise HTTPException(404)
        response = FileResponse(path, media_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
        return response

    def ledger(request: Request) -> Response:
        with open_db() as db:
            name = _site_or_404(db, request.path_params["key"])
            scans = history.scans_of(db, name, limit=1)
            if not scans:
                raise HTTPException(404)
            document = history.load_document(db, scans[0])
            overlay(db, name, document)
        buffer = io.BytesIO()
        write_xlsx(document, buffer)
        filename = f"整改台账-{name}-{document['as_of']}.xlsx"
        return Response(buffer.getvalue(), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})

    # triage actions ----------------------------------------------------------------------------
    async def ignore(request: Request) -> Response:
        form = await checked_form(request)
        reason, who = _text(form, "reason"), _text(form, "who")
        if not reason:
            return _error(request, page, "请填写忽略原因（会写入站点配置，供日后核查）。")
        with open_db() as db:
            name, finding, back = _action_target(db, request, form)
            config_file = site_config(db, name)
            if config_file is not None:
                with config_lock:
                    try:
                        entries, problem = history.config_ignores(config_file)
                        if problem:
                            raise ConfigError(problem)
                        if not any(e.get("id") == finding["id"] for e in entries):
                            append_ignore(config_file, finding, reason, who, today_shanghai())
                    except (ConfigError, OSError) as exc:
                        return _error(request, page, f"无法写入站点配置 {config_file}：{exc}")
            Triage(db).ignore(name, finding["id"], reason, who, str(config_file) if config_file else None)
        return RedirectResponse(back, status_code=303)

    async def unignore(request: Request) -> Response:
        form = await checked_form(request)
        with open_db() as db:
            name, finding, back = _action_target(db, request, form)
            config_file = site_config(db, name)
            if config_file is not None:
                with config_lock:
                    try:
                        remove_ignore(config_file, finding["id"])
                    except (ConfigError, OSError) as exc:
                        return _error(request, page, f"无法修改站点配置 {config_file}：{exc}")
            Triage(db).unignore(name, finding["id"])
        return RedirectResponse(back, status_code=303)

    async def remediation(request: Request) -> Response:
        form = await checked_form(request)
        state = _text(form, "state")
        if state not in REMEDIATION_STATES:
            return _error(request, page, "整改状态只能是 待整改、整改中 或 已整改。")
        with open_db() as db:
            name, finding, back = _action_target(db, request, form)
            Triage(db).set_remediation(name, finding["id"], state, _text(form, "person"), _text(form, "note"))
        return RedirectResponse(back, status_code=303)

    async def recheck_finding(request: Request) -> Response:
        form = await checked_form(request)
        with open_db() as db:
            name, finding, back = _action_target(db, request, form)
            scan = history.scans_of(db, name, limit=1)[0]
            settings_for_rules = _rule_settings(site_config(db, name))
        result = await run_in_threadpool(recheck, finding, name, history.start_urls_of(scan), settings_for_rules,
                                         today_shanghai())
        with open_db() as db:
            Triage(db).record_recheck(name, finding["id"], result.result, result.message)
        return RedirectResponse(back, status_code=303)

    # login -------------------------------------------------------------------------------------
    async def login(request: Request) -> Response:
        if request.method == "GET":
            return page(request, "login.html.j2", failed=False)
        form = await checked_form(request)
        given = _text(form, "password").encode("utf-8")
        if settings.password and hmac.compare_digest(given, settings.password.encode("utf-8")):
            session = secrets.token_urlsafe(32)
            sessions.add(session)
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/")
            return response
        await asyncio.sleep(FAILED_LOGIN_DELAY)  # guessing passwords takes time
        response = page(request, "login.html.j2", failed=True)
        response.status_code = 403
        return response

    async def logout(request: Request) -> Response:
        await checked_form(request)
        sessions.discard(request.cookies.get(SESSION_COOKIE, ""))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    routes = [
        Route("/", sites_page),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/site/{key:str}", site_page),
        Route("/site/{key:str}/ledger.xlsx", ledger),
        Route("/site/{key:str}/finding/{finding_id:str}/ignore", ignore, methods=["POST"]),
        Route("/site/{key:str}/finding/{finding_id:str}/unignore", unignore, methods=["POST"]),
        Route("/site/{key:str}/finding/{finding_id:str}/remediation", remediation, methods=["POST"]),
        Route("/site/{key:str}/finding/{finding_id:str}/recheck", recheck_finding, methods=["POST"]),
        Route("/scan/{scan_id:int}/", scan_page),
        Route("/scan/{scan_id:int}/evidence/{name:str}", evidence_file),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts),
                  Middleware(Guard, password=settings.password, sessions=sessions)]

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        messages = {403: "请求未通过安全校验（页面已过期或来自其他网站），请刷新页面后重试。", 404: "找不到该页面。",
                    405: "不支持该请求方式。"}
        response = page(request, "error.html.j2", message=messages.get(status, "请求无法处理。"))
        response.status_code = status
        return response

    async def server_error(request: Request, exc: Exception) -> Response:
        html = env.get_template("error.html.j2").render(message="服务器内部错误，操作未完成。详细信息见运行 inspector serve 的终端。",
                                                        csrf="", logged_in=False)
        return HTMLResponse(html, status_code=500)

    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={HTTPException: http_error, Exception: server_error})


def _text(form, name: str) -> str:
    return str(form.get(name) or "").strip()[:MAX_TEXT]


def _error(request: Request, page, message: str) -> Response:
    response = page(request, "error.html.j2", message=message)
    response.status_code = 400
    return response


def _site_or_404(db: sqlite3.Connection, key: str) -> str:
    name = history.site_by_key(db, key)
    if name is None:
        raise HTTPException(404)
    return name


def _scan_or_404(db: sqlite3.Connection, scan_id: int) -> dict[str, Any]:
    scan = history.scan_row(db, scan_id)
    if scan is None:
        raise HTTPException(404)
    return scan


def _rule_settings(config_file: Path | None) -> dict[str, Any]:
    if config_file is None:
        return {}
    from ..config import load_config_file, parse_rule_settings

    try:
        return parse_rule_settings(load_config_file(config_file))
    except ConfigError:
        return {}


def _action_target(db: sqlite3.Connection, request: Request, form) -> tuple[str, dict[str, Any], str]:
    """(site name, the finding as last seen in the history, the scan page to go back to)."""
    name = _site_or_404(db, request.path_params["key"])
    finding_id = request.path_params["finding_id"]
    if not _FINDING_ID.match(finding_id):
        raise HTTPException(404)
    row = db.execute("SELECT f.data FROM findings f JOIN scans s ON s.id=f.scan_id WHERE s.site=? AND f.id=? "
                     "ORDER BY f.scan_id DESC LIMIT 1", (name, finding_id)).fetchone()
    if row is None:
        raise HTTPException(404)
    scan_id = _text(form, "scan")
    back = f"/scan/{int(scan_id)}/#finding-{finding_id}" if scan_id.isdigit() else f"/site/{request.path_params['key']}"
    return name, json.loads(row[0]), back
