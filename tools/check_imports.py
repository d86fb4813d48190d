#!/usr/bin/env python3
"""Finds import circles between the crate's source files, and imports that run back up the
floors of its rooms (FLOORS below).

Each file under src/ (the library, not src/bin) is a node; a file points at every file whose
items it names through a `crate::`, `super::` or `self::` path, in a `use` or inline in code.
Re-exports (`pub use`, `pub(crate) use`, `pub(super) use`) are followed to the file that
defines the item, so a module that only re-exports its children is not a step of a circle.
Test modules (`#[cfg(test)] mod tests` at a file's end, and files named tests.rs) are left
out: a test may import from above.

Exit status 1 and the circles, each as the files in order, when there is one; otherwise the
number of files and imports checked.

    python3 tools/check_imports.py [--graph] [--src DIR]
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"


def module_of(path: Path) -> tuple:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts == ["lib"]:
        return ()
    if parts[-1] == "mod":
        parts = parts[:-1]
    return tuple(parts)


def strip(text: str) -> str:
    """Comments and string literals out; the test module at the end of a file out."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'r#*"(?:.|\n)*?"#*', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    cut = re.search(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text)
    if cut:
        text = text[: cut.start()]
    return text


def expand(tree: str) -> list:
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e] (aliases dropped)."""
    tree = re.sub(r"\s+as\s+\w+", "", tree)
    tree = re.sub(r"\s+", "", tree)
    out = []

    def walk(prefix: str, s: str):
        depth, start, items = 0, 0, []
        for i, ch in enumerate(s):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                items.append(s[start:i])
                start = i + 1
        items.append(s[start:])
        for item in items:
            if not item:
                continue
            brace = item.find("{")
            if brace >= 0:
                walk(prefix + item[:brace], item[brace + 1 : item.rfind("}")])
            else:
                out.append(prefix + item)

    walk("", tree)
    return out


def absolute(module: tuple, path: str) -> list:
    parts = path.split("::")
    if parts[0] == "crate":
        base, parts = [], parts[1:]
    elif parts[0] in ("super", "self"):
        base = list(module)
        while parts and parts[0] in ("super", "self"):
            if parts[0] == "super":
                base = base[:-1]
            parts = parts[1:]
    else:
        return []
    return base + [p for p in parts if p != "self"]


def main() -> int:
    global ROOT, SRC
    if "--src" in sys.argv:
        SRC = Path(sys.argv[sys.argv.index("--src") + 1]).resolve()
        ROOT = SRC.parent
    files = {}
    for path in sorted(SRC.rglob("*.rs")):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "bin" or path.name == "tests.rs":
            continue
        files[module_of(path)] = path

    uses, reexports = {}, {}
    for module, path in files.items():
        text = strip(path.read_text())
        stmts = re.findall(r"((?:pub(?:\([^)]*\))?\s+)?)use\s+([^;]+);", text)
        own, aliases = [], {}
        for vis, tree in stmts:
            for item in expand(tree):
                target = absolute(module, item)
                if not target:
                    continue
                if vis.strip():
                    name = item.split("::")[-1]
                    aliases[name] = target
                else:
                    own.append(target)
        # inline paths outside `use` statements
        body = re.sub(r"(?:pub(?:\([^)]*\))?\s+)?use\s+[^;]+;", "", text)
        for m in re.finditer(r"\b(?:crate|super|self)(?:::\w+)+", body):
            target = absolute(module, m.group(0))
            if target:
                own.append(target)
        uses[module] = own
        reexports[module] = aliases

    def resolve(target: list, seen=None):
        seen = seen or set()
        # longest prefix that is a file
        for n in range(len(target), -1, -1):
            prefix = tuple(target[:n])
            if prefix in files:
                rest = target[n:]
                if rest and rest[0] in reexports.get(prefix, {}) and (prefix, rest[0]) not in seen:
                    seen.add((prefix, rest[0]))
                    return resolve(reexports[prefix][rest[0]] + rest[1:], seen)
                return prefix
        return None

    graph = {m: set() for m in files}
    for module, targets in uses.items():
        for target in targets:
            to = resolve(target)
            if to is not None and to != module and to != ():
                graph[module].add(to)

    # Tarjan's strongly connected components
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            strong(v)

    def name(m):
        return str(files[m].relative_to(ROOT))

    if "--graph" in sys.argv:
        for v in sorted(graph):
            print(name(v), "->", ", ".join(name(w) for w in sorted(graph[v])))
    edges = sum(len(v) for v in graph.values())
    if comps:
        print(f"{len(comps)} import circle(s):", file=sys.stderr)
        for comp in comps:
            print("  " + " <-> ".join(name(m) for m in comp), file=sys.stderr)
        return 1
    print(f"no import circle among {len(files)} files ({edges} imports)")
    # The floors are the crate's own: another tree (--src) is checked for circles only.
    if "--src" in sys.argv:
        return 0
    return check_floors(graph, name)


# The rooms of the crate (a top-level module: a folder or a file of src/), from the top floor
# down: a room imports only from rooms below it. ARCHITECTURE.md says what each one holds.
FLOORS = [
    ["lib", "internals", "stubbed", "guide", "sweep"],
    ["record", "serve"],
    ["scrub"],
    ["fixture", "sdk"],
    ["queue"],
    ["pages", "operation", "inject", "decode"],
    ["validate", "compare", "respond", "encode", "policy"],
    ["history"],
    ["models", "cbor", "debug_tree", "clock", "error", "message"],
]

# The imports that run back up, each with its reason; any other fails the check.
UPWARD = {}


def check_floors(graph, name) -> int:
    floor = {room: n for n, rooms in enumerate(FLOORS) for room in rooms}
    room_of = lambda module: module[0] if module else "lib"
    unknown = sorted({room_of(m) for m in graph} - set(floor))
    if unknown:
        print(f"rooms on no floor of tools/check_imports.py: {', '.join(unknown)}", file=sys.stderr)
        return 1
    upward = {}
    for module, targets in graph.items():
        for target in targets:
            a, b = room_of(module), room_of(target)
            if a != b and floor[a] > floor[b] and (a, b) not in UPWARD:
                upward.setdefault((a, b), []).append(f"{name(module)} -> {name(target)}")
    if upward:
        print("imports that run back up the floors (tools/check_imports.py, FLOORS):", file=sys.stderr)
        for (a, b), where in sorted(upward.items()):
            print(f"  {a} -> {b}: " + "; ".join(sorted(where)), file=sys.stderr)
        return 1
    print(f"{len(FLOORS)} floors kept: every import runs down, but {len(UPWARD)} named in UPWARD")
    return 0


if __name__ == "__main__":
    sys.exit(main())
