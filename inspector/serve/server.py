"""Starting `inspector serve`: where it listens, who may use it, then uvicorn until Ctrl+C."""
from __future__ import annotations

import ipaddress
import os
import socket
import sys
from pathlib import Path

from ..config import ConfigError, load_config_file
from .app import ServeSettings, create_app
from .state import prepare

PASSWORD_ENV = "INSPECTOR_SERVE_PASSWORD"
MIN_PASSWORD = 8
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_settings(db: Path, host: str, config_file: str | None) -> ServeSettings:
    """Checks the options; any address but loopback needs a password (environment or config)."""
    table: dict = {}
    if config_file:
        table = load_config_file(Path(config_file)).get("serve", {}) or {}
        if not isinstance(table, dict):
            raise ConfigError("配置项 [serve] 应为表（table）")
    password = os.environ.get(PASSWORD_ENV) or None
    if password is None and table.get("password_env"):
        password = os.environ.get(str(table["password_env"])) or None
    if password is None and table.get("password") is not None:
        if not isinstance(table["password"], str):
            raise ConfigError("配置项 serve.password 应为字符串")
        password = table["password"]
    if password is not None and len(password) < MIN_PASSWORD:
        raise ConfigError(f"访问口令太短：至少需要 {MIN_PASSWORD} 个字符")
    if not is_loopback(host) and not password:
        raise ConfigError(f"在 {host} 上提供服务会让其他电脑访问扫描结果，必须设置访问口令："
                          f"环境变量 {PASSWORD_ENV}，或 --config 指定的配置文件中的 [serve] password")
    if not db.is_file():
        raise ConfigError(f"找不到扫描历史数据库 {db}（请先运行 inspector scan，或用 --db 指定）")
    hosts = table.get("allowed_hosts")
    if hosts is not None and not (isinstance(hosts, list) and all(isinstance(h, str) for h in hosts)):
        raise ConfigError("配置项 serve.allowed_hosts 应为字符串列表")
    # On loopback only loopback names are accepted: a web page the clerk visits cannot reach the
    # app through a DNS name that points at 127.0.0.1 (DNS rebinding).
    allowed = hosts or (LOOPBACK_NAMES if is_loopback(host) else ["*"])
    return ServeSettings(db=db, password=password, allowed_hosts=allowed)


def run_serve(args) -> int:
    import uvicorn

    settings = serve_settings(Path(args.db), args.host, args.config)
    prepare(settings.db)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    try:
        sock = socket.create_server((args.host.strip("[]"), args.port), family=family)
    except OSError as exc:
        raise ConfigError(f"无法在 {args.host}:{args.port} 上监听：{exc.strerror or exc}") from None
    port = sock.getsockname()[1]
    shown = f"[{args.host.strip('[]')}]" if family == socket.AF_INET6 else args.host
    print(f"inspector serve 已启动：http://{shown}:{port}/ （扫描历史 {settings.db}，按 Ctrl+C 停止）", flush=True)
    if settings.password:
        print("已启用访问口令，打开页面后先登录。", flush=True)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", access_log=False,
                                           lifespan="off"))
    server.run(sockets=[sock])
    print("inspector serve 已停止", file=sys.stderr)
    return 0
