"""Builders for the small manifests that rules show as examples (and tests lint)."""

from __future__ import annotations


def pod(spec: str, metadata: str = "name: p") -> str:
    """A Pod whose ``spec`` is the given YAML block (written at column 0)."""
    from textwrap import dedent, indent  # examples only: not on a run's path

    return ("apiVersion: v1\nkind: Pod\nmetadata:\n" + indent(metadata.strip("\n"), "  ")
            + "\nspec:\n" + indent(dedent(spec).strip("\n"), "  ") + "\n")


def deployment(spec: str, kind: str = "Deployment", api: str = "apps/v1",
               template_metadata: str = "labels: {app: web}") -> str:
    """A workload with a ``spec.template`` whose pod ``spec`` is the given YAML block."""
    from textwrap import dedent, indent  # examples only: not on a run's path

    return (f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: web\nspec:\n"
            "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n"
            + indent(template_metadata.strip("\n"), "      ") + "\n    spec:\n"
            + indent(dedent(spec).strip("\n"), "      ") + "\n")


def container(extra: str = "", name: str = "app", image: str = "registry.example.com/app:1.0") -> str:
    """``containers:`` with one container (``extra``: more keys of that container)."""
    from textwrap import dedent, indent  # examples only: not on a run's path

    body = f"- name: {name}\n  image: {image}\n" + indent(dedent(extra).strip("\n"), "  ")
    return "containers:\n" + body.rstrip("\n") + "\n"
