#!/usr/bin/env python3
"""Sweep pipeline settings with `herald bench` and print ROUGE per setting.

Usage: scripts/sweep.py DATASET WORDS 'path.to.key=v1,v2' ['other.key=v1,v2' ...]
       scripts/sweep.py dev 'path.to.key=v1,v2' ...

Each combination of values is written into a copy of the default configuration (from
`herald summarize --print-config`) and scored; results go to stdout as a Markdown table.

With `dev` instead of DATASET WORDS, every combination is scored on the three development sets
as docs/results.md reports them: DUC 2003 at 100 words with --truncate (recall), Multi-News dev
at 250 words (F1) and MultiLing 2011 English at 250 words (recall), plus the median
milliseconds per DUC cluster. The data folder is $HERALD_DATA (default ../shared/data).

The binary is $HERALD (default target/release/herald). Run from the repository root after
`cargo build --release`. Values may be JSON (`key=[1,2]` is one value only if quoted as JSON);
a value is cast to int, float or bool when it looks like one.
"""
import itertools, json, os, subprocess, sys, tempfile

HERALD = os.environ.get("HERALD", "target/release/herald")
DATA = os.environ.get("HERALD_DATA", "../shared/data")

# (label, file, words, truncate, measure)
DEV = [
    ("DUC", "duc2003.jsonl", "100", True, "r"),
    ("MN", "multinews-dev.jsonl", "250", False, "f"),
    ("ML", "multiling2011-en.jsonl", "250", False, "r"),
]


def parse(v):
    for cast in (int, float):
        try:
            return cast(v)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(v, v)


def bench(path, words, cfg_path, truncate):
    cmd = [HERALD, "bench", path, "--words", words, "--config", cfg_path, "--json"]
    if truncate:
        cmd.append("--truncate")
    out = subprocess.run(cmd, capture_output=True, check=True, text=True).stdout
    return json.loads(out)["systems"][0]


def main():
    args = sys.argv[1:]
    dev = args and args[0] == "dev"
    if dev:
        axes = args[1:]
    else:
        dataset, words, *axes = args
    base = json.loads(subprocess.run([HERALD, "summarize", "x", "--print-config"], capture_output=True, check=True, text=True).stdout)
    keys = [a.split("=", 1)[0] for a in axes]
    values = [[parse(v) for v in a.split("=", 1)[1].split(",")] for a in axes]
    if dev:
        cols = ["DUC R-1", "DUC R-2", "MN R-1 F", "MN R-2 F", "ML R-1", "ML R-2", "ms DUC"]
    else:
        cols = ["R-1 R", "R-2 R", "SU4 R", "R-1 F", "R-2 F", "ms"]
    print("| " + " | ".join(keys + cols) + " |")
    print("|" + "---|" * (len(keys) + len(cols)))
    for combo in itertools.product(*values):
        cfg = json.loads(json.dumps(base))
        for k, v in zip(keys, combo):
            node = cfg
            *path, last = k.split(".")
            for p in path:
                node = node[p]
            node[last] = v
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(cfg, f)
        row = [str(v) for v in combo]
        if dev:
            ms = 0.0
            for label, file, w, trunc, m in DEV:
                s = bench(os.path.join(DATA, file), w, f.name, trunc)
                row += [f"{s['rouge-1'][m]*100:.2f}", f"{s['rouge-2'][m]*100:.2f}"]
                if label == "DUC":
                    ms = s["median_ms_per_cluster"]
            row.append(f"{ms:.2f}")
        else:
            s = bench(dataset, words, f.name, False)
            row += [f"{s['rouge-1']['r']*100:.2f}", f"{s['rouge-2']['r']*100:.2f}", f"{s['rouge-su4']['r']*100:.2f}", f"{s['rouge-1']['f']*100:.2f}", f"{s['rouge-2']['f']*100:.2f}", f"{s['median_ms_per_cluster']:.2f}"]
        os.unlink(f.name)
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
