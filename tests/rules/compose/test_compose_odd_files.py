"""Odd Compose files (wrong types, cycles, deep nesting) never crash a Compose rule."""

from __future__ import annotations

import pytest

from helpers import RULES, lint_text
from linter.engine import Engine, select_rules


ODD = [
    "services:\n  web:\n    ports: [{target: [1]}, {published: {a: 1}}, 3.5, null, true]\n"
    "    volumes: [{}, 1, null]\n    depends_on: {a: [1], b: null, 1: 2}\n"
    "    networks: {null: null}\n    healthcheck: {test: [[1]], interval: 5}\n"
    "    deploy: {replicas: x, resources: {limits: {pids: [1]}}}\n    scale: [1]\n"
    "    extends: {service: [1]}\n    devices: [{source: null}]\n"
    "    device_cgroup_rules: [1]\n    restart: 5\n    container_name: 12\n"
    "    network_mode: [1]\n",
    "services:\n  a:\n    extends: a\n  b:\n    extends: {service: c}\n  c:\n    extends: b\n",
    "include: [1, {path: [null]}, {path: {a: b}}]\nservices:\n  a: {image: x}\nsecrets: [1]\n"
    "configs: {a: null, b: 1}\n",
    "services:\n  a:\n    image: x\n    command: '${'\n    environment: {'${': '${A:-${B'}\n",
    "services:\n  1: {image: x}\n  true: {image: y, depends_on: [1]}\n",
    "services:\n  web:\n    <<: *undefined\n", "services:\n  web: !reset null\n",
    "services:\n  a:\n    image: x\n    x-deep: " + "[" * 600 + "]" * 600 + "\n"
    "    environment: {A: " + "{a: " * 600 + "1" + "}" * 600 + "}\n",
]


@pytest.mark.parametrize("text", ODD)
def test_odd_files_never_crash_a_compose_rule(text):
    engine = Engine(select_rules(RULES, extend_select=["SL4"]))
    assert not [f for f in lint_text("compose.yaml", text, engine) if f.code == "SL007"]
