#!/usr/bin/env python3
"""Checks the imports of paragraphd's Rust code (issue 17). Python 3, standard library only.

Reads every `.rs` file under `src/` and `examples/`, maps each file to its module path, and collects its
imports: the paths of its `use` items (braces expanded) and the `crate::`, `super::` and
`self::` paths written in its code. Comments, strings and `#[cfg(test)]` modules are left out.
An import names a module file when a prefix of the path is one; a name that module only
re-exports (`pub use child::Name`) is followed to where it comes from. A module using its own
submodules (the ones it declares) is not an edge: the parent is their facade.

It fails (exit 1, one line per problem) when
  1. a pass of `src/parse` imports another pass (a pass is any module of `src/parse` but
     those of BOTTOM_LAYER, which every pass may use);
  2. modules import each other in a cycle (per crate: the library, `src/main.rs`, each binary
     under `src/bin/`, each example under `examples/`);
  3. a module of `src/extract` imports anything from `crate::parse`;
  4. the library (everything under `src/` but `src/bin/` and `src/main.rs`) uses one of
     LIBRARY_FORBIDDEN_CRATES.

    python3 scripts/check_imports.py               # check src/ of this repository
    python3 scripts/check_imports.py --root DIR    # check DIR/src
    python3 scripts/check_imports.py --self-test   # prove on small fixture trees that each
                                                   # rule can fail (and a clean tree passes)
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Modules of src/parse that are not passes: the line model, the patterns, the shape layer (line
# tests shared by passes), and shared types. Every pass may import these; adjust as the bottom
# layer grows.
BOTTOM_LAYER = ["mod", "lexicon", "lines", "patterns", "shape", "facts"]

# Crates only the benchmark (an example) and the Criterion bench may use, never the service
# library (they are dev-dependencies, so the library cannot build with them either).
LIBRARY_FORBIDDEN_CRATES = ["plotters", "hdrhistogram", "criterion"]


@dataclass
class Module:
    """One source file as a module of one crate."""

    crate: str  # "lib", "bin:paragraphd", "example:paragraphd-bench"
    path: tuple[str, ...]  # module path inside the crate, () for the root
    file: Path
    code: str = ""
    uses: list[tuple[str, ...]] = field(default_factory=list)  # from `use` items
    paths: list[tuple[str, ...]] = field(default_factory=list)  # written in code
    reexports: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> full path



# ---------------------------------------------------------------------------------------------
# Reading the source


def strip_comments_and_strings(text: str) -> str:
    """The code with comments, string and char literals blanked (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:]) and not re.match(r"\w", text[i - 1 : i]):
            m = re.match(r'r(#*)"', text[i:])
            end = text.find('"' + m.group(1), i + len(m.group(0)))
            end = n if end < 0 else end + 1 + len(m.group(1))
            out.append('""' + "\n" * text.count("\n", i, end))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:]):
            m = re.match(r"'(\\.|[^\\'])'", text[i:])
            out.append("' '")
            i += len(m.group(0))
        elif c == "'" and re.match(r"'\\u\{[0-9a-fA-F]+\}'", text[i:]):
            m = re.match(r"'\\u\{[0-9a-fA-F]+\}'", text[i:])
            out.append("' '")
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip_test_modules(code: str) -> str:
    """The code without `#[cfg(test)] mod NAME { ... }` blocks."""
    while True:
        m = re.search(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{", code)
        if not m:
            return code
        depth, j = 1, m.end()
        while j < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[j], 0)
            j += 1
        code = code[: m.start()] + code[j:]


def expand_use_tree(tree: str) -> list[tuple[tuple[str, ...], str | None]]:
    """`a::{b, c::{d as e, self}}` → [(a,b), (a,c,d), (a,c)] with the name each one binds."""
    tree = re.sub(r"\s+", "", tree)
    out: list[tuple[tuple[str, ...], str | None]] = []

    def walk(prefix: tuple[str, ...], s: str) -> None:
        if not s:
            return
        brace = s.find("{")
        if brace < 0:
            s, _, alias = s.partition("@")
            parts = tuple(p for p in s.split("::") if p)
            if parts and parts[-1] == "self":
                parts = parts[:-1]
                full = prefix + parts
                out.append((full, alias or (full[-1] if full else None)))
            elif parts and parts[-1] == "*":
                out.append((prefix + parts[:-1], None))
            else:
                full = prefix + parts
                out.append((full, alias or (full[-1] if full else None)))
            return
        head = tuple(p for p in s[:brace].split("::") if p)
        depth, items, start = 0, [], brace + 1
        for k in range(brace, len(s)):
            if s[k] == "{":
                depth += 1
            elif s[k] == "}":
                depth -= 1
                if depth == 0:
                    items.append(s[start:k])
                    break
            elif s[k] == "," and depth == 1:
                items.append(s[start:k])
                start = k + 1
        for item in items:
            walk(prefix + head, item)

    walk((), tree)
    return out


USE_RE = re.compile(r"(?:^|[;{}\s])(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);", re.M)
# `a as b` inside a use tree: marked `a@b` before white space is removed.
AS_RE = re.compile(r"\s+as\s+")
PATH_RE = re.compile(r"(?<![\w:])((?:crate|super|self)(?:\s*::\s*\w+)+)")
EXTERN_RE = re.compile(r"(?<![\w:])(\w+)\s*::")


def read_module(module: Module) -> None:
    code = strip_test_modules(strip_comments_and_strings(module.file.read_text()))
    module.code = code
    for m in USE_RE.finditer(code):
        tree = AS_RE.sub("@", m.group(2))
        for path, name in expand_use_tree(tree):
            if path:
                module.uses.append(path)
                if name:
                    # Any `use` binds a name in this module (public or not, a child's
                    # `super::Name` sees it): resolving that name follows it to its source.
                    module.reexports.setdefault(name, path)
    without_uses = USE_RE.sub(" ", code)
    for m in PATH_RE.finditer(without_uses):
        module.paths.append(tuple(p.strip() for p in m.group(1).split("::")))


def modules_of(src: Path) -> dict[str, dict[tuple[str, ...], Module]]:
    """Every `.rs` file under `src` and the `examples/` beside it, as modules by crate."""
    crates: dict[str, dict[tuple[str, ...], Module]] = {}

    def add(crate: str, path: tuple[str, ...], file: Path) -> None:
        crates.setdefault(crate, {})[path] = Module(crate, path, file)

    examples = src.parent / "examples"
    files = [(f, f.relative_to(src).parts) for f in sorted(src.rglob("*.rs"))]
    if examples.is_dir():
        files += [(f, ("examples",) + f.relative_to(examples).parts) for f in sorted(examples.rglob("*.rs"))]
    for file, rel in files:
        if rel[0] in ("bin", "examples"):
            kind = "bin" if rel[0] == "bin" else "example"
            if len(rel) == 2:
                add(f"{kind}:{file.stem}", (), file)
                continue
            crate, rel = f"{kind}:{rel[1]}", rel[2:]
            root = ("main.rs",)
        elif rel == ("main.rs",):
            add("bin:paragraphd", (), file)
            continue
        else:
            crate, root = "lib", ("lib.rs",)
        if rel == root:
            add(crate, (), file)
        elif rel[-1] == "mod.rs":
            add(crate, tuple(rel[:-1]), file)
        else:
            add(crate, tuple(rel[:-1]) + (file.stem,), file)
    for mods in crates.values():
        for module in mods.values():
            read_module(module)
    return crates


# ---------------------------------------------------------------------------------------------
# Resolving imports to module files


def absolute(module: Module, path: tuple[str, ...], mods: dict) -> tuple[str, ...] | None:
    """`path` as written in `module`, from the crate root; None when it leaves the crate."""
    # The module's own path: `self` is it, `super` its parent.
    base = list(module.path)
    parts = list(path)
    if parts[0] == "crate":
        return tuple(parts[1:])
    if parts[0] in ("self", "super"):
        while parts and parts[0] in ("self", "super"):
            if parts.pop(0) == "super":
                if not base:
                    return None
                base.pop()
        return tuple(base) + tuple(parts)
    # 2018 paths: a child module of this one, or a name this module imported.
    if tuple(base) + (parts[0],) in mods:
        return tuple(base) + tuple(parts)
    return None


def resolve(mods: dict, full: tuple[str, ...], depth: int = 0) -> tuple[str, ...] | None:
    """The module file that `full` (from the crate root) names or comes from."""
    for k in range(len(full), -1, -1):
        prefix = full[:k]
        if prefix in mods:
            rest = full[k:]
            target = mods[prefix]
            if rest and depth < 8 and rest[0] in target.reexports:
                source = absolute(target, target.reexports[rest[0]], mods)
                if source is not None and source != full:
                    deeper = resolve(mods, source + rest[1:], depth + 1)
                    if deeper is not None:
                        return deeper
            return prefix
    return None


def edges(mods: dict) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    """Module → modules it imports (not itself, not its own descendants)."""
    out: dict[tuple[str, ...], set[tuple[str, ...]]] = {p: set() for p in mods}
    for path, module in mods.items():
        for written in module.uses + module.paths:
            full = absolute(module, written, mods)
            if full is None:
                continue
            target = resolve(mods, full)
            if target is None or target == path or target[: len(path)] == path:
                continue
            out[path].add(target)
    return out


def external_crates(module: Module) -> set[str]:
    """First segments of the paths in `module` that are not crate-relative."""
    found = set()
    for path in module.uses:
        found.add(path[0])
    for m in EXTERN_RE.finditer(module.code):
        found.add(m.group(1))
    for m in re.finditer(r"extern\s+crate\s+(\w+)", module.code):
        found.add(m.group(1))
    return found


# ---------------------------------------------------------------------------------------------
# The rules


def name(path: tuple[str, ...]) -> str:
    return "::".join(("crate",) + path)


def pass_of(path: tuple[str, ...]) -> str | None:
    """The pass of `src/parse` that module `path` belongs to; None outside parse or below it."""
    if len(path) < 2 or path[0] != "parse":
        return None
    return None if path[1] in BOTTOM_LAYER else path[1]


def cycles(graph: dict) -> list[list[tuple[str, ...]]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict = {}
    low: dict = {}
    stack: list = []
    on_stack: set = set()
    out: list = []
    counter = [0]

    def connect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            connect(v)
    return out


def check(src: Path) -> list[str]:
    """Every problem found under `src`, one line each."""
    problems = []
    crates = modules_of(src)
    for crate, mods in sorted(crates.items()):
        graph = edges(mods)
        for component in cycles(graph):
            inside = set(component)
            arrows = [
                f"{name(a)} -> {name(b)}"
                for a in component
                for b in sorted(graph[a])
                if b in inside
            ]
            problems.append(f"import cycle in {crate}: " + "; ".join(arrows))
        if crate != "lib":
            continue
        for path, targets in sorted(graph.items()):
            for target in sorted(targets):
                a, b = pass_of(path), pass_of(target)
                if a and b and a != b:
                    problems.append(
                        f"pass imports pass: {name(path)} -> {name(target)} "
                        f"(passes may import only {', '.join(BOTTOM_LAYER)} of src/parse)"
                    )
                if path[:1] == ("extract",) and target[:1] == ("parse",):
                    problems.append(f"extract imports parse: {name(path)} -> {name(target)}")
        for path, module in sorted(mods.items()):
            for crate_name in sorted(external_crates(module) & set(LIBRARY_FORBIDDEN_CRATES)):
                rel = module.file.relative_to(src.parent)
                problems.append(f"the library uses {crate_name}: {rel}")
    return problems


# ---------------------------------------------------------------------------------------------
# Self-test: each rule fails on a tree made to break it


CLEAN = {
    "lib.rs": "pub mod extract;\npub mod parse;\npub mod util;\n",
    "main.rs": "use plotters::prelude::*;\nfn main() {}\n",
    "util.rs": "pub fn f() {}\n",
    "extract/mod.rs": "pub mod text;\npub use text::Line;\n",
    "extract/text.rs": "use crate::util;\n/// use crate::parse::x; in a comment\npub struct Line;\n",
    "parse/mod.rs": "mod a;\nmod b;\nmod lines;\nmod shape;\nuse crate::extract::Line;\n"
    "pub fn analyze() { a::run(); b::run(); }\n",
    "parse/lines.rs": "pub struct Ln;\n",
    "parse/shape.rs": "use super::lines::Ln;\npub fn is_prose(_: &Ln) -> bool { true }\n",
    "parse/a.rs": "use super::{lines::Ln, shape};\npub fn run() { let s = \"super::b\"; }\n"
    "#[cfg(test)]\nmod tests {\n    use super::super::b;\n}\n",
    "parse/b.rs": "use super::shape::is_prose;\npub fn run() {}\n",
    "bin/tool/main.rs": "mod x;\nmod y;\nuse hdrhistogram::Histogram;\nfn main() {}\n",
    "bin/tool/x.rs": "use super::y::Y;\npub struct X;\n",
    "bin/tool/y.rs": "pub struct Y;\n",
    "../examples/bench/main.rs": "mod x;\nmod y;\nuse plotters::prelude::*;\nfn main() {}\n",
    "../examples/bench/x.rs": "use super::y::Y;\npub struct X;\n",
    "../examples/bench/y.rs": "pub struct Y;\n",
}

BROKEN = {
    "pass imports pass": {"parse/b.rs": "use super::a;\npub fn run() {}\n"},
    "import cycle in lib": {
        "util.rs": "pub fn f() { crate::extract::text::g(); }\n",
        "extract/text.rs": "use crate::util;\npub struct Line;\npub fn g() {}\n",
    },
    "import cycle in bin:tool": {"bin/tool/y.rs": "use super::x::X;\npub struct Y;\n"},
    "import cycle in example:bench": {
        "../examples/bench/y.rs": "use super::x::X;\npub struct Y;\n"
    },
    "extract imports parse": {
        "extract/text.rs": "pub struct Line;\npub fn g() { crate::parse::analyze(); }\n"
    },
    "the library uses plotters": {"util.rs": "use plotters::prelude::*;\npub fn f() {}\n"},
    "the library uses criterion": {"util.rs": "pub fn f() { criterion::black_box(1); }\n"},
    "the library uses hdrhistogram": {
        "util.rs": "pub fn f() -> hdrhistogram::Histogram<u64> { todo!() }\n"
    },
    "cycle through a re-export": {
        "extract/mod.rs": "pub mod text;\npub mod more;\npub use more::Thing;\n",
        "extract/more.rs": "use super::text::Line;\npub struct Thing;\n",
        "extract/text.rs": "use super::Thing;\npub struct Line;\n",
    },
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Writes `files` (paths relative to `src/`; `../examples/…` beside it) under `root`."""
    src = root / "src"
    for rel, text in files.items():
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return src


def self_test() -> int:
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        problems = check(write_tree(Path(tmp) / "clean", CLEAN))
        if problems:
            failures.append(f"the clean tree fails: {problems}")
        for rule, changes in BROKEN.items():
            problems = check(write_tree(Path(tmp) / re.sub(r"\W", "_", rule), {**CLEAN, **changes}))
            expect = "import cycle" if rule.startswith("cycle") else rule
            if not any(p.startswith(expect) for p in problems):
                failures.append(f"{rule}: not detected (found {problems})")
            else:
                print(f"self-test: {rule}: detected")
    for failure in failures:
        print(f"self-test FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    problems = check(args.root / "src")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check_imports: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("check_imports: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
