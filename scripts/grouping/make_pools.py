#!/usr/bin/env python3
"""Build the two story-grouping pools from ../shared/data (Python 3 standard library only).

TUNE  = DUC 2003 topics at even positions + multinews-dev + MultiLing 2011 topics 0-4
CHECK = DUC 2003 topics at odd positions  + multinews-val + MultiLing 2011 topics 5-9

Each pool is written as a JSONL of clusters in the benchmark format (one true story per line,
its original id kept), so `herald cluster POOL --score` and `score.py POOL STORIES` read the
truth from it. Tune every setting on TUNE only; CHECK is for confirming a choice.

With --train N, a third pool, TUNE-LARGE, is TUNE plus the first N clusters of
multinews-train.jsonl.gz: a tuning pool as crowded as CHECK (N = 800 gives about 3,000
articles), since the best settings move with the size of the pool, while CHECK stays unseen.

With --batches K, each pool is also cut into K files in arrival order, as a news store would
ingest it: dated articles sorted by date (then id) and cut into K consecutive runs; undated
articles (Multi-News) shuffled with --seed and dealt out in K equal runs. A batch file holds,
per true story, one line with that story's articles of the batch (same cluster id on every
batch), so the truth can be read back from the batch files too.

The small pools of one source each, on the side of the pool they belong to: DUC-EVEN and
ML-EVEN (TUNE's DUC topics and MultiLing topics 0-4), DUC-ODD and ML-ODD (CHECK's). Issue 27's
held-out pools mix dated events with Multi-News stories, which carry no dates; DATED-TUNE,
DATED-TUNE-LARGE and DATED-CHECK are the same pools with every undated story given a day of
2016 (seeded by --seed) and each of its articles that day or one or two days after, so that the
time-aware grouping can be judged as it would run on dated news (docs/results.md §69, §74).

Usage: make_pools.py [--data ../shared/data] [--out /tmp/grouping] [--batches K] [--seed 1]
                     [--train N]
Writes OUT/tune.jsonl, OUT/check.jsonl (and OUT/tune-large.jsonl with --train), OUT/duc-even.jsonl,
OUT/duc-odd.jsonl, OUT/ml-even.jsonl, OUT/ml-odd.jsonl, OUT/dated-tune.jsonl, … and, with
--batches, OUT/tune-batch-1.jsonl, ... (`store_score.sh NAME` and `sweep.sh NAME` take the
lowercase names above).
"""

import argparse
import datetime
import gzip
import json
import os
import random


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pools(data, train=0):
    duc = read_jsonl(os.path.join(data, "duc2003.jsonl"))
    ml = read_jsonl(os.path.join(data, "multiling2011-en.jsonl"))
    mn_dev = read_jsonl(os.path.join(data, "multinews-dev.jsonl"))
    mn_val = read_jsonl(os.path.join(data, "multinews-val.jsonl"))
    tune = duc[0::2] + mn_dev + ml[0:5]
    check = duc[1::2] + mn_val + ml[5:10]
    out = {
        "tune": tune,
        "check": check,
        "duc-even": duc[0::2],
        "duc-odd": duc[1::2],
        "ml-even": ml[0:5],
        "ml-odd": ml[5:10],
    }
    if train > 0:
        extra = []
        with gzip.open(os.path.join(data, "multinews-train.jsonl.gz"), "rt", encoding="utf-8") as f:
            for line in f:
                if len(extra) >= train:
                    break
                if line.strip():
                    extra.append(json.loads(line))
        # Copies, as drop_repeats edits the clusters' document lists in place.
        out["tune-large"] = [dict(c) for c in tune] + extra
    return out


def dated(clusters, seed):
    """Copies of the clusters with every undated story given a day of 2016 and its undated
    articles that day or up to two days after (one seeded draw per story, then per article)."""
    rng = random.Random(seed)
    start = datetime.date(2016, 1, 1)
    out = []
    for c in clusters:
        docs = c["documents"]
        if all(d.get("date") for d in docs):
            out.append(c)
            continue
        day = start + datetime.timedelta(days=rng.randrange(366))
        given = []
        for d in docs:
            if not d.get("date"):
                d = dict(d, date=(day + datetime.timedelta(days=rng.randrange(3))).isoformat())
            given.append(d)
        out.append(dict(c, documents=given))
    return out


def drop_repeats(name, clusters):
    """Keeps each article id once, in its first cluster: a few DUC articles belong to two
    topics, and an article with two true stories has no right answer. Returns the count."""
    seen = set()
    for c in clusters:
        kept = []
        for d in c["documents"]:
            if d["id"] in seen:
                print(f"{name}: {d['id']} repeated in {c['id']}: kept in its first story only")
                continue
            seen.add(d["id"])
            kept.append(d)
        c["documents"] = kept
    return len(seen)


def batches(clusters, k, seed):
    """The pool's articles cut into k batches in arrival order; each batch a list of clusters."""
    dated, undated = [], []
    for c in clusters:
        for d in c["documents"]:
            (dated if d.get("date") else undated).append((c, d))
    dated.sort(key=lambda cd: (cd[1]["date"], cd[1]["id"]))
    rng = random.Random(seed)
    rng.shuffle(undated)

    def cut(items):
        # k consecutive runs whose sizes differ by at most one.
        return [items[len(items) * b // k : len(items) * (b + 1) // k] for b in range(k)]

    out = []
    for part_dated, part_undated in zip(cut(dated), cut(undated)):
        lines = {}
        for c, d in part_dated + part_undated:
            line = lines.setdefault(
                c["id"],
                {"id": c["id"], "dataset": c.get("dataset"), "documents": [], "references": []},
            )
            line["documents"].append(d)
        out.append(list(lines.values()))
    return out


def write_jsonl(path, clusters):
    with open(path, "w", encoding="utf-8") as f:
        for c in clusters:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "..", "shared", "data"))
    ap.add_argument("--out", default="/tmp/grouping")
    ap.add_argument("--batches", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--train", type=int, default=0)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    made = pools(args.data, args.train)
    for name in ["tune", "tune-large", "check"]:
        if name in made:
            made["dated-" + name] = dated(made[name], args.seed)
    for name, clusters in made.items():
        n = drop_repeats(name, clusters)
        path = os.path.join(args.out, f"{name}.jsonl")
        write_jsonl(path, clusters)
        print(f"{path}: {len(clusters)} stories, {n} articles")
        if args.batches > 0:
            for b, part in enumerate(batches(clusters, args.batches, args.seed), 1):
                path = os.path.join(args.out, f"{name}-batch-{b}.jsonl")
                write_jsonl(path, part)
                m = sum(len(c["documents"]) for c in part)
                print(f"  {path}: {m} articles of {len(part)} stories")


if __name__ == "__main__":
    main()
