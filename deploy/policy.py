"""Review rules for the rendered paragraphd manifests, beyond schema validity.

Usage: policy.py RENDER_DIR   (RENDER_DIR holds base.yaml and one NAME.yaml per overlay, the
output of `kubectl kustomize`). Run by deploy/check.sh with the validator's venv (PyYAML).
Prints every broken rule and exits 1 if there is any.
"""

import re
import sys
from pathlib import Path

import yaml

PORT = 50051
UID = 65532
MIN_STARTUP_SECONDS = 300  # a large corpus takes minutes to load
# Bounds for hostile clients that every render sets explicitly (README "Bounds and refusals").
BOUND_COUNTS = ("PARAGRAPHD_MAX_SELECTORS", "PARAGRAPHD_MAX_STREAMS_PER_PEER",
                "PARAGRAPHD_MAX_INGESTS", "PARAGRAPHD_INGEST_MEMORY_BYTES")
BOUND_DURATIONS = ("PARAGRAPHD_SEND_TIMEOUT",)
# Resident memory per byte of corpus text (at most 3 x, BENCHMARKS.md "Startup and memory").
CORPUS_MEMORY_PER_BYTE = 3
# The server's own memory beside the corpus and the ingests: an empty server is about 9 MiB
# resident (BENCHMARKS.md); the rest is room for response buffers and the allocator.
SERVER_MEMORY = 64 * 2**20
# The annotation on a corpus PersistentVolumeClaim that says how much memory its corpus takes.
CORPUS_MEMORY_ANNOTATION = "paragraphd/corpus-memory"
# The namespace of each overlay (its kustomization's `namespace:` and its namespace.yaml), the one
# deploy/README.md's kubectl commands name. The base sets none: an overlay chooses.
NAMESPACES = {"dev": "paragraphd-dev", "prod": "paragraphd"}

failures = []


def check(ok, where, message):
    if not ok:
        failures.append(f"{where}: {message}")
    return ok


def duration_seconds(text):
    """Seconds in a humantime-style duration ("10s", "5m", "1h 30m", "250ms")."""
    units = {"ms": 0.001, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600}
    parts = re.findall(r"(\d+)\s*([a-z]+)", str(text))
    if not parts or re.sub(r"[\d\sa-z]", "", str(text)):
        raise ValueError(f"not a duration: {text!r}")
    return sum(int(n) * units[u] for n, u in parts)


