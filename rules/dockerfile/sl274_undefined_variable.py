"""SL274 undefined-variable: A variable is used where it is not defined."""

from __future__ import annotations

import re

from linter import lazyre
from linter.dockerfile import AUTOMATIC_ARGS, Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity, Span
from linter.source import split_lines

from .variables import variable_names

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL274",
    name="undefined-variable",
    severity=Severity.MEDIUM,
    summary="A variable is used where it is not defined",
    rationale=(
        "An undefined variable expands to an empty string without any error. Two cases are "
        "certain without knowing the base image: BuildKit's platform arguments (`TARGETARCH`, "
        "`TARGETOS`, `BUILDPLATFORM`...) are empty inside a stage until the stage declares "
        "`ARG TARGETARCH`, so `RUN curl .../tool-$TARGETARCH` downloads the wrong file; and a "
        "name one or two letters away from a declared ARG/ENV is a typo "
        "(`$NODE_VERISON`). Other undeclared names may come from the base image's ENV and are "
        "not reported."),
    remediation=("Declare the platform argument in the stage (`ARG TARGETARCH`) before using "
                 "it; fix the misspelt name."),
    references=[_REF + "#automatic-platform-args-in-the-global-scope",
                _CHECKS + "undefined-var/"],
    aliases={"buildkit": "UndefinedVar"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nRUN wget -q https://example.com/tool-"
                                   "${TARGETARCH}.tgz\n"),
             Example("Dockerfile", "FROM node:22\nARG NODE_VERSION=22.1\n"
                                   "LABEL version=${NODE_VERISON}\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nARG TARGETARCH\n"
                                   "RUN wget -q https://example.com/tool-${TARGETARCH}.tgz\n"),
             Example("Dockerfile", "FROM alpine:3.20\nRUN TARGETARCH=$(uname -m); echo "
                                   "$TARGETARCH\nENV PATH=/x:$PATH\n")],
    security=False,
)


_EXPANDING = frozenset({"ADD", "COPY", "ENV", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "VOLUME",
                        "WORKDIR", "ARG"})


_SINGLE_QUOTED = lazyre.compile(r"'[^']*'")


def _distance(a: str, b: str, limit: int = 2) -> int:
    """Edit distance with transpositions (``PAHT`` is one edit from ``PATH``), giving up
    (limit + 1) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                d = min(d, before[j - 2] + 1)
            cur.append(d)
        if min(cur) > limit:
            return limit + 1
        before, prev = prev, cur
    return prev[-1]


# BuildKit's predefined build arguments: usable in RUN without an ARG (proxies)
_PREDEFINED = frozenset({p for n in ("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY",
                                     "ALL_PROXY") for p in (n, n.lower())})
# Variables that base images commonly set in their ENV (a typo of one is worth a question)
_IMAGE_ENV = frozenset({"PATH", "HOME", "HOSTNAME", "LANG", "LANGUAGE", "LC_ALL", "TERM",
                        "USER", "SHELL", "JAVA_HOME", "GOPATH", "GOROOT", "PYTHONPATH",
                        "NODE_PATH", "LD_LIBRARY_PATH"})


def _image_may_set(stage, name: str, from_scratch: bool) -> bool:
    """Whether the base image may set ``name`` in its ENV: a name images commonly set, or
    one that starts with the image's own name (``NODE_VERSION`` in a stage FROM node)."""
    if from_scratch:
        return False
    if name in _IMAGE_ENV:
        return True
    head = name.split("_", 1)[0].lower()
    image = stage.root().image
    repo = image.repository.lower() if image is not None else ""
    return len(head) >= 3 and name.isupper() and head in repo


def _defaulted(text: str, name: str) -> bool:
    """``${name:-x}`` / ``${name-x}``: the author handles the unset case."""
    return re.search(r"\$\{" + re.escape(name) + r":?[-=?]", text) is not None


