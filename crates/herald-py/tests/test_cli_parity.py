"""The Python API gives the CLI's output, byte for byte, on the same input."""

import json

import herald
import pytest
from conftest import BENCH, lines, pretty, write_jsonl


def test_summarize_a_cluster_dict_prints_what_the_cli_prints(tmp_path, run_cli, bench_clusters):
    for cluster in bench_clusters:
        path = write_jsonl(tmp_path / f"{cluster['id']}.jsonl", [cluster])
        expected = run_cli("summarize", path, "--format", "json")
        assert pretty(herald.summarize(cluster)) == expected


def test_summarize_a_list_of_clusters_gives_the_cli_array(run_cli, bench_clusters):
    expected = run_cli("summarize", BENCH, "--format", "json", "--words", "60")
    got = herald.summarize(bench_clusters, words=60)
    assert isinstance(got, list) and len(got) == len(bench_clusters)
    assert pretty(got) == expected


@pytest.mark.parametrize("algorithm", herald.ALGORITHMS)
@pytest.mark.parametrize(
    "budget",
    [{}, {"words": 40}, {"sentences": 2}, {"bytes": 665}, {"bytes": 300, "truncate": True}],
    ids=["default", "words", "sentences", "bytes", "bytes-truncated"],
)
def test_summarize_options_match_the_cli(tmp_path, run_cli, g20_articles, algorithm, budget):
    # A list of article dicts is the cluster called "articles".
    path = write_jsonl(tmp_path / "g20.jsonl", [{"id": "articles", "documents": g20_articles}])
    flags = ["--algorithm", algorithm]
    for key, value in budget.items():
        flags += [f"--{key}"] if value is True else [f"--{key}", value]
    expected = run_cli("summarize", path, "--format", "json", *flags)
    got = herald.summarize(g20_articles, algorithm=algorithm, **budget)
    assert got["id"] == "articles"
    assert pretty(got) == expected


def test_rouge_gives_the_numbers_of_herald_eval(tmp_path, run_cli, bench_clusters):
    summaries_path = tmp_path / "summaries.jsonl"
    summaries_path.write_text(run_cli("summarize", BENCH, "--format", "jsonl"), encoding="utf-8")
    summaries = {}
    for line in summaries_path.read_text(encoding="utf-8").splitlines():
        s = json.loads(line)
        summaries[s["id"]] = s["summary"]
    texts = [summaries[c["id"]] for c in bench_clusters]
    references = [c.get("references", []) for c in bench_clusters]
    ids = [c["id"] for c in bench_clusters]
    common = ["eval", "--dataset", BENCH, "--summaries", summaries_path, "--format", "json"]
    cases = [
        ({"stem": True}, ["--stem"]),
        ({"stem": False}, []),
        ({"stem": True, "words": 100}, ["--stem", "--words", "100"]),
        ({"stem": False, "bytes": 665, "remove_stopwords": True}, ["--bytes", "665", "--remove-stopwords"]),
        ({"stem": True, "order": "position", "ids": ids}, ["--stem", "--order", "position", "--per-cluster"]),
    ]
    for options, flags in cases:
        expected = run_cli(*common, *flags)
        got = herald.rouge(texts, references, **options)
        assert got == json.loads(expected), options
        assert pretty(got) == expected, options


def test_rouge_leaves_out_clusters_without_references_as_eval_does(tmp_path, run_cli, bench_clusters):
    dataset = [dict(c) for c in bench_clusters]
    dataset[1]["references"] = []
    data_path = write_jsonl(tmp_path / "d.jsonl", dataset)
    summaries_path = tmp_path / "s.jsonl"
    summaries_path.write_text(run_cli("summarize", data_path, "--format", "jsonl"), encoding="utf-8")
    texts = [json.loads(l)["summary"] for l in summaries_path.read_text(encoding="utf-8").splitlines()]
    expected = run_cli("eval", "--dataset", data_path, "--summaries", summaries_path, "--format", "json", "--stem")
    got = herald.rouge(texts, [c["references"] for c in dataset])
    assert got["clusters"] == len(dataset) - 1
    assert pretty(got) == expected


def _pool(bench_clusters):
    """Every benchmark article, with one of them given again under another id and one again
    as an update: something for dedup to find."""
    articles = [a for c in bench_clusters for a in c["documents"]]
    copy = dict(articles[0], id="mirror-of-" + articles[0]["id"])
    update = dict(articles[3], id=articles[3]["id"] + "-updated", text=articles[3]["text"] + " More details followed later.")
    return articles + [copy, update]


def test_cluster_gives_the_lines_of_herald_cluster(tmp_path, run_cli, bench_clusters, g20_articles):
    pool = _pool(bench_clusters) + g20_articles
    path = write_jsonl(tmp_path / "pool.jsonl", [{"id": "pool", "documents": pool}])
    expected = run_cli("cluster", path, "--format", "jsonl")
    got = herald.cluster(pool)
    assert sum(len(s["documents"]) for s in got) == len(pool)
    assert lines(got) == expected
    # Clusters given are pooled, as the CLI pools the lines of its input.
    assert lines(herald.cluster(bench_clusters)) == run_cli("cluster", BENCH, "--format", "jsonl")


def test_dedup_gives_the_lines_of_herald_dedup(tmp_path, run_cli, bench_clusters):
    pool = _pool(bench_clusters)
    path = write_jsonl(tmp_path / "pool.jsonl", [{"id": "pool", "documents": pool}])
    expected = run_cli("dedup", path, "--format", "jsonl")
    got = herald.dedup(pool)
    assert any(pool[0]["id"] in [g["canonical"], *g["duplicates"]] for g in got)
    assert lines(got) == expected


def test_clusters_of_one_id_are_named_apart_as_the_cli_names_them(tmp_path, run_cli, bench_clusters):
    clusters = [bench_clusters[0], dict(bench_clusters[1], id=bench_clusters[0]["id"])]
    path = write_jsonl(tmp_path / "twice.jsonl", clusters)
    got = herald.summarize(clusters)
    # Before, both summaries were called by the one id.
    assert [s["id"] for s in got] == [clusters[0]["id"], clusters[0]["id"] + "#2"]
    assert pretty(got) == run_cli("summarize", path, "--format", "json")
