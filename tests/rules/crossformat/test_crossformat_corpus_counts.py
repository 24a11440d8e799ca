"""Pins how many findings the rules across formats report on the shared corpus, its
Dockerfiles, Compose files and Kubernetes manifests laid out together as their repositories
hold them (a Compose file and the manifests beside it link images to Dockerfiles). Every
number was read finding by finding; a change means a rule or the linking changed behaviour:
read the new findings, then update the number."""

from __future__ import annotations

import collections

import pytest

from helpers import CORPUS, RULES
from linter.engine import Engine
from linter.runner import lint_paths

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(),
                                 reason="../shared/corpus not present")]

# the corpus ties two of dockersamples/example-voting-app's images to their Dockerfiles
# (result and worker: its Compose file builds them, its docker-compose.images.yml names
# them; vote is built from its `dev` stage, which ties nothing for Kubernetes), and their
# manifests ask nothing the Dockerfiles contradict: no probes, Services on the EXPOSEd port
# 80, no runAsNonRoot, no read-only root; no Compose `user:` of the corpus undoes a
# Dockerfile's USER (docker-elk's filebeat `user: root` builds a Dockerfile with no USER)
EXPECTED = {"SL140": 0, "SL141": 0, "SL142": 0, "SL143": 0}
MINE = [r for r in RULES if r.code in EXPECTED]


def test_findings_per_rule_on_the_corpus_laid_out_by_repository(tmp_path):
    root = tmp_path / "repos"
    for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        kind, file, repo, path, *_ = line.split("\t")
        if kind in ("compose", "dockerfile", "kubernetes"):
            target = root / repo / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.symlink_to((CORPUS / file).resolve())
    report = lint_paths([str(root)], Engine(MINE))
    got = collections.Counter(f.code for f in report.findings)
    assert {c: got.get(c, 0) for c in EXPECTED} == EXPECTED
