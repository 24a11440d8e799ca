"""SL142 read-only-volume-path: readOnlyRootFilesystem while a VOLUME of the image has no
volume mounted."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.crossformat.examples import deployment, files

RO = "securityContext: {readOnlyRootFilesystem: true}"


def mounted(*paths: str) -> str:
    mounts = "".join(f"\n- {{name: v{i}, mountPath: {p}}}" for i, p in enumerate(paths))
    return RO + "\nvolumeMounts:" + mounts


def test_a_volume_path_with_nothing_mounted():
    [f] = catches("SL142", "k8s/deploy.yaml", deployment(RO),
                  files=files("VOLUME /var/lib/api /var/cache/api"))
    assert f.span.line == 14
    assert "VOLUME /var/lib/api and /var/cache/api" in f.message
    assert "on CRI-O the writes fail" in f.message and "containerd" in f.message
    assert f.fix.startswith("mount a volume") and "/var/lib/api" in f.fix


def test_exec_form_and_a_path_of_a_base_stage():
    catches("SL142", "k8s/deploy.yaml", deployment(RO), files=files('VOLUME ["/data"]'))
    df = "FROM python:3.12-slim AS base\nVOLUME /data\nFROM base\nCOPY . /app\n"
    catches("SL142", "k8s/deploy.yaml", deployment(RO),
            files={"compose.yaml": files()["compose.yaml"], "api/Dockerfile": df})


def test_a_mount_at_above_or_below_the_path_covers_it():
    for mount in ("/data", "/", "/data/db"):
        catches_not("SL142", "k8s/deploy.yaml", deployment(mounted(mount)),
                    files=files("VOLUME /data"))
    [f] = catches("SL142", "k8s/deploy.yaml", deployment(mounted("/datastore")),
                  files=files("VOLUME /data"))
    assert "VOLUME /data," in f.message


def test_a_writable_root_or_an_unknown_path_says_nothing():
    catches_not("SL142", "k8s/deploy.yaml", deployment(), files=files("VOLUME /data"))
    catches_not("SL142", "k8s/deploy.yaml",
                deployment("securityContext: {readOnlyRootFilesystem: false}"),
                files=files("VOLUME /data"))
    catches_not("SL142", "k8s/deploy.yaml", deployment(RO), files=files("ARG D", "VOLUME $D"))
