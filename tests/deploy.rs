//! Deployment artefacts: the structure of `deploy/Dockerfile` (stages, cargo-chef dependency
//! layer, the same release build command as `.ci/run`, distroless non-root runtime), the
//! `.dockerignore`, and `deploy/check.sh`, which renders every kustomize overlay and validates it
//! offline (`kubectl kustomize`, `kubernetes-validate --strict`, review rules). There is no
//! Docker engine on the CI machine, so the image itself is not built here.

use std::path::{Path, PathBuf};
use std::process::Command;

const RUNTIME_IMAGE: &str = "gcr.io/distroless/cc-debian12:nonroot";
const BINARY: &str = "/usr/local/bin/paragraphd";
const CI_BUILD_PREFIX: &str = "cargo build --locked --release";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    let full = repo().join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

/// One Dockerfile instruction: keyword (upper case) and its arguments, continuations joined.
#[derive(Debug, Clone)]
struct Instruction {
    keyword: String,
    args: String,
}

/// One build stage: `FROM <image> [AS <name>]` and what follows it.
#[derive(Debug)]
struct Stage {
    image: String,
    name: Option<String>,
    instructions: Vec<Instruction>,
}

impl Stage {
    fn all(&self, keyword: &str) -> Vec<&str> {
        self.instructions
            .iter()
            .filter(|i| i.keyword == keyword)
            .map(|i| i.args.as_str())
            .collect()
    }

    fn position(&self, pred: impl Fn(&Instruction) -> bool) -> Option<usize> {
        self.instructions.iter().position(pred)
    }
}

fn parse_dockerfile(text: &str) -> Vec<Stage> {
    let mut logical = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if current.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        if !current.is_empty() && trimmed.starts_with('#') {
            continue; // comment lines inside a continued instruction are dropped by Docker
        }
        if let Some(body) = trimmed.strip_suffix('\\') {
            current.push_str(body.trim_end());
            current.push(' ');
        } else {
            current.push_str(trimmed);
            logical.push(std::mem::take(&mut current));
        }
    }
    assert!(
        current.is_empty(),
        "Dockerfile ends inside a continued line"
    );

    let mut stages: Vec<Stage> = Vec::new();
    for line in logical {
        let (keyword, args) = line.split_once(char::is_whitespace).unwrap_or((&line, ""));
        let keyword = keyword.to_ascii_uppercase();
        let args = args.split_whitespace().collect::<Vec<_>>().join(" ");
        if keyword == "FROM" {
            let words: Vec<&str> = args
                .split(' ')
                .filter(|w| !w.starts_with("--platform"))
                .collect();
            let name = match words.as_slice() {
                [_, as_kw, name] if as_kw.eq_ignore_ascii_case("as") => Some(name.to_string()),
                [_] => None,
                _ => panic!("unexpected FROM line: {args}"),
            };
            stages.push(Stage {
                image: words[0].to_owned(),
                name,
                instructions: Vec::new(),
            });
        } else {
            let stage = stages
                .last_mut()
                .unwrap_or_else(|| panic!("{keyword} before the first FROM"));
            stage.instructions.push(Instruction { keyword, args });
        }
    }
    stages
}

fn dockerfile() -> Vec<Stage> {
    parse_dockerfile(&read("deploy/Dockerfile"))
}

fn stage<'a>(stages: &'a [Stage], name: &str) -> &'a Stage {
    stages
        .iter()
        .find(|s| s.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no stage named {name}"))
}

