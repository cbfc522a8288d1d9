"""herald: short, faithful, attributed summaries of news stories.

The functions are bindings of the Rust library the ``herald`` command uses, and return what its
JSON output holds, as dicts and lists:

- ``summarize(articles, words=100, ...)``: ``herald summarize --format json``
- ``cluster(articles)``: ``herald cluster --format jsonl``, one dict per story
- ``dedup(articles)``: ``herald dedup --format jsonl``, one dict per group of versions
- ``rouge(summaries, references, stem=True, ...)``: ``herald eval --format json``
- ``Store(path)``: ``herald ingest``, ``herald stories`` and ``herald story``

``articles`` is a list of article dicts (``{"id", "title", "date", "text"}``, or ``"html"``
instead of ``"text"``; also ``"url"``, ``"site"``, ``"author"``) or a cluster dict
``{"id", "documents": [...]}`` as one line of herald's JSONL input. Bad input raises
``ValueError`` (a wrong type, ``TypeError``) with herald's message. The work runs without the
GIL, so other Python threads run meanwhile, and Ctrl-C (``KeyboardInterrupt``) stops it within
a fraction of a second; an interrupted ``Store.ingest`` stores nothing.
"""

from ._herald import ALGORITHMS, Store, cluster, dedup, rouge, summarize

__all__ = ["ALGORITHMS", "Store", "cluster", "dedup", "rouge", "summarize"]
