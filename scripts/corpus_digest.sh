#!/usr/bin/env bash
# The digest of `paragraphd parse --json` over every corpus file: one line per file,
# `<sha256 of the output>  <path under ../shared/corpus>`, sorted by path. The same lines as
# tests/snapshots/corpus.sha256, which the test `corpus_snapshot::` checks in process.
#
#   scripts/corpus_digest.sh [BIN] > /tmp/now.sha256 && diff tests/snapshots/corpus.sha256 /tmp/now.sha256
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/paragraphd}
corpus=../shared/corpus
find "$corpus" -type f \( -name '*.txt' -o -name '*.pdf' \) -printf '%P\n' | LC_ALL=C sort |
  while read -r rel; do
    sum=$("$bin" parse --json "$corpus/$rel" 2>/dev/null | sha256sum | cut -d' ' -f1)
    printf '%s  %s\n' "$sum" "$rel"
  done