/// A RUN instruction's command, without BuildKit flags such as `--mount=...`.
fn run_command(args: &str) -> String {
    args.split(' ')
        .skip_while(|w| w.starts_with("--"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The flags of a cargo command, without `--recipe-path <file>`, sorted.
fn cargo_flags(command: &str) -> Vec<String> {
    let mut flags = Vec::new();
    let mut words = command.split(' ');
    while let Some(word) = words.next() {
        if word == "--recipe-path" {
            words.next();
        } else if word.starts_with('-') && !word.starts_with("--recipe-path=") {
            flags.push(word.to_owned());
        }
    }
    flags.sort();
    flags
}

/// `(major, minor)` of a version such as `1.95.0` or `1.88`.
fn major_minor(version: &str) -> (u32, u32) {
    let mut parts = version.split('.').map(|p| {
        p.parse::<u32>()
            .unwrap_or_else(|_| panic!("bad version {version}"))
    });
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn dockerfile_parser_joins_continuations_and_splits_stages() {
    let stages = parse_dockerfile(
        "# syntax=docker/dockerfile:1\nFROM a:1 AS one\nRUN x \\\n  # note\n  y\nFROM one\nENV A=1 \\\n    B=2\n",
    );
    assert_eq!(stages.len(), 2);
    assert_eq!(stages[0].name.as_deref(), Some("one"));
    assert_eq!(stages[0].all("RUN"), ["x y"]);
    assert_eq!(stages[1].image, "one");
    assert_eq!(stages[1].all("ENV"), ["A=1 B=2"]);
    assert_eq!(
        run_command("--mount=type=cache,target=/x cargo build"),
        "cargo build"
    );
    assert_eq!(
        cargo_flags("cargo chef cook --release --recipe-path r.json --locked"),
        ["--locked", "--release"]
    );
}

#[test]
fn dockerfile_has_chef_planner_builder_and_runtime_stages() {
    let stages = dockerfile();
    let names: Vec<_> = stages.iter().map(|s| s.name.as_deref()).collect();
    assert_eq!(
        names,
        [
            Some("chef"),
            Some("planner"),
            Some("builder"),
            Some("runtime")
        ],
        "stages"
    );
    assert_eq!(stage(&stages, "planner").image, "chef");
    assert_eq!(stage(&stages, "builder").image, "chef");
    assert_eq!(stages.last().map(|s| s.image.as_str()), Some(RUNTIME_IMAGE));
}

#[test]
fn toolchain_image_is_pinned_and_meets_rust_version() {
    let stages = dockerfile();
    let chef = stage(&stages, "chef");
    let tag = chef
        .image
        .strip_prefix("rust:")
        .unwrap_or_else(|| panic!("chef stage is not an official rust image: {}", chef.image));
    let (version, distro) = tag
        .split_once('-')
        .unwrap_or_else(|| panic!("rust image tag {tag} does not name its Debian release"));
    // The runtime is Debian 12: build on Debian 12 so the binary needs no newer glibc.
    assert_eq!(distro, "bookworm", "toolchain image must match cc-debian12");
    let cargo_toml = read("Cargo.toml");
    let rust_version = cargo_toml
        .lines()
        .find_map(|l| l.trim().strip_prefix("rust-version"))
        .and_then(|rest| rest.split('"').nth(1))
        .expect("Cargo.toml has rust-version");
    assert!(
        major_minor(version) >= major_minor(rust_version),
        "rust:{version} is older than rust-version {rust_version}"
    );
    let install = chef.all("RUN").join("\n");
    assert!(
        install.contains("cargo install cargo-chef --locked --version "),
        "cargo-chef must be installed --locked at a pinned version: {install}"
    );
}

#[test]
fn dependencies_are_cooked_in_their_own_layer_before_the_sources() {
    let stages = dockerfile();
    let planner = stage(&stages, "planner");
    assert!(
        planner
            .all("RUN")
            .iter()
            .any(|r| run_command(r).starts_with("cargo chef prepare --recipe-path recipe.json")),
        "planner must run cargo chef prepare"
    );
    let builder = stage(&stages, "builder");
    let recipe = builder
        .position(|i| {
            i.keyword == "COPY"
                && i.args.starts_with("--from=planner ")
                && i.args.contains("recipe.json")
        })
        .expect("builder copies recipe.json from the planner");
    let cook = builder
        .position(|i| i.keyword == "RUN" && run_command(&i.args).starts_with("cargo chef cook "))
        .expect("builder runs cargo chef cook");
    let sources = builder
        .position(|i| i.keyword == "COPY" && i.args == ". .")
        .expect("builder copies the sources (COPY . .)");
    let build = builder
        .position(|i| i.keyword == "RUN" && run_command(&i.args).starts_with("cargo build "))
        .expect("builder runs cargo build");
    assert!(
        recipe < cook && cook < sources && sources < build,
        "order must be: COPY recipe, cook, COPY . ., cargo build"
    );
    // The cooked dependencies are only reused if cook builds with the same flags as the build.
    let cook_cmd = run_command(&builder.instructions[cook].args);
    let build_cmd = run_command(&builder.instructions[build].args);
    assert_eq!(
        cargo_flags(&cook_cmd),
        cargo_flags(&build_cmd),
        "cargo chef cook and cargo build flags differ: {cook_cmd:?} vs {build_cmd:?}"
    );
}

#[test]
fn release_build_command_is_the_one_ci_runs() {
    let ci = read(".ci/run");
    let ci_build = ci
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(CI_BUILD_PREFIX))
        .unwrap_or_else(|| panic!(".ci/run has no line starting with {CI_BUILD_PREFIX:?}"));
    let stages = dockerfile();
    let builds: Vec<String> = stage(&stages, "builder")
        .all("RUN")
        .into_iter()
        .map(run_command)
        .filter(|c| c.starts_with("cargo build"))
        .collect();
    assert_eq!(
        builds,
        [ci_build],
        "the Dockerfile's release build must be exactly CI's"
    );
}

#[test]
fn runtime_is_distroless_non_root_with_exec_form_entrypoint() {
    let stages = dockerfile();
    let runtime = stages.last().expect("a final stage");
    assert_eq!(runtime.image, RUNTIME_IMAGE);
    assert_eq!(runtime.all("USER"), ["65532:65532"], "USER");
    assert_eq!(runtime.all("EXPOSE"), ["50051"], "EXPOSE");
    assert_eq!(
        runtime.all("ENTRYPOINT"),
        [format!("[\"{BINARY}\"]").as_str()],
        "exec-form ENTRYPOINT"
    );
    assert_eq!(runtime.all("CMD"), ["[\"serve\"]"], "exec-form CMD");
    let copies = runtime.all("COPY");
    assert!(
        copies.iter().any(|c| c.starts_with("--from=builder ")
            && c.ends_with(&format!("/target/release/paragraphd {BINARY}"))),
        "the release binary is copied to {BINARY}: {copies:?}"
    );
    assert!(
        copies.iter().any(|c| c.ends_with(" /data")),
        "an (empty) /data corpus directory is created: {copies:?}"
    );
    let env = runtime.all("ENV").join(" ");
    let vars: Vec<&str> = env.split(' ').collect();
    assert!(
        vars.contains(&"PARAGRAPHD_CORPUS=/data"),
        "ENV PARAGRAPHD_CORPUS=/data: {env}"
    );
    assert!(
        vars.contains(&"PARAGRAPHD_LISTEN=0.0.0.0:50051"),
        "the probes call the pod IP: listen on all addresses: {env}"
    );
    // The final stage runs nothing: distroless has no shell.
    assert!(runtime.all("RUN").is_empty(), "RUN in the distroless stage");
}

#[test]
fn dockerignore_keeps_build_output_and_vcs_out_and_sources_in() {
    let patterns: Vec<String> = read(".dockerignore")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.trim_end_matches('/').to_owned())
        .collect();
    for needed in ["target", ".git"] {
        assert!(
            patterns.iter().any(|p| p == needed),
            ".dockerignore must exclude {needed}: {patterns:?}"
        );
    }
    // What `cargo build --release` reads must stay in the context.
    for kept in [
        "src",
        "proto",
        "build.rs",
        "Cargo.toml",
        "Cargo.lock",
        "corpus",
    ] {
        assert!(
            !patterns
                .iter()
                .any(|p| p == kept || p == "*" || p == "**" || *p == format!("{kept}*")),
            ".dockerignore excludes {kept}: {patterns:?}"
        );
    }
}

#[test]
fn kubernetes_manifests_render_and_validate_offline() {
    let script = repo().join("deploy/check.sh");
    assert!(Path::new(&script).is_file(), "missing {}", script.display());
    let output = Command::new("bash")
        .arg(&script)
        .current_dir(repo())
        .output()
        .unwrap_or_else(|e| panic!("cannot run bash {}: {e}", script.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "deploy/check.sh failed ({}): a missing kubectl or kubernetes-validate is a failure\n\
         --- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    assert!(
        stdout.contains("all manifests rendered, valid for Kubernetes"),
        "unexpected check.sh output: {stdout}"
    );
}

/// Copies the directory tree `from` to `to` (files and folders only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let path = entry.expect("dir entry").path();
        let dest = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap_or_else(|e| panic!("copy {}: {e}", path.display()));
        }
    }
}

