"""The Python side of the API: the GIL while herald works, and errors as Python exceptions."""

import _thread
import multiprocessing
import random
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


@pytest.mark.parametrize("articles", ["some text", None, 3, True])
def test_articles_of_a_wrong_type_raise_type_error(articles):
    with pytest.raises(TypeError) as raised:
        herald.summarize(articles)
    assert "expected a list of article dicts or a cluster dict" in str(raised.value)


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


def _made_up_articles(n, seed=7):
    """`n` articles of made-up words, 30-word topics each, dated over a year: a pool that
    keeps herald busy for a second or two in every call, without shipping data."""
    rng = random.Random(seed)
    vocab = [
        "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
        for _ in range(4000)
    ]
    articles = []
    for k in range(n):
        topic = rng.sample(vocab, 30)
        sentences = []
        for _ in range(8):
            words = [rng.choice(topic if rng.random() < 0.5 else vocab) for _ in range(rng.randint(8, 18))]
            sentences.append(" ".join(words).capitalize() + ".")
        articles.append({
            "id": f"a{k}",
            "title": " ".join(topic[:5]).title(),
            "date": f"2024-{1 + k % 12:02d}-{1 + k % 28:02d}",
            "text": " ".join(sentences),
        })
    return articles


@pytest.fixture(scope="module")
def made_up():
    return _made_up_articles(4000)


def _interrupted_after(call, delay):
    """Runs `call` on this (the main) thread with Ctrl-C pressed `delay` seconds in; returns
    how long after the key the call raised KeyboardInterrupt, or None if it returned."""
    pressed = []

    def press():
        pressed.append(time.perf_counter())
        _thread.interrupt_main()

    timer = threading.Timer(delay, press)
    timer.start()
    try:
        call()
    except KeyboardInterrupt:
        return time.perf_counter() - pressed[0]
    finally:
        timer.join()
    # The key came after the call: its KeyboardInterrupt is still to be raised.
    try:
        time.sleep(0.1)
    except KeyboardInterrupt:
        pass
    return None


@pytest.mark.parametrize("what", ["summarize", "cluster", "ingest"])
def test_ctrl_c_stops_a_long_call_soon(tmp_path, made_up, what):
    store = herald.Store(str(tmp_path / "news.db"))
    calls = {
        "summarize": lambda: herald.summarize(made_up),
        "cluster": lambda: herald.cluster(made_up),
        "ingest": lambda: store.ingest(made_up),
    }
    if what == "ingest":
        # Timed on a store of its own: the interrupted one must stay empty.
        other = herald.Store(str(tmp_path / "timing.db"))
        calls_alone = lambda: other.ingest(made_up)  # noqa: E731
    else:
        calls_alone = calls[what]
    started = time.perf_counter()
    calls_alone()
    alone = time.perf_counter() - started
    if alone < 0.6:
        pytest.skip(f"the call took {alone:.2f}s: too short to interrupt")
    # Before, Python saw the key only once herald returned (and an ingest was stored).
    after = _interrupted_after(calls[what], 0.15)
    assert after is not None, f"the {alone:.2f}s call ran to its end"
    assert after < max(0.3, alone / 3), f"KeyboardInterrupt {after:.2f}s after the key, in a {alone:.2f}s call"
    if what == "ingest":
        assert store.counts() == (0, 0), "an interrupted ingest stores nothing"
        # The store goes on: the same input again is stored whole.
        assert store.ingest(made_up[:50])["new"] == 50


def test_repr_of_a_store_does_not_wait_for_an_ingest(tmp_path, made_up):
    store = herald.Store(str(tmp_path / "news.db"))
    thread = threading.Thread(target=store.ingest, args=(made_up,))
    started = time.perf_counter()
    thread.start()
    time.sleep(0.2)
    shown = repr(store)
    waited = time.perf_counter() - started - 0.2
    thread.join()
    alone = time.perf_counter() - started
    assert shown == f'herald.Store("{tmp_path / "news.db"}")'
    # Before, repr held the GIL while it waited for the ingest's lock: every thread stood still.
    assert waited < min(0.3, alone / 2), f"repr took {waited:.2f}s while an ingest of {alone:.2f}s ran"


