#!/usr/bin/env bash
# Instructions executed for a fixed amount of work, counted by valgrind's
# cachegrind: 200 checks of the 50 KB document (one round of the `loops`
# bench), and, with --dir DIR, one check of every document under DIR.
# The machine's noise does not move these counts, so two builds can be
# compared in any minute (docs/performance.md, "Instruction counts").
#
#   benches/instructions.sh                  # the 50 KB document
#   benches/instructions.sh --dir /tmp/10mb  # and a set of documents
#
# Needs valgrind (Debian: `apt install valgrind`).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="${2:?--dir needs a directory}"; shift 2 ;;
    *) echo "usage: benches/instructions.sh [--dir DIR]" >&2; exit 2 ;;
  esac
done
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed" >&2; exit 2; }

# The bench binary's path, as cargo reports it.
bin=$(cargo bench --bench loops --no-run --message-format=json 2>/dev/null \
  | grep '"kind":\["bench"\]' | grep '"name":"loops"' \
  | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
[ -x "$bin" ] || { echo "instructions.sh: could not build the loops bench" >&2; exit 2; }

count() {
  local out
  out=$(mktemp)
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>"$out" >/dev/null
  sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$out"
  rm -f "$out"
}

echo "200 checks of the 50 KB document: $(count "$bin" 1) instructions"
if [ -n "$dir" ]; then
  echo "every document under $dir, once: $(count "$bin" 1 --dir "$dir") instructions"
fi
