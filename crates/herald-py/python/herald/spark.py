"""herald on Apache Spark: copies, stories and briefs for archives larger than one machine.

The functions take a Spark DataFrame of articles (columns ``id``, ``title``, ``date``,
``text``; optional ``url``, ``site``, ``author``, ``html``) and give what the single-machine
commands give on the same articles:

- ``dedup(df)``: the groups of ``herald dedup`` (``canonical``, ``duplicates``), found across
  the whole archive: each article's MinHash band keys are computed in the executors by
  herald's own code, articles that share a key in one band are candidate pairs (each compared
  with the next 64 of its bucket, as herald compares them), pairs are verified by herald's
  own test, and groups are the connected components of the verified pairs (min-label
  propagation with pointer jumping, in Spark). The canonical article is herald's: the latest,
  then the longest, then the first in input.
- ``stories(df)``: the stories of ``herald cluster``. herald places articles into stories one
  at a time in date order, comparing each with the stories of the last 60 days. Here the
  archive is cut into windows of ``window_days`` days; each window, preceded by the last
  ``overlap_days`` days of the one before (the warm-up), is grouped by herald in one task;
  then a story of a window that holds warm-up articles continues the story of the previous
  window that holds most of them. Stories are numbered from 1 in the order of their first
  article.
- ``briefs(df, stories)``: one summary per story (``herald.summarize`` on its articles).

Input order matters to herald (it breaks ties), so every function takes ``order``: the name
of a column that gives each article's position in the input; without it, the DataFrame's
own order (``monotonically_increasing_id``) is used. ``read_jsonl(spark, path)`` reads
herald's JSONL input (one cluster ``{"id", "documents": [...]}`` or one article per line)
with exact line order. Ids should be unique, as in a pool the CLI reads.

pyspark is an optional dependency (``pip install 'herald[spark]'``); it is imported when a
function here is called. Run the whole job with ``python -m herald.spark`` (or spark-submit
this file); see docs/spark.md.
"""

from __future__ import annotations

import json
import os
import struct
import sys

from . import _herald

#: Articles handed to herald at once by each task.
BATCH = 512
#: Later members of an LSH bucket each member is compared with (herald's
#: ``ArticleDedupConfig.max_bucket_pairs``).
MAX_BUCKET_PAIRS = 64
#: Days within which herald compares an article with a story (``TrackerConfig.window_days``).
TRACKER_WINDOW_DAYS = 60

_FIELDS = ("id", "title", "date", "text", "html", "url", "site", "author")


def _pyspark():
    try:
        import pyspark.sql.functions as F
        from pyspark.sql import Window, types as T
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "herald.spark needs pyspark: pip install 'herald[spark]' (and Java 17)"
        ) from e
    return F, Window, T


def _batches(rows, size=BATCH):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _with_order(df, order):
    """The articles with a column ``_order``: their input position."""
    F, _, _ = _pyspark()
    if order is not None:
        if order not in df.columns:
            raise ValueError(
                f"herald.spark: no column {order!r} to order the articles by "
                f"(the DataFrame has {', '.join(df.columns)})"
            )
        return df.withColumn("_order", F.col(order).cast("long"))
    return df.withColumn("_order", F.monotonically_increasing_id())


def _article_columns(df):
    """The article fields ``df`` has; a ``ValueError`` when it lacks ``id`` or both ``text``
    and ``html`` (every article would be skipped, or fail in an executor)."""
    columns = [c for c in _FIELDS if c in df.columns]
    missing = [c for c in ("id",) if c not in columns]
    if "text" not in columns and "html" not in columns:
        missing.append("text (or html)")
    if missing:
        raise ValueError(
            f"herald.spark: the DataFrame has no {' and no '.join(missing)} column "
            f"(it has {', '.join(df.columns)})"
        )
    return columns


def _article_frame(df, columns):
    """``_order`` and the article fields of ``df``, every field as a string, as herald reads
    them from JSON: a ``date`` column of Spark's date or timestamp type becomes
    ``YYYY-MM-DD[ HH:MM:SS]``, a numeric id its digits (they would not reach herald
    otherwise)."""
    F, _, _ = _pyspark()
    return df.select("_order", *[F.col(c).cast("string").alias(c) for c in columns])


