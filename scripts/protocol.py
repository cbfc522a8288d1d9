#!/usr/bin/env python3
"""The tuning protocol of docs/results.md: score settings on TUNE and on CHECK, side by side.

Usage: scripts/protocol.py [--jobs N] [--delta] ROW [ROW ...]

A ROW is `default` (the configuration of `herald summarize x --print-config`) or one or more
`path.to.key=value` changes joined by `;` (for instance `algorithm.lead_weight=0` or
`algorithm.min_document_share=0;algorithm.rare_weight=1`); a ROW may start with `NAME:` to
label it. With no ROW, only `default` is scored. The first row printed is always `default`,
and `--delta` prints every other row as its difference from it.

Each row is one table line with three groups of columns (all ×100, plain means over clusters):

  TUNE   DUC 2003 even positions (clusters 0, 2, ..., 28 of the file: 15), R-1/R-2 recall;
         Multi-News dev (200), R-1/R-2 F1
  CHECK  DUC 2003 odd positions (15), R-1/R-2 recall; Multi-News val (1,000), R-1/R-2 F1;
         Multi-News dev full text (9), R-1/R-2 F1
  also   MultiLing 2011 (10), R-1/R-2 recall: too small to decide anything, shown for
         information

Scoring is that of the top of docs/results.md: DUC at `--words 100 --truncate`, ROUGE
recall with Porter stemming at `-l 100`; Multi-News at 250 words, whole sentences, F1 at
`-l 250`; MultiLing at 250 words, recall at `-l 250`; all with `herald eval --stem`. Means are
plain means of the per-cluster scores (`herald eval --per-cluster`), not ROUGE-1.5.5's
bootstrap average, so the 30 DUC clusters' mean can differ from the table at the top of
docs/results.md by a few hundredths.

Each data set is summarized with one `herald summarize FILE` run over the whole file (the
boilerplate pass counts sentences across the file, as it always has), the runs in parallel
(`--jobs`, default the number of CPUs). The binary is $HERALD (default
target/release/herald), the data folder $HERALD_DATA (default ../shared/data). Run from the
repository root after `cargo build --release -p herald-cli --bin herald`.

The rule (docs/results.md, "Tuning protocol"): choose on TUNE; keep a change only when it does
not lose on TUNE and helps on CHECK (DUC odd and Multi-News val above all).
"""
import concurrent.futures as futures
import json
import os
import subprocess
import sys
import tempfile

HERALD = os.environ.get("HERALD", "target/release/herald")
DATA = os.environ.get("HERALD_DATA", "../shared/data")

# name -> (file, words, truncate, measure "r" or "f")
RUNS = {
    "duc": ("duc2003.jsonl", 100, True, "r"),
    "mn": ("multinews-dev.jsonl", 250, False, "f"),
    "val": ("multinews-val.jsonl", 250, False, "f"),
    "full": ("multinews-dev-full.jsonl", 250, False, "f"),
    "ml": ("multiling2011-en.jsonl", 250, False, "r"),
}

# column group -> [(label, run, cluster filter or None)]
even = lambda k: k % 2 == 0  # noqa: E731 (position of the cluster in its file)
odd = lambda k: k % 2 == 1  # noqa: E731
GROUPS = [
    ("TUNE", [("DUC even", "duc", even), ("MN dev", "mn", None)]),
    ("CHECK", [("DUC odd", "duc", odd), ("MN val", "val", None), ("MN full", "full", None)]),
    ("also", [("ML", "ml", None)]),
]


def parse(v):
    for cast in (int, float):
        try:
            return cast(v)
        except ValueError:
            pass
    try:
        return {"true": True, "false": False}[v]
    except KeyError:
        pass
    try:
        return json.loads(v)
    except ValueError:
        return v


