"""What the site spider does when a web application firewall answers instead of the site: the
request is tried again once more slowly (the host's download slot gets a longer delay); when the
firewall answers again, the page is recorded as blocked by it (Page.blocked), which the rules
report once (site.firewall-blocked), not as broken links, empty columns or an unreachable site."""
from __future__ import annotations

import scrapy
from scrapy.http import Response

from ..extract.firewall import response_firewall, settings


class FirewallGuard:
    def __init__(self):
        self.blocked = 0  # pages still blocked after their retries
        self.challenges = 0  # challenge answers seen, retries included

    def check(self, response: Response, crawler) -> tuple[str | None, scrapy.Request | None]:
        """(firewall name, a slower retry or None) for a challenge answer; (None, None) otherwise."""
        name = response_firewall(response)
        if name is None:
            return None, None
        self.challenges += 1
        data = settings()
        request = response.request
        self._slow_down(crawler, request, data["slow_seconds"])
        tries = request.meta.get("inspector_firewall_tries", 0)
        # A walker of a distributed worker (no crawler) records at once: its retry would be
        # refused by the shared seen-set, and the fleet's shared pace already spaces requests.
        if tries < data["retries"] and crawler is not None:
            retry = request.replace(dont_filter=True)
            retry.meta["inspector_firewall_tries"] = tries + 1
            return name, retry
        self.blocked += 1
        return name, None

    @staticmethod
    def _slow_down(crawler, request: scrapy.Request, seconds: float) -> None:
        downloader = getattr(getattr(crawler, "engine", None), "downloader", None)
        if downloader is None:
            return
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and slot.delay < seconds:
            slot.delay = seconds
