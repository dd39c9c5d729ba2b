"""Recognises a web application firewall's challenge or block page (加速乐, 创宇盾, 安全狗, 云锁 …)
by its markers in rules/site/firewall.toml: such an answer says nothing about the site's pages."""
from __future__ import annotations

from rules import load_data


def settings() -> dict:
    return load_data("site/firewall.toml")


def response_firewall(response) -> str | None:
    """firewall_of for a Scrapy response (its Server and Set-Cookie headers and its body)."""
    headers = {key.decode("latin-1"): b"; ".join(values).decode("latin-1")
               for key, values in response.headers.items() if key.lower() in (b"server", b"set-cookie")}
    return firewall_of(response.status, headers, response.body)


def firewall_of(status: int, headers: dict[str, str], body: bytes) -> str | None:
    """The name of the firewall that answered instead of the site, or None."""
    data = settings()
    if len(body) > data["max_bytes"]:
        return None  # a challenge is a small page; a long one is the site's own
    text = body.decode("utf-8", "replace")
    if "\ufffd" in text:
        text += body.decode("gb18030", "replace")
    seen = "\n".join(f"{name}: {value}" for name, value in headers.items()) + "\n" + text
    for firewall in data["firewall"]:
        if firewall.get("statuses") and status not in firewall["statuses"]:
            continue
        if any(marker in seen for marker in firewall["markers"]):
            return firewall["name"]
    return None
