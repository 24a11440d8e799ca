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

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def corpus_by_repository(request, tmp_path_factory):
    """One run over the corpus laid out by repository (``helpers.lint_corpus_by_repository``),
    shared by the corpus count tests that ask for it: it selects the rules their modules pin
    in ``EXPECTED`` (the tests of this session that use it), and only those, so a new rule
    changes no count and each test compares the rules it names. Under pytest-xdist the
    workers of one run share it too: the first to ask lints, the others read its answer."""
    from helpers import lint_corpus_by_repository

    codes: set[str] = set()
    for item in request.session.items:
        if "corpus_by_repository" in getattr(item, "fixturenames", ()):
            codes.update(item.module.EXPECTED)
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")  # the same in every worker of a run
    try:
        import fcntl
    except ImportError:  # not POSIX: each worker lints for itself
        fcntl = None
    if run is None or fcntl is None:
        return lint_corpus_by_repository(codes, tmp_path_factory.mktemp("corpus"))
    import pickle

    shared = tmp_path_factory.getbasetemp().parent  # the workers' base directories' parent
    answer = shared / f"corpus-{run}.pickle"
    with open(shared / f"corpus-{run}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if answer.exists():
            return pickle.loads(answer.read_bytes())
        found = lint_corpus_by_repository(codes, shared / f"corpus-{run}")
        answer.write_bytes(pickle.dumps(found))
        return found
