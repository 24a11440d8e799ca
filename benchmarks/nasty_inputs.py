"""Time shiplint on hostile and oversized inputs; prints seconds per case.

    python benchmarks/nasty_inputs.py

The test-suite checks that these inputs give the right findings (tests/test_nasty_inputs.py);
how long they take is measured here, where a slow machine makes a figure worse, not a test
red. Each case is generated in memory and linted in-process with the default rules.
"""

from __future__ import annotations

import time

CASES = {
    "helm detection, 2 MB of '{{'": ("pod.yaml", "x: '" + "{{" * 1_000_000 + "'\n"),
    "6,000 Pods in one file": ("pods.yaml", "".join(
        f"---\n{{apiVersion: v1, kind: Pod, metadata: {{name: p{i}}}, spec: "
        f"{{containers: [{{name: a, image: 'x:1'}}]}}}}\n" for i in range(6000))),
    "12,000 Compose services": ("compose.yaml", "services:\n" + "".join(
        f"  s{i}: {{image: 'x:1'}}\n" for i in range(12000))),
    "RUN with 400,000 words": ("Dockerfile", "FROM alpine:3\nRUN " + "a " * 400_000 + "\nUSER 1\n"),
    "ConfigMap with 150,000 entries": ("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                                       "  name: c\ndata:\n" + "".join(
                                           f"  a{i}: '1'\n" for i in range(150_000))),
    "YAML nested 60,000 deep": ("deep.yaml", "a: " + "[" * 60000 + "]" * 60000 + "\n"),
    "billion laughs": ("bomb.yaml", 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol"]\n'
                       + "".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]\n"
                                 for i in range(1, 10))),
}


def main() -> None:
    from linter.engine import Engine, load_rules, select_rules
    from linter.runner import lint_source
    from linter.source import decode

    engine = Engine(select_rules(load_rules()))
    print(f"{'case':<36}{'bytes':>12}{'seconds':>10}{'findings':>10}")
    for name, (filename, text) in CASES.items():
        data = text.encode("utf-8")
        start = time.perf_counter()
        findings, _ = lint_source(decode(filename, data), engine)
        elapsed = time.perf_counter() - start
        print(f"{name:<36}{len(data):>12}{elapsed:>10.2f}{len(findings):>10}")


if __name__ == "__main__":
    main()
