#!/usr/bin/env bash
# Regenerates every benchmark number in BENCHMARKS.md, with docs/bench/results.json and
# docs/bench/latency-vs-load.png: builds the release binaries, then runs
# `paragraphd-bench suite` (serving A/B runs pinned and unpinned, the fixed-rate sweep, parsing,
# PDF against pdftotext, startup and memory). Takes about 10 minutes on 2 cores.
#
#   bash scripts/bench.sh                      # everything
#   bash scripts/bench.sh --parts serving --reps 3 --pinning pinned   # a part, quicker
#
# Arguments go to `paragraphd-bench suite` (see `--help`). Set BENCH_MAX_LOAD=N to wait (up to
# 10 minutes) until the 1-minute load average is below N before measuring. Reads the shared
# corpus at ../shared/corpus. Traffic stays on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

install_if_missing() { # command, Debian package
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "bench.sh: installing $2 (for $1)" >&2
        apt-get install -y -q "$2" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }
    fi
}
install_if_missing taskset util-linux
install_if_missing pdftotext poppler-utils
if [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
    echo "bench.sh: installing fonts-dejavu-core (text in the plot)" >&2
    apt-get install -y -q fonts-dejavu-core >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q fonts-dejavu-core >/dev/null; }
fi

cargo build --release --bin paragraphd --example paragraphd-bench

if [ -n "${BENCH_MAX_LOAD:-}" ]; then
    for _ in $(seq 60); do
        load=$(cut -d' ' -f1 /proc/loadavg)
        awk -v l="$load" -v m="$BENCH_MAX_LOAD" 'BEGIN { exit !(l < m) }' && break
        echo "bench.sh: load average $load ≥ $BENCH_MAX_LOAD; waiting" >&2
        sleep 10
    done
fi
echo "bench.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "${CARGO_TARGET_DIR:-target}/release/examples/paragraphd-bench" suite "$@"
