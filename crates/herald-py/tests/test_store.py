"""herald.Store: what goes in comes back out, as the store's subcommands print it."""

import json
import random

import herald
import pytest
from conftest import pretty, write_jsonl


def _dated(bench_clusters):
    """The benchmark clusters, every article dated, so that stories have days."""
    clusters = []
    for k, c in enumerate(bench_clusters):
        docs = [dict(d, date=d.get("date") or f"2024-03-{10 + k:02d}") for d in c["documents"]]
        clusters.append({"id": c["id"], "documents": docs})
    return clusters


def test_ingest_stories_and_story_match_the_cli(tmp_path, run_cli, bench_clusters):
    clusters = _dated(bench_clusters)
    path = write_jsonl(tmp_path / "news.jsonl", clusters)
    cli_db = tmp_path / "cli.db"
    expected_report = run_cli("ingest", "--db", cli_db, "--format", "json", path)

    store = herald.Store(str(tmp_path / "py.db"))
    report = store.ingest(clusters, name=str(path))
    assert json.dumps(report, ensure_ascii=False, separators=(",", ":")) + "\n" == expected_report
    assert report["new"] == sum(len(c["documents"]) for c in clusters)

    stories = store.stories()
    expected = run_cli("stories", "--db", cli_db, "--format", "jsonl")
    assert [json.loads(l) for l in expected.splitlines()] == stories
    assert stories, "the store has stories"
    assert run_cli("stories", "--db", cli_db, "--format", "jsonl", "--since", "2024-03-12", "--min-articles", "2") == "".join(
        json.dumps(s, ensure_ascii=False, separators=(",", ":")) + "\n"
        for s in store.stories(since="2024-03-12", min_articles=2)
    )
    # limit keeps the head of the list, as --limit does.
    assert store.stories(limit=2) == stories[:2]
    assert [json.loads(l) for l in run_cli("stories", "--db", cli_db, "--format", "jsonl", "--limit", "2").splitlines()] == stories[:2]

    for s in stories:
        expected = run_cli("story", s["id"], "--db", cli_db, "--format", "json", "--words", "60")
        # The same object but for the times each store's clock wrote.
        assert _without_times(store.story(s["id"], words=60)) == _without_times(json.loads(expected))
    # A story's number does as well as its id.
    first = stories[0]["id"]
    assert store.story(int(first.split("-")[1])) == store.story(first)


def test_a_store_reopened_keeps_what_was_ingested(tmp_path, bench_clusters):
    db = str(tmp_path / "news.db")
    clusters = _dated(bench_clusters)
    herald.Store(db).ingest(clusters[:2], name="first")
    again = herald.Store(db)
    stories = again.stories()
    assert sum(s["articles"] for s in stories) == sum(len(c["documents"]) for c in clusters[:2])
    # The same articles again change nothing; new ones are added.
    report = again.ingest(clusters[0])
    assert report["input"] == "python"
    assert report["unchanged"] == len(clusters[0]["documents"]) and report["new"] == 0
    report = again.ingest([d for c in clusters[2:] for d in c["documents"]], name="rest")
    assert report["new"] == sum(len(c["documents"]) for c in clusters[2:])
    articles, _ = again.counts()
    assert articles == sum(len(c["documents"]) for c in clusters)


def test_store_errors_are_value_errors_with_the_cli_message(tmp_path):
    store = herald.Store(str(tmp_path / "news.db"))
    with pytest.raises(ValueError, match=r'no story "s-000099" in the store'):
        store.story("s-000099")
    with pytest.raises(ValueError, match="is not a date: use YYYY-MM-DD"):
        store.stories(since="last week")
    not_a_store = tmp_path / "notes.txt"
    not_a_store.write_text("hello, this is no database\n" * 100)
    with pytest.raises(ValueError, match="not a herald store"):
        herald.Store(str(not_a_store))
    # Before, both were RuntimeError "unable to open database file", as if SQLite had failed.
    with pytest.raises(ValueError, match=r"not a herald store \(a folder, not a file\)"):
        herald.Store(str(tmp_path))
    with pytest.raises(ValueError, match="no folder .*missing to keep the store in"):
        herald.Store(str(tmp_path / "missing" / "news.db"))


