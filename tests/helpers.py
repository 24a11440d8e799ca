"""Shared test helpers: lint text as if it were a file of a given name."""

from __future__ import annotations

import base64
import random
import textwrap
from collections import Counter
from pathlib import Path

from linter.engine import Engine, load_rules, select_rules
from linter.findings import Finding
from linter.runner import lint_source
from linter.source import decode

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"

RULES = load_rules()
#: the rules a default run selects
ENGINE = Engine(select_rules(RULES))
#: every rule, opt-in ones included (for the rules' own examples)
ALL = Engine(RULES)
#: the first four cross-format rules only: tests of the parsers and the plumbing compare exact
#: lists of findings, which must not change each time a new rule lands
FIRST = Engine(select_rules(RULES, select=["SL101", "SL102", "SL103", "SL104"]))


def lint_text(filename: str, text: str | bytes, engine: Engine = ENGINE,
              files: dict[str, str] | None = None) -> list[Finding]:
    """Lint ``text`` reported as ``filename`` (which decides the kind of file). ``files``:
    other files (by relative path) linted with it in one run, all written to a temporary
    directory; the findings' paths are then relative to it."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if files:
        return _lint_together({filename: data, **{k: v.encode("utf-8") for k, v in files.items()}},
                              engine)
    findings, _ = lint_source(decode(filename, data), engine, explicit=True)
    return sorted(findings, key=lambda f: f.sort_key)


def _lint_together(files: dict[str, bytes], engine: Engine) -> list[Finding]:
    import os
    import tempfile

    from linter.runner import lint_paths

    with tempfile.TemporaryDirectory() as d:
        for name, data in files.items():
            path = Path(d) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        report = lint_paths([str(Path(d) / name) for name in files], engine)
        root = os.path.realpath(d) + os.sep
        out = [f.replace(path=os.path.realpath(f.path)[len(root):])
               if os.path.realpath(f.path).startswith(root) else f for f in report.findings]
    return sorted(out, key=lambda f: f.sort_key)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def by_name(findings: list[Finding], name: str) -> list[Finding]:
    return [f for f in findings if f.name == name]


def corpus_tree(kind: str, into: Path) -> Path:
    """The corpus files of ``kind`` linked back into their source layout under ``into``
    (``owner/repo/path/of/file.yaml``, from MANIFEST.tsv). The corpus is flattened into one
    directory; rules that relate files by directory need the layout the owners lint."""
    root = into / kind
    _lay_out((kind,), root)
    return root


def _lay_out(kinds: tuple[str, ...], root: Path) -> dict[str, str]:
    """Link the corpus files of ``kinds`` under ``root`` as ``repo/path`` (MANIFEST.tsv);
    returns the kind of each link, by path."""
    laid: dict[str, str] = {}
    for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        k, file, repo, path, *_ = line.split("\t")
        if k not in kinds:
            continue
        target = root / repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.symlink_to((CORPUS / file).resolve())
        laid.setdefault(str(target), k)
    return laid


class CorpusRun:
    """The findings of one run over the corpus laid out by repository (``lint_corpus_by_
    repository``), and the kind of each file, to count them by rule and kind of file."""

    def __init__(self, findings: list[Finding], kinds: dict[str, str]):
        self.findings = findings
        self.kinds = kinds

    def of(self, kind: str | None = None) -> list[Finding]:
        """The findings on files of ``kind`` (``"kubernetes"``...), or all of them."""
        return [f for f in self.findings if kind is None or self.kinds.get(f.path) == kind]

    def counts(self, codes, kind: str | None = None) -> dict[str, int]:
        """``{code: number of findings}`` for each of ``codes`` (0 where it found nothing)."""
        got = Counter(f.code for f in self.of(kind))
        return {c: got.get(c, 0) for c in codes}


def lint_corpus_by_repository(codes, into: Path) -> CorpusRun:
    """The corpus's Dockerfiles, Compose files and Kubernetes manifests laid out together
    under ``into`` as their repositories hold them (a Compose file and the manifests beside
    it link images to Dockerfiles), linted once with the rules ``codes`` (opt-in ones too).

    The corpus count tests share this one run (``corpus_by_repository`` in conftest.py,
    which selects the rules their ``EXPECTED`` name): the corpus takes seconds to lint, so
    linting it once per family cost the default run a run per family. Laying the other kinds
    beside the manifests changes no rule's findings on them: with every rule selected, each
    code's count over the Kubernetes files is the same as over the Kubernetes files alone
    (``corpus_tree("kubernetes", ...)``), checked when this was written."""
    from linter.runner import lint_paths

    root = into / "repos"
    kinds = _lay_out(("compose", "dockerfile", "kubernetes"), root)
    report = lint_paths([str(root)], Engine([r for r in RULES if r.code in set(codes)]))
    return CorpusRun(report.findings, kinds)


# ------------------------------------------------------------------------------ rule tests
# hadolint-spec-like: `catches(code, filename, text)` / `catches_not(code, filename, text)` lint
# a snippet with that one rule selected, so a test says which rule it is about and nothing else
# it reports gets in the way.


def _one_rule(code: str, filename: str, text: str, options: dict[str, dict] | None,
              select: list[str] | None, files: dict[str, str] | None = None) -> list[Finding]:
    assert code in {r.code for r in RULES}, f"no rule {code}"
    engine = Engine(select_rules(RULES, select=[code, *(select or ())]), options=options)
    found = lint_text(filename, textwrap.dedent(text), engine,
                      {k: textwrap.dedent(v) for k, v in (files or {}).items()})
    # a rule that crashed has not judged the file: neither answer would mean anything
    crashed = [f.message for f in found if f.name == "internal-error"]
    assert not crashed, crashed
    return [f for f in found if f.code == code]


def catches(code: str, filename: str, text: str, *, options: dict[str, dict] | None = None,
            select: list[str] | None = None, files: dict[str, str] | None = None
            ) -> list[Finding]:
    """Assert that rule ``code`` reports something on ``text`` and return its findings.

    ``text`` is dedented (``textwrap.dedent``) and linted as a file named ``filename`` (the
    name decides the kind: ``Dockerfile``, ``compose.yaml``, ``k8s.yaml``...) with only
    ``code`` selected, opt-in or not, plus the codes in ``select`` and the engine's own rules
    (parse errors...). ``options`` is the engine's ``{rule-name: {option: value}}``. The
    findings returned are those of ``code`` only, in file order, for the test to check their
    lines, messages and severities. Fails too if a rule crashed (an ``internal-error``).
    ``files``: other files linted with it in one run (see ``lint_text``)."""
    found = _one_rule(code, filename, text, options, select, files)
    assert found, f"{code} does not fire on {filename}:\n{textwrap.dedent(text)}"
    return found


def catches_not(code: str, filename: str, text: str, *, options: dict[str, dict] | None = None,
                select: list[str] | None = None, files: dict[str, str] | None = None) -> None:
    """Assert that rule ``code`` reports nothing on ``text``: the negative of ``catches``,
    linted the same way (dedented, as ``filename``, ``code`` selected plus ``select``, with
    ``options``). Fails too if a rule crashed, which would make the silence meaningless."""
    found = _one_rule(code, filename, text, options, select, files)
    assert not found, (code, [(f.span.line, f.message) for f in found])


def lines(findings: list[Finding]) -> list[int]:
    """The line of each finding, in order: ``lines(catches(...)) == [3, 9]``."""
    return [f.span.line for f in findings]


# --------------------------------------------------------- snippets shared by the rule tests


def compose_service(body: str) -> str:
    """A Compose file with one service ``app`` (image ``app:1.0``) and ``body`` as its keys."""
    return "services:\n  app:\n    image: app:1.0\n" + "".join(f"    {line}\n" for line in body.splitlines())


def rbac_role(kind: str, rules: str, namespace: str = "shop") -> str:
    """A Role or ClusterRole (``kind``) named r with ``rules`` (the YAML list, unindented)."""
    return (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: r\n"
            f"  namespace: {namespace}\nrules:\n{rules}")


def rbac_binding(kind: str, role_name: str, subject: str) -> str:
    """A RoleBinding or ClusterRoleBinding (``kind``) of ClusterRole ``role_name`` to one
    ``subject`` (a flow mapping)."""
    return (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata: {{name: b, namespace: shop}}\n"
            f"roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {role_name}}}\n"
            f"subjects:\n- {subject}\n")


_WEB_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      {containers}:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
          name: http
"""