/// Removes the line `line` from `file`, which must hold it.
fn remove_line(file: &Path, line: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    let kept: Vec<&str> = text.lines().filter(|l| *l != line).collect();
    assert_eq!(
        kept.len() + 1,
        text.lines().count(),
        "{} has no line {line:?} exactly once",
        file.display()
    );
    std::fs::write(file, kept.join("\n") + "\n").expect("write");
}

/// The namespace and readiness rules of `deploy/policy.py` bite: in a copy of `deploy/` whose
/// dev overlay lost its `namespace:`, whose prod overlay lost its `namespace.yaml` and whose
/// base lost `PARAGRAPHD_REQUIRE_DOCUMENTS`, `check.sh` fails naming each (the real manifests
/// pass: [`kubernetes_manifests_render_and_validate_offline`]).
#[test]
fn policy_fails_when_an_overlay_loses_its_namespace_or_readiness_rule() {
    let copy = tempfile::tempdir().expect("tempdir");
    let deploy = copy.path().join("deploy");
    copy_tree(&repo().join("deploy"), &deploy);
    let overlays = deploy.join("k8s/overlays");
    remove_line(
        &overlays.join("dev/kustomization.yaml"),
        "namespace: paragraphd-dev",
    );
    remove_line(
        &overlays.join("prod/kustomization.yaml"),
        "  - namespace.yaml",
    );
    remove_line(
        &deploy.join("k8s/base/paragraphd.env"),
        "PARAGRAPHD_REQUIRE_DOCUMENTS=true",
    );
    let output = Command::new("bash")
        .arg(deploy.join("check.sh"))
        // The validator's venv of this checkout, not a new one in the copy.
        .env("CARGO_TARGET_DIR", crate::common::clients::target_dir())
        .output()
        .expect("run check.sh");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "check.sh passed\n{stderr}");
    for want in [
        "POLICY dev: every object must be in namespace paragraphd-dev",
        "POLICY prod: expected one Namespace paragraphd",
        "POLICY prod: PARAGRAPHD_NO_SAMPLE without PARAGRAPHD_REQUIRE_DOCUMENTS=true",
    ] {
        assert!(stderr.contains(want), "{want:?} missing\n{stderr}");
    }
}