def _article(row, columns):
    return {c: row[c] for c in columns if row[c] is not None}


# ------------------------------------------------------------------------------------------
# Copies and versions


def signatures(df, order=None):
    """Each article's dedup signature: ``_order``, ``id``, ``sig`` (bytes), ``keys`` (band
    keys, array of long), ``words``, ``date``. Documents herald skips (no words) are left out,
    and so is a document given again under an id already seen with the same text, as
    ``herald dedup`` counts it once."""
    F, Window, T = _pyspark()
    df = _with_order(df, order)
    columns = _article_columns(df)

    def sign(rows):
        for batch in _batches(rows):
            keys = _herald.dedup_keys([_article(r, columns) for r in batch])
            for r, k in zip(batch, keys):
                if k is not None:
                    sig, bands, words, date = k
                    yield (r["_order"], r["id"], bytearray(sig), bands, words, date)

    schema = T.StructType(
        [
            T.StructField("_order", T.LongType(), False),
            T.StructField("id", T.StringType(), True),
            T.StructField("sig", T.BinaryType(), False),
            T.StructField("keys", T.ArrayType(T.LongType(), False), False),
            T.StructField("words", T.LongType(), False),
            T.StructField("date", T.StringType(), True),
        ]
    )
    items = df.sparkSession.createDataFrame(
        _article_frame(df, columns).rdd.mapPartitions(sign), schema
    )
    # One document given twice (the same id, the same signature) is one article; different
    # texts under one id stay two.
    first = Window.partitionBy("id").orderBy("_order")
    return (
        items.withColumn("_first", F.first("sig").over(first))
        .withColumn("_first_order", F.first("_order").over(first))
        .where((F.col("_order") == F.col("_first_order")) | (F.col("sig") != F.col("_first")))
        .drop("_first", "_first_order")
    )


def candidate_pairs(items):
    """The pairs herald dedup verifies: articles that share a band key, in the same band,
    each compared with the next ``MAX_BUCKET_PAIRS`` of its bucket in input order. Columns
    ``a``, ``b`` (``_order`` of each, ``a < b``), distinct."""
    F, _, _ = _pyspark()
    bands = items.select("_order", F.posexplode("keys").alias("band", "key"))
    buckets = (
        bands.groupBy("band", "key")
        .agg(F.sort_array(F.collect_list("_order")).alias("m"))
        .where(F.size("m") > 1)
    )
    return (
        buckets.select(F.posexplode("m").alias("i", "a"), "m")
        .select("a", F.explode(F.expr(f"slice(m, i + 2, {MAX_BUCKET_PAIRS})")).alias("b"))
        .distinct()
    )


def verified_pairs(items, pairs):
    """The candidate pairs that herald's test says are versions of one article."""
    _, _, T = _pyspark()
    sigs = items.select("_order", "sig")
    joined = (
        pairs.join(sigs.withColumnRenamed("_order", "a").withColumnRenamed("sig", "sa"), "a")
        .join(sigs.withColumnRenamed("_order", "b").withColumnRenamed("sig", "sb"), "b")
        .select("a", "b", "sa", "sb")
    )

    def verify(rows):
        for batch in _batches(rows, 4 * BATCH):
            ok = _herald.versions([(bytes(r["sa"]), bytes(r["sb"])) for r in batch])
            for r, v in zip(batch, ok):
                if v:
                    yield (r["a"], r["b"])

    schema = T.StructType(
        [T.StructField("a", T.LongType(), False), T.StructField("b", T.LongType(), False)]
    )
    return items.sparkSession.createDataFrame(joined.rdd.mapPartitions(verify), schema)


