"""Records what the browser stage saves for the fixture pages in tests/fixtures/a11y/pages/ (real
Chromium + axe-core), into tests/fixtures/a11y/recorded/, so the rules are tested without a browser.
Run again after changing page.js, the axe options or axe-core: .venv/bin/python tools/record_a11y_fixtures.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.browser.chromium import ChromiumBrowser  # noqa: E402
from inspector.browser.select import Candidate  # noqa: E402
from inspector.browser.stage import browser_options, gather_pages  # noqa: E402
from inspector.site_model import SiteModel  # noqa: E402
from tests.a11y_server import FIXTURES, StaticServer  # noqa: E402

BASE = "http://fixture.test/"
PAGES = {"problems.html": "home", "clean.html": "home", "popup_closable.html": "template"}


def main() -> None:
    out = FIXTURES / "recorded"
    out.mkdir(exist_ok=True)
    with StaticServer(FIXTURES / "pages") as server:
        site = SiteModel(name="fixture", start_urls=[server.base_url], as_of=__import__("datetime").date(2021, 12, 31),
                         pages=[])
        options = browser_options(site, [])
        saved: list[dict] = []
        todo = [Candidate(server.base_url + name, role, None, name) for name, role in PAGES.items()]
        gather_pages(todo, options, ChromiumBrowser, cap=10, save=lambda seq, artifact: saved.append(artifact))
        for artifact in saved:
            text = json.dumps(artifact, ensure_ascii=False, indent=1, sort_keys=True).replace(server.base_url, BASE)
            name = artifact["title"].replace(".html", ".json")
            (out / name).write_text(text + "\n", encoding="utf-8")
            print(out / name, artifact["status"], len(artifact["axe"]["violations"]), "violations")


if __name__ == "__main__":
    main()
