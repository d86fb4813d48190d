#!/usr/bin/env python3
"""What sharing moto between the test processes of a run saves, in interleaved rounds.

1. One IAM test (a fixture and one call) as a test process of its own, from spawn to exit:
   the first process of a run (no server yet) and a later one (the server the first left).
2. The moto tests under cargo-nextest (a process per test), wall time: every process on the
   run's shared servers (the default) against every process on servers of its own
   (AWS_STUBBER_MOTO_DIR=process, as each process started its own before servers were shared).

    cargo test --all-features --test it --no-run && python3 benches/moto_runs.py   # BENCH_ROUNDS=3

Needs moto (pip install 'moto[server]') and cargo-nextest.
"""

import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
IAM_TEST = "moto_fixtures::code_that_builds_its_own_clients_uses_the_fixtures_config"


def it_binary():
    candidates = [p for p in glob.glob("target/debug/deps/it-*") if os.access(p, os.X_OK)
                  and not p.endswith(".d")]
    if not candidates:
        sys.exit("build the tests first: cargo test --all-features --test it --no-run")
    return max(candidates, key=os.path.getmtime)


def timed(cmd, env):
    start = time.monotonic()
    out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    took = time.monotonic() - start
    if out.returncode != 0:
        sys.exit(out.stdout.decode(errors="replace")[-3000:])
    return took


def one_process(binary, directory):
    env = dict(os.environ, AWS_STUBBER_MOTO_DIR=directory, AWS_STUBBER_MOTO_LINGER="2")
    return timed([binary, "--exact", IAM_TEST], env)


def nextest(directory):
    env = dict(os.environ, AWS_STUBBER_MOTO_DIR=directory)
    return timed(["cargo", "nextest", "run", "--workspace", "--all-features", "--no-tests=fail",
                  "-E", "test(/moto/)"], env)


def main():
    binary = it_binary()
    # Untimed: nextest builds and lists the test binaries on its first run.
    subprocess.run(["cargo", "nextest", "list", "--workspace", "--all-features"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    first, later, shared, own = [], [], [], []
    for round_ in range(1, ROUNDS + 1):
        with tempfile.TemporaryDirectory() as directory:
            first.append(one_process(binary, directory))
            later.append(one_process(binary, directory))
            time.sleep(3)  # the linger: the server stops before the next round
        with tempfile.TemporaryDirectory() as directory:
            shared.append(nextest(directory))
            time.sleep(11)
        own.append(nextest("process"))
        print(f"round {round_}: IAM test process first {first[-1]:.2f} s, later "
              f"{later[-1]:.2f} s; nextest shared {shared[-1]:.1f} s, own {own[-1]:.1f} s "
              f"({own[-1] / shared[-1]:.2f}x)", flush=True)
    print(f"medians: first {statistics.median(first):.2f} s, later "
          f"{statistics.median(later):.2f} s, nextest shared {statistics.median(shared):.1f} s, "
          f"own {statistics.median(own):.1f} s")


if __name__ == "__main__":
    main()
