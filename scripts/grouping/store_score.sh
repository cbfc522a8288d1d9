#!/usr/bin/env bash
# Story grouping of the store, as issue 27 judges it: the batch files of a pool of
# make_pools.py ingested one `herald ingest` at a time into a fresh store, then
# `herald stories --format jsonl` scored against the pool with score.py (B-cubed and pairwise).
#
#   scripts/grouping/store_score.sh POOL
#
# POOL names $POOLS/POOL-batch-N.jsonl (default /tmp/gp2), ingested in N's order. $HERALD chooses
# the binary. Prints score.py's summary on one line, then the pool's name.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pool=$1
H=${HERALD:-$here/../../target/release/herald}
dir=${POOLS:-/tmp/gp2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
batches=("$dir/$pool"-batch-[0-9]*.jsonl)
for b in "${batches[@]}"; do
  "$H" ingest --db "$tmp/store.db" "$b" 2>/dev/null
done
"$H" stories --db "$tmp/store.db" --format jsonl >"$tmp/stories.jsonl" 2>/dev/null
echo "$(python3 "$here/score.py" "${batches[@]}" "$tmp/stories.jsonl" | head -3 | tr '\n' ' ') [$pool]"
