#!/usr/bin/env bash
# Peer baselines: run sumy (via ../shared/bench/sumy_baseline.py) on the development data so
# herald's quality and speed are compared with a peer on the same clusters, on the same machine.
#
# Usage:
#   scripts/peers.sh [OUTDIR]                      the full matrix below (default OUTDIR /tmp/herald-peers)
#   scripts/peers.sh OUTDIR INPUT ALGO WORDS        one run; INPUT is a .jsonl file or a folder of .txt
# Relative OUTDIR and INPUT are taken from the repo root (e.g. ../shared/data/duc2003.jsonl).
#
# Outputs: OUTDIR/<name>.<algo>.<words>.jsonl for cluster files (lines {"id","summary","seconds"},
# what `herald eval --summaries` reads), OUTDIR/<name>.<algo>.<words>.txt for a folder (one summary),
# OUTDIR/timings.tsv (one row per run) and OUTDIR/pip-freeze.txt (the exact peer versions).
# Data is read in place from ../shared and outputs go outside the repo: the datasets must never be
# copied into the project (see ../shared/data/README.md).
set -euo pipefail

# Paths in the bench README are relative to the repo root, with ../shared beside it.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=.peers
SHARED=../shared
BASELINE=$SHARED/bench/sumy_baseline.py
OUT=${1:-/tmp/herald-peers}

# Pinned to the versions the recorded figures came from, so reruns rank sentences identically.
# numpy is not in the bench README's setup line, but sumy's LexRank and TextRank refuse to run
# without it. NLTK data is not needed: the baseline script replaces sumy's punkt tokenizer, and the
# Snowball stemmer and stop-word lists ship inside nltk/sumy themselves.
PEER_PACKAGES=(sumy==0.13.0 pysbd==0.3.4 nltk==3.10.4 numpy==2.4.6)

# Timings are per core, as in ../shared/data/ANCHORS.md, and must not steal the second core from
# concurrent compiles: keep numpy's BLAS single-threaded.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

ensure_venv() {
    if ! "$VENV/bin/python" -c 'import sumy, pysbd, numpy' 2>/dev/null; then
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet "${PEER_PACKAGES[@]}"
    fi
}

# One baseline run, timed end to end (interpreter start-up included), then summarised into
# timings.tsv with the median of sumy's own per-cluster seconds, which excludes start-up.
run() {
    local input=$1 algo=$2 words=$3
    local name
    name=$(basename "$input" .jsonl)
    local ext=jsonl
    [[ -d $input ]] && ext=txt
    local out="$OUT/$name.$algo.$words.$ext" err="$OUT/$name.$algo.$words.stderr"
    local t0 t1
    t0=$(date +%s.%N)
    "$VENV/bin/python" "$BASELINE" "$input" --algo "$algo" --words "$words" >"$out" 2>"$err"
    t1=$(date +%s.%N)
    "$VENV/bin/python" - "$out" "$err" "$name" "$algo" "$words" "$t0" "$t1" >>"$OUT/timings.tsv" <<'PY'
import json, re, statistics, sys
out, err, name, algo, words, t0, t1 = sys.argv[1:]
if out.endswith(".jsonl"):
    secs = [json.loads(l)["seconds"] for l in open(out) if l.strip()]
else:
    # A folder run prints its one summary to stdout and its time to stderr as "# 1.234s".
    secs = [float(m) for m in re.findall(r"^# ([0-9.]+)s$", open(err).read(), re.M)]
print(f"{name}\t{algo}\t{words}\t{len(secs)}\t{statistics.median(secs):.3f}\t{float(t1) - float(t0):.1f}")
PY
    tail -n 1 "$OUT/timings.tsv"
}

ensure_venv
mkdir -p "$OUT"
"$VENV/bin/pip" freeze >"$OUT/pip-freeze.txt"
header() { printf 'dataset\talgo\twords\tclusters\tmedian_s_per_cluster\twall_s\n' >"$OUT/timings.tsv"; }

# A single run adds its row to the table; the full matrix starts a fresh one, so the table always
# describes one set of runs made together (timings are only comparable within one run).
if (($# == 4)); then
    [[ -s $OUT/timings.tsv ]] || header
    run "$2" "$3" "$4"
    exit 0
elif (($# > 1)); then
    echo "usage: $0 [OUTDIR] | $0 OUTDIR INPUT ALGO WORDS" >&2
    exit 2
fi
header

# Budgets follow each dataset's evaluation convention: DUC 2003 at 100 words, Multi-News and
# MultiLing at 250. Runs are sequential on purpose: the machine has two cores shared with
# compiles, and parallel runs would distort the per-cluster timings.
for algo in lexrank textrank kl; do
    run "$SHARED/data/duc2003.jsonl" "$algo" 100
done
for data in multinews-dev multiling2011-en; do
    for algo in lexrank textrank kl; do
        run "$SHARED/data/$data.jsonl" "$algo" 250
    done
done
# The seed folder (five real articles on one story, see ../shared/DESIGN.md) has no reference
# summary: these peer summaries are for side-by-side reading against herald's at the same budgets.
for words in 170 150; do
    for algo in kl lexrank; do
        run "$SHARED/seeds" "$algo" "$words"
    done
done
