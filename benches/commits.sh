#!/usr/bin/env bash
# The per-call benchmarks of `benches/compare.rs` at several commits, side by side: each
# commit's bench binary is built in a worktree of its own, then the commits take turns, one
# round each, for ROUNDS rounds, so that a noisy machine slows them alike. Prints each
# variant's median per commit and round, and its ratio to the same round's reference (as
# benches/summarize.py does). `.` stands for the working tree.
#
#     bash benches/commits.sh ROUNDS FILTER COMMIT...
#     bash benches/commits.sh 3 's3_list_objects_v2|ec2_describe_instances' 0b3378d .
set -euo pipefail
rounds=$1
filter=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'for w in "$work"/tree-*; do git -C "$root" worktree remove --force "$w" 2>/dev/null || true; done; rm -rf "$work"; git -C "$root" worktree prune' EXIT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
labels=()
for commit in "$@"; do
    if [ "$commit" = . ]; then
        # A copy of the working tree as it is now: edits made while the rounds run do not
        # reach the build.
        label=$(git -C "$root" rev-parse --short HEAD)+tree
        tree=$work/tree-copy
        mkdir -p "$tree"
        (cd "$root" && git ls-files --cached --others --exclude-standard -z \
            | while IFS= read -r -d '' f; do [ ! -e "$f" ] || cp -P --parents "$f" "$tree"; done)
    else
        label=$(git -C "$root" rev-parse --short "$commit")
        tree=$work/tree-$label
        git -C "$root" worktree add --detach --force "$tree" "$commit" >/dev/null 2>&1
    fi
    echo "== building the benchmark of $label" >&2
    bin=$(cd "$tree" && cargo bench --features s3,ec2,record --bench compare --no-run \
        --message-format json 2>/dev/null \
        | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "compare" and m.get("executable"):
        print(m["executable"])')
    cp "$bin" "$work/bench-$label"
    labels+=("$label")
done
for round in $(seq 1 "$rounds"); do
    for label in "${labels[@]}"; do
        echo "== round $round: $label" >&2
        (cd "$root" && BENCH_ROUNDS=1 CRITERION_HOME="$work/out/$label/$round" \
            "$work/bench-$label" --bench "$filter" >/dev/null 2>&1)
    done
done
python3 - "$work/out" "${labels[@]}" <<'PY'
import json, pathlib, sys
sys.path.insert(0, str(pathlib.Path(sys.argv[0]).parent))
out, labels = pathlib.Path(sys.argv[1]), sys.argv[2:]
refs = {
    "aws-stubber typed output (queue + call)": "aws-smithy-mocks typed output",
    "aws-stubber raw HTTP (queue + call)": "floor (bare canned HTTP client)",
    "aws-stubber client error (queue + call)": "floor (bare canned HTTP client)",
    "aws-stubber fixture replay (call)": "floor (bare canned HTTP client)",
    "StaticReplayClient": "floor (bare canned HTTP client)",
    "aws-stubber request validation alone (one request)": "aws-stubber typed output (queue + call)",
    "the queued output's Debug text alone": "aws-stubber typed output (queue + call)",
    "aws-stubber request validation alone (a RunInstances request)":
        "aws-stubber typed output, RunInstances (queue + call)",
}
# times[group][variant][(label, round)] = median in microseconds
times = {}
for label in labels:
    for bench in (out / label).glob("*/**/new/benchmark.json"):
        rnd = bench.relative_to(out / label).parts[0]
        meta = json.loads(bench.read_text())
        group = meta["group_id"].partition("/round-")[0]
        median = json.loads((bench.parent / "estimates.json").read_text())["median"]["point_estimate"]
        times.setdefault(group, {}).setdefault(meta["function_id"], {})[(label, rnd)] = median / 1000
for group, variants in sorted(times.items()):
    columns = sorted({c for v in variants.values() for c in v}, key=lambda c: (int(c[1]), labels.index(c[0])))
    print(f"## {group}")
    print("| variant | " + " | ".join(f"{l} r{r}" for l, r in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for variant, by in sorted(variants.items()):
        cells = []
        for c in columns:
            t, ref = by.get(c), variants.get(refs.get(variant, ""), {}).get(c)
            cells.append("-" if t is None else f"{t:.1f} µs ({t / ref:.2f}x)" if ref else f"{t:.1f} µs")
        print(f"| {variant} | " + " | ".join(cells) + " |")
    print()
PY
