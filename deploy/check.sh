#!/usr/bin/env bash
# Offline checks of the Kubernetes manifests (no cluster, no Docker engine needed):
#
#   1. `kubectl kustomize` renders deploy/k8s/base and every overlay in deploy/k8s/overlays/;
#   2. `kubernetes-validate --strict` accepts every rendered object for each Kubernetes version
#      in KUBE_VERSIONS (1.30.0, the oldest we support: native preStop `sleep`; and the newest
#      schema the pinned validator ships), and a resource kind it has no schema for is an error,
#      not a warning;
#   3. deploy/policy.py checks the review rules (probes, security context, shutdown budget,
#      selectors, namespaces, per-overlay settings);
#   4. the one-off manifests in deploy/k8s/tools/ (applied by hand) are validated as in 2.
#
# kubernetes-validate (PyPI) and its dependencies are installed with --require-hashes from
# deploy/requirements-validate.txt into a venv cached at
# "${CARGO_TARGET_DIR:-target}/test-tools/kv-venv"; once that exists, nothing touches the
# network. Parallel runs serialise on a flock. A missing tool is a failure, never a skip.
#
# Run by tests/deploy.rs (so `cargo test` covers it); can be run alone: `bash deploy/check.sh`.
set -euo pipefail

readonly KUBE_VERSIONS=(1.30.0 1.37.0)
readonly LOCK_WAIT_SECONDS=900

log() { printf 'check.sh: %s\n' "$*" >&2; }
die() { printf 'check.sh: ERROR: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "required command '$1' is not on PATH${2:+ ($2)}"; }

need kubectl "the manifests cannot be rendered without it"
need python3
need flock
need sha256sum
kubectl version --client >/dev/null 2>&1 || die "'kubectl version --client' failed"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deploy="$repo_root/deploy"
requirements="$deploy/requirements-validate.txt"
[[ -f $requirements ]] || die "missing $requirements"
target_dir="${CARGO_TARGET_DIR:-target}"
[[ $target_dir == /* ]] || target_dir="$repo_root/$target_dir"
tools="$target_dir/test-tools"
venv="$tools/kv-venv"
mkdir -p "$tools" || die "cannot create $tools"

# --- kubernetes-validate venv, provisioned once ----------------------------------------------
# The stamp ties the venv to the requirements file and the interpreter that built it.
stamp_value="$(sha256sum "$requirements" | cut -d' ' -f1) $(python3 -c 'import sys; print(sys.version.split()[0])')"
exec 9>"$tools/kv-venv.lock"
flock -w "$LOCK_WAIT_SECONDS" 9 || die "timed out waiting for $tools/kv-venv.lock"
if [[ -x $venv/bin/kubernetes-validate && -f $venv/.stamp && "$(<"$venv/.stamp")" == "$stamp_value" ]]; then
    log "kubernetes-validate: cached in $venv"
else
    log "kubernetes-validate: provisioning $venv from $requirements"
    started=$SECONDS
    rm -rf "$venv"
    python3 -m venv "$venv" || die "python3 -m venv failed"
    PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --quiet \
        --require-hashes --only-binary=:all: -r "$requirements" \
        || { rm -rf "$venv"; die "pip install -r $requirements failed (first run needs the package registry)"; }
    "$venv/bin/python" -c 'import kubernetes_validate, yaml' \
        || { rm -rf "$venv"; die "the kubernetes-validate venv does not import"; }
    printf '%s\n' "$stamp_value" >"$venv/.stamp"
    log "kubernetes-validate: provisioned in $((SECONDS - started))s"
fi
# Keep the venv from being rebuilt under us (a rebuild needs the exclusive lock).
flock -s 9

scratch="$(mktemp -d "$tools/.kv-check.XXXXXX")" || die "cannot create a scratch directory"
trap 'rm -rf "$scratch"' EXIT
validate() { "$venv/bin/kubernetes-validate" --strict "${KUBE_VERSIONS[@]/#/-k}" "$@"; }

# --- the validator must reject what it should (guards against a silently permissive run) ------
cat >"$scratch/bad.yaml" <<'EOF'
apiVersion: v1
kind: ServiceAccount
metadata:
  name: canary
automountServiceAccountTokens: false
EOF
if validate --quiet "$scratch/bad.yaml" >"$scratch/bad.out" 2>&1; then
    cat "$scratch/bad.out" >&2
    die "kubernetes-validate --strict accepted an unknown field: the validation is not effective"
fi

# --- render and validate ----------------------------------------------------------------------
dirs=("$deploy/k8s/base")
for d in "$deploy"/k8s/overlays/*/; do dirs+=("${d%/}"); done
((${#dirs[@]} >= 3)) || die "expected the base and the dev and prod overlays under $deploy/k8s"

failed=0
mkdir -p "$scratch/render"
for dir in "${dirs[@]}"; do
    name="$(basename "$dir")"
    out="$scratch/render/$name.yaml"
    if ! kubectl kustomize "$dir" >"$out" 2>"$scratch/kustomize.err"; then
        cat "$scratch/kustomize.err" >&2
        log "FAIL $name: kubectl kustomize ${dir#"$repo_root"/}"
        failed=1
        continue
    fi
    objects=$(grep -c '^kind:' "$out" || true)
    report="$scratch/$name.validate"
    if validate "$out" >"$report" 2>&1 && ! grep -qv '^INFO ' "$report"; then
        log "ok   $name: $objects objects valid (strict) for Kubernetes ${KUBE_VERSIONS[*]}"
    else
        sed "s|$scratch/render/||" "$report" | grep -v '^INFO ' >&2 || true
        log "FAIL $name: kubernetes-validate --strict"
        failed=1
    fi
done

# One-off manifests applied by hand (deploy/README.md), not part of an overlay: schema only.
for file in "$deploy"/k8s/tools/*.yaml; do
    name="tools/$(basename "$file")"
    if validate "$file" >"$scratch/tool.validate" 2>&1 && ! grep -qv '^INFO ' "$scratch/tool.validate"; then
        log "ok   $name: valid (strict) for Kubernetes ${KUBE_VERSIONS[*]}"
    else
        grep -v '^INFO ' "$scratch/tool.validate" >&2 || true
        log "FAIL $name: kubernetes-validate --strict"
        failed=1
    fi
done

if "$venv/bin/python" "$deploy/policy.py" "$scratch/render" >"$scratch/policy.out" 2>&1; then
    log "ok   $(tail -n 1 "$scratch/policy.out")"
else
    cat "$scratch/policy.out" >&2
    log "FAIL policy.py"
    failed=1
fi

((failed == 0)) || die "the Kubernetes manifests did not pass"
echo "deploy/check.sh: all manifests rendered, valid for Kubernetes ${KUBE_VERSIONS[*]}, policy ok"
