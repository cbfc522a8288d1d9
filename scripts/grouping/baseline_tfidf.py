#!/usr/bin/env python3
"""A plain TF-IDF average-link baseline for story grouping.

Needs numpy and scipy (the scoring itself, score.py, needs neither):
    python3 -m venv /tmp/gvenv && /tmp/gvenv/bin/pip install numpy scipy
    /tmp/gvenv/bin/python scripts/grouping/baseline_tfidf.py /tmp/grouping/tune.jsonl \
        /tmp/grouping/check.jsonl

Each article is its title (when it has one) and whole text, lowercased, cut into runs of
letters and digits; the stop words below and one-character tokens are dropped. Weights are
sublinear tf (1 + ln tf) times idf ln(N / df), computed within the pool being grouped, and
vectors are unit length. Average-link agglomerative clustering over all pairs (cosine
similarity; scipy's `linkage(method="average")`) merges groups while their mean similarity is
at least the threshold. The threshold is chosen on the first pool (TUNE: best B-cubed F1 over
a grid) and then applied unchanged to the others. `--out DIR` writes each pool's stories at the
chosen threshold as DIR/<pool>-baseline.jsonl (one `{"documents": [ids]}` per line).
"""

import argparse
import json
import math
import os
import re
import sys
from collections import Counter

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import scores  # noqa: E402

# English function words, written out here: articles, pronouns, auxiliaries, prepositions,
# conjunctions, and the reporting verbs and time words every news story uses.
STOP_WORDS = set("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves said says say told
mr mrs ms one two new also may might must shall us its it's don't didn't isn't wasn't can't won't
monday tuesday wednesday thursday friday saturday sunday year years last first week
""".split())

TOKEN = re.compile(r"[a-z0-9]+")


def read_pool(path):
    ids, truth, texts = [], {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            c = json.loads(line)
            for d in c["documents"]:
                ids.append(d["id"])
                truth[d["id"]] = c["id"]
                texts.append(((d.get("title") or "") + "\n" + (d.get("text") or "")).lower())
    return ids, truth, texts


def unit_tfidf(texts):
    counts = [
        Counter(t for t in TOKEN.findall(text) if len(t) > 1 and t not in STOP_WORDS)
        for text in texts
    ]
    df = Counter(t for c in counts for t in c)
    vocab = {t: k for k, t in enumerate(sorted(df))}
    n = len(texts)
    rows, cols, vals = [], [], []
    for r, c in enumerate(counts):
        weights = {t: (1 + math.log(x)) * math.log(n / df[t]) for t, x in c.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for t, w in weights.items():
            if w > 0:
                rows.append(r)
                cols.append(vocab[t])
                vals.append(w / norm)
    return csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))


def tree(texts):
    x = unit_tfidf(texts)
    sim = (x @ x.T).toarray()
    dist = np.clip(1.0 - sim, 0.0, None)
    n = len(texts)
    condensed = dist[np.triu_indices(n, k=1)]
    return linkage(condensed, method="average")


def stories(z, ids, threshold):
    labels = fcluster(z, t=1.0 - threshold, criterion="distance")
    return {d: int(label) for d, label in zip(ids, labels)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pools", nargs="+", help="TUNE pool first, then the pools to check")
    ap.add_argument("--out", help="write each pool's stories at the chosen threshold here")
    args = ap.parse_args()
    grid = [round(0.02 + 0.01 * k, 2) for k in range(39)]
    chosen = None
    for k, path in enumerate(args.pools):
        ids, truth, texts = read_pool(path)
        z = tree(texts)
        name = os.path.splitext(os.path.basename(path))[0]
        if k == 0:
            results = [(scores(truth, stories(z, ids, t)), t) for t in grid]
            for s, t in results:
                print(f"{name} threshold {t:.2f}: B-cubed F1 {s['bcubed_f1']:.4f} "
                      f"pairwise F1 {s['pair_f1']:.4f}")
            chosen = max(results, key=lambda st: (st[0]["bcubed_f1"], -st[1]))[1]
            print(f"chosen on {name}: threshold {chosen:.2f}")
        story_of = stories(z, ids, chosen)
        s = scores(truth, story_of)
        print(f"{name} ({s['articles']} articles, {s['true_stories']} true stories) at "
              f"{chosen:.2f}: B-cubed P {s['bcubed_p']:.4f} R {s['bcubed_r']:.4f} "
              f"F1 {s['bcubed_f1']:.4f}; pairwise P {s['pair_p']:.4f} R {s['pair_r']:.4f} "
              f"F1 {s['pair_f1']:.4f}")
        if args.out:
            groups = {}
            for d in ids:
                groups.setdefault(story_of[d], []).append(d)
            with open(os.path.join(args.out, f"{name}-baseline.jsonl"), "w") as f:
                for g in groups.values():
                    f.write(json.dumps({"documents": g}) + "\n")


if __name__ == "__main__":
    main()
