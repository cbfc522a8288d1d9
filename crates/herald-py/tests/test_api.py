"""The Python side of the API: the GIL while herald works, and errors as Python exceptions."""

import subprocess
import threading
import time

import herald
import pytest


def _big_cluster(g20_articles, copies):
    """The G20 articles many times over (ids and a word changed so none is a copy): a cluster
    that takes herald a noticeable time to summarize."""
    docs = []
    for k in range(copies):
        for a in g20_articles:
            docs.append(dict(a, id=f"{a['id']}-{k}", text=a["text"] + f" Report number {k}."))
    return {"id": "big", "documents": docs}


def test_the_gil_is_released_while_herald_summarizes(g20_articles):
    big = _big_cluster(g20_articles, 30)
    started = time.perf_counter()
    herald.summarize(big, algorithm="lexrank")
    alone = time.perf_counter() - started
    if alone < 0.05:
        pytest.skip(f"a summary took {alone:.3f}s: too short to see a pause in")

    # While a summary is made on another thread, this thread keeps running Python: with the
    # GIL held for the whole call, it would stand still for about that long.
    done = threading.Event()
    result = {}

    def work():
        result["summary"] = herald.summarize(big, algorithm="lexrank")
        done.set()

    ticks = []
    thread = threading.Thread(target=work)
    thread.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    thread.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert result["summary"]["sentences"]
    assert len(ticks) > 10, f"this thread ran {len(ticks)} times during a {alone:.3f}s call"
    assert max(gaps) < alone / 2, f"longest pause {max(gaps):.3f}s in a {alone:.3f}s call"


def test_two_threads_summarize_at_once_without_deadlock(g20_articles, bench_clusters):
    big = _big_cluster(g20_articles, 3)
    expected = [herald.summarize(big), herald.summarize(bench_clusters)]
    results = [None, None]

    def work(k, articles):
        for _ in range(3):
            results[k] = herald.summarize(articles)

    threads = [
        threading.Thread(target=work, args=(0, big)),
        threading.Thread(target=work, args=(1, bench_clusters)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive(), "a summarizing thread did not finish"
    # Concurrent calls give what calls one at a time give.
    assert results == expected


def test_one_store_from_two_threads(tmp_path, bench_clusters):
    store = herald.Store(str(tmp_path / "news.db"))
    errors = []

    def work(clusters, name):
        try:
            store.ingest(clusters, name=name)
            store.stories()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [
        threading.Thread(target=work, args=(bench_clusters[:2], "a")),
        threading.Thread(target=work, args=(bench_clusters[2:], "b")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive()
    assert not errors
    assert store.counts()[0] == sum(len(c["documents"]) for c in bench_clusters)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: herald.summarize({"documents": []}), 'articles: cluster has no "id" string'),
        (lambda: herald.summarize({"id": "x"}), 'articles: cluster "x" has no "documents" array'),
        (lambda: herald.summarize("some text"), "expected a list of article dicts or a cluster dict"),
        (lambda: herald.summarize([{"text": "A."}], words=50, sentences=2), "give at most one budget"),
        (lambda: herald.summarize([{"text": "A."}], words=0), "a budget of 0 leaves no room"),
        (lambda: herald.summarize([{"text": "A."}], algorithm="magic"), 'unknown algorithm "magic"'),
        (lambda: herald.summarize([{"text": object()}]), "not JSON data"),
        (lambda: herald.rouge(["a"], [["a"], ["b"]]), "1 summaries for 2 lists of references"),
        (lambda: herald.rouge(["a"], [[]]), "no cluster has references"),
        (lambda: herald.rouge(["a"], [["a"]], words=10, bytes=10), "give words or bytes, not both"),
        (lambda: herald.rouge(["a"], [["a"]], order="random"), 'unknown order "random"'),
    ],
)
def test_bad_input_raises_value_error_with_herald_message(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    text = str(raised.value)
    assert message in text
    assert "\n" not in text, "herald's messages are one line"


def test_the_cli_says_the_same_about_a_bad_cluster(tmp_path, herald_bin):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"documents": []}\n')
    done = subprocess.run([herald_bin, "summarize", str(path)], capture_output=True, text=True, check=False)
    with pytest.raises(ValueError) as raised:
        herald.summarize({"documents": []})
    # The same message after each one's origin: the file and line, or "articles".
    assert str(raised.value).split(": ", 1)[1] in done.stderr


def test_skipped_articles_are_reported_not_raised():
    summary = herald.summarize([{"id": "a", "title": "Nothing"}, {"id": "b", "text": "Rain fell on the town all day."}])
    assert [s["document"] for s in summary["skipped"]] == ["a"]
