#!/usr/bin/env python3
"""Held-out parity check of herald-rouge against ROUGE-1.5.5 (not run by cargo test).

Usage: heldout.py DATASET.jsonl OUTDIR [ROUGE-1.5.5-release-dir]

For each cluster two peers are scored: the first reference against the other
references ("ref0"), and the first 100 whitespace words of the first document
against all references ("lead"). For every flag set, the perl script's output
and wall time go to OUTDIR/<peer>-<flags>.perl.txt, the Rust example's to
OUTDIR/<peer>-<flags>.rust.txt, and a summary of the comparison to stdout.
Needs perl with XML::DOM and DB_File, cargo, and the data built by
make-golden.sh's recipe (rebuilt here).
"""
import json
import os
import subprocess
import sys
import time

FLAG_SETS = [["-l", "100"], ["-l", "100", "-m"], ["-b", "665"], ["-b", "665", "-m"]]
BASE = "-n 4 -2 4 -u -c 95 -r 1000 -f A -p 0.5 -a".split()


def main():
    dataset, out = sys.argv[1], os.path.abspath(sys.argv[2])
    here = os.path.dirname(os.path.abspath(__file__))
    release = sys.argv[3] if len(sys.argv) > 3 else subprocess.check_output(
        [os.path.join(here, "fetch-rouge.sh")], text=True).strip()
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    data = os.path.join(out, "data")
    subprocess.check_call(["cp", os.path.join(release, "data", "smart_common_words.txt"), data])
    db = os.path.join(data, "WordNet-2.0.exc.db")
    if not os.path.exists(db):
        subprocess.check_call(["perl", "-MDB_File", "-MFcntl", "-e", """
          tie my %db, "DB_File", $ARGV[0], O_CREAT|O_RDWR, 0644, $DB_HASH or die;
          for my $f (sort glob("$ARGV[1]/*.exc")) {
            open my $in, "<", $f or die; while (my $l = <$in>) { chomp $l; my @t = split /\\s+/, $l; $db{$t[0]} = $t[1]; } }
          untie %db;""", db, os.path.join(release, "data", "WordNet-2.0-Exceptions")])

    clusters = [json.loads(line) for line in open(dataset, encoding="utf-8")]
    peers = {
        "ref0": [(c["id"], c["references"][0], c["references"][1:]) for c in clusters],
        "lead": [(c["id"], " ".join(c["documents"][0]["text"].split()[:100]), c["references"])
                 for c in clusters],
    }
    subprocess.check_call(["cargo", "build", "--release", "-q", "-p", "herald-rouge",
                           "--example", "score_jsonl"], cwd=os.path.join(here, "..", ".."))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(here, "..", "..", "target"))
    binary = os.path.join(target, "release", "examples", "score_jsonl")
    all_equal = True
    for name, items in peers.items():
        root = os.path.join(out, name)
        os.makedirs(root, exist_ok=True)
        evals = []
        with open(os.path.join(out, name + ".jsonl"), "w", encoding="utf-8") as jl:
            for cid, peer, refs in items:
                jl.write(json.dumps({"id": cid, "peer": peer, "references": refs}) + "\n")
                with open(os.path.join(root, cid + ".peer"), "w", encoding="utf-8") as f:
                    f.write(peer)
                models = []
                for i, r in enumerate(refs):
                    with open(os.path.join(root, "%s.%d" % (cid, i)), "w", encoding="utf-8") as f:
                        f.write(r)
                    models.append('<M ID="%d">%s.%d</M>' % (i, cid, i))
                evals.append('<EVAL ID="%s"><PEER-ROOT>%s</PEER-ROOT><MODEL-ROOT>%s</MODEL-ROOT>'
                             '<INPUT-FORMAT TYPE="SPL"></INPUT-FORMAT><PEERS><P ID="herald">%s.peer</P>'
                             '</PEERS><MODELS>%s</MODELS></EVAL>' % (cid, root, root, cid, "".join(models)))
        config = os.path.join(out, name + ".xml")
        with open(config, "w", encoding="utf-8") as f:
            f.write('<ROUGE-EVAL version="1.0">%s</ROUGE-EVAL>' % "".join(evals))
        for flags in FLAG_SETS:
            tag = "%s-%s" % (name, "".join(flags).replace("-", ""))
            t0 = time.time()
            perl = subprocess.run(["perl", os.path.join(release, "ROUGE-1.5.5.pl"), "-e", data]
                                  + BASE + flags + [config], capture_output=True, text=True, check=True).stdout
            t_perl = time.time() - t0
            t0 = time.time()
            rust = subprocess.run([binary, os.path.join(out, name + ".jsonl")] + flags,
                                  capture_output=True, text=True, check=True)
            t_rust = time.time() - t0
            open(os.path.join(out, tag + ".perl.txt"), "w").write(perl)
            open(os.path.join(out, tag + ".rust.txt"), "w").write(rust.stdout)
            pl = [l for l in perl.splitlines() if "Average_" in l]
            rl = [l for l in rust.stdout.splitlines() if "Average_" in l]
            means_equal = [p.split(" (")[0] for p in pl] == [r.split(" (")[0] for r in rl]
            equal = pl == rl
            all_equal &= equal
            print("%-16s perl %6.2fs  rust %6.3fs (%s)  averages %s, CIs %s" % (
                tag, t_perl, t_rust, rust.stderr.strip(), "equal" if means_equal else "DIFFER",
                "equal" if equal else "DIFFER"))
    sys.exit(0 if all_equal else 1)


if __name__ == "__main__":
    main()
