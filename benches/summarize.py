#!/usr/bin/env python3
"""Summarizes the interleaved rounds of `cargo bench --bench compare`: the median time of
each variant in each round, and each aws-stubber variant's ratio to its reference in the
same round (so the ratios of a noisy rerun stay comparable).

    python3 benches/summarize.py [target/criterion]
"""
import json
import pathlib
import sys
from collections import defaultdict

REFERENCES = {
    "aws-stubber typed output (queue + call)": "aws-smithy-mocks typed output",
    "aws-stubber raw HTTP (queue + call)": "floor (bare canned HTTP client)",
    "aws-stubber client error (queue + call)": "floor (bare canned HTTP client)",
    "aws-stubber fixture replay (call)": "floor (bare canned HTTP client)",
    "aws-stubber request validation alone (one request)": "aws-stubber typed output (queue + call)",
    "the queued output's Debug text alone": "aws-stubber typed output (queue + call)",
    "aws-stubber request validation alone (a RunInstances request)":
        "aws-stubber typed output, RunInstances (queue + call)",
    "unordered, 10 queued (queue + call)": "strict (queue + call)",
    "unordered, 1000 queued (queue + call)": "strict (queue + call)",
    "unordered, 10000 queued (queue + call)": "strict (queue + call)",
}


def main() -> None:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    # times[group][variant][round] = median in microseconds
    times = defaultdict(lambda: defaultdict(dict))
    for bench in root.glob("**/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        group, _, round_name = meta["group_id"].partition("/round-")
        if not round_name:
            continue
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        median_us = estimates["median"]["point_estimate"] / 1000.0
        times[group][meta["function_id"]][int(round_name)] = median_us
    for group, variants in sorted(times.items()):
        rounds = sorted({r for by_round in variants.values() for r in by_round})
        print(f"## {group}")
        print("| variant | " + " | ".join(f"round {r}" for r in rounds) + " |")
        print("|---|" + "---:|" * len(rounds))
        for variant, by_round in sorted(variants.items()):
            cells = []
            for r in rounds:
                t = by_round.get(r)
                ref = variants.get(REFERENCES.get(variant, ""), {}).get(r)
                if t is None:
                    cells.append("-")
                elif ref:
                    cells.append(f"{t:.1f} µs ({t / ref:.2f} ×)")
                else:
                    cells.append(f"{t:.1f} µs")
            print(f"| {variant} | " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main()
