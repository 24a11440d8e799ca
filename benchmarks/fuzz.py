"""A long fuzz run of the properties tests/test_properties.py checks in the default suite.

    python benchmarks/fuzz.py [--examples N] [--seconds S]      # hypothesis, random seeds
    python benchmarks/fuzz.py --atheris [atheris/libFuzzer options]

Each input is a real file (a corpus sample, or examples/) mutated the ways files break; the
properties are the suite's: no exception or internal error, the same output twice, positions
inside the file, no secret of the input in any output format. With ``--atheris`` (where
``pip install atheris`` works) libFuzzer drives the mutation from coverage instead: every
input is tried as a Dockerfile, a Compose file and a Kubernetes manifest. A failure prints
the input that broke a property; keep it as a case in tests/test_nasty_inputs.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))


def with_hypothesis(examples: int, seconds: float) -> None:
    from hypothesis import HealthCheck, given, settings

    import test_properties as props

    started = time.monotonic()
    count = 0

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(props.mutated())
    def run(case):
        nonlocal count
        count += 1
        if time.monotonic() - started > seconds:
            return
        props._check(*case)

    run()
    print(f"{count} mutated files checked in {time.monotonic() - started:.0f} s: no property broke")


def with_atheris(argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports():
        import test_properties as props

    def one(data: bytes) -> None:
        for name in ("Dockerfile", "compose.yaml", "deploy.yaml"):
            props._check(name, data)

    atheris.Setup([sys.argv[0], *argv], one)
    atheris.Fuzz()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=20_000)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--atheris", action="store_true")
    args, rest = ap.parse_known_args()
    if args.atheris:
        try:
            with_atheris(rest)
        except ImportError:
            sys.exit("atheris is not installed here (pip install atheris); run without --atheris")
    else:
        with_hypothesis(args.examples, args.seconds)


if __name__ == "__main__":
    main()