def quantity(text):
    """A Kubernetes quantity as a number (cpu in cores, memory in bytes)."""
    m = re.fullmatch(r"([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?", str(text))
    if not m:
        raise ValueError(f"not a quantity: {text!r}")
    scale = {None: 1, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
             "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}[m.group(2)]
    return float(m.group(1)) * scale


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def one(objs, kind, where):
    found = [o for o in objs if o["kind"] == kind]
    check(len(found) == 1, where, f"expected one {kind}, found {len(found)}")
    return found[0] if found else None


def check_render(name, objs):
    w = name
    kinds = {o["kind"] for o in objs}
    for kind in ("Deployment", "Service", "ConfigMap", "ServiceAccount",
                 "PodDisruptionBudget", "NetworkPolicy"):
        check(kind in kinds, w, f"no {kind}")
    dep = one(objs, "Deployment", w)
    if dep is None:
        return None
    pod = dep["spec"]["template"]["spec"]
    pod_labels = dep["spec"]["template"]["metadata"].get("labels", {})
    check(pod_labels.get("app.kubernetes.io/name") == "paragraphd", w,
          "pod label app.kubernetes.io/name=paragraphd missing")
    check(selects(dep["spec"]["selector"].get("matchLabels"), pod_labels), w,
          "Deployment selector does not match its pod labels")
    containers = [c for c in pod["containers"] if c["name"] == "paragraphd"]
    if not check(len(containers) == 1, w, "no container named paragraphd"):
        return None
    c = containers[0]

    # Image: a tag or a digest, never latest.
    image = c["image"]
    check(("@sha256:" in image or re.search(r":[^/:]+$", image))
          and not image.endswith(":latest"), w, f"image {image!r} is not pinned")

    # Settings ConfigMap.
    configmaps = {o["metadata"]["name"]: o for o in objs if o["kind"] == "ConfigMap"}
    env = {}
    for source in c.get("envFrom", []):
        ref = source.get("configMapRef", {}).get("name")
        if check(ref in configmaps, w, f"envFrom ConfigMap {ref!r} is not in the render"):
            env.update(configmaps[ref].get("data", {}))
    check(env.get("PARAGRAPHD_CORPUS") == "/data", w, "PARAGRAPHD_CORPUS is not /data")
    listen = env.get("PARAGRAPHD_LISTEN", f"0.0.0.0:{PORT}")
    host, _, port = listen.rpartition(":")
    check(host in ("0.0.0.0", "[::]") and port == str(PORT), w,
          f"PARAGRAPHD_LISTEN={listen}: probes call the pod IP on port {PORT}")
    check(env.get("PARAGRAPHD_LOG_FORMAT") in ("text", "json"), w, "PARAGRAPHD_LOG_FORMAT")
    check(env.get("PARAGRAPHD_READ_ONLY") == "true", w,
          "PARAGRAPHD_READ_ONLY must be true: the corpus volume is read-only and shared")
    check("PARAGRAPHD_MAX_CONNECTION_AGE" in env, w, "PARAGRAPHD_MAX_CONNECTION_AGE unset")
    check(env.get("PARAGRAPHD_NO_SAMPLE") != "true" or env.get("PARAGRAPHD_REQUIRE_DOCUMENTS") == "true",
          w, "PARAGRAPHD_NO_SAMPLE without PARAGRAPHD_REQUIRE_DOCUMENTS=true: an empty corpus "
          "would be a ready pod that serves nothing")
    for key in ("PARAGRAPHD_MAX_CONNECTION_AGE", "PARAGRAPHD_DRAIN_TIMEOUT"):
        if key in env:
            try:
                duration_seconds(env[key])
            except ValueError as e:
                check(False, w, f"{key}: {e}")
    for key in env:
        check(key.startswith("PARAGRAPHD_") or key == "RUST_LOG", w, f"unexpected setting {key}")

    # Port and probes: native gRPC on the numeric port; with TLS on that port (native probes
    # speak no TLS), on the plaintext health port instead.
    ports = c.get("ports", [])
    check(any(p.get("containerPort") == PORT and p.get("name") == "grpc" for p in ports), w,
          f"no containerPort {PORT} named grpc")
    health_port = listen_port(w, env, "PARAGRAPHD_HEALTH_LISTEN")
    probe_port = health_port if health_port is not None else PORT
    check("PARAGRAPHD_TLS_CERT" not in env or health_port is not None, w,
          "PARAGRAPHD_TLS_CERT without PARAGRAPHD_HEALTH_LISTEN: native gRPC probes speak no TLS")
    for probe_name in ("startupProbe", "readinessProbe", "livenessProbe"):
        probe = c.get(probe_name)
        if not check(probe is not None, w, f"no {probe_name}"):
            continue
        check(isinstance(probe.get("grpc", {}).get("port"), int)
              and probe["grpc"]["port"] == probe_port, w,
              f"{probe_name} is not a native grpc probe on numeric port {probe_port}")
    metrics_port = check_metrics(w, env, ports, dep["spec"]["template"]["metadata"])
    startup = c.get("startupProbe") or {}
    budget = startup.get("failureThreshold", 3) * startup.get("periodSeconds", 10)
    check(budget >= MIN_STARTUP_SECONDS, w,
          f"startupProbe allows {budget}s, less than {MIN_STARTUP_SECONDS}s for a corpus load")

    # Resources.
    res = c.get("resources", {})
    for kind in ("requests", "limits"):
        for r in ("cpu", "memory"):
            check(r in res.get(kind, {}), w, f"resources.{kind}.{r} missing")
    for r in ("cpu", "memory"):
        if r in res.get("requests", {}) and r in res.get("limits", {}):
            check(quantity(res["requests"][r]) <= quantity(res["limits"][r]), w,
                  f"{r} request above its limit")

    # Restricted security context.
    psc, csc = pod.get("securityContext", {}), c.get("securityContext", {})
    check(psc.get("runAsNonRoot") is True and csc.get("runAsNonRoot") is True, w,
          "runAsNonRoot must be true (pod and container)")
    check(psc.get("runAsUser") == UID and csc.get("runAsUser", UID) == UID, w,
          f"runAsUser must be {UID}")
    check(csc.get("allowPrivilegeEscalation") is False, w, "allowPrivilegeEscalation not false")
    check(csc.get("readOnlyRootFilesystem") is True, w, "readOnlyRootFilesystem not true")
    check(csc.get("privileged", False) is False, w, "privileged")
    caps = csc.get("capabilities", {})
    check("ALL" in caps.get("drop", []) and not caps.get("add"), w,
          "capabilities must drop ALL and add none")
    seccomp = csc.get("seccompProfile") or psc.get("seccompProfile") or {}
    check(seccomp.get("type") == "RuntimeDefault", w, "seccompProfile is not RuntimeDefault")
    check(pod.get("automountServiceAccountToken") is False, w,
          "pod automountServiceAccountToken not false")
    check(pod.get("enableServiceLinks") is False, w, "enableServiceLinks not false")
    check(not pod.get("hostNetwork") and not pod.get("hostPID") and not pod.get("hostIPC"), w,
          "host namespaces")
    accounts = {o["metadata"]["name"]: o for o in objs if o["kind"] == "ServiceAccount"}
    sa = accounts.get(pod.get("serviceAccountName"))
    check(sa is not None and sa.get("automountServiceAccountToken") is False, w,
          "the pod's ServiceAccount must exist with automountServiceAccountToken: false")

    # Shutdown: preStop pause, then the drain, all within the grace period.
    sleep = c.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds")
    check(isinstance(sleep, int) and sleep > 0, w, "no preStop sleep")
    drain = duration_seconds(env.get("PARAGRAPHD_DRAIN_TIMEOUT", "10s"))
    grace = pod.get("terminationGracePeriodSeconds", 30)
    check(grace > (sleep or 0) + drain, w,
          f"terminationGracePeriodSeconds {grace} <= preStop {sleep}s + drain {drain}s")

    # Volumes: every reference resolves; the corpus is mounted at /data.
    pvcs = {o["metadata"]["name"] for o in objs if o["kind"] == "PersistentVolumeClaim"}
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for v in volumes.values():
        if "configMap" in v:
            check(v["configMap"]["name"] in configmaps, w, f"volume {v['name']}: no ConfigMap")
        if "persistentVolumeClaim" in v:
            check(v["persistentVolumeClaim"]["claimName"] in pvcs, w,
                  f"volume {v['name']}: no PersistentVolumeClaim")
    mounts = c.get("volumeMounts", [])
    corpus_mounts = [m for m in mounts
                     if m["mountPath"] == "/data" or m["mountPath"].startswith("/data/")]
    check(corpus_mounts and all(m.get("readOnly") for m in corpus_mounts), w,
          "no read-only corpus mount at /data")
    check_credential_files(w, env, mounts, volumes)
    for m in mounts:
        check(m["name"] in volumes, w, f"volumeMount {m['name']} has no volume")

    check_bounds(w, env, res, objs, [volumes.get(m["name"], {}) for m in corpus_mounts])

    # Services: one ClusterIP and one headless, both gRPC on the named port.
    services = [o for o in objs if o["kind"] == "Service"]
    headless = [s for s in services if s["spec"].get("clusterIP") == "None"]
    cluster_ip = [s for s in services if s["spec"].get("clusterIP") != "None"
                  and s["spec"].get("type", "ClusterIP") == "ClusterIP"]
    check(len(headless) == 1, w, f"expected one headless Service, found {len(headless)}")
    check(len(cluster_ip) == 1, w, f"expected one ClusterIP Service, found {len(cluster_ip)}")
    for s in services:
        sw = f"{w}: Service {s['metadata']['name']}"
        check(selects(s["spec"].get("selector"), pod_labels), sw, "selector misses the pods")
        grpc = [p for p in s["spec"].get("ports", []) if p.get("name") == "grpc"]
        check(grpc and grpc[0].get("appProtocol") == "grpc"
              and grpc[0].get("targetPort") in ("grpc", PORT), sw,
              "needs port grpc with appProtocol grpc to the grpc container port")

    # Disruption budget and autoscaler.
    pdb = one(objs, "PodDisruptionBudget", w)
    replicas = dep["spec"].get("replicas", 1)
    if pdb:
        check(selects(pdb["spec"].get("selector", {}).get("matchLabels"), pod_labels), w,
              "PodDisruptionBudget selector misses the pods")
        if "minAvailable" in pdb["spec"]:
            check(pdb["spec"]["minAvailable"] < replicas, w, "PDB minAvailable blocks drains")
    hpas = [o for o in objs if o["kind"] == "HorizontalPodAutoscaler"]
    for hpa in hpas:
        check(hpa["apiVersion"] == "autoscaling/v2", w, "HPA is not autoscaling/v2")
        ref = hpa["spec"]["scaleTargetRef"]
        check(ref["kind"] == "Deployment" and ref["name"] == dep["metadata"]["name"], w,
              "HPA does not target the Deployment")
        check(any(m.get("resource", {}).get("name") == "cpu" for m in hpa["spec"]["metrics"]),
              w, "HPA has no CPU metric")
        check(hpa["spec"].get("minReplicas", 1) == replicas, w,
              "Deployment replicas differ from the HPA's minReplicas")

    # Network policy: ingress to the gRPC port, and to the metrics port from named peers only
    # (the scraper).
    for np in (o for o in objs if o["kind"] == "NetworkPolicy"):
        check(selects(np["spec"].get("podSelector", {}).get("matchLabels"), pod_labels), w,
              "NetworkPolicy podSelector misses the pods")
        check("Ingress" in np["spec"].get("policyTypes", []), w, "NetworkPolicy not Ingress")
        for rule in np["spec"].get("ingress", []):
            grpc_rule = rule.get("ports") == [{"protocol": "TCP", "port": PORT}]
            scrape_rule = (metrics_port is not None and bool(rule.get("from"))
                           and rule.get("ports") == [{"protocol": "TCP", "port": metrics_port}])
            check(grpc_rule or scrape_rule, w,
                  f"NetworkPolicy ingress must allow only TCP {PORT}, and the metrics port "
                  "from the scraper alone")

    return {"replicas": replicas, "env": env, "resources": res, "hpa": bool(hpas),
            "volumes": volumes, "mounts": mounts, "configmaps": configmaps}


def listen_port(w, env, key):
    """The port of an all-addresses listen setting `key`, or None when it is unset."""
    if key not in env:
        return None
    host, _, port = env[key].rpartition(":")
    ok = check(host in ("0.0.0.0", "[::]") and port.isdigit(), w,
               f"{key}={env[key]}: must listen on all addresses on a numeric port")
    return int(port) if ok else None


def check_metrics(w, env, ports, template_meta):
    """With PARAGRAPHD_METRICS_LISTEN: a container port named metrics and the scrape
    annotations on the pod; returns the metrics port (None without)."""
    port = listen_port(w, env, "PARAGRAPHD_METRICS_LISTEN")
    if port is None:
        return None
    check(any(p.get("containerPort") == port and p.get("name") == "metrics" for p in ports), w,
          f"no containerPort {port} named metrics")
    notes = template_meta.get("annotations", {})
    check(notes.get("prometheus.io/scrape") == "true" and notes.get("prometheus.io/port") == str(port)
          and notes.get("prometheus.io/path") == "/metrics", w,
          "the pod lacks the prometheus.io/scrape, port and path annotations of its metrics port")
    return port


def check_credential_files(w, env, mounts, volumes):
    """TLS and token files come from read-only Secret volumes."""
    for key in ("PARAGRAPHD_TLS_CERT", "PARAGRAPHD_TLS_KEY", "PARAGRAPHD_TLS_CLIENT_CA",
                "PARAGRAPHD_AUTH_TOKENS", "PARAGRAPHD_AUTH_JWKS"):
        if key not in env:
            continue
        under = [m for m in mounts if env[key].startswith(m["mountPath"].rstrip("/") + "/")]
        check(under and under[0].get("readOnly")
              and "secret" in volumes.get(under[0]["name"], {}), w,
              f"{key}={env[key]} is not in a read-only Secret volume")


def check_namespace(name, objs):
    """An overlay puts every object in its namespace and creates that namespace; the base sets
    none."""
    spaces = [o["metadata"]["name"] for o in objs if o["kind"] == "Namespace"]
    placed = {o["metadata"].get("namespace") for o in objs if o["kind"] != "Namespace"}
    if name == "base":
        check(not spaces and placed == {None}, name,
              f"the base sets a namespace ({spaces or sorted(placed - {None})}): overlays choose")
        return
    want = NAMESPACES.get(name)
    if not check(want is not None, name, "an overlay without an entry in policy.py NAMESPACES"):
        return
    check(spaces == [want], name,
          f"expected one Namespace {want} (namespace.yaml in its resources), found {spaces}")
    check(placed == {want}, name,
          f"every object must be in namespace {want} (kustomization.yaml `namespace:`), "
          f"found {sorted(placed, key=str)}")


def check_bounds(w, env, res, objs, corpus_volumes):
    """The bounds for hostile clients are set, and the ingest memory budget fits the pod's
    memory limit less the corpus and the server."""
    for key in BOUND_COUNTS:
        ok = check(key in env, w, f"{key} unset: set it for this pod's memory limit")
        if ok:
            check(str(env[key]).isdigit() and int(env[key]) > 0, w, f"{key}={env[key]!r}")
    for key in BOUND_DURATIONS:
        if check(key in env, w, f"{key} unset"):
            try:
                duration_seconds(env[key])
            except ValueError as e:
                check(False, w, f"{key}: {e}")
    budget = env.get("PARAGRAPHD_INGEST_MEMORY_BYTES", "")
    limit = res.get("limits", {}).get("memory")
    if not (budget.isdigit() and limit):
        return
    corpus = 0
    configmaps = {o["metadata"]["name"]: o for o in objs if o["kind"] == "ConfigMap"}
    claims = {o["metadata"]["name"]: o for o in objs if o["kind"] == "PersistentVolumeClaim"}
    for v in corpus_volumes:
        if "configMap" in v:
            data = configmaps.get(v["configMap"]["name"], {}).get("data", {})
            corpus += CORPUS_MEMORY_PER_BYTE * sum(len(t.encode()) for t in data.values())
        elif "persistentVolumeClaim" in v:
            claim = claims.get(v["persistentVolumeClaim"]["claimName"], {})
            declared = claim.get("metadata", {}).get("annotations", {}).get(
                CORPUS_MEMORY_ANNOTATION)
            if check(declared is not None, w,
                     f"the corpus claim has no {CORPUS_MEMORY_ANNOTATION} annotation"):
                corpus += quantity(declared)
    need = int(budget) + corpus + SERVER_MEMORY
    check(need <= quantity(limit), w,
          f"PARAGRAPHD_INGEST_MEMORY_BYTES {int(budget) / 2**20:.0f} MiB + corpus "
          f"{corpus / 2**20:.0f} MiB + server {SERVER_MEMORY / 2**20:.0f} MiB is over the "
          f"memory limit {limit}")


def main():
    render_dir = Path(sys.argv[1])
    facts = {}
    for path in sorted(render_dir.glob("*.yaml")):
        objs = [o for o in yaml.safe_load_all(path.read_text()) if o]
        facts[path.stem] = check_render(path.stem, objs)
        check_namespace(path.stem, objs)

    base, dev, prod = facts.get("base"), facts.get("dev"), facts.get("prod")
    check(base and dev and prod, "renders", "base, dev and prod must all render")
    if base:
        check(base["replicas"] == 2, "base", "replicas is not 2")
        check(base["hpa"], "base", "no HorizontalPodAutoscaler")
        check(any("configMap" in v for v in base["volumes"].values()), "base",
              "corpus is not a ConfigMap volume")
    if dev:
        check(dev["replicas"] == 1, "dev", "replicas is not 1")
        check(not dev["hpa"], "dev", "an HPA would scale the single replica up")
        check(dev["env"].get("RUST_LOG", "").startswith("debug"), "dev", "RUST_LOG not debug")
        check(dev["env"].get("PARAGRAPHD_LOG_FORMAT") == "text", "dev", "logs are not text")
    if prod:
        check(prod["env"].get("PARAGRAPHD_LOG_FORMAT") == "json", "prod", "logs are not JSON")
        corpus = [m for m in prod["mounts"] if m["mountPath"] == "/data"]
        check(corpus and "persistentVolumeClaim" in prod["volumes"].get(corpus[0]["name"], {}),
              "prod", "the corpus at /data is not the PersistentVolumeClaim")
        check("paragraphd-corpus" not in {n.rsplit("-", 1)[0] for n in prod["configmaps"]},
              "prod", "the unused corpus ConfigMap is still rendered")
        if base:
            for kind in ("requests", "limits"):
                for r in ("cpu", "memory"):
                    check(quantity(prod["resources"][kind][r])
                          > quantity(base["resources"][kind][r]),
                          "prod", f"resources.{kind}.{r} not above the base's")

    for f in failures:
        print(f"POLICY {f}")
    print(f"policy: {len(facts)} renders, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
