"""The app's guard: login, CSRF, Content-Security-Policy and the other security headers.

CSRF is a double submit: a random token in a SameSite=Strict, HttpOnly cookie that every form
also carries; a page of another site can neither read the token nor make the browser send the
cookie with its POST. The CSP nonce changes per response, so only the app's own scripts run.
"""
from __future__ import annotations

import hmac
import secrets

from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

CSRF_COOKIE, SESSION_COOKIE = "inspector_csrf", "inspector_session"


class Guard(BaseHTTPMiddleware):
    """Per request: a CSP nonce, the CSRF cookie, the login check and the security headers."""

    def __init__(self, app, password: str | None, sessions: set[str]):
        super().__init__(app)
        self.password = password
        self.sessions = sessions

    async def dispatch(self, request: Request, call_next) -> Response:
        request.state.nonce = secrets.token_urlsafe(16)
        cookie = request.cookies.get(CSRF_COOKIE, "")
        request.state.csrf = cookie if len(cookie) >= 32 else secrets.token_urlsafe(32)
        path = request.url.path
        public = path == "/login" or path.startswith("/static/")
        if self.password and not public and request.cookies.get(SESSION_COOKIE, "") not in self.sessions:
            if request.method in ("GET", "HEAD"):
                response: Response = RedirectResponse("/login", status_code=303)
            else:
                response = Response("需要登录", status_code=403, media_type="text/plain; charset=utf-8")
        else:
            response = await call_next(request)
        if request.state.csrf != cookie:
            response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=True, samesite="strict", path="/")
        headers = response.headers
        if "Content-Security-Policy" not in headers:
            headers["Content-Security-Policy"] = (
                f"default-src 'self'; script-src 'self' 'nonce-{request.state.nonce}'; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        if not path.startswith("/static/"):
            headers["Cache-Control"] = "no-store"
        return response


async def checked_form(request: Request):
    """The POSTed form, after its CSRF token was found equal to the browser's own cookie."""
    form = await request.form()
    given, expected = str(form.get("csrf") or ""), request.cookies.get(CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(403)
    return form