def web_deployment(replicas: str = "3", containers: str = "containers") -> str:
    """A valid Deployment 'web' (line 6 ``replicas``, line 13 the ``containers`` key), which
    the schema tests break by writing another value or key there."""
    return _WEB_DEPLOYMENT.format(replicas=replicas, containers=containers)


# secrets (SL103 hardcoded-secret, SL500 well-known-default-secret, SL501 secret-variable-default)

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def random_text(rng: random.Random, n: int, alphabet: str = ALNUM) -> str:
    """``n`` characters of ``alphabet`` drawn from ``rng`` (seeded by the caller, so a test
    file builds the same token-shaped values on every run without holding any)."""
    return "".join(rng.choice(alphabet) for _ in range(n))


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def findings_of(rule: str, filename: str, text: str, engine: Engine = ENGINE) -> list[Finding]:
    """The findings of ``rule`` (code or name) on ``text`` linted as ``filename`` with the
    default rules, after asserting that the file parsed and no rule crashed."""
    findings = lint_text(filename, text, engine)
    assert not [f for f in findings if f.name in ("parse-error", "internal-error")], findings
    return [f for f in findings if rule in (f.code, f.name)]


def assert_no_value_in_messages(findings, *values: str) -> None:
    for f in findings:
        for v in values:
            assert v not in f.message, f.message


