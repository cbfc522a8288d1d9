#!/usr/bin/env bash
# Ingest speed of `herald ingest` into a large store (issue 27's bar: at least 1,000 articles a
# second on one core into a store that already holds 1 million articles).
#
#   scripts/store/bench.sh [ARTICLES] [WORK_DIR]
#
# Generates ARTICLES (default 1,000,000) synthetic articles with planted copies and versions
# (herald-corpus, seeded), sorts them by date as a feed delivers them, cuts them into inputs of
# 10,000, ingests all but the last into a fresh store with every core, then times the last input
# on one core (RAYON_NUM_THREADS=1) into the full store. Prints one line per input (articles,
# seconds, articles per second, CPU seconds and articles per CPU second, peak memory) to
# WORK_DIR/ingest.log; needs a release build.
#
# With SMALL=N, the last input is also timed cut into inputs of N articles (in date order, all
# given to one `herald ingest`, as a feed delivers them) into a copy of the store as it was
# before the last input (the copy needs as much disk again as the store).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
WORK=${2:-/tmp/herald-store-bench}
H=${HERALD:-target/release/herald}
C=${HERALD_CORPUS:-target/release/herald-corpus}
mkdir -p "$WORK"
rm -f "$WORK"/store.db* "$WORK"/part-*.jsonl "$WORK/ingest.log"
echo "generating $N articles" >&2
"$C" --articles "$N" --per-line 1000 --seed 42 2>/dev/null \
  | python3 -c '
import json, sys
for line in sys.stdin:
    for d in json.loads(line)["documents"]:
        print((d.get("date") or "0000-00-00") + "\t" + json.dumps(d))
' | LC_ALL=C sort -s -t $'\t' -k1,1 \
  | python3 -c '
import json, sys
work, size = sys.argv[1], 10000
batch, k = [], 0
def flush():
    global batch, k
    if batch:
        with open("%s/part-%04d.jsonl" % (work, k), "w") as f:
            f.write(json.dumps({"id": "part-%d" % k, "documents": batch}) + "\n")
        batch, k = [], k + 1
for line in sys.stdin:
    batch.append(json.loads(line.split("\t", 1)[1]))
    if len(batch) == size:
        flush()
flush()
' "$WORK"
parts=("$WORK"/part-*.jsonl)
last=${parts[-1]}
for p in "${parts[@]}"; do
  threads=""
  [ "$p" = "$last" ] && threads=1
  if [ "$p" = "$last" ] && [ -n "${SMALL:-}" ]; then
    rm -rf "$WORK/small" "$WORK"/small.db* && mkdir -p "$WORK/small"
    python3 -c '
import json, sys
docs = json.loads(open(sys.argv[1]).readline())["documents"]
n = int(sys.argv[3])
for k in range(0, len(docs), n):
    with open("%s/in-%06d.jsonl" % (sys.argv[2], k // n), "w") as f:
        f.write(json.dumps({"id": "small-%d" % (k // n), "documents": docs[k:k + n]}) + "\n")
' "$p" "$WORK/small" "$SMALL"
    cp "$WORK/store.db" "$WORK/small.db"
    start=$(date +%s.%N)
    RAYON_NUM_THREADS=1 /usr/bin/time -f "%M %U %S" -o "$WORK/mem" \
      "$H" ingest --db "$WORK/small.db" "$WORK"/small/in-*.jsonl 2>>"$WORK/stderr.log"
    end=$(date +%s.%N)
    k=$(ls "$WORK"/small | wc -l)
    n=$(python3 -c "import json;print(len(json.loads(open('$p').readline())['documents']))")
    python3 -c "
s=$end-$start; m, u, y = open('$WORK/mem').read().split()[-3:]; c = float(u) + float(y)
print('%s in %d inputs of up to %d: %d articles %.2f s wall %.0f articles/s, cpu %.2f s (user %s sys %s) %.0f articles/cpu-s, peak %d MB (one core)' % ('$(basename "$p")', $k, $SMALL, $n, s, $n/s, c, u, y, $n/c, int(m)//1024))
" | tee -a "$WORK/ingest.log"
    rm -rf "$WORK/small" "$WORK"/small.db*
  fi
  start=$(date +%s.%N)
  RAYON_NUM_THREADS=${threads:-0} /usr/bin/time -f "%M %U %S" -o "$WORK/mem" \
    "$H" ingest --db "$WORK/store.db" "$p" 2>>"$WORK/stderr.log"
  end=$(date +%s.%N)
  n=$(python3 -c "import json;print(len(json.loads(open('$p').readline())['documents']))")
  python3 -c "
s=$end-$start; m, u, y = open('$WORK/mem').read().split()[-3:]; c = float(u) + float(y)
print('%s %d articles %.2f s wall %.0f articles/s, cpu %.2f s (user %s sys %s) %.0f articles/cpu-s, peak %d MB%s' % ('$(basename "$p")', $n, s, $n/s, c, u, y, $n/c, int(m)//1024, ' (one core)' if '$threads' else ''))
" | tee -a "$WORK/ingest.log"
done
"$H" stories --db "$WORK/store.db" --format jsonl | wc -l | sed 's/^/stories: /' | tee -a "$WORK/ingest.log"
ls -la "$WORK"/store.db | tee -a "$WORK/ingest.log"
