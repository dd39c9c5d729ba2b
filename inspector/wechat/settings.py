"""The site config's [wechat] table → a validated dict with every default filled in.

Keys fixed by the findings contract: name, api_base, appid, secret_env, article_urls_file,
stale_days. Optional: fetch_delay (seconds between article pages), max_articles (pages read
per scan, newest first), check_links. The AppSecret itself is never a config key.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "name": "",
    "api_base": "https://api.weixin.qq.com",
    "appid": "",
    "secret_env": "INSPECTOR_WX_SECRET",
    "article_urls_file": None,
    "stale_days": 14,
    "fetch_delay": 1.0,
    "max_articles": 500,
    "check_links": True,
}
_SECRET_KEYS = ("secret", "appsecret", "app_secret")


def parse_wechat(table: Any, base: Path) -> dict[str, Any] | None:
    """None when the table is absent; raises ConfigError naming the key otherwise."""
    from ..config import ConfigError, _typed, validate_url

    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError("配置项 [wechat] 应为表（table）")
    for key in table:
        if key.lower() in _SECRET_KEYS:
            raise ConfigError(f"配置项 wechat.{key} 不允许出现：AppSecret 只能放在环境变量中，"
                              f"用 wechat.secret_env 指定变量名（默认 {DEFAULTS['secret_env']}）")
    settings = dict(DEFAULTS)
    for key in ("name", "api_base", "appid", "secret_env", "article_urls_file"):
        value = _typed(table, key, str, "wechat")
        if value is not None:
            settings[key] = value.strip()
    for key in ("stale_days", "max_articles"):
        value = _typed(table, key, int, "wechat")
        if value is not None:
            if value <= 0:
                raise ConfigError(f"配置项 wechat.{key} 应为正整数，实际为：{value}")
            settings[key] = value
    delay = table.get("fetch_delay")
    if delay is not None:
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not math.isfinite(delay) or delay < 0:
            raise ConfigError(f"配置项 wechat.fetch_delay 应为不小于 0 的秒数，实际为：{delay!r}")
        settings["fetch_delay"] = float(delay)
    check_links = _typed(table, "check_links", bool, "wechat")
    if check_links is not None:
        settings["check_links"] = check_links
    settings["api_base"] = validate_url(settings["api_base"], "wechat.api_base").rstrip("/")
    if not settings["appid"] and not settings["article_urls_file"]:
        raise ConfigError("配置项 [wechat] 需要 appid（通过官方接口列出文章）或 article_urls_file"
                          "（文章网址清单），至少一项")
    if settings["appid"] and not settings["secret_env"]:
        raise ConfigError("配置项 wechat.secret_env 不能为空：应为存放 AppSecret 的环境变量名")
    if settings["article_urls_file"]:
        path = Path(settings["article_urls_file"]).expanduser()
        path = path if path.is_absolute() else base / path
        if not path.is_file():
            raise ConfigError(f"配置项 wechat.article_urls_file 指向的文件不存在：{path}")
        settings["article_urls_file"] = str(path)
        try:
            read_url_file(str(path))  # a bad line is a config error, found before the scan starts
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"无法读取 wechat.article_urls_file（{path}）：应为 UTF-8 文本，"
                              f"每行一个网址（{exc}）") from None
    return settings


def read_url_file(path: str) -> list[str]:
    """Article URLs, one a line; blank lines and lines starting with # are skipped."""
    from ..config import validate_url

    urls = []
    with open(path, encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            urls.append(validate_url(line, f"{Path(path).name} 第 {number} 行"))
    return urls
