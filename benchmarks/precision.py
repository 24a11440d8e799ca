"""How many findings of a default run are worth acting on: a labelled sample of the corpus.

    python benchmarks/precision.py sample [--size 200] [--seed 10]   # draw a new sample
    python benchmarks/precision.py count                             # the figures

``sample`` lints ../shared/corpus with the default rules, draws ``--size`` findings at random
(the seed makes it repeatable) and writes ``benchmarks/precision/sample.tsv`` with an empty
``label`` column, refusing to overwrite a file that holds labels. Each finding is then read
in its file and labelled by hand:

* ``true``: a problem a reviewer would ask to fix (or consciously accept) if this file were
  deployed or built as written: a security, reliability or correctness issue with a real
  consequence;
* ``noise``: the rule is right about the text, but it does not matter here (intended by
  design and harmless, cosmetic, or the same problem already reported);
* ``wrong``: the finding is false, or points at the wrong place.

``count`` prints the share of each label, overall and per rule, and says which labelled
findings the current run no longer reports (the sample is then stale for those rules).
"""

from __future__ import annotations

import argparse
import collections
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "benchmarks" / "precision" / "sample.tsv"
FIELDS = ["id", "code", "severity", "file", "line", "column", "message", "label", "reason"]


def default_run() -> list:
    from linter.engine import Engine, load_rules, select_rules
    from linter.runner import lint_paths

    report = lint_paths([str(CORPUS)], Engine(select_rules(load_rules())))
    return report.findings


def _row(i: int, f) -> dict:
    return {"id": i, "code": f.code, "severity": str(f.severity),
            "file": str(Path(f.path).relative_to(CORPUS)), "line": f.span.line,
            "column": f.span.column, "message": f.message, "label": "", "reason": ""}


def sample(size: int, seed: int) -> None:
    if SAMPLE.exists() and any(r["label"] for r in read()):
        sys.exit(f"{SAMPLE} holds labels; move it away to draw a new sample")
    findings = default_run()
    picked = sorted(random.Random(seed).sample(range(len(findings)), size))
    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    with SAMPLE.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, FIELDS, delimiter="\t")
        w.writeheader()
        for n, i in enumerate(picked, 1):
            w.writerow(_row(n, findings[i]))
    print(f"{size} of {len(findings)} default findings written to {SAMPLE}")


def read() -> list[dict]:
    with SAMPLE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def count() -> None:
    rows = read()
    labelled = [r for r in rows if r["label"]]
    if not labelled:
        sys.exit("no labels yet")
    total = collections.Counter(r["label"] for r in labelled)
    n = len(labelled)
    print(f"{n} labelled findings of a default run over the corpus")
    for label in ("true", "noise", "wrong"):
        print(f"  {label:<6}{total[label]:>5}  {100 * total[label] / n:5.1f}%")
    print(f"\n{'rule':<8}{'n':>4}{'true':>6}{'noise':>7}{'wrong':>7}")
    by_rule: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in labelled:
        by_rule[r["code"]][r["label"]] += 1
    for code, c in sorted(by_rule.items(), key=lambda x: -sum(x[1].values())):
        print(f"{code:<8}{sum(c.values()):>4}{c['true']:>6}{c['noise']:>7}{c['wrong']:>7}")
    if CORPUS.is_dir():
        now = {(str(Path(f.path).relative_to(CORPUS)), f.span.line, f.code) for f in default_run()}
        stale = [r for r in labelled if (r["file"], int(r["line"]), r["code"]) not in now]
        print(f"\n{len(stale)} labelled findings are not in the current default run"
              + "".join(f"\n  {r['id']} {r['code']} {r['file']}:{r['line']} ({r['label']})"
                        for r in stale))
        live = [r for r in labelled if r not in stale]
        if stale and live:
            t = sum(r["label"] == "true" for r in live)
            print(f"of the {len(live)} still reported: {t} true ({100 * t / len(live):.1f}%)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--size", type=int, default=200)
    s.add_argument("--seed", type=int, default=10)
    sub.add_parser("count")
    args = ap.parse_args()
    if args.cmd == "sample":
        sample(args.size, args.seed)
    else:
        count()


if __name__ == "__main__":
    main()
