#!/usr/bin/env bash
# Story grouping under other settings, on the pools of make_pools.py (B-cubed F1, P, R).
#
#   scripts/grouping/sweep.sh POOL [KEY=VALUE ...]
#
# Runs `herald cluster` with the defaults (as `--print-config` prints them) overridden by each
# KEY=VALUE (KEY a path into them: `join`, `profile.terms`; VALUE JSON) over the pool's batch
# files concatenated (POOL-batch-1.jsonl ... -4 in $POOLS, default /tmp/gp2), and scores the
# stories against the pool with score.py. `herald cluster` places articles in date order as the
# store does, so this gives the store's figure for 4 date-ordered batches to within the revisit
# the store makes at each commit (docs/results.md §74); it is the quick way to compare settings.
# Prints one line: POOL, the overrides, F1, P, R. $HERALD chooses the binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pool=$1
shift
H=${HERALD:-$here/../../target/release/herald}
dir=${POOLS:-/tmp/gp2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$H" cluster x --print-config >"$tmp/config.json"
python3 - "$tmp/config.json" "$@" <<'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path))
for kv in sys.argv[2:]:
    key, value = kv.split("=", 1)
    node = config
    keys = key.split(".")
    for k in keys[:-1]:
        node = node[k]
    if keys[-1] not in node:
        sys.exit(f"sweep.sh: no setting {key!r}")
    node[keys[-1]] = json.loads(value)
json.dump(config, open(path, "w"))
PY
batches=("$dir/$pool"-batch-[0-9]*.jsonl)
cat "${batches[@]}" >"$tmp/pool.jsonl"
"$H" cluster --config "$tmp/config.json" "$tmp/pool.jsonl" >"$tmp/stories.jsonl" 2>/dev/null
python3 "$here/score.py" "${batches[@]}" "$tmp/stories.jsonl" \
  | sed -n 2p | awk -v p="$pool" -v a="$*" '{print p, a, "F1", $7, "P", $3, "R", $5}' | tr -d ';'