@pytest.mark.parametrize(
    "call, kind, message",
    [
        (lambda: herald.summarize([{"text": "A."}], words=-5), ValueError, "words: -5 is negative"),
        (lambda: herald.summarize([{"text": "A."}], sentences=True), TypeError, "sentences: expected a whole number, found bool"),
        (lambda: herald.summarize([{"text": "A."}], bytes=2.5), TypeError, "bytes: expected a whole number, found float"),
        (lambda: herald.summarize([{"text": "A."}], words=2**70), ValueError, "words: 1180591620717411303424 is too large"),
        (lambda: herald.summarize([{"text": "A."}], boilerplate_clusters=-1), ValueError, "boilerplate_clusters: -1 is negative"),
        (lambda: herald.rouge(["a"], [["a"]], words=-1), ValueError, "words: -1 is negative"),
        (lambda: herald.rouge("a b", [["a"]]), TypeError, "summaries: expected a list, found str"),
        (lambda: herald.rouge(["a b"], ["a b"]), TypeError, "references[0]: expected a list, found str"),
        (lambda: herald.rouge(["a b"], [["a b", 3]]), TypeError, "references[0][1]: expected a str, found int"),
        (lambda: herald.rouge(["a b"], [["a b"]], ids=[1]), TypeError, "ids[0]: expected a str, found int"),
    ],
)
def test_bad_counts_and_lists_name_the_argument(call, kind, message):
    # Before: OverflowError "can't convert negative int to unsigned", `True` taken as 1, and
    # "Can't extract `str` to `Vec`" without saying which argument.
    with pytest.raises(kind) as raised:
        call()
    assert type(raised.value) is kind
    assert str(raised.value) == message or str(raised.value).startswith(message), str(raised.value)


_FORKED = {}


def _in_a_forked_child(k):
    """A worker of a forked multiprocessing pool: herald's parallel calls, and the store the
    parent opened."""
    articles = _FORKED["articles"][k * 100 : (k + 1) * 100]
    store = _FORKED["store"]
    report = store.ingest(articles, name=f"child-{k}")
    return len(herald.cluster(articles)), report["new"], herald.summarize(articles)["id"] == "articles"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")
def test_herald_works_in_a_forked_child(tmp_path, made_up):
    # Before: once the parent had used herald's threads (rayon's global pool), a forked child
    # inherited the pool without its threads and every parallel call in it waited for ever;
    # and the child wrote through the parent's SQLite connection.
    store = herald.Store(str(tmp_path / "news.db"))
    store.ingest(made_up[:100], name="parent")
    assert herald.cluster(made_up[:300])
    _FORKED.update(articles=made_up[100:400], store=store)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        got = pool.map_async(_in_a_forked_child, range(3)).get(timeout=120)
    assert [g[:2] for g in got] == [(len(herald.cluster(made_up[100 + 100 * k : 200 + 100 * k])), 100) for k in range(3)]
    assert all(g[2] for g in got)
    # The parent's connection goes on, and sees what the children stored.
    assert store.counts()[0] == 400
    assert store.ingest(made_up[400:450], name="parent again")["new"] == 50


def test_one_store_from_two_threads_with_parallel_work_does_not_deadlock(tmp_path, made_up):
    # A thread of herald's pool, waiting in an ingest's parallel loop while holding the
    # store's lock, could pick up the other thread's call and wait for that lock for ever
    # (seen once in four runs of test_one_store_from_two_threads).
    store = herald.Store(str(tmp_path / "news.db"))
    errors = []

    def work(k):
        try:
            for n in range(4):
                part = made_up[(8 * n + 2 * k) * 100 : (8 * n + 2 * k + 2) * 100]
                store.ingest(part, name=f"{k}-{n}")
                store.stories(limit=5)
                herald.cluster(part)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive(), "a thread is stuck"
    assert not errors
    assert store.counts()[0] == 1600
