import sys
from pathlib import Path

# tests import their shared helpers as `helpers`
sys.path.insert(0, str(Path(__file__).resolve().parent))

import os  # noqa: E402

# Kustomize directories are built when kustomize or kubectl is installed, which differs from
# machine to machine; tests get file-by-file linting unless they choose a program themselves
# (tests/test_kustomize.py).
os.environ["SHIPLINT_KUSTOMIZE"] = "none"

# The output format follows the CI system shiplint runs in (--format auto); tests choose
# theirs, wherever the suite itself runs.
for _name in ("GITHUB_ACTIONS", "GITLAB_CI", "SHIPLINT_FORMAT", "CI"):
    os.environ.pop(_name, None)
