#!/usr/bin/env python3
"""Fits how much a concept's background document frequency says about its being in a summary,
and writes the table herald ships (crates/herald/data/pair_df.txt).

Usage:
  zcat ../shared/data/multinews-train.jsonl.gz | \
      cargo run --release -p herald --example pair_counts -- /tmp/df.txt /tmp/rows.tsv 20
  scripts/learn/pair_idf.py /tmp/df.txt /tmp/rows.tsv crates/herald/data/pair_df.txt

The rows (see crates/herald/examples/pair_counts.rs) are, for every stem pair of every training
cluster, bucketed: articles of the cluster using it, articles in the cluster, its idf over the
other clusters' articles, whether it holds a stop word, and whether the reference uses it.
A logistic regression (Newton's method, standard library only) of "in the reference" on

    ln(articles using it), ln(articles in the cluster), idf, holds a stop word

gives the idf coefficient c: other things equal, the odds of a pair being in the summary grow
by e^c per unit of idf. It is fitted on all pairs and on the pairs used by one article only
(the concepts below herald's support threshold, the only ones it is applied to), and the
second c is shipped: herald multiplies such a concept's weight by (df + 1)^(-c × scale), df
from the table (pairs used by at least min_df training articles; 0 for the others), scale
`ConceptConfig::background_weight` (0 turns it off). The coefficients are printed, and c is
written into the table's header.
"""
import math
import sys


def fit(rows, names):
    """Weighted logistic regression by Newton's method; rows are (x, y, weight)."""
    d = len(names)
    w = [0.0] * d
    for _ in range(25):
        g = [0.0] * d
        h = [[0.0] * d for _ in range(d)]
        for x, y, n in rows:
            z = sum(a * b for a, b in zip(w, x))
            p = 1 / (1 + math.exp(-z))
            for i in range(d):
                g[i] += n * (y - p) * x[i]
                for j in range(d):
                    h[i][j] += n * p * (1 - p) * x[i] * x[j]
        for i in range(d):
            h[i][i] += 1e-6
        step = solve(h, g)
        w = [a + b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def main():
    df_in, rows_in, out = sys.argv[1:4]
    names = ["bias", "ln articles", "ln cluster articles", "idf", "stop"]
    rows = []
    for line in open(rows_in):
        k, n, idf, stop, hit, count = line.split("\t")
        x = [1.0, math.log(int(k)), math.log(int(n)), float(idf), float(stop)]
        rows.append((x, int(hit), int(count)))
    # All pairs, then only those of one article (below herald's support threshold of two, the
    # concepts the weight applies to: for pairs shared by two or more articles, the share in
    # the reference is flat across idf, 0.41-0.43).
    for label, part in [("all pairs", rows), ("pairs of one article", [r for r in rows if r[0][1] == 0])]:
        w = fit(part, names)
        pos = sum(n for _, y, n in part if y)
        tot = sum(n for _, _, n in part)
        print(f"{label}: {tot} pairs, {pos / tot:.3f} in the reference")
        for name, v in zip(names, w):
            print(f"{name:>22} {v:+.4f}")
    c = w[names.index("idf")]
    lines = open(df_in).read().splitlines()
    with open(out, "w") as f:
        f.write("# herald background document frequencies of stem pairs (Multi-News train),\n")
        f.write("# made by scripts/learn/pair_idf.py. A concept of one article weighs\n")
        f.write("# (df + 1)^(-idf_coefficient * background_weight) times more; unlisted pairs df = 0\n")
        f.write(f"# idf_coefficient {c:.4f}\n")
        for line in lines:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
