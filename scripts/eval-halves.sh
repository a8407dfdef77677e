#!/usr/bin/env bash
# Splits the labelled documents of ../shared/corpus (dev + dev-2) into two
# halves by their line in MANIFEST.tsv (even data lines: the tuning half,
# whose errors may be read; odd: the checking half, whose errors are not)
# and runs `clauselint eval` on each, so that a change is judged on
# documents it was not tuned on.
#
#   scripts/eval-halves.sh [BIN] [EXTRA EVAL ARGS...]
#
# BIN defaults to target/release/clauselint (under $CARGO_TARGET_DIR if
# set). The halves are written to ${TMPDIR:-/tmp}/clauselint-halves/.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus
bin=${1:-${CARGO_TARGET_DIR:-target}/release/clauselint}
[ $# -gt 0 ] && shift
out=${TMPDIR:-/tmp}/clauselint-halves
mkdir -p "$out"
header=$(head -1 "$corpus/labels/dev.tsv")
for half in tune check; do printf '%s\n' "$header" >"$out/$half.tsv"; done
# Data line n of the manifest (n from 1): tuning half when n is even.
awk -F'\t' -v out="$out" '
  NR == FNR { if (FNR > 1) half[$1] = ((FNR - 1) % 2 == 0) ? "tune" : "check"; next }
  FNR > 1 && ($1 in half) { print >> (out "/" half[$1] ".tsv") }
' "$corpus/MANIFEST.tsv" "$corpus/labels/dev.tsv" "$corpus/labels/dev2.tsv"
for half in tune check; do
  docs=$(tail -n +2 "$out/$half.tsv" | cut -f1 | sort -u | wc -l)
  echo "== $half half ($docs documents)"
  "$bin" eval --labels "$out/$half.tsv" --docs "$corpus/docs" \
    --manifest "$corpus/MANIFEST.tsv" "$@"
done