def test_an_ingest_cut_as_the_cli_cuts_it_gives_the_cli_stories(tmp_path, run_cli):
    # Clusters whose dates are out of order: how the input is cut into batches decides some
    # stories, so Python must hand the store the batches `herald ingest` hands it (whole
    # clusters until 2,000 articles), not one cluster at a time as it did.
    from test_api import _made_up_articles

    articles = _made_up_articles(4500, seed=11)
    random.Random(3).shuffle(articles)
    clusters = [{"id": f"c{k}", "documents": articles[k : k + 150]} for k in range(0, len(articles), 150)]
    path = write_jsonl(tmp_path / "news.jsonl", clusters)
    cli_db = tmp_path / "cli.db"
    run_cli("ingest", "--db", cli_db, path)
    store = herald.Store(str(tmp_path / "py.db"))
    store.ingest(clusters, name=str(path))
    expected = [json.loads(l) for l in run_cli("stories", "--db", cli_db, "--format", "jsonl").splitlines()]
    assert store.stories() == expected


def test_story_briefs_are_kept_and_updates_match_the_cli(tmp_path, run_cli, bench_clusters):
    clusters = _dated(bench_clusters)
    early = [dict(c, documents=c["documents"][:2]) for c in clusters]
    late = [dict(c, documents=c["documents"][2:]) for c in clusters]
    cli_db, py = tmp_path / "cli.db", herald.Store(str(tmp_path / "py.db"))
    for k, part in enumerate([early, late]):
        path = write_jsonl(tmp_path / f"part{k}.jsonl", part)
        run_cli("ingest", "--db", cli_db, path)
        py.ingest(part, name=str(path))
        if k == 0:
            first = py.stories()[0]["id"]
            # A whole brief, kept as the CLI keeps it: what a later update does not repeat.
            run_cli("story", first, "--db", cli_db, "--format", "json")
            py.story(first)
    # Before, Python had neither `new` nor `since`, and kept no brief, so an update after it
    # repeated what it had told.
    expected = run_cli("story", first, "--db", cli_db, "--format", "json", "--new")
    got = py.story(first, new=True)
    assert "since" in got
    assert _without_times(got) == _without_times(json.loads(expected))
    expected = run_cli("story", first, "--db", cli_db, "--format", "json", "--since", "2024-03-11", "--words", "40")
    assert _without_times(py.story(first, since="2024-03-11", words=40)) == _without_times(json.loads(expected))
    with pytest.raises(ValueError, match="give since or new, not both"):
        py.story(first, since="2024-03-11", new=True)
    with pytest.raises(ValueError, match="is not a date"):
        py.story(first, since="yesterday")


def _without_times(brief):
    """A story's JSON without what the clock writes (when each article and brief was stored)."""
    brief = dict(brief)
    brief["sources"] = [{k: v for k, v in s.items() if k != "ingested"} for s in brief["sources"]]
    if brief.get("since", "").count("T"):
        brief["since"] = "(a time)"
    return brief


def test_a_reader_can_refuse_to_make_a_store(tmp_path, bench_clusters):
    path = tmp_path / "typo.db"
    # Before, every Store(path) made a store: a reader given a wrong path found no stories.
    with pytest.raises(ValueError, match="no such file; `herald ingest` creates it"):
        herald.Store(str(path), create=False)
    assert not path.exists()
    herald.Store(str(path)).ingest(_dated(bench_clusters)[:1])
    assert herald.Store(str(path), create=False).stories()


def test_a_store_closes_and_says_so_when_used_after(tmp_path, bench_clusters):
    path = tmp_path / "news.db"
    # Before, a Store had no close and no `with`: its connection (and the -wal file beside
    # the store) lived until the object was collected.
    with herald.Store(str(path)) as store:
        store.ingest(_dated(bench_clusters)[:1])
        assert (tmp_path / "news.db-wal").exists()
    assert not (tmp_path / "news.db-wal").exists(), "the last connection folds its log in"
    with pytest.raises(ValueError, match=r'herald.Store\(".*news.db"\) is closed'):
        store.stories()
    with pytest.raises(ValueError, match="is closed"):
        store.ingest(_dated(bench_clusters)[1:2])
    store.close()
    assert herald.Store(str(path), create=False).counts()[0] == len(bench_clusters[0]["documents"])
