#!/usr/bin/env python3
"""Score a story grouping against the truth (Python 3 standard library only).

Usage: score.py TRUTH.jsonl [TRUTH2.jsonl ...] STORIES.jsonl [--json]

TRUTH: JSONL of clusters in the benchmark format (one true story per line, articles in
`documents[].id`); several files (a pool's batch files) are read as one truth, lines with the
same id being one story. STORIES: one story per line with `"documents": [ids]` (the shape of
`herald cluster --format jsonl`). Other lines (no `documents`) are ignored.

Prints B-cubed precision/recall/F1 (Bagga & Baldwin 1998: per article, the share of its story
that shares its true story, and the share of its true story that is in its story, averaged over
the truth's articles) and pairwise P/R/F1. Articles of the truth that the output leaves out
count as stories of one (and are reported); output ids unknown to the truth are ignored (and
reported). An id in several stories counts in the first.
"""

import json
import sys
from collections import Counter


def read_truth(paths):
    truth = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                c = json.loads(line)
                for d in c["documents"]:
                    truth.setdefault(d["id"], c["id"])
    return truth


def read_stories(path, truth):
    story_of, unknown, repeated, n_stories = {}, 0, 0, 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            s = json.loads(line)
            if not isinstance(s, dict) or "documents" not in s:
                continue
            for d in s["documents"]:
                if d not in truth:
                    unknown += 1
                elif d in story_of:
                    repeated += 1
                else:
                    story_of[d] = n_stories
            n_stories += 1
    missing = 0
    for d in truth:
        if d not in story_of:
            story_of[d] = ("missing", d)
            missing += 1
    return story_of, {"stories": n_stories, "missing": missing, "unknown": unknown,
                      "repeated": repeated}


def scores(truth, story_of):
    cell = Counter((story_of[d], t) for d, t in truth.items())
    story_size = Counter(story_of[d] for d in truth)
    true_size = Counter(truth.values())
    n = len(truth)
    bp = sum(c * c / story_size[s] for (s, _), c in cell.items()) / n
    br = sum(c * c / true_size[t] for (_, t), c in cell.items()) / n

    def pairs(x):
        return x * (x - 1) / 2

    together = sum(pairs(c) for c in cell.values())
    put = sum(pairs(c) for c in story_size.values())
    truly = sum(pairs(c) for c in true_size.values())
    pp = together / put if put else 1.0
    pr = together / truly if truly else 1.0

    def f1(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0

    return {"articles": n, "true_stories": len(true_size),
            "bcubed_p": bp, "bcubed_r": br, "bcubed_f1": f1(bp, br),
            "pair_p": pp, "pair_r": pr, "pair_f1": f1(pp, pr)}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) < 2:
        sys.exit(__doc__)
    truth = read_truth(args[:-1])
    story_of, counts = read_stories(args[-1], truth)
    s = scores(truth, story_of)
    s.update(counts)
    if "--json" in sys.argv:
        print(json.dumps(s))
        return
    print(f"{s['articles']} articles in {s['true_stories']} true stories; "
          f"{s['stories']} output stories; {s['missing']} missing (counted alone), "
          f"{s['unknown']} unknown ids, {s['repeated']} repeated")
    print(f"B-cubed P {s['bcubed_p']:.4f} R {s['bcubed_r']:.4f} F1 {s['bcubed_f1']:.4f}; "
          f"pairwise P {s['pair_p']:.4f} R {s['pair_r']:.4f} F1 {s['pair_f1']:.4f}")


if __name__ == "__main__":
    main()
