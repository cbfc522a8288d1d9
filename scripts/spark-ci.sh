#!/usr/bin/env bash
# herald.spark's tests in Spark's local mode (crates/herald-py/tests/spark): Java from Debian when
# `java` is missing (CI runs as root on a fresh Debian machine), pyspark from PyPI into the venv
# scripts/python-ci.sh made under target/ (made here too when run alone), herald-corpus for the
# test pool, and the release `herald` whose groups and stories the tests compare with.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
if ! command -v java >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "spark-ci: no java: install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless)" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi

venv=target/python-ci/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
cargo build --release -p herald-cli -p herald-corpus
pip() { "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"; }
# Always this checkout's herald (an incremental build when python-ci.sh has just built it): an
# older install would test an older herald.spark.
pip --force-reinstall --no-deps ./crates/herald-py
pip pytest 'pyspark>=3.5'
echo "spark-ci: java, pyspark and herald ready in $((SECONDS - started))s"

status=0
HERALD_BIN="$PWD/target/release/herald" HERALD_CORPUS="$PWD/target/release/herald-corpus" \
    PYSPARK_PYTHON="$PWD/$venv/bin/python" \
    "$venv/bin/python" -m pytest crates/herald-py/tests/spark -q -p no:cacheprovider || status=$?
if [ "$status" -eq 5 ]; then
    echo "spark-ci: pytest collected no tests" >&2
    exit 1
fi
exit "$status"
