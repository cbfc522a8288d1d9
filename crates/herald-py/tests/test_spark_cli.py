"""`python -m herald.spark` as a new user meets it: its options say their defaults, and without
pyspark (the plain `pip install ./crates/herald-py` of the README) it says what to install in
one line instead of a traceback. Needs no Spark."""

import importlib.util
import subprocess
import sys

import pytest


def spark_cli(*args):
    return subprocess.run([sys.executable, "-m", "herald.spark", *args],
                          capture_output=True, text=True, timeout=60)


def test_the_help_states_every_default():
    out = spark_cli("--help")
    assert out.returncode == 0, out.stderr
    help_text = " ".join(out.stdout.split())
    for said in ["(default: 120)", "(default: 60, the CLI's reach)", "(default: 100)",
                 "(default: 2)"]:
        assert said in help_text, help_text


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is not None,
                    reason="pyspark is installed: the run would start Spark")
def test_without_pyspark_one_line_says_what_to_install(tmp_path):
    out = spark_cli(str(tmp_path / "archive.jsonl"), str(tmp_path / "out"))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr, out.stderr
    assert out.stderr.strip().splitlines() == [
        "python -m herald.spark: pyspark is not installed: pip install pyspark "
        "(from a clone: pip install './crates/herald-py[spark]'), and a Java 17 runtime"
    ]