def configure(base, spec):
    """A copy of `base` with the `key=value;...` changes of `spec`."""
    cfg = json.loads(json.dumps(base))
    if spec == "default":
        return cfg
    for change in spec.split(";"):
        key, value = change.split("=", 1)
        node = cfg
        *path, last = key.strip().split(".")
        for p in path:
            if p not in node:
                sys.exit(f"protocol.py: {spec!r}: no key {key!r} in the configuration")
            node = node[p]
        if last not in node:
            sys.exit(f"protocol.py: {spec!r}: no key {key!r} in the configuration")
        node[last] = parse(value.strip())
    return cfg


def run_or_exit(cmd):
    """Standard output of `cmd`; on failure, exits with its last line of standard error."""
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["no message"])[-1]
        sys.exit(f"protocol.py: {' '.join(cmd[:3])} ... failed: {last}")
    return p.stdout


def score(cfg_path, run, tmp):
    """Per-cluster (R-1, R-2) of one data set, in file order."""
    file, words, truncate, measure = RUNS[run]
    data = os.path.join(DATA, file)
    out = os.path.join(tmp, run + ".jsonl")
    cmd = [HERALD, "summarize", data, "--config", cfg_path, "--words", str(words),
           "--format", "jsonl", "--output", out]
    if truncate:
        cmd.append("--truncate")
    run_or_exit(cmd)
    ev = run_or_exit([HERALD, "eval", "--dataset", data, "--summaries", out, "--words",
                      str(words), "--stem", "--per-cluster", "--format", "json"])
    rows = json.loads(ev)["per_cluster"]
    return [(c["rouge-1"][measure], c["rouge-2"][measure]) for c in rows]


def evaluate(base, spec, jobs):
    cfg = configure(base, spec)
    with tempfile.TemporaryDirectory(prefix="protocol-") as tmp:
        cfg_path = os.path.join(tmp, "config.json")
        with open(cfg_path, "w") as f:
            json.dump(cfg, f)
        with futures.ThreadPoolExecutor(jobs) as pool:
            done = {run: pool.submit(score, cfg_path, run, tmp) for run in RUNS}
            per = {run: d.result() for run, d in done.items()}
    cells = []
    for _, cols in GROUPS:
        for _, run, keep in cols:
            rows = [r for k, r in enumerate(per[run]) if keep is None or keep(k)]
            cells += [100 * sum(r[0] for r in rows) / len(rows),
                      100 * sum(r[1] for r in rows) / len(rows)]
    return cells


def main():
    args = sys.argv[1:]
    jobs = os.cpu_count() or 1
    delta = False
    while args and args[0].startswith("--"):
        flag = args.pop(0)
        if flag == "--jobs":
            jobs = int(args.pop(0))
        elif flag == "--delta":
            delta = True
        else:
            sys.exit(__doc__)
    rows = [("default", "default")]
    for a in args:
        name, spec = a.split(":", 1) if ":" in a.split("=", 1)[0] else (a, a)
        if spec != "default":
            rows.append((name, spec))
    if not os.path.isfile(HERALD):
        sys.exit(f"protocol.py: no herald binary at {HERALD}: run `cargo build --release -p "
                 "herald-cli --bin herald` or set $HERALD")
    for file, *_ in RUNS.values():
        if not os.path.isfile(os.path.join(DATA, file)):
            sys.exit(f"protocol.py: no {file} in {DATA}: set $HERALD_DATA")
    base = json.loads(subprocess.run([HERALD, "summarize", "x", "--print-config"],
                                     capture_output=True, check=True, text=True).stdout)
    for _, spec in rows:
        configure(base, spec)  # every row's keys are checked before anything is scored
    head = ["setting"]
    for group, cols in GROUPS:
        for label, _, _ in cols:
            head += [f"{group} {label} R-1", f"{group} {label} R-2"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    first = None
    for name, spec in rows:
        cells = evaluate(base, spec, jobs)
        if first is None:
            first = cells
            text = [f"{c:.2f}" for c in cells]
        elif delta:
            text = [f"{c - f:+.2f}" for c, f in zip(cells, first)]
        else:
            text = [f"{c:.2f}" for c in cells]
        print("| " + " | ".join([name] + text) + " |", flush=True)


if __name__ == "__main__":
    main()
