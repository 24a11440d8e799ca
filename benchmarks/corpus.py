"""Time `shiplint check` over the shared corpus and print files per second.

    python benchmarks/corpus.py [CORPUS_DIR] [--repeat N]

Prints, per corpus folder and in total: files, findings, seconds (best of N runs) and files
per second, for the in-process engine; and the wall time of one `shiplint check` subprocess
over the whole corpus (start-up included). Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from linter.engine import Engine, load_rules, select_rules
    from linter.runner import lint_paths

    engine = Engine(select_rules(load_rules()))  # the rules a default run selects
    corpus = Path(args.corpus)
    total_files = total_time = 0.0
    print(f"{'folder':<16}{'files':>8}{'findings':>10}{'seconds':>10}{'files/s':>10}")
    for sub in sorted(p for p in corpus.iterdir() if p.is_dir()):
        best = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            report = lint_paths([str(sub)], engine)
            dt = time.perf_counter() - t
            best = dt if best is None else min(best, dt)
        n = sum(1 for _ in sub.iterdir())
        total_files += n
        total_time += best
        print(f"{sub.name:<16}{n:>8}{len(report.findings):>10}{best:>10.2f}{n / best:>10.0f}")
    print(f"{'total':<16}{int(total_files):>8}{'':>10}{total_time:>10.2f}"
          f"{total_files / total_time:>10.0f}")
    exe = [sys.executable, "-m", "linter", "check", str(corpus), "--format", "sarif",
           "--output", os.devnull]
    t = time.perf_counter()
    rc = subprocess.run(exe, stderr=subprocess.DEVNULL).returncode
    dt = time.perf_counter() - t
    print(f"subprocess `shiplint check corpus --format sarif`: {dt:.2f} s wall, exit {rc}, "
          f"{total_files / dt:.0f} files/s")


if __name__ == "__main__":
    main()
