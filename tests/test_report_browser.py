"""A hostile page title in the findings must not run in the report: checked in real headless
Chromium (the report's own filter script must run, the crawled markup must not)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from inspector.report.html import write_report
from tests.test_report_html import document

pytestmark = pytest.mark.browser
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HOSTILE = '<script>document.title="PWNED"</script><img src=x onerror="document.body.dataset.pwned=1">'


@pytest.fixture(scope="module")
def driver():
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("Debian chromium / chromium-driver not installed (scripts/setup.sh installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="inspector-report-test-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield browser
    browser.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_hostile_title_shows_as_text_and_does_not_run(driver, tmp_path):
    path = tmp_path / "report.html"
    write_report(document(HOSTILE, "javascript:alert(2)"), path)
    driver.get(path.as_uri())
    assert driver.title.startswith("测试站<b>")            # the report's own title, as text
    assert driver.execute_script("return document.body.dataset.pwned") is None
    assert driver.execute_script("return document.querySelectorAll('img[src=x]').length") == 0
    body_text = driver.execute_script("return document.body.innerText")
    assert '<script>document.title="PWNED"</script>' in body_text   # shown, not executed
    # The report's own script ran: the filter counter is filled in.
    assert driver.execute_script("return document.getElementById('f-count').textContent") == "显示 1 / 1 条"
