"""Which saved pages the browser checks: the homepage, one page per page template, one list page
per column, within a cap. Templates are told apart in the browser (the skeleton fingerprint of
page.js); here the candidates are put in order."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..site_model import SiteModel
from ..urls import canonical_url, host_of

SIMILAR = 0.8  # Jaccard similarity of two skeletons that are one template
_IP = re.compile(r"^[\d.]+$|^\[?[0-9a-f:]+\]?$", re.I)


@dataclass(frozen=True)
class Candidate:
    url: str
    role: str  # home / template / list
    column: str | None = None
    title: str = ""

    @property
    def dedupe(self) -> bool:
        """Checked only when its template has not been checked yet."""
        return self.role == "template"


def candidates(site: SiteModel) -> list[Candidate]:
    """Homepage first, then a page of each column and of the other page kinds (one per template,
    decided while visiting), then the columns' list pages."""
    found: list[Candidate] = []
    seen: set[str] = set()

    def add(url: str, role: str, column: str | None, title: str = "") -> None:
        key = canonical_url(url)
        if key not in seen:
            seen.add(key)
            found.append(Candidate(url, role, column, title))

    for home in site.home_pages:
        if home.status and home.status < 400:
            add(home.final_url, "home", None, home.title)
    for column in site.columns:
        article = _first_article(site, column.pages)
        if article is not None:
            add(article.final_url, "template", column.name, article.title)
    for page in site.pages.of_kind("single", "channel"):
        if page.status and page.status < 400:
            add(page.final_url, "template", None, page.title)
    for column in site.columns:
        listed = site.page(column.url)
        add(listed.final_url if listed else column.url, "list", column.name, listed.title if listed else column.name)
    return found


def _first_article(site: SiteModel, list_urls: list[str]):
    for list_url in list_urls[:1]:
        page = site.page(list_url)
        for item in (page.main_list.items if page and page.main_list else []):
            target = site.page(item.url)
            if target is not None and target.kind == "article" and target.status and target.status < 400:
                return target
    return None


def similarity(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def same_template(fingerprint: set[str], known: dict[str, set[str]]) -> str | None:
    """The URL of an already checked page with this skeleton, if any."""
    best, best_score = None, 0.0
    for url, other in known.items():
        score = similarity(fingerprint, other)
        if score > best_score:
            best, best_score = url, score
    return best if best_score >= SIMILAR else None


def allowed_hosts(start_urls: list[str], extra_hosts: list[str]) -> tuple[str, ...]:
    """The site's hosts and their sibling subdomains (static.example.gov.cn serves the CSS of
    www.example.gov.cn); the browser resolves nothing else."""
    hosts: list[str] = []
    for host in [host_of(u) for u in start_urls] + [h.lower() for h in extra_hosts]:
        if not host:
            continue
        hosts.append(host)
        if not _IP.match(host):
            labels = host.split(".")
            parent = ".".join(labels[1:]) if labels[0] == "www" or len(labels) > 3 else host
            if parent.count(".") >= 1:
                hosts.append(f"*.{parent}")
    return tuple(dict.fromkeys(hosts))
