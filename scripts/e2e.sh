#!/usr/bin/env bash
# The story desk's end-to-end test in headless Chromium, runnable on a fresh machine: installs
# Debian's chromium when it is missing and playwright-core as pinned by
# tests/e2e/package-lock.json (no browser download: the test drives /usr/bin/chromium), builds
# the release binary, and runs tests/e2e/desk.test.mjs with node's test runner. Screenshots at
# 1280 and 390 px wide go to target/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "e2e: installing Debian's chromium" >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
cargo build --release -p herald-cli

cd tests/e2e
HERALD_BIN="$PWD/../../target/release/herald" CHROMIUM="$(command -v chromium)" \
    node --test desk.test.mjs
