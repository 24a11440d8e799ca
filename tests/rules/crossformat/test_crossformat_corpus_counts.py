"""Pins how many findings the rules across formats report on the shared corpus, its
Dockerfiles, Compose files and Kubernetes manifests laid out together as their repositories
hold them (a Compose file and the manifests beside it link images to Dockerfiles). Every
number was read finding by finding; a change means a rule or the linking changed behaviour:
read the new findings, then update the number."""

from __future__ import annotations

import pytest

from helpers import CORPUS

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


def test_findings_per_rule_on_the_corpus_laid_out_by_repository(corpus_by_repository):
    # one run shared with the other count tests (conftest.py), counted on every file
    assert corpus_by_repository.counts(EXPECTED) == EXPECTED
