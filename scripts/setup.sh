#!/usr/bin/env bash
# Installs what inspector needs on a fresh Debian machine with Python 3.11: the Debian packages
# (python3-venv when missing), a virtualenv in .venv and the package with its test extras.
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
if [ ${#APT_PACKAGES[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${APT_PACKAGES[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
