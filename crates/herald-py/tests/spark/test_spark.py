"""herald.spark in Spark's local mode gives what the single-machine commands give: the same
dedup groups, stories of B-cubed F1 at least 0.99 against `herald cluster`'s, one brief per
story. Run by scripts/spark-ci.sh (which installs Java and pyspark); skipped without pyspark."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

pyspark = pytest.importorskip("pyspark")

import herald  # noqa: E402
import herald.spark as hs  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[4]


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("herald-test")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    """A synthetic pool of 3,000 articles over three years, with planted copies and versions
    (herald-corpus: $HERALD_CORPUS, which scripts/spark-ci.sh sets, else the repo's build)."""
    corpus = os.environ.get("HERALD_CORPUS") or str(REPO / "target/release/herald-corpus")
    if not os.access(corpus, os.X_OK):
        if "HERALD_CORPUS" in os.environ:
            pytest.fail(f"HERALD_CORPUS={corpus} is not an executable")
        pytest.skip("no herald-corpus: cargo build --release -p herald-corpus")
    path = tmp_path_factory.mktemp("pool") / "pool.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        subprocess.run(
            [corpus, "--articles", "3000", "--seed", "5"], stdout=out, check=True
        )
    return path


def cli_jsonl(run_cli, *args):
    return [json.loads(line) for line in run_cli(*args).splitlines() if line.strip()]


def test_dedup_groups_equal_herald_dedup(spark, pool, run_cli):
    df = hs.read_jsonl(spark, str(pool))
    got = [
        {"canonical": r["canonical"], "duplicates": list(r["duplicates"])}
        for r in hs.dedup(df, order="order").orderBy("_order").collect()
    ]
    want = cli_jsonl(run_cli, "dedup", pool, "--format", "jsonl")
    assert len(want) > 100, "the pool should hold many groups of versions"
    assert got == want


def test_stories_match_herald_cluster(spark, pool, run_cli):
    df = hs.read_jsonl(spark, str(pool))
    # Windows much shorter than the pool's three years, so that stitching is exercised.
    found = hs.stories(df, order="order", window_days=90).orderBy("story").collect()
    want = cli_jsonl(run_cli, "cluster", pool, "--format", "jsonl")
    p, r, f1 = hs.bcubed([s["documents"] for s in found], [s["documents"] for s in want])
    assert f1 >= 0.99, (p, r, f1)
    ids = [d for s in found for d in s["documents"]]
    assert len(ids) == len(set(ids)) == sum(len(s["documents"]) for s in want)
    # Numbered from 1 in the order of the first article, as the CLI numbers them.
    assert [s["story"] for s in found] == list(range(1, len(found) + 1))


def test_one_window_is_herald_cluster_exactly(spark, pool, run_cli):
    df = hs.read_jsonl(spark, str(pool))
    found = hs.stories(df, order="order", window_days=100000).orderBy("story").collect()
    want = cli_jsonl(run_cli, "cluster", pool, "--format", "jsonl")
    got = [
        {"story": s["story"], "documents": list(s["documents"]), "outliers": list(s["outliers"])}
        for s in found
    ]
    assert got == [{k: w[k] for k in ("story", "documents", "outliers")} for w in want]


def test_one_brief_per_story_as_herald_summarize_makes_it(spark, g20_articles):
    rows = [dict(a, date="2013-09-06", order=k) for k, a in enumerate(g20_articles)]
    df = spark.createDataFrame(rows)
    story_df = hs.stories(df, order="order").persist()
    made = hs.briefs(df, story_df, order="order", words=60).orderBy("story").collect()
    assert made, "the G20 articles tell at least one story of two articles"
    first = story_df.where(f"story = {made[0]['story']}").first()
    members = [a for a in g20_articles if a["id"] in set(first["documents"])]
    cluster = {
        "id": f"story-{made[0]['story']}",
        "documents": [dict(a, date="2013-09-06") for a in members],
    }
    want = herald.summarize(cluster, words=60, boilerplate_clusters=0)
    assert json.loads(made[0]["brief"]) == want


