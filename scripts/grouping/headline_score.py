#!/usr/bin/env python3
"""How much of a story's headline its human summaries say (Python 3 standard library only).

Usage: headline_score.py STORIES.jsonl DATA.jsonl [DATA2.jsonl ...]

STORIES: `herald stories --format jsonl`. DATA: benchmark clusters with `references` (the files
of ../shared/data the pool was made from). For every story of two or more articles whose
majority true cluster has references, the share of the headline's content words (lowercased
alphanumeric runs that are not herald's stop words) found anywhere in those references; prints
the mean. A rough proxy for whether a headline names what the story is about: a side detail
or a scene-setting lead scores low, the event itself high.
"""

import json
import pathlib
import re
import sys
from collections import Counter

STOPWORDS_RS = pathlib.Path(__file__).resolve().parents[2] / "crates/herald/src/analyze/stopwords.rs"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    stop = set(re.findall(r'^\s+"([a-z\']+)",', STOPWORDS_RS.read_text(), re.M))
    words = lambda s: [w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in stop]
    truth, refs = {}, {}
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            for line in f:
                c = json.loads(line)
                for d in c["documents"]:
                    truth.setdefault(d["id"], c["id"])
                if c.get("references"):
                    refs[c["id"]] = {w for r in c["references"] for w in words(r)}
    total, n = 0.0, 0
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            s = json.loads(line)
            if s["articles"] < 2:
                continue
            cluster = Counter(truth.get(d) for d in s["documents"]).most_common(1)[0][0]
            head = words(s["headline"])
            if cluster not in refs or not head:
                continue
            total += sum(w in refs[cluster] for w in head) / len(head)
            n += 1
    print(f"{n} stories; headline content words in the references: {total / max(n, 1):.4f}")


if __name__ == "__main__":
    main()
