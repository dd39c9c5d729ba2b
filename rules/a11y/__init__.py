"""a11y.<axe-rule-id>: axe-core violations found in real Chromium (saved by inspector.browser)."""