def connected_components(edges, src="a", dst="b", max_rounds=100):
    """The connected components of a graph given as edges (two long columns): columns
    ``v`` and ``comp``, the smallest vertex of its component, for every vertex of an edge.

    Min-label propagation with pointer jumping: each round a vertex takes the smallest label
    among its own, its neighbours' and its label's label, so a chain of length d settles in
    about log d rounds, not d."""
    F, _, _ = _pyspark()
    e = edges.select(F.col(src).alias("u"), F.col(dst).alias("w"))
    both = e.union(e.select(F.col("w").alias("u"), F.col("u").alias("w"))).distinct()
    both = both.localCheckpoint()
    labels = both.groupBy("u").agg(F.least(F.min("w"), F.col("u")).alias("comp"))
    labels = labels.withColumnRenamed("u", "v").localCheckpoint()
    for _ in range(max_rounds):
        from_neighbours = (
            both.join(labels.withColumnRenamed("v", "w"), "w")
            .groupBy("u")
            .agg(F.min("comp").alias("n"))
            .withColumnRenamed("u", "v")
        )
        step = labels.join(from_neighbours, "v").select(
            "v", F.least("comp", "n").alias("comp")
        )
        jumped = (
            step.join(
                step.select(F.col("v").alias("comp"), F.col("comp").alias("cc")), "comp", "left"
            )
            .select("v", F.least("comp", F.coalesce("cc", "comp")).alias("comp"))
            .localCheckpoint()
        )
        changed = (
            jumped.join(labels.withColumnRenamed("comp", "old"), "v")
            .where(F.col("comp") != F.col("old"))
            .limit(1)
            .count()
        )
        labels = jumped
        if changed == 0:
            return labels
    raise RuntimeError(f"connected components did not settle in {max_rounds} rounds")


def dedup(df, order=None):
    """The groups of versions of one article, as ``herald dedup`` finds them: a DataFrame
    ``canonical`` (id), ``duplicates`` (ids in input order), ``_order`` (the canonical's input
    position; sort by it for the CLI's order), one row per group of two or more."""
    F, Window, _ = _pyspark()
    items = signatures(df, order).persist()
    edges = verified_pairs(items, candidate_pairs(items))
    comps = connected_components(edges)
    facts = items.select("_order", "id", "date", "words")
    members = comps.join(facts, comps["v"] == facts["_order"])
    # herald's canonical: the latest date (a date beats none), then the most words, then the
    # first in input.
    best = Window.partitionBy("comp").orderBy(
        F.col("date").desc_nulls_last(), F.col("words").desc(), F.col("_order").asc()
    )
    ranked = members.withColumn("_rank", F.row_number().over(best))
    return (
        ranked.groupBy("comp")
        .agg(
            F.min(F.when(F.col("_rank") == 1, F.struct("_order", "id"))).alias("c"),
            F.sort_array(
                F.collect_list(F.when(F.col("_rank") > 1, F.struct("_order", "id")))
            ).alias("d"),
        )
        .select(
            F.col("c.id").alias("canonical"),
            F.col("d.id").alias("duplicates"),
            F.col("c._order").alias("_order"),
        )
    )


# ------------------------------------------------------------------------------------------
# Stories


def profiles(df, order=None):
    """What grouping reads of each article: ``_order``, ``id``, ``profile`` (bytes), ``terms``
    (the profile's terms), ``day``
    (days since 1970-01-01, null when undated), ``failed_scrape``. Documents herald skips are
    left out."""
    _, _, T = _pyspark()
    df = _with_order(df, order)
    columns = _article_columns(df)

    def describe(rows):
        for batch in _batches(rows):
            described = _herald.story_profiles([_article(r, columns) for r in batch])
            for r, d in zip(batch, described):
                if d is not None:
                    profile, day, failed = d
                    terms = [t for t, _ in struct.iter_unpack("<If", profile)]
                    yield (r["_order"], r["id"], bytearray(profile), terms, day, failed)

    schema = T.StructType(
        [
            T.StructField("_order", T.LongType(), False),
            T.StructField("id", T.StringType(), True),
            T.StructField("profile", T.BinaryType(), False),
            T.StructField("terms", T.ArrayType(T.LongType(), False), False),
            T.StructField("day", T.IntegerType(), True),
            T.StructField("failed_scrape", T.StringType(), True),
        ]
    )
    return df.sparkSession.createDataFrame(
        _article_frame(df, columns).rdd.mapPartitions(describe), schema
    )