def compose_env(**env: str) -> str:
    """A Compose service app (image app:1) with ``env`` as its environment, values as written."""
    lines = "".join(f"      {k}: {v}\n" for k, v in env.items())
    return f"services:\n  app:\n    image: app:1\n    environment:\n{lines}"


def compose_env_quoted(**env: str) -> str:
    """A Compose service app (image app:1.0) with ``env`` as its environment, values quoted."""
    lines = "".join(f"      {k}: \"{v}\"\n" for k, v in env.items())
    return f"services:\n  app:\n    image: app:1.0\n    environment:\n{lines}"


def pod_env(name: str, value: str) -> str:
    """A Pod whose container app has one environment variable ``name`` set to ``value``."""
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            f"  - name: app\n    image: app:1\n    env:\n    - name: {name}\n"
            f"      value: {value}\n")


def k8s_secret(entries: dict[str, str], field: str = "stringData", extra: str = "") -> str:
    """A Secret s with ``entries`` under ``field`` (stringData or data), ``extra`` before it."""
    body = "".join(f"  {k}: {v}\n" for k, v in entries.items())
    return f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\n{extra}{field}:\n{body}"


#: a ConfigMap embedding a collector config with one literal token, on line 8
OTEL_CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata: {name: otel}
data:
  collector.yaml: |
    extensions:
      bearertokenauth:
        token: "Kq2vX9-Lm4Rt"
      other:
        password: ${PASSWORD}
        custom_secrets: []
        secret_key: [EKS_SECRET_KEY]
        api_key_file: /run/secrets/key
"""


def peer_aliases(accept=lambda tool, peer_id, rule: True) -> set[tuple[str, str, str]]:
    """(tool, peer ID, rule code) of every equivalent alias of the pack that ``accept`` keeps
    (the peer-ID tests of each format keep the IDs of that format's checks)."""
    return {(tool, i, r.code) for r in RULES for tool, ids in r.aliases.items()
            for i in ([ids] if isinstance(ids, str) else ids) if accept(tool, i, r)}


def peer_check_rows(page: str) -> str:
    """The ``## Every peer check`` section of a coverage page under docs/coverage."""
    text = (ROOT / "docs" / "coverage" / page).read_text(encoding="utf-8")
    table = text.split("## Every peer check", 1)
    assert len(table) == 2, f"{page} has no 'Every peer check' section"
    return table[1].split("\n## ", 1)[0]


def tool_ids(rule, tool: str) -> list[str]:
    """The IDs of ``tool``'s checks that ``rule`` names, equivalent or related."""
    out: list[str] = []
    for field in (rule.aliases, rule.related):
        ids = field.get(tool)
        out.extend([ids] if isinstance(ids, str) else ids or [])
    return out
