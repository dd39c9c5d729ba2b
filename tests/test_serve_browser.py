"""`inspector serve` driven in the Debian Chromium over real scans of a copy of the sample site:
pages load without console errors, a hostile crawled title stays inert, ignore / undo and 整改
states survive a restart and a new scan (and the CLI scan agrees with the ignore), 复查 against
the sample site, and the 整改台账 export."""
from __future__ import annotations

import html
import io
import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
import urllib.request
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.demo_site.server import WWW_DIR, DemoServer
from tests.serve_app import App

pytestmark = pytest.mark.browser
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HOSTILE = '<script>document.body.dataset.pwned=1</script><img src=x onerror="document.body.dataset.pwned=2">'
TYPO_PAGE = "xwdt/gzdt/202112/t20211228_1050.html"


def scan(work: Path, out: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "inspector", "scan", "--config", "site.toml", "--out", out, "--db",
                           "h.sqlite3", "--as-of", "2021-12-31", "--fast", "--no-external", "--no-a11y"],
                          cwd=work, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return json.loads((work / out / "findings.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A copy of the sample site whose typo page carries a hostile title, scanned once."""
    work = tmp_path_factory.mktemp("serve")
    root = work / "www"
    shutil.copytree(WWW_DIR, root)
    page = root / TYPO_PAGE
    text = page.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if 'name="ArticleTitle"' not in line)
    text = text.replace("市数据资源管理局召开2021年度工作总结会议", html.escape(HOSTILE))
    page.write_text(text, encoding="utf-8")
    server = DemoServer(root=root).start()
    (work / "site.toml").write_text(
        f'# 示例网站的站点配置\n[site]\nname = "云岭市数据资源管理局"\nstart_urls = ["{server.base_url}"]\n',
        encoding="utf-8")
    try:
        first = scan(work, "scan1")
        yield work, root, first
    finally:
        server.stop()


@pytest.fixture(scope="module")
def driver():
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("Debian chromium / chromium-driver not installed (scripts/setup.sh installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="inspector-serve-test-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1366,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    browser.implicitly_wait(0)
    yield browser
    browser.quit()
    shutil.rmtree(profile, ignore_errors=True)


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def card(driver, finding_id: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, f"finding-{finding_id}")


def submit(driver, button) -> None:
    """Click a button that posts a form and wait for the page the app answers with."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    button.click()

    def left(_driver) -> bool:
        # The old page is gone: chromedriver says so as a stale element, or, caught mid-navigation,
        # as "Node with given id does not belong to the document".
        try:
            old.is_enabled()
        except WebDriverException:
            return True
        return False

    WebDriverWait(driver, 60).until(left)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")


def open_scan(driver, app: App, document_or_scan: int) -> None:
    driver.get(f"{app.base}/scan/{document_or_scan}/")
    assert console_errors(driver) == []


def scan_ids(work: Path) -> list[int]:
    import sqlite3

    with sqlite3.connect(work / "h.sqlite3") as db:
        return [r[0] for r in db.execute("SELECT id FROM scans ORDER BY id")]


def test_the_office_flow_in_the_browser(office, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    work, root, first = office
    typo = next(f for f in first["findings"] if f["rule"] == "text.typo" and f["evidence"] == "再接再励")
    veto = next(f for f in first["findings"] if f["severity"] == "veto" and f["id"] != typo["id"])
    assert typo["title"] == HOSTILE  # the crawled title really is hostile markup
    app = App(work / "h.sqlite3")
    try:
        # Sites: the site with its latest verdict, counts and a drawn trend chart.
        driver.get(app.base + "/")
        row = driver.find_element(By.CSS_SELECTOR, "tr.site-row")
        assert row.find_element(By.CSS_SELECTOR, "a.site-link").text == "云岭市数据资源管理局"
        counts = first["verdict"]["counts"]
        assert row.find_element(By.CSS_SELECTOR, ".count-veto").text == str(counts["veto"])
        assert row.find_element(By.CSS_SELECTOR, ".count-error").text == str(counts["error"])
        assert driver.find_elements(By.CSS_SELECTOR, ".trend-chart canvas")  # uPlot drew it
        assert console_errors(driver) == []

        # A scan: the report's content, the hostile title shown as text and inert, the report's
        # own filter script running under the app's Content-Security-Policy.
        scan1 = scan_ids(work)[0]
        open_scan(driver, app, scan1)
        assert driver.execute_script("return document.body.dataset.pwned") is None
        assert driver.execute_script("return document.querySelectorAll('img[src=x]').length") == 0
        assert HOSTILE in driver.execute_script("return document.body.innerText")
        total = len(first["findings"]) - sum(1 for f in first["findings"] if f.get("ignored"))
        assert driver.find_element(By.ID, "f-count").text.endswith(f"/ {len(first['findings'])} 条")
        assert total > 2

        # 忽略 asks for a reason, then shows 已忽略 with it; the site config gets the entry.
        box = card(driver, veto["id"])
        box.find_element(By.CSS_SELECTOR, "button.ignore-open").click()
        box.find_element(By.CSS_SELECTOR, "button.ignore-confirm").click()  # no reason: the browser asks for one
        assert box.find_element(By.CSS_SELECTOR, "input.reason").get_attribute("validationMessage")
        assert "ignore" not in tomllib.loads((work / "site.toml").read_text(encoding="utf-8"))
        box.find_element(By.CSS_SELECTOR, "input.reason").send_keys("引用原文，已核实")
        submit(driver, box.find_element(By.CSS_SELECTOR, "button.ignore-confirm"))
        box = card(driver, veto["id"])
        assert box.find_element(By.CSS_SELECTOR, ".ignored-label").text == "已忽略"
        assert "引用原文，已核实" in box.find_element(By.CSS_SELECTOR, ".ignore-reason").text
        config = tomllib.loads((work / "site.toml").read_text(encoding="utf-8"))
        assert [e["id"] for e in config["ignore"]] == [veto["id"]]
        assert (work / "site.toml").read_text(encoding="utf-8").startswith("# 示例网站的站点配置")

        # 整改 state with a responsible person and a note on the typo.
        box = card(driver, typo["id"])
        box.find_element(By.CSS_SELECTOR, "button.remediation-open").click()
        Select(box.find_element(By.CSS_SELECTOR, "select.state")).select_by_visible_text("整改中")
        box.find_element(By.CSS_SELECTOR, "input.person").send_keys("张三")
        box.find_element(By.CSS_SELECTOR, "input.note").send_keys("已通知内容保障科")
        submit(driver, box.find_element(By.CSS_SELECTOR, "button.save-remediation"))
        assert "整改中，责任人 张三" in card(driver, typo["id"]).find_element(By.CSS_SELECTOR, ".remediation-saved").text
        assert console_errors(driver) == []
    finally:
        app.stop()

    # A new CLI scan agrees with the ignore; after a restart both states are still there.
    second = scan(work, "scan2")
    assert next(f for f in second["findings"] if f["id"] == veto["id"])["ignored"] is True
    assert second["verdict"]["counts"]["veto"] == first["verdict"]["counts"]["veto"] - 1
    app = App(work / "h.sqlite3")
    try:
        scan2 = scan_ids(work)[-1]
        open_scan(driver, app, scan2)
        box = card(driver, veto["id"])  # in the folded list of ignored findings
        assert box.find_element(By.CSS_SELECTOR, ".ignored-label").get_attribute("textContent") == "已忽略"
        box = card(driver, typo["id"])
        assert box.find_element(By.CSS_SELECTOR, "button.remediation-open").text == "整改状态：整改中"
        box.find_element(By.CSS_SELECTOR, "button.remediation-open").click()
        assert Select(box.find_element(By.CSS_SELECTOR, "select.state")).first_selected_option.text == "整改中"
        assert box.find_element(By.CSS_SELECTOR, "input.person").get_attribute("value") == "张三"
        assert box.find_element(By.CSS_SELECTOR, "input.note").get_attribute("value") == "已通知内容保障科"

        # 复查 against the sample site: still there, then gone once the page is corrected.
        submit(driver, box.find_element(By.CSS_SELECTOR, "button.recheck"))
        result = card(driver, typo["id"]).find_element(By.CSS_SELECTOR, ".recheck-result")
        assert "recheck-present" in result.get_attribute("class") and "再接再励" in result.text
        page = root / TYPO_PAGE
        page.write_text(page.read_text(encoding="utf-8").replace("再接再励", "再接再厉"), encoding="utf-8")
        submit(driver, card(driver, typo["id"]).find_element(By.CSS_SELECTOR, "button.recheck"))
        result = card(driver, typo["id"]).find_element(By.CSS_SELECTOR, ".recheck-result")
        assert "recheck-gone" in result.get_attribute("class")

        # Undo the ignore (from the folded list of ignored findings): the config entry goes.
        driver.find_element(By.CSS_SELECTOR, "details.ignored > summary").click()
        submit(driver, card(driver, veto["id"]).find_element(By.CSS_SELECTOR, "button.unignore"))
        box = card(driver, veto["id"])
        assert not box.find_elements(By.CSS_SELECTOR, ".ignored-label")
        assert box.find_element(By.CSS_SELECTOR, "button.ignore-open").text == "忽略"
        assert "ignore" not in tomllib.loads((work / "site.toml").read_text(encoding="utf-8"))

        # The site page's trend has both scans; the 整改台账 export carries the 整改 state.
        submit(driver, driver.find_element(By.LINK_TEXT, "云岭市数据资源管理局"))
        assert driver.execute_script("return document.getElementById('site-trend').dataset.drawn") == "2"
        href = driver.find_element(By.ID, "ledger-export").get_attribute("href")
        assert console_errors(driver) == []
        with urllib.request.urlopen(href, timeout=30) as response:
            book = load_workbook(io.BytesIO(response.read()))
        rows = list(book["整改台账"].iter_rows(values_only=True))
        typo_row = next(r for r in rows[2:] if r[5] == typo["url"] and r[1] == "错别字")
        assert typo_row[9] == "整改中" and typo_row[10] == "张三" and typo_row[12] == "已通知内容保障科"
    finally:
        app.stop()