def stories(df, order=None, window_days=120, overlap_days=TRACKER_WINDOW_DAYS):
    """The stories of ``herald cluster``, grouped window by window (see the module's
    documentation): a DataFrame ``story`` (from 1, in the order of the first article),
    ``documents`` and ``outliers`` (ids in input order), ``failed_scrape`` (for a story of one
    page that is not an article), ``_order`` (of the first article), and, for ``briefs``,
    ``_members`` (the ``_order`` of each document)."""
    F, Window, T = _pyspark()
    if window_days < 1 or overlap_days < 0:
        raise ValueError("window_days must be at least 1 and overlap_days at least 0")
    spark = df.sparkSession
    described = profiles(df, order).persist()
    first_day = described.agg(F.min("day")).first()[0] or 0
    length, overlap = int(window_days), int(overlap_days)
    # The window an article belongs to, and the later windows whose warm-up it is in. Undated
    # articles belong to the first window, where herald places them too: before any dated one.
    core = F.floor((F.coalesce("day", F.lit(first_day)) - F.lit(first_day)) / length).cast("long")
    last = F.when(
        F.col("day").isNull(), core
    ).otherwise(F.floor((F.col("day") + F.lit(overlap) - F.lit(first_day)) / length).cast("long"))
    placed = described.select(
        "_order",
        "profile",
        "day",
        core.alias("core"),
        F.explode(F.sequence(core, last)).alias("window"),
    )

    # What herald would have counted before each window's warm-up: the number of articles and
    # the document frequency of every profile term, so that a window weighs terms as the whole
    # stream does (without it, a window's rare terms weigh less against common ones than in
    # the CLI, and stories merge: B-cubed 0.980 instead of 0.9997 on 100,000 articles,
    # docs/results.md §55). Undated articles come first in herald's order.
    last_day = described.agg(F.max("day")).first()[0] or first_day
    windows = range(1, (last_day - first_day) // length + 1)
    starts = spark.createDataFrame(
        [(w, first_day + w * length - overlap) for w in windows], "w long, s long"
    )
    before = F.coalesce(F.col("day").cast("long"), F.lit(-(1 << 40)))
    counted = described.select(before.alias("d"), "terms")
    per_day = counted.groupBy("d").agg(F.count(F.lit(1)).alias("n"))
    per_term = counted.select("d", F.explode("terms").alias("t")).groupBy("d", "t").count()
    prior_n = per_day.join(F.broadcast(starts), F.col("d") < F.col("s")).groupBy("w").agg(
        F.sum("n").alias("n")
    )
    prior_df = (
        per_term.join(F.broadcast(starts), F.col("d") < F.col("s"))
        .groupBy("w", "t")
        .agg(F.sum("count").alias("c"))
        .groupBy("w")
        .agg(F.collect_list(F.struct("t", "c")).alias("df"))
    )
    prior = prior_n.join(prior_df, "w", "left").rdd.map(
        lambda r: (r["w"], (r["n"], [(x["t"], x["c"]) for x in (r["df"] or [])]))
    )

    def group(window_rows):
        window, (rows, seen) = window_rows
        rows = sorted(rows, key=lambda r: r[0])
        n, df = seen if seen is not None else (0, None)
        found = _herald.group_profiles(
            [bytes(r[1]) for r in rows], [r[2] for r in rows], n, df
        )
        for r, (label, _) in zip(rows, found):
            yield (r[0], window, (window << 32) | label, r[3] == window)

    schema = T.StructType(
        [
            T.StructField("_order", T.LongType(), False),
            T.StructField("window", T.LongType(), False),
            T.StructField("key", T.LongType(), False),
            T.StructField("is_core", T.BooleanType(), False),
        ]
    )
    grouped = spark.createDataFrame(
        placed.rdd.map(lambda r: (r["window"], (r["_order"], r["profile"], r["day"], r["core"])))
        .groupByKey()
        .leftOuterJoin(prior)
        .flatMap(group),
        schema,
    ).persist()

    # Stitching: a story of a window whose warm-up articles mostly belong to one story of an
    # earlier window continues that story.
    core_key = grouped.where("is_core").select("_order", F.col("key").alias("core_key"))
    warm = grouped.where(~F.col("is_core")).join(core_key, "_order")
    votes = warm.groupBy("key", "core_key").agg(F.count(F.lit(1)).alias("n"))
    best = Window.partitionBy("key").orderBy(F.col("n").desc(), F.col("core_key").asc())
    links = (
        votes.withColumn("_rank", F.row_number().over(best))
        .where("_rank = 1")
        .select(F.col("key").alias("a"), F.col("core_key").alias("b"))
    )
    comps = connected_components(links)
    final = core_key.join(comps, core_key["core_key"] == comps["v"], "left").select(
        "_order", F.coalesce("comp", "core_key").alias("story_key")
    )

    # Each story's members in input order, its outliers flagged as herald flags them.
    members = final.join(described.select("_order", "id", "profile", "failed_scrape"), "_order")

    def finish(key_rows):
        _, rows = key_rows
        rows = sorted(rows, key=lambda r: r[0])
        flags = (
            _herald.story_outliers([bytes(r[2]) for r in rows])
            if len(rows) > 1
            else [False] * len(rows)
        )
        failed = rows[0][3] if len(rows) == 1 else None
        return (
            rows[0][0],
            [r[1] for r in rows],
            [r[1] for r, o in zip(rows, flags) if o],
            failed,
            [r[0] for r in rows],
        )

    made = members.rdd.map(
        lambda r: (r["story_key"], (r["_order"], r["id"], r["profile"], r["failed_scrape"]))
    ).groupByKey().map(finish)
    numbered = made.sortBy(lambda s: s[0]).zipWithIndex().map(lambda si: (si[1] + 1, *si[0]))
    out_schema = T.StructType(
        [
            T.StructField("story", T.LongType(), False),
            T.StructField("_order", T.LongType(), False),
            T.StructField("documents", T.ArrayType(T.StringType()), False),
            T.StructField("outliers", T.ArrayType(T.StringType()), False),
            T.StructField("failed_scrape", T.StringType(), True),
            T.StructField("_members", T.ArrayType(T.LongType()), False),
        ]
    )
    return spark.createDataFrame(numbered, out_schema).select(
        "story", "documents", "outliers", "failed_scrape", "_order", "_members"
    )


def briefs(df, story_df, order=None, words=100, min_articles=2, algorithm="concept"):
    """One brief per story of at least ``min_articles`` articles: a DataFrame ``story`` and
    ``brief`` (the JSON ``herald summarize --format json`` prints for a cluster ``story-N`` of
    the story's articles in input order). ``story_df`` is what ``stories(df)`` returned."""
    F, _, T = _pyspark()
    # The budget and algorithm checked here, with herald's messages, rather than failing in
    # every task of the job.
    _herald.summarize([], words=words, algorithm=algorithm, boilerplate_clusters=0)
    df = _with_order(df, order)
    columns = _article_columns(df)
    membership = story_df.where(F.size("_members") >= min_articles).select(
        "story", F.explode("_members").alias("_order")
    )
    rows = membership.join(_article_frame(df, columns), "_order")

    def summarize(story_rows):
        story, rows = story_rows
        rows = sorted(rows, key=lambda r: r["_order"])
        cluster = {"id": f"story-{story}", "documents": [_article(r, columns) for r in rows]}
        brief = _herald.summarize(
            cluster, words=words, algorithm=algorithm, boilerplate_clusters=0
        )
        return (story, json.dumps(brief, ensure_ascii=False))

    schema = T.StructType(
        [T.StructField("story", T.LongType(), False), T.StructField("brief", T.StringType())]
    )
    made = rows.rdd.map(lambda r: (r["story"], r)).groupByKey().map(summarize)
    return df.sparkSession.createDataFrame(made, schema)


# ------------------------------------------------------------------------------------------
# Input, comparison and the command line


def read_jsonl(spark, path, partitions=None):
    """herald's JSONL input as a DataFrame of articles with an ``order`` column that follows
    the file (line, then position in the line's cluster). A line is a cluster
    ``{"id", "documents": [...]}`` or one article."""
    _, _, T = _pyspark()
    lines = spark.sparkContext.textFile(path, minPartitions=partitions or 2)

    def articles(numbered):
        text, line = numbered
        if not text.strip():
            return
        value = json.loads(text)
        if isinstance(value, dict) and isinstance(value.get("documents"), list):
            docs, cluster = value["documents"], value.get("id")
        else:
            docs, cluster = [value], None
        for k, doc in enumerate(docs):
            if not isinstance(doc, dict):
                continue
            row = [line * (1 << 20) + k]
            for f in _FIELDS:
                v = doc.get(f)
                # herald names a document without an id after its cluster.
                if v is None and f == "id" and cluster is not None:
                    v = f"{cluster}#{k + 1}"
                row.append(None if v is None else str(v))
            yield tuple(row)

    schema = T.StructType(
        [T.StructField("order", T.LongType(), False)]
        + [T.StructField(f, T.StringType(), True) for f in _FIELDS]
    )
    return spark.createDataFrame(lines.zipWithIndex().flatMap(articles), schema)


def bcubed(found, truth):
    """B-cubed precision, recall and F1 of a grouping ``found`` against ``truth``, both lists
    of groups of ids (each id in one group); ids missing from either side count as groups of
    one."""
    def index(groups):
        of = {}
        for n, g in enumerate(groups):
            for i in g:
                of[i] = n
        return of

    f, t = index(found), index(truth)
    ids = set(f) | set(t)
    f_size, t_size, both = {}, {}, {}
    for i in ids:
        a, b = f.get(i, ("f", i)), t.get(i, ("t", i))
        f_size[a] = f_size.get(a, 0) + 1
        t_size[b] = t_size.get(b, 0) + 1
        both[(a, b)] = both.get((a, b), 0) + 1
    p = r = 0.0
    for i in ids:
        a, b = f.get(i, ("f", i)), t.get(i, ("t", i))
        p += both[(a, b)] / f_size[a]
        r += both[(a, b)] / t_size[b]
    n = max(len(ids), 1)
    p, r = p / n, r / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv=None):
    """``python -m herald.spark INPUT.jsonl OUTDIR``: dedup groups, stories and briefs of a
    JSONL archive, written as JSONL folders under OUTDIR (groups/, stories/, briefs/)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m herald.spark", description=main.__doc__)
    parser.add_argument("input", help="herald JSONL input (clusters or articles), any Spark path")
    parser.add_argument("output", help="folder for groups/, stories/ and briefs/")
    parser.add_argument("--master", help="Spark master when not run by spark-submit")
    parser.add_argument("--window-days", type=int, default=120, metavar="N",
                        help="days of articles grouped into stories by one task (default: 120)")
    parser.add_argument("--overlap-days", type=int, default=TRACKER_WINDOW_DAYS, metavar="N",
                        help="warm-up: days before each window grouped again first "
                             f"(default: {TRACKER_WINDOW_DAYS}, the CLI's reach)")
    parser.add_argument("--words", type=int, default=100, metavar="N",
                        help="length of each brief in words (default: 100)")
    parser.add_argument("--min-articles", type=int, default=2, metavar="N",
                        help="write briefs only of stories of at least N articles (default: 2)")
    parser.add_argument("--no-briefs", action="store_true", help="write groups/ and stories/ only")
    parser.add_argument("--partitions", type=int, help="input partitions")
    args = parser.parse_args(argv)
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        # `pip install ./crates/herald-py`, as the README's Python section says, leaves it out.
        parser.exit(1, "python -m herald.spark: pyspark is not installed: pip install pyspark "
                       "(from a clone: pip install './crates/herald-py[spark]'), and a Java 17 "
                       "runtime\n")

    # Executors run this interpreter, which has herald, unless the cluster says otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("herald")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    df = read_jsonl(spark, args.input, args.partitions).persist()
    groups = dedup(df, order="order")
    groups.orderBy("_order").select("canonical", "duplicates").write.mode("overwrite").json(
        os.path.join(args.output, "groups")
    )
    story_df = stories(
        df, order="order", window_days=args.window_days, overlap_days=args.overlap_days
    ).persist()
    story_df.orderBy("story").select(
        "story", "documents", "outliers", "failed_scrape"
    ).write.mode("overwrite").json(os.path.join(args.output, "stories"))
    if not args.no_briefs:
        briefs(df, story_df, order="order", words=args.words, min_articles=args.min_articles)\
            .orderBy("story").write.mode("overwrite").json(os.path.join(args.output, "briefs"))
    spark.stop()


if __name__ == "__main__":
    main()
