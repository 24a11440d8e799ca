"""Inputs that were quadratic (or worse) finish: time grows with the size of the input. No
timing is asserted (the machine is shared); a generous timeout catches a relapse, and
benchmarks/bench.py measures the figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linter.compose.project import project_of
from linter.parse import parse
from linter.source import decode

TIMEOUT = 60


def check(path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SHIPLINT_DEBUG", None)
    r = subprocess.run([sys.executable, "-m", "linter", "check", "--no-cache", "-j", "1",
                        "-f", "json", *args, str(path)], capture_output=True, env=env,
                       timeout=TIMEOUT)
    assert r.returncode in (0, 1), r.stderr[-2000:]
    assert b"internal error" not in r.stderr and b"Traceback" not in r.stderr
    return r


def findings(r: subprocess.CompletedProcess) -> list[dict]:
    return json.loads(r.stdout)["findings"]


def chained_extends(n: int, cycle: bool = False) -> str:
    first = f"    extends: s{n - 1}\n" if cycle else ""
    return ("services:\n  s0:\n    image: alpine:3.20\n    privileged: true\n" + first
            + "".join(f"  s{i}:\n    extends: s{i - 1}\n" for i in range(1, n)))


@pytest.mark.slow
def test_a_100000_line_dockerfile(tmp_path):
    f = tmp_path / "Dockerfile"
    f.write_text("FROM alpine:3.20\n" + "RUN echo hi\n" * 100_000)
    r = check(f)  # the default rules
    assert {x["code"] for x in findings(r)} >= {"SL101"}


#: a few dozen realistic instructions, cycled with changing arguments ({i}; {p}: a port)
VARIED = [
    "RUN apt-get update && apt-get install -y --no-install-recommends curl=7.{i} "
    "&& rm -rf /var/lib/apt/lists/*",
    "ENV PATH=/opt/bin{i}:$PATH",
    "COPY src/file{i}.txt /app/file{i}.txt",
    "RUN pip install --no-cache-dir requests=={i}.0",
    "RUN curl -fsSL https://example.com/x{i}.tar.gz | tar -xz -C /opt",
    "WORKDIR /app/dir{i}",
    "ARG VERSION{i}=1.{i}",
    'RUN echo "$VERSION{i}" > /tmp/v{i} && cat /tmp/v{i}',
    'LABEL org.opencontainers.image.version="{i}"',
    "RUN set -eux; if [ -f /etc/x{i} ]; then rm -f /etc/x{i}; fi",
    "EXPOSE {p}",
    "RUN useradd -u {i} user{i}",
    "ENV API_TOKEN{i}=abc{i}def",
    "RUN cd /src && make -j4 target{i}",
    "USER user{i}",
    "ADD https://example.org/a{i}.tgz /tmp/",
    "RUN for f in a b c{i}; do echo $f; done",
    "RUN export FOO{i}=bar && echo ${{FOO{i}:-x}}",
    "COPY --from=builder /out/bin{i} /usr/bin/",
    "RUN --mount=type=cache,target=/root/.cache pip install pkg{i}",
    'CMD ["app", "--port", "{p}"]',
]


def varied(n: int) -> str:
    return "FROM python:3.12 AS builder\n" + "".join(
        VARIED[i % len(VARIED)].format(i=i, p=1000 + i % 60000) + "\n" for i in range(n))


def chained_run(n: int) -> str:
    return ("FROM alpine:3.20\nRUN set -e \\\n"
            + "".join(f"    && echo step{i} > /tmp/s{i % 100} \\\n" for i in range(n))
            + "    && true\n")


def _per_instruction(found: list[dict], n: int) -> None:
    """No rule failed, and the checks of one instruction ran on every copy of it (an ADD of
    a URL without a checksum: SL231 on each)."""
    assert not [x for x in found if x["code"] == "SL007"], found[:3]
    adds = sum(1 for i in range(n) if VARIED[i % len(VARIED)].startswith("ADD"))
    assert len([x for x in found if x["code"] == "SL231"]) == adds


def test_a_dockerfile_of_varied_instructions():
    # quadratic until issue #14: the scope before each instruction was replayed from the
    # start of its stage (5,000 lines: 2.7 s; 10,000: 10.4 s)
    n = 5000
    r = _lint_text("Dockerfile", varied(n))
    _per_instruction(r, n)


@pytest.mark.slow
def test_a_100000_line_dockerfile_of_varied_instructions(tmp_path):
    f = tmp_path / "Dockerfile"
    f.write_text(varied(100_000))
    _per_instruction(findings(check(f)), 100_000)


def test_a_run_of_thousands_of_commands_joined_by_and():
    # tree-sitter nests `a && b && ...` one level a command: the walk overflowed Python's
    # recursion and every shell rule failed on the RUN (issue #14)
    found = _lint_text("Dockerfile", chained_run(5000))
    assert not [x for x in found if x["code"] == "SL007"], found[:3]


@pytest.mark.slow
def test_a_run_continued_over_100000_lines(tmp_path):
    f = tmp_path / "Dockerfile"
    f.write_text(chained_run(100_000))
    found = findings(check(f))
    assert not [x for x in found if x["code"] == "SL007"], found[:3]


def _lint_text(filename: str, text: str) -> list[dict]:
    from helpers import lint_text

    return [{"code": x.code, "line": x.span.line} for x in lint_text(filename, text)]


def test_1000_chained_stages(tmp_path):
    f = tmp_path / "Dockerfile"
    f.write_text("FROM alpine:3.20 AS s0\nUSER app\n"
                 + "".join(f"FROM s{i - 1} AS s{i}\nRUN echo {i}\n" for i in range(1, 1000)))
    r = check(f)
    # the last stage inherits USER from the first, through 999 stages
    assert not [x for x in findings(r) if x["code"] == "SL101"]


def _chain_of_stages(n: int) -> str:
    """``n`` stages each FROM the one before; the first sets what the last relies on."""
    return ("FROM alpine:3.20 AS s0\nWORKDIR /app\nENV GREETING=hi\n"
            + "".join(f"FROM s{i - 1} AS s{i}\nRUN echo {i}\n" for i in range(1, n - 1))
            + f"FROM s{n - 2} AS last\nWORKDIR app\nCOPY a.txt b/\nRUN echo $GREETING\n")


def test_what_chained_stages_inherit_is_read_once_per_stage(monkeypatch):
    """The rules that judge a stage by what the stages it is built FROM wrote (SL235's
    WORKDIR, SL244's COPY destination, SL274's variables) carry it down the chain: the
    instructions a file's stages are searched for grow with the stages, not with their
    square (3,000 chained stages took 3.7 s before, 0.4 s after)."""
    from linter.dockerfile.tree import Stage

    calls = []
    real = Stage.instructions_named
    monkeypatch.setattr(Stage, "instructions_named",
                        lambda self, keyword: calls.append(1) or real(self, keyword))
    counts = []
    for n in (300, 600):
        del calls[:]
        found = _lint_text("Dockerfile", _chain_of_stages(n))
        counts.append(len(calls))
        # what the first stage wrote holds in the last, through every stage between
        assert not [f for f in found if f["code"] in ("SL235", "SL244", "SL274")], found
    assert counts[1] < 2.5 * counts[0], counts


def test_names_chained_stages_declare_are_kept_once_per_chain():
    """SL274 carries the names the stages of a chain declare down to the stages built FROM
    them: a chain shares one set, so what it keeps grows with the names, not with their
    square (a set per stage took 1.7 GB for 8,000 stages each declaring one name)."""
    import tracemalloc

    from linter.parse import parse
    from linter.rules.dockerfile.sl274_undefined_variable import RULE
    from linter.source import decode

    check = RULE.checks
    peaks = []
    for n in (400, 800):
        text = ("FROM scratch AS s0\n" + "".join(f"FROM s{i - 1} AS s{i}\nENV V{i}=1\n"
                                                  for i in range(1, n))
                + f"FROM s{n - 1}\nCOPY $V1 $V{n - 1} /x/\n")
        df = parse(decode("Dockerfile", text.encode()), True).targets[0]
        df.stages[-1].lineage()  # the stages' chains, made before what is measured
        tracemalloc.start()
        hits = [h for fns in check.values() for fn in fns for h in fn(df)]
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert hits == []  # V1 and the last name are declared up the chain
    assert peaks[1] < 2.6 * peaks[0], peaks


def test_5000_chained_extends(tmp_path):
    f = tmp_path / "compose.yaml"
    f.write_text(chained_extends(5000))
    found = findings(check(f))
    # every service is privileged through its chain; the value is written once, on s0
    privileged = [x for x in found if x["code"] == "SL120"]
    assert len(privileged) == 1 and privileged[0]["line"] == 4


def test_extends_chains_resolve_without_recursion():
    text = chained_extends(3000)
    cf = parse(decode("compose.yaml", text.encode()), True).targets[0]
    project = project_of(cf)
    last = project.merged_service("s2999")
    assert last is not None and last.node.get("image").as_str() == "alpine:3.20"


def test_an_extends_cycle_ends_where_it_meets_itself():
    cf = parse(decode("compose.yaml", chained_extends(4, cycle=True).encode()),
               True).targets[0]
    project = project_of(cf)
    for name in ("s0", "s1", "s2", "s3"):
        merged = project.merged_service(name)
        assert merged is not None and merged.node.get("image").as_str() == "alpine:3.20"


def test_a_150000_entry_configmap(tmp_path):
    f = tmp_path / "cm.yaml"
    f.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: app\n"
                 "data:\n" + "".join(f"  key{i}: value{i}\n" for i in range(150_000)))
    check(f)


def test_6000_pods_in_one_file(tmp_path):
    pod = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  namespace: app\n"
           "spec:\n  containers:\n  - name: c\n    image: nginx:1.27\n")
    f = tmp_path / "pods.yaml"
    f.write_text("---\n".join(pod.format(i=i) for i in range(6000)))
    found = findings(check(f, "--select", "SL101"))
    assert len(found) == 6000
    assert len({x["line"] for x in found}) == 6000  # one on each Pod
