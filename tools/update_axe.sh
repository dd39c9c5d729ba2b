#!/usr/bin/env bash
# Refreshes the vendored axe-core (inspector/browser/axe-core/) from the npm registry: npm pack,
# then copy axe.min.js, the licences and the zh_CN locale. Run by hand; scanning never downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${1:-4}
DEST=inspector/browser/axe-core
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "axe-core@$VERSION" >/dev/null && tar xzf axe-core-*.tgz && sha256sum axe-core-*.tgz)
cp "$WORK/package/axe.min.js" "$WORK/package/LICENSE" "$WORK/package/LICENSE-3RD-PARTY.txt" "$DEST/"
cp "$WORK/package/locales/zh_CN.json" "$DEST/zh_CN.json"
head -c 40 "$DEST/axe.min.js"; echo
echo "update_axe: copied into $DEST; update the version and checksum in $DEST/README.md"
