#!/usr/bin/env bash
# The Python package's tests, as a new user would meet it: a fresh venv under target/, `pip install
# ./crates/herald-py` (maturin, fetched from PyPI by pip's build isolation, builds the extension in
# release mode), then pytest against the release `herald` binary, whose output the tests compare
# with the Python API's byte for byte. herald.spark's tests need Java and pyspark: scripts/spark-ci.sh. Needs only the Rust toolchain, python3 and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/python-ci/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || {
        echo "python-ci: python3 -m venv failed (on Debian: apt-get install python3-venv)" >&2
        exit 1
    }
fi
started=$SECONDS
cargo build --release -p herald-cli
# --force-reinstall: the version number does not change from one commit to the next, and pip
# would otherwise keep the extension it installed last time.
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall ./crates/herald-py
"$venv/bin/pip" install --quiet --disable-pip-version-check pytest
echo "python-ci: built and installed in $((SECONDS - started))s"

status=0
HERALD_BIN="$PWD/target/release/herald" "$venv/bin/python" -m pytest crates/herald-py/tests -q -p no:cacheprovider \
    --ignore=crates/herald-py/tests/spark || status=$?
if [ "$status" -eq 5 ]; then
    echo "python-ci: pytest collected no tests" >&2
    exit 1
fi
exit "$status"
