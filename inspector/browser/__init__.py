"""Browser checks (无障碍 / 适老化): Chromium + axe-core after the crawl, results saved for the rules.

    stage.run_browser_stage   the scan's browser stage (gather → save → attach to the site model)
    stage.browser_data        what rules read: the saved summary and page artifacts
    chromium.ChromiumBrowser  the real browser; fake.FakeBrowser replays recorded pages in tests
"""
