#!/usr/bin/env python3
"""Greedy extractive oracle: the ceiling of sentence selection on a dataset.

Usage: scripts/oracle.py DATASET.jsonl WORDS > oracle.jsonl
then:  target/release/herald eval --dataset DATASET.jsonl --summaries oracle.jsonl --words WORDS --stem

Candidates are herald's own eligible, non-redundant sentences (a `herald summarize` run with an
unlimited budget), so the score is the ceiling of what any herald selection could reach. Sentences
are added greedily by the gain in ROUGE-2 recall (bigram counts clipped by the references',
summed over references, ROUGE tokenization with Porter stems), ties to the earlier sentence,
until the next sentence would pass WORDS; the last one may overrun (ROUGE's -l cuts it), as the
ANCHORS.md oracle does. Needs nltk (the sumy venv in .peers has it).
"""
import json, re, subprocess, sys
from collections import Counter
from nltk.stem.porter import PorterStemmer

HERALD = "target/release/herald"
stem = PorterStemmer().stem


def toks(text):
    return [stem(w) if len(w) > 3 else w for w in re.sub(r"[^a-z0-9]+", " ", text.lower()).split()]


def bigrams(ts):
    return Counter(zip(ts, ts[1:]))


def main():
    path, words = sys.argv[1], int(sys.argv[2])
    out = subprocess.run([HERALD, "summarize", path, "--words", "1000000", "--format", "jsonl"],
                         capture_output=True, text=True).stdout
    cands = {}
    for line in out.splitlines():
        s = json.loads(line)
        cands[s["id"]] = [x["text"] for x in s["sentences"]]
    for line in open(path):
        c = json.loads(line)
        refs = [bigrams(toks(r)) for r in c["references"]]
        sents = cands.get(c["id"], [])
        grams = [bigrams(toks(s)) for s in sents]
        chosen, have, used = [], Counter(), 0
        while used < words:
            best, bi = 0, None
            for i, g in enumerate(grams):
                if i in chosen:
                    continue
                gain = 0
                for r in refs:
                    for k, n in g.items():
                        if k in r:
                            gain += min(r[k], have[k] + n) - min(r[k], have[k])
                if gain > best:
                    best, bi = gain, i
            if bi is None:
                break
            chosen.append(bi)
            have += grams[bi]
            used += len(sents[bi].split())
        chosen.sort()
        print(json.dumps({"id": c["id"], "summary": " ".join(sents[i] for i in chosen)}))


main()