/// The security rules of `deploy/policy.py` bite (issue 24): in a copy of `deploy/` whose TLS
/// component lost its plaintext health port (native probes speak no TLS), whose base
/// NetworkPolicy lets anyone reach the metrics port, and whose base lost the scrape annotation,
/// `check.sh` fails naming each.
#[test]
fn policy_fails_when_tls_probes_or_the_metrics_port_are_left_open_or_unscraped() {
    let copy = tempfile::tempdir().expect("tempdir");
    let deploy = copy.path().join("deploy");
    copy_tree(&repo().join("deploy"), &deploy);
    let tls = deploy.join("k8s/components/tls-auth/kustomization.yaml");
    remove_line(&tls, "      - PARAGRAPHD_HEALTH_LISTEN=0.0.0.0:8081");
    let policy = deploy.join("k8s/base/networkpolicy.yaml");
    let text = std::fs::read_to_string(&policy).expect("read");
    let scraper = "    - from:\n        - namespaceSelector:\n            matchLabels:\n              \
                   kubernetes.io/metadata.name: monitoring\n          podSelector:\n            \
                   matchLabels:\n              app.kubernetes.io/name: prometheus\n      ports:";
    assert!(
        text.contains(scraper),
        "the scraper's rule changed:\n{text}"
    );
    // The metrics port from anywhere.
    std::fs::write(&policy, text.replace(scraper, "    - ports:")).expect("write");
    let deployment = deploy.join("k8s/base/deployment.yaml");
    remove_line(&deployment, "        prometheus.io/scrape: \"true\"");
    let output = Command::new("bash")
        .arg(deploy.join("check.sh"))
        .env("CARGO_TARGET_DIR", crate::common::clients::target_dir())
        .output()
        .expect("run check.sh");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "check.sh passed\n{stderr}");
    for want in [
        "POLICY prod: PARAGRAPHD_TLS_CERT without PARAGRAPHD_HEALTH_LISTEN",
        "POLICY base: NetworkPolicy ingress must allow only TCP 50051, and the metrics port from the scraper alone",
        "POLICY base: the pod lacks the prometheus.io/scrape",
    ] {
        assert!(stderr.contains(want), "{want:?} missing\n{stderr}");
    }
}

