#!/usr/bin/env python3
"""Print the word list for the stemmer golden file, one word per line.

Usage: stem-words.py ROUGE_RELEASE_DIR FIXTURES_DIR

Words: every token of the parity fixtures, every sixteenth base form from the
WordNet exception lists together with inflections that exercise each Porter
step, and every sixteenth inflected form from those lists (so exceptions are
checked too).
"""
import os
import re
import sys

SUFFIXES = ["s", "es", "ed", "ing", "er", "ly", "ness", "ment", "ation",
            "ational", "izer", "ity", "ful", "ive", "ize", "ement", "ence"]


def main():
    release, fixtures = sys.argv[1], sys.argv[2]
    words = set()
    for dirpath, _, files in os.walk(fixtures):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as f:
                words.update(t.lower() for t in re.findall(rb"[A-Za-z0-9]+", f.read()))
    words = {w.decode() for w in words}
    exc = os.path.join(release, "data", "WordNet-2.0-Exceptions")
    inflected, bases = set(), set()
    for name in sorted(os.listdir(exc)):
        if name.endswith(".exc"):
            with open(os.path.join(exc, name)) as f:
                for line in f:
                    fields = line.split()
                    if len(fields) >= 2:
                        inflected.add(fields[0])
                        bases.update(fields[1:])
    alpha = re.compile(r"^[a-z]+$")
    for i, base in enumerate(sorted(b for b in bases if alpha.match(b))):
        if i % 16 == 0:
            words.add(base)
            words.update(base + s for s in SUFFIXES)
    words.update(w for i, w in enumerate(sorted(inflected)) if i % 16 == 0 and alpha.match(w))
    for w in sorted(words):
        print(w)


if __name__ == "__main__":
    main()
