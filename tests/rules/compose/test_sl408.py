"""SL408 conflicting-resource-settings: A resource setting is given twice with different values."""

from __future__ import annotations

from helpers import catches


def test_conflicting_resource_settings_compare_values():
    text = """\
        services:
          same:
            image: a
            mem_limit: 1g
            cpus: 1
            deploy: {resources: {limits: {memory: 1024M, cpus: "1.0"}}}
          differ:
            image: a
            pids_limit: 100
            scale: 2
            deploy: {replicas: 3, resources: {limits: {pids: 200}}}
          unknown:
            image: a
            mem_limit: ${MEM}
            deploy: {resources: {limits: {memory: 1G}}}
        """
    found = catches("SL408", "compose.yaml", text)
    assert [f.span.line for f in found] == [9, 10]
    assert "pids_limit '100' and deploy.resources.limits.pids '200'" in found[0].message
