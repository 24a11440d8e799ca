"""Differential test of shiplint's YAML reader against the YAML library Kubernetes uses.

    python benchmarks/yaml_differential.py [--cases N] [--seed S]
    python benchmarks/yaml_differential.py --reference [--cases N] [--seed S] [--rounds R]

``--reference`` compares instead linter.yaml's two paths with each other: the event reader
(``_load_events``, the fast path) against the composer path it replaces (``_load_nodes``, the
reference), tree for tree (tests/test_yaml_events.py's ``canonical``), on every .yaml/.yml file
of ../shared/corpus and on N generated streams; then it times ``load`` over the Kubernetes
folder with each path, alternating, and prints the CPU medians.

Generates small YAML documents from fragments that sit where parsers disagree (colons,
tabs, flow collections, quotes, comments, anchors, block scalars, directives, odd
characters), and asks both readers whether each is valid: ``linter.yaml.load`` and
``kubectl kustomize`` (go-yaml, as kubectl reads manifests). Prints each disagreement and a
count. Cases that show a class of disagreement become tests in tests/test_yaml.py. Needs
kubectl on PATH; prints a note and exits 0 without it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linter import yaml  # noqa: E402

HEAD = "apiVersion: example.com/v1\nkind: Example\nmetadata:\n  name: x\n"

VALUES = [
    "frontend:80", "http://x:80/y", "a:b:c", "a: b", "a #b", "a#b", "-a", "- a", "?a", "? a",
    "a,b", "[a:b]", "{a:b}", "{a: b}", "[a, b:c]", "[a, {b: c:d}]", "{a: [b:c]}", "'a:b'",
    '"a:b"', "a\tb", "\ta", "a\t", "a\t# c", "&x a", "*x", "!!str 1", "!custom a", "|\n  a\n",
    ">-\n  a\n  b\n", "|\n\ta\n", "%a", "@a", "`a", "a: b: c", "[a, ]", "{a, }", "[,a]",
    "'it''s'", '"\\x41"', '"\\/"', '"\\q"', "a\u00a0b", "a\u2028b", "\u00e9", "a\x85b",
    "0o17", "0x1F", "1_000", ".inf", "~", "null", "yes", "on", "2024-01-01", "<<: {a: 1}",
    "[a]]", "{a}}", "\"a", "'a", "a'", "[\"a\":b]", "{\"a\":b}", "{? a: b}", "[? a]",
]
KEYS = ["k", "k:x", "\"k:x\"", "'k'", "k#x", "k x", "? k", "[k]", "{k: v}", "k\t", "-k", "&a k"]


def cases(n: int, rng: random.Random) -> list[str]:
    out = []
    for v in VALUES:
        out.append(HEAD + f"data:\n  a: {v}\n")
    for k in KEYS:
        out.append(HEAD + f"data:\n  {k}: v\n")
    while len(out) < n:
        k, v, w = rng.choice(KEYS), rng.choice(VALUES), rng.choice(VALUES)
        shape = rng.choice([
            "data:\n  {k}: {v}\n  b: {w}\n", "data: {{{k}: {v}, b: {w}}}\n",
            "data:\n  a: [{v}, {w}]\n", "data:\n  a:\n  - {v}\n  - {w}\n",
            "data:\n  {k}: &anc {v}\n  b: *anc\n", "data:\n  a: {v} # c\n",
        ])
        out.append(HEAD + shape.format(k=k, v=v, w=w))
    return out


def kubectl_accepts(kubectl: str, text: str, work: Path) -> bool:
    (work / "r.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    proc = subprocess.run([kubectl, "kustomize", str(work)], capture_output=True, timeout=30)
    return proc.returncode == 0


def compare_with_reference(n: int, seed: int, rounds: int) -> int:
    import resource

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "tests"))
    from test_yaml_events import canonical, generated  # noqa: E402

    corpus = root.parent / "shared" / "corpus"
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    bad, punted = [], 0
    for name, text in [(str(p), t) for p, t in zip(files, texts)] + \
            [(f"generated #{i}", t) for i, t in enumerate(generated(n, seed))]:
        try:
            fast = yaml._load_events(text)
        except yaml._Punt:
            punted += 1
            continue
        if canonical(fast) != canonical(yaml._load_nodes(text, False)):
            bad.append(name)
    print(f"{len(files)} corpus files and {n} generated streams: {len(bad)} differ, "
          f"{punted} left to the reference path")
    for name in bad:
        print("  differs:", name)

    kube = [t for p, t in zip(files, texts) if p.parent.name == "kubernetes"]

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    times: dict[str, list[float]] = {"events": [], "composer": []}
    parser = yaml._c_parser
    for _ in range(rounds):
        for way in times:
            yaml._c_parser = parser if way == "events" else None
            start = cpu()
            for text in kube:
                yaml.load(text)
            times[way].append(cpu() - start)
    yaml._c_parser = parser
    med = {k: sorted(v)[len(v) // 2] for k, v in times.items()}
    print(f"load() over {len(kube)} Kubernetes files (collector on), CPU median of {rounds}: "
          f"composer {med['composer']:.2f} s, events {med['events']:.2f} s "
          f"({med['events'] / med['composer']:.0%})")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reference", action="store_true",
                    help="compare the event reader with the composer path instead")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if args.reference:
        yaml.load("")
        return compare_with_reference(args.cases, args.seed, args.rounds)
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        print("kubectl is not installed: nothing to compare against")
        return 0
    rng = random.Random(args.seed)
    disagree = {"shiplint rejects what kubectl reads": [], "shiplint reads what kubectl rejects": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "kustomization.yaml").write_text("resources:\n- r.yaml\n", encoding="utf-8")
        all_cases = cases(args.cases, rng)
        for text in all_cases:
            ours = not [p for p in yaml.load(text)[1] if p.rule == "parse-error"]
            theirs = kubectl_accepts(kubectl, text, work)
            if ours != theirs:
                key = "shiplint reads what kubectl rejects" if ours else \
                    "shiplint rejects what kubectl reads"
                disagree[key].append(text[len(HEAD):])
    for what, texts in disagree.items():
        print(f"## {what}: {len(texts)}")
        for t in texts:
            print("  " + repr(t))
    print(f"{len(all_cases)} cases, {sum(map(len, disagree.values()))} disagreements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
