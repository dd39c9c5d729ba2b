#!/usr/bin/env bash
# Installs what inspector needs on a fresh Debian machine with Python 3.11: the Debian packages
# (python3-venv when missing; redis-server for distributed fleet scans; chromium, chromium-driver
# and fonts-noto-cjk for the browser checks), a virtualenv in .venv and the package with its test
# extras. axe-core is vendored in the package (inspector/browser/axe-core/), so nothing is
# downloaded for it, here or while scanning.
# Idempotent: a second run only checks. Used by the README's two commands and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
APT_PACKAGES=()
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

if ! "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "setup: 需要 Python 3.11 或更新版本（当前：$("$PYTHON" --version 2>&1)）" >&2
  exit 2
fi
if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  APT_PACKAGES+=("python3-venv")
fi
# The browser checks (适老化 / 无障碍) need Debian's Chromium, its matching driver and CJK fonts.
# Without them a scan still runs and says the browser checks were skipped, so a failed install warns.
BROWSER_PACKAGES=()
[ -x /usr/bin/chromium ] || BROWSER_PACKAGES+=("chromium")
[ -x /usr/bin/chromedriver ] || BROWSER_PACKAGES+=("chromium-driver")
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || BROWSER_PACKAGES+=("fonts-noto-cjk")
# Distributed fleet scans keep their shared queue in Redis; the tests start their own server.
command -v redis-server >/dev/null || APT_PACKAGES+=("redis-server")
if [ ${#APT_PACKAGES[@]} -gt 0 ] || [ ${#BROWSER_PACKAGES[@]} -gt 0 ]; then
  as_root apt-get update -qq
fi
if [ ${#APT_PACKAGES[@]} -gt 0 ]; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${APT_PACKAGES[@]}"
fi
if [ ${#BROWSER_PACKAGES[@]} -gt 0 ]; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${BROWSER_PACKAGES[@]}" \
    || echo "setup: 警告：未能安装 ${BROWSER_PACKAGES[*]}，扫描时将跳过浏览器无障碍/适老化检查" >&2
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
# constraints.txt: the package versions the suite last passed with (see its header)
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
