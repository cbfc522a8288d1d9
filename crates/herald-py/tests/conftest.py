"""Shared fixtures: the `herald` binary whose output the Python API must match, and the repo's
sample inputs."""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
BENCH = REPO / "examples" / "bench-sample.jsonl"
G20 = REPO / "examples" / "g20-syria"


@pytest.fixture(scope="session")
def herald_bin():
    """The release CLI: $HERALD_BIN (scripts/python-ci.sh sets it), else the repo's own build."""
    path = os.environ.get("HERALD_BIN") or str(REPO / "target" / "release" / "herald")
    if not os.access(path, os.X_OK):
        if "HERALD_BIN" in os.environ:
            pytest.fail(f"HERALD_BIN={path} is not an executable")
        pytest.skip("no herald binary: cargo build --release -p herald-cli, or set HERALD_BIN")
    return path


@pytest.fixture(scope="session")
def run_cli(herald_bin):
    """Runs `herald ARGS...` and returns its standard output; a non-zero exit fails the test."""

    def run(*args):
        done = subprocess.run(
            [herald_bin, *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


@pytest.fixture(scope="session")
def bench_clusters():
    """The shipped benchmark sample: five clusters with references, as dicts."""
    with open(BENCH, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def g20_articles():
    """The G20 example as article dicts: a .txt file's first line is its title."""
    articles = []
    for path in sorted(G20.glob("*.txt")):
        title, _, text = path.read_text(encoding="utf-8").partition("\n")
        articles.append({"id": path.stem, "title": title.strip(), "text": text.strip()})
    return articles


def write_jsonl(path, clusters):
    """Writes clusters as the JSONL input the CLI reads."""
    with open(path, "w", encoding="utf-8") as f:
        for c in clusters:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    return path


def pretty(value):
    """`value` as the CLI prints JSON (serde_json's pretty printer, and a newline)."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def lines(value):
    """`value`, a list, as the CLI prints JSONL."""
    return "".join(json.dumps(v, ensure_ascii=False, separators=(",", ":")) + "\n" for v in value)
