"""End to end: the sample site's dead-channel variant. The demo server answers the 领导信箱 letter
form's address with 404 (DemoServer(dead_paths=...)); a scan of it must fail the site on
interaction.no-channel, seen through the link check (HEAD/GET), without ever posting a letter."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from inspector.demo_site.server import FORM_PATHS, DemoServer

pytestmark = pytest.mark.slow


def scan(base: str, work, *extra: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "inspector", "scan", base, "--as-of", "2021-12-31",
                             "--out", "out", "--db", "h.sqlite3", "--format", "json", "--no-a11y",
                             "--no-external", "--max-pages", "40", *extra],
                            cwd=work, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    return json.loads((work / "out" / "findings.json").read_text(encoding="utf-8"))


def test_a_letter_form_posting_to_a_dead_address_fails_the_interaction_line(tmp_path):
    [form] = sorted(FORM_PATHS)
    with DemoServer(dead_paths=(form,)) as demo:
        doc = scan(demo.base_url, tmp_path)
        base = demo.base_url.rstrip("/")
    dead = [f for f in doc["findings"] if f["rule"] == "interaction.no-channel"]
    assert [(f["url"].removeprefix(base), f["severity"], f["needs_review"]) for f in dead] == [
        ("/hdjl/ldxx/", "veto", False)]
    assert form in dead[0]["message"] and "404" in dead[0]["message"]
    line = next(i for i in doc["verdict"]["indicators"] if i["id"] == "interaction")
    assert line["status"] == "fail"
    broken = [f for f in doc["findings"] if f["rule"] == "link.broken" and f["url"].endswith(form)]
    assert [f["referrers"] for f in broken] == [[base + "/hdjl/ldxx/"]]


def test_the_demo_form_takes_post_only_and_the_variant_answers_404():
    import urllib.error
    import urllib.request

    [form] = sorted(FORM_PATHS)
    with DemoServer() as live, DemoServer(dead_paths=(form,)) as dead:
        for server, status in ((live, 405), (dead, 404)):
            for method in ("HEAD", "GET"):
                request = urllib.request.Request(server.base_url.rstrip("/") + form, method=method)
                with pytest.raises(urllib.error.HTTPError) as raised:
                    urllib.request.urlopen(request, timeout=5)
                raised.value.close()
                assert raised.value.code == status