@RULE.check(Dockerfile)
def _undefined_var(df: Dockerfile) -> Iterator[Hit]:
    all_names = {a.name for a in df.global_args}
    for ins in df.instructions:
        if ins.keyword in ("ARG", "ENV"):
            all_names.update(kv.key for kv in ins.key_values)
    global_names = {a.name for a in df.global_args}
    # per stage: the names its own ENV and ARG instructions declare together with those of
    # the stages it is built FROM, carried down the chain once per stage rather than read
    # again from its whole lineage (issue #14: linear in chained stages). A stage that is the
    # only one built FROM its base takes the base's set over and adds to it, so a chain of
    # stages shares one set (a set per stage was memory quadratic in the chain); a base of
    # several keeps its set, and each of them copies it.
    children: dict[int, int] = {}
    for stage in df.stages:
        if stage.base_stage is not None:
            children[id(stage.base_stage)] = children.get(id(stage.base_stage), 0) + 1
    carried: dict[int, set[str]] = {}
    for stage in df.stages:
        base = stage.base_stage
        # ENV of the stages this one is built FROM; their ARGs too, to stay on the safe side
        # (BuildKit carries a parent stage's build arguments into `FROM parent` stages)
        owned = True  # whether ``inherited`` is this stage's own to add to
        if base is None:
            inherited: set[str] = set()
        elif id(base) in carried:
            owned = children[id(base)] == 1
            inherited = carried.pop(id(base)) if owned else carried[id(base)]
        else:  # not an earlier stage (never, as the parser links them): read the lineage
            inherited = {kv.key for c in stage.lineage()[1:] for i in c.instructions
                         if i.keyword in ("ENV", "ARG") for kv in i.key_values}
        declared: set[str] = set()  # this stage's own, as its instructions declare them
        # a stage whose chain starts FROM scratch has no ENV but what the file sets
        from_scratch = stage.root().image.is_scratch
        later: dict[str, int] = {}
        for ins in stage.instructions[1:]:
            if ins.keyword in ("ARG", "ENV"):
                for kv in ins.key_values:
                    later.setdefault(kv.key, ins.span.line)
        for ins in stage.instructions[1:]:
            kw = ins.keyword
            if kw in ("ARG", "ENV"):
                # names used in this instruction's values are checked before it declares
                text = " ".join(kv.raw_value or "" for kv in ins.key_values)
            elif kw == "RUN" and ins.exec_form is None:
                text = ins.args + "".join(h.body for h in ins.heredocs if not h.quoted)
            elif kw in _EXPANDING:
                # COPY/ADD <<EOF: an unquoted heredoc's body is expanded like the arguments
                text = ins.args + "".join(h.body for h in ins.heredocs if not h.quoted)
            else:
                text = ""
            if "$" in text:
                text = _SINGLE_QUOTED.sub("", text)
                reported = set()
                for name in variable_names(text.replace("\\$", "")):
                    if name in declared or name in inherited or name in reported:
                        continue
                    reported.add(name)
                    hit = _judge(df, stage, ins, kw, name, text, all_names, global_names,
                                 later, from_scratch)
                    if hit is not None:
                        hit.at = _in_heredoc(ins, name) or hit.at
                        yield hit
            if kw in ("ARG", "ENV"):
                declared.update(kv.key for kv in ins.key_values)
        if children.get(id(stage)):  # a stage is built FROM this one: what it inherits
            if owned:
                inherited |= declared
            elif declared - inherited:
                inherited = inherited | declared
            carried[id(stage)] = inherited


def _in_heredoc(ins, name: str) -> Span | None:
    """Where ``$name`` is written in a heredoc body of ``ins`` when it is not in the
    instruction's own arguments: the finding goes on that body line, not the first line."""
    pattern = re.compile(r"\$(?:\{" + re.escape(name) + r"\b|" + re.escape(name) + r"\b)")
    if pattern.search(ins.args):
        return None
    for h in ins.heredocs:
        if h.quoted:
            continue
        for n, line in enumerate(split_lines(h.body)):  # the parser's lines
            m = pattern.search(line)
            if m:
                indent = len(h.indents[n]) if n < len(h.indents) else 0
                col = m.start() + indent + 1
                return Span(h.span.line + n, col, h.span.line + n, col + len(m.group()))
    return None


def _judge(df: Dockerfile, stage, ins, kw: str, name: str, text: str, all_names: set[str],
           global_names: set[str], later: dict[str, int], from_scratch: bool) -> Hit | None:
    """The finding for ``$name`` used in ``ins`` where no ARG/ENV of the stage defines it
    yet, when it is certain without the base image's ENV; else None."""
    if name in AUTOMATIC_ARGS:
        if kw == "RUN" and re.search(rf"(\b{name}=|\bfor\s+{name}\b|\bread\s+(-\w+\s+)*{name}\b)",
                                     text):
            return None  # the script sets it itself
        return Hit(ins, f"${name} is empty here: declare 'ARG {name}' in this stage before "
                        "using it", fix=f"ARG {name}")
    if kw == "RUN" or name in _PREDEFINED or _defaulted(text, name):
        return None  # the shell expands RUN (BuildKit does not judge it); a default is chosen
    if len(name) >= 4:
        close = sorted(n for n in (all_names | _IMAGE_ENV) if n != name and
                       _distance(n, name) <= (1 if len(name) < 8 else 2))
        if close and name not in all_names:
            return Hit(ins, f"${name} is not defined; did you mean ${close[0]}?",
                       fix=f"${close[0]}")
    if _image_may_set(stage, name, from_scratch):
        return None
    if name in global_names and name not in later:
        return Hit(ins, f"${name} is empty here: the global ARG {name} is visible inside a "
                        f"stage only after 'ARG {name}' in that stage", fix=f"ARG {name}")
    if name in later and later[name] > ins.span.line:
        return Hit(ins, f"${name} is used before line {later[name]} defines it, so it is "
                        "empty here; move the definition up", fix=f"define {name} earlier")
    if name not in all_names and (from_scratch or name != name.upper()):
        # image ENV names are upper case; a lower-case name no ARG/ENV declares is unset
        # (FROM scratch: there is no image ENV at all)
        return Hit(ins, f"${name} is not defined: no ARG or ENV declares it, so it is empty "
                        "here", fix=f"declare it first: ARG {name}")
    return None
