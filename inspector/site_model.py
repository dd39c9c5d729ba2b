"""Everything the rules look at for one scan: pages, columns, the homepage, the as-of date."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .columns import ColumnOverride, build_columns
from .model import Column, Page, Resource
from .urls import canonical_url


@dataclass
class SiteModel:
    name: str
    start_urls: list[str]
    as_of: date
    pages: list[Page]
    columns: list[Column] = field(default_factory=list)
    complete: bool = True
    capped: bool = False
    config: dict = field(default_factory=dict)  # rule settings from the site config, by section
    cache: dict = field(default_factory=dict, repr=False)  # work shared between rules of one scan
    resources: list[Resource] = field(default_factory=list)  # link targets checked, not crawled
    external_checked: bool = True  # false with --no-external: other hosts were not asked
    _by_url: dict[str, Page] = field(default_factory=dict, repr=False)
    _column_by_page: dict[str, Column] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for page in self.pages:
            self._by_url.setdefault(canonical_url(page.url), page)
            self._by_url.setdefault(canonical_url(page.final_url), page)

    def page(self, url: str) -> Page | None:
        return self._by_url.get(canonical_url(url))

    @property
    def home_pages(self) -> list[Page]:
        return [p for p in self.pages if p.kind == "home"]

    def column_of(self, url: str) -> Column | None:
        """The column whose list links to this page (or that is this page)."""
        if not self._column_by_page:
            for column in self.columns:
                for list_url in column.pages:
                    self._column_by_page.setdefault(list_url, column)
                    page = self.page(list_url)
                    for item in (page.main_list.items if page and page.main_list else []):
                        self._column_by_page.setdefault(canonical_url(item.url), column)
        return self._column_by_page.get(canonical_url(url))


def build_site(name: str, start_urls: list[str], as_of: date, pages: list[Page],
               overrides: list[ColumnOverride] = (), windows: dict[str, int] | None = None,
               complete: bool = True, capped: bool = False) -> SiteModel:
    site = SiteModel(name=name, start_urls=start_urls, as_of=as_of, pages=pages, complete=complete, capped=capped)
    site.columns = build_columns(pages, as_of, overrides, windows, site_name=name)
    return site
