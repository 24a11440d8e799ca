"""Builders for the small manifests that rules show as examples (and tests lint)."""

from __future__ import annotations

import os

# ``indent`` and ``dedent`` below do what ``textwrap``'s do with these examples: importing
# ``textwrap`` (its regexes and ``TextWrapper``) cost 0.6 ms of every Kubernetes and Compose
# run, which build the examples when they import the rules (start-up, issue #14).


def indent(text: str, prefix: str) -> str:
    """``textwrap.indent``: ``prefix`` before every line that is not blank."""
    if not text:
        return text
    return "".join(prefix + line if line.strip() else line
                   for line in text.splitlines(keepends=True))


def dedent(text: str) -> str:
    """``textwrap.dedent``: the lines without the leading spaces and tabs they all share;
    lines of spaces and tabs alone become empty."""
    if text[:1] not in (" ", "\t") and "\n " not in text and "\n\t" not in text:
        return text  # no line starts with a space or a tab: nothing to take away (most)
    lines = [line if line.strip(" \t") else "" for line in text.split("\n")]
    margin = os.path.commonprefix([line[:len(line) - len(line.lstrip(" \t"))]
                                   for line in lines if line])
    return "\n".join(line[len(margin):] for line in lines) if margin else "\n".join(lines)


def pod(spec: str, metadata: str = "name: p") -> str:
    """A Pod whose ``spec`` is the given YAML block (written at column 0)."""
    return ("apiVersion: v1\nkind: Pod\nmetadata:\n" + indent(metadata.strip("\n"), "  ")
            + "\nspec:\n" + indent(dedent(spec).strip("\n"), "  ") + "\n")


def deployment(spec: str, kind: str = "Deployment", api: str = "apps/v1",
               template_metadata: str = "labels: {app: web}") -> str:
    """A workload with a ``spec.template`` whose pod ``spec`` is the given YAML block."""
    return (f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: web\nspec:\n"
            "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n"
            + indent(template_metadata.strip("\n"), "      ") + "\n    spec:\n"
            + indent(dedent(spec).strip("\n"), "      ") + "\n")


def container(extra: str = "", name: str = "app", image: str = "registry.example.com/app:1.0") -> str:
    """``containers:`` with one container (``extra``: more keys of that container)."""
    body = f"- name: {name}\n  image: {image}\n" + indent(dedent(extra).strip("\n"), "  ")
    return "containers:\n" + body.rstrip("\n") + "\n"
