#!/bin/sh
# Proof that a speed change changed no finding, over every corpus at hand: bench/lint-snapshot.js
# (every rule on, `--format json`, one thread) for each directory, into or against SNAPDIR.
#
#   sh bench/lint-snapshot-corpora.sh write SNAPDIR      before the change (build first)
#   sh bench/lint-snapshot-corpora.sh compare SNAPDIR    after it: exit 1 if any output differs
#
# Corpora: ../shared/corpus, /tmp/lq-corpus and /tmp/lq3 ... /tmp/lq11 (those that exist), or the
# directories in $NBCRAFT_SNAPSHOT_CORPORA (space-separated). Run from lint-rules/ after
# `../node_modules/.bin/tsc -b tsconfig.cli.json`.
set -u
mode=${1:-}
snap=${2:-}
if [ "$mode" != write ] && [ "$mode" != compare ] || [ -z "$snap" ]; then
  echo "usage: sh bench/lint-snapshot-corpora.sh write|compare SNAPDIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
corpora=${NBCRAFT_SNAPSHOT_CORPORA:-"$here/../../../shared/corpus /tmp/lq-corpus /tmp/lq3 /tmp/lq4 /tmp/lq5 /tmp/lq6 /tmp/lq7 /tmp/lq8 /tmp/lq9 /tmp/lq10 /tmp/lq11"}
mkdir -p "$snap"
status=0
checked=0
for dir in $corpora; do
  [ -d "$dir" ] || { echo "skip $dir: not a directory"; continue; }
  name=$(basename "$dir")
  printf '%s: ' "$dir"
  node "$here/lint-snapshot.js" "$mode" "$dir" "$snap/$name.json" || status=1
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || { echo "no corpus found" >&2; exit 2; }
exit $status
