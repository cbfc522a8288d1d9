#!/usr/bin/env python3
"""Which kinds of source sentence hold the reference's words? (docs/results.md §23)

For every sentence of every article in a cluster JSONL file, the share of its word bigrams
(lowercased alphanumeric tokens, no stemming) that occur in any reference of the cluster,
pooled by a feature of the sentence: position in its article, article order, length, whether
it quotes, holds digits, or names a speaker. A rough, reference-reading diagnostic for
choosing what to try, not a score: sentences are split on end punctuation before a capital.

Usage: scripts/density.py ../shared/data/multinews-dev.jsonl
"""
import collections
import json
import re
import sys

WORD = re.compile(r"[a-z0-9]+")


def bigrams(text):
    t = WORD.findall(text.lower())
    return list(zip(t, t[1:]))


def features(position, doc, sentence):
    return {
        "position": min(position, 8),
        "article": min(doc, 4),
        "words/10": min(len(sentence.split()) // 10, 5),
        "quote": bool(re.search(r'["“”]|``', sentence)),
        "digit": bool(re.search(r"\d", sentence)),
        "said": bool(re.search(r"\b(said|says)\b", sentence)),
    }


def main(path):
    hits = collections.defaultdict(lambda: [0, 0, 0])
    for line in open(path, encoding="utf-8"):
        cluster = json.loads(line)
        ref = set()
        for r in cluster["references"]:
            ref.update(bigrams(r))
        for d, doc in enumerate(cluster["documents"]):
            text = doc["text"].replace("\n\n", " ")
            for p, s in enumerate(re.split(r'(?<=[.!?])\s+(?=[A-Z"`“])', text)):
                b = bigrams(s)
                if len(b) < 3:
                    continue
                found = sum(x in ref for x in b)
                for name, value in features(p, d, s).items():
                    h = hits[(name, value)]
                    h[0] += found
                    h[1] += len(b)
                    h[2] += 1
    for (name, value), (found, total, n) in sorted(hits.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        print(f"{name:9} {str(value):6} share {found / total:.3f}  sentences {n}")


if __name__ == "__main__":
    main(sys.argv[1])
