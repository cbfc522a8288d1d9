#!/usr/bin/env python3
"""Measures herald.spark against the single-machine commands on one pool (docs/spark.md).

    scripts/spark-bench.py POOL.jsonl CLI_DEDUP.jsonl CLI_CLUSTER.jsonl [--master local[2]]
        [--window-days 120 --overlap-days 60] [--briefs]

CLI_DEDUP and CLI_CLUSTER are `herald dedup POOL --format jsonl` and `herald cluster POOL
--format jsonl` (time those with /usr/bin/time for the CLI's CPU seconds). Prints, per stage,
wall seconds and the CPU seconds (user + system) of every process of the job (this driver, the
JVM, the Python workers), read from /proc; then whether the dedup groups equal the CLI's and the
B-cubed of the stories against the CLI's. Run it with the venv's python (herald and pyspark
installed), e.g. target/python-ci/venv/bin/python.
"""

import argparse
import json
import os
import sys
import time


def tree_cpu_seconds(root):
    """User + system CPU seconds of `root` and all its descendants, with the reaped children
    each has waited for (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    parent, cpu = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(name)
        parent[pid] = int(fields[1])
        cpu[pid] = sum(int(x) for x in fields[11:15]) / tick
    total = 0.0
    for pid in cpu:
        p = pid
        while p not in (0, 1, root) and p in parent:
            p = parent[p]
        if p == root:
            total += cpu[pid]
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pool")
    parser.add_argument("cli_dedup")
    parser.add_argument("cli_cluster")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--window-days", type=int, default=120)
    parser.add_argument("--overlap-days", type=int, default=60)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--briefs", action="store_true")
    parser.add_argument("--no-dedup", action="store_true", help="measure the stories only")
    args = parser.parse_args()

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    import herald.spark as hs

    spark = (
        SparkSession.builder.master(args.master)
        .appName("herald-bench")
        .config("spark.sql.shuffle.partitions", str(args.partitions))
        .config("spark.default.parallelism", str(args.partitions))
        .config("spark.driver.memory", "3g")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    me = os.getpid()

    def stage(name, work):
        cpu, wall = tree_cpu_seconds(me), time.perf_counter()
        result = work()
        cpu, wall = tree_cpu_seconds(me) - cpu, time.perf_counter() - wall
        print(f"{name}: wall {wall:.1f}s, cpu {cpu:.1f}s", flush=True)
        return result, cpu, wall

    df, _, _ = stage(
        "read",
        lambda: hs.read_jsonl(spark, args.pool, args.partitions).persist().alias("articles"),
    )
    n, _, _ = stage("count", df.count)
    print(f"articles: {n}")

    def dedup():
        return [
            {"canonical": r["canonical"], "duplicates": list(r["duplicates"])}
            for r in hs.dedup(df, order="order").orderBy("_order").collect()
        ]

    groups, dedup_cpu, dedup_wall = (None, 0.0, 0.0) if args.no_dedup else stage("dedup", dedup)

    def stories():
        story_df = hs.stories(
            df, order="order", window_days=args.window_days, overlap_days=args.overlap_days
        ).persist()
        return story_df, story_df.orderBy("story").select("story", "documents").collect()

    (story_df, found), story_cpu, story_wall = stage("stories", stories)
    if args.briefs:
        made, brief_cpu, brief_wall = stage(
            "briefs", lambda: hs.briefs(df, story_df, order="order").count()
        )
        print(f"briefs: {made}")

    with open(args.cli_dedup, encoding="utf-8") as f:
        want_groups = [json.loads(line) for line in f if line.strip()]
    with open(args.cli_cluster, encoding="utf-8") as f:
        want_stories = [json.loads(line) for line in f if line.strip()]
    if groups is not None:
        print(
            f"dedup: {len(groups)} groups, the CLI {len(want_groups)}; "
            f"equal: {groups == want_groups}"
        )
    p, r, f1 = hs.bcubed([s["documents"] for s in found], [s["documents"] for s in want_stories])
    exact = sorted(map(tuple, (s["documents"] for s in found))) == sorted(
        map(tuple, (s["documents"] for s in want_stories))
    )
    print(
        f"stories: {len(found)}, the CLI {len(want_stories)}; B-cubed P {p:.4f} R {r:.4f} "
        f"F1 {f1:.4f}; identical: {exact}"
    )
    if groups is not None:
        print(f"per core: dedup {n / dedup_cpu:.0f} articles/s (cpu)")
    print(f"per core: stories {n / story_cpu:.0f} articles/s (cpu)")
    spark.stop()


if __name__ == "__main__":
    main()