def test_connected_components_of_a_long_chain(spark):
    edges = spark.createDataFrame([(k, k + 1) for k in range(0, 40)] + [(100, 101)], "a long, b long")
    comps = {r["v"]: r["comp"] for r in hs.connected_components(edges).collect()}
    assert comps == {**{k: 0 for k in range(41)}, 100: 100, 101: 100}


def test_bcubed():
    assert hs.bcubed([["a", "b"], ["c"]], [["a", "b"], ["c"]]) == (1.0, 1.0, 1.0)
    p, r, _ = hs.bcubed([["a", "b", "c"]], [["a", "b"], ["c"]])
    assert (round(p, 4), r) == (round(5 / 9, 4), 1.0)


TEXT = (
    "Rain fell on the town all day. The river rose by two metres overnight. "
    "Officials closed the old bridge to traffic."
)


def test_dates_and_ids_of_spark_types_are_read_as_their_text(spark):
    # A DataFrame from Parquet has dates of Spark's date type and often numeric ids; they
    # failed in the executors ("not JSON data: unsupported type date").
    import datetime

    rows = [(k, "Bridge", datetime.date(2024, 3, 1 + k), TEXT + f" Part {k}.", k) for k in range(4)]
    typed = spark.createDataFrame(rows, "id long, title string, date date, text string, order long")
    text = spark.createDataFrame(
        [(str(i), t, d.isoformat(), x, o) for i, t, d, x, o in rows],
        "id string, title string, date string, text string, order long",
    )
    for call in (lambda df: hs.dedup(df, order="order"), lambda df: hs.stories(df, order="order")):
        got = [r.asDict(recursive=True) for r in call(typed).orderBy("_order").collect()]
        assert got and got == [r.asDict(recursive=True) for r in call(text).orderBy("_order").collect()]


def test_a_frame_without_the_columns_herald_needs_is_refused_up_front(spark):
    df = spark.createDataFrame(
        [("a", "Bridge", "2024-03-01", TEXT, 0)], "id string, title string, date string, text string, order long"
    )
    # Without text every article was skipped: empty results, no word why.
    with pytest.raises(ValueError, match=r"no text \(or html\) column"):
        hs.stories(df.drop("text"), order="order")
    with pytest.raises(ValueError, match="no id column"):
        hs.dedup(df.drop("id"), order="order")
    with pytest.raises(ValueError, match="no column 'when' to order the articles by"):
        hs.dedup(df, order="when")
    story_df = hs.stories(df, order="order")
    # A bad budget failed in every task of the job; it is herald's one-line error at once.
    with pytest.raises(ValueError, match="a budget of 0 leaves no room"):
        hs.briefs(df, story_df, order="order", words=0)
    with pytest.raises(ValueError, match='unknown algorithm "magic"'):
        hs.briefs(df, story_df, order="order", algorithm="magic")


def test_a_row_without_text_is_skipped_as_the_cli_skips_it(spark, run_cli, tmp_path):
    rows = [
        {"id": "a", "title": "Bridge", "date": "2024-03-01", "text": TEXT},
        {"id": "b", "title": "Bridge", "date": "2024-03-01", "text": None},
        {"id": "c", "title": "Bridge closed", "date": "2024-03-02", "text": TEXT + " More."},
    ]
    path = tmp_path / "pool.jsonl"
    path.write_text(json.dumps({"id": "pool", "documents": [{k: v for k, v in r.items() if v is not None} for r in rows]}) + "\n")
    df = spark.createDataFrame(
        [(r["id"], r["title"], r["date"], r["text"], k) for k, r in enumerate(rows)],
        "id string, title string, date string, text string, order long",
    )
    found = [list(s["documents"]) for s in hs.stories(df, order="order").orderBy("story").collect()]
    assert found == [s["documents"] for s in cli_jsonl(run_cli, "cluster", path, "--format", "jsonl")]
    groups = [(g["canonical"], list(g["duplicates"])) for g in hs.dedup(df, order="order").collect()]
    assert groups == [(g["canonical"], g["duplicates"]) for g in cli_jsonl(run_cli, "dedup", path, "--format", "jsonl")]