/// The optional ServiceMonitor component renders (its CRD is not in the validator's schemas, so
/// `check.sh` does not validate it): added to a copy of the prod overlay, it scrapes the
/// `metrics` port of a Service the render has.
#[test]
fn the_servicemonitor_component_renders_against_the_metrics_port() {
    let copy = tempfile::tempdir().expect("tempdir");
    let deploy = copy.path().join("deploy");
    copy_tree(&repo().join("deploy"), &deploy);
    let prod = deploy.join("k8s/overlays/prod/kustomization.yaml");
    let text = std::fs::read_to_string(&prod).expect("read");
    let text = text.replace(
        "  - ../../components/tls-auth\n",
        "  - ../../components/tls-auth\n  - ../../components/servicemonitor\n",
    );
    std::fs::write(&prod, text).expect("write");
    let output = Command::new("kubectl")
        .args([
            "kustomize",
            &deploy.join("k8s/overlays/prod").to_string_lossy(),
        ])
        .output()
        .expect("run kubectl kustomize");
    let rendered = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let monitor = rendered
        .split("\n---\n")
        .find(|doc| doc.contains("kind: ServiceMonitor"))
        .unwrap_or_else(|| panic!("no ServiceMonitor rendered:\n{rendered}"));
    assert!(monitor.contains("namespace: paragraphd\n"), "{monitor}");
    assert!(
        monitor.contains("    path: /metrics\n    port: metrics\n"),
        "{monitor}"
    );
    assert!(
        rendered.contains("- name: metrics\n    port: 9090"),
        "no Service port metrics"
    );
}

/// Every image a render runs is one that a `docker build -t` of `deploy/README.md` makes (dev's
/// moving tag `dev` too), so the overlays never wait for an image the instructions never build.
#[test]
fn rendered_images_are_the_ones_the_build_instructions_tag() {
    let readme = read("deploy/README.md");
    let built: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("docker build "))
        .filter_map(|l| l.split(" -t ").nth(1))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    assert!(!built.is_empty(), "deploy/README.md has no docker build -t");
    for dir in [
        "deploy/k8s/base",
        "deploy/k8s/overlays/dev",
        "deploy/k8s/overlays/prod",
    ] {
        let out = Command::new("kubectl")
            .args(["kustomize", dir])
            .current_dir(repo())
            .output()
            .expect("run kubectl kustomize");
        assert!(out.status.success(), "kubectl kustomize {dir} failed");
        let render = String::from_utf8_lossy(&out.stdout).into_owned();
        let images: Vec<&str> = render
            .lines()
            .filter_map(|l| l.trim().strip_prefix("image: "))
            .collect();
        assert!(!images.is_empty(), "{dir} renders no image");
        for image in images {
            assert!(
                built.contains(&image),
                "{dir} runs {image}, which no `docker build -t` in deploy/README.md makes \
                 (built: {built:?})"
            );
        }
    }
}
