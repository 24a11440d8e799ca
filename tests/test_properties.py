"""Properties that hold for any input: corpus files (or the examples, without the corpus)
mutated the ways real files break (truncated, lines repeated, bytes inserted, indentation
swapped, quotes and brackets unbalanced, nested deeply, a secret pasted in), linted with
every rule.

- no exception (a rule that raises would be an SL007 finding) and no internal error;
- the same output byte for byte when linted again;
- every finding's position inside the file;
- no secret of the input in any of the nine output formats, with --show-source.

The budget is fixed (``derandomize``: the same examples every run) and small enough for the
default run; benchmarks/fuzz.py runs the same properties for as long as you like.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ALL, CORPUS, ROOT, lint_text
from linter.report import FORMATS, render

SECRET = "ghp_Zx8Qw2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0Xc2"


def _seeds() -> list[tuple[str, bytes]]:
    """A fixed sample of real files: every 40th corpus file of each kind, or examples/."""
    out: list[tuple[str, bytes]] = []
    if (CORPUS / "MANIFEST.tsv").is_file():
        for kind, name in (("dockerfile", "Dockerfile"), ("compose", "compose.yaml"),
                           ("kubernetes", "deploy.yaml")):
            files = sorted((CORPUS / kind).iterdir())
            out += [(name, p.read_bytes()) for p in files[::40] if p.stat().st_size < 40_000]
    else:
        for p in sorted((ROOT / "examples").rglob("*")):
            if p.is_file() and p.suffix in ("", ".yaml", ".yml", ".hardened", ".dockerfile"):
                name = "Dockerfile" if "Dockerfile" in p.name else \
                    "compose.yaml" if "compose" in p.name else "deploy.yaml"
                out.append((name, p.read_bytes()))
    return out


SEEDS = _seeds()


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def truncate(data: bytes, r: random.Random) -> bytes:
    return data[:r.randrange(len(data) + 1)]


def repeat_lines(data: bytes, r: random.Random) -> bytes:
    lines = _lines(data)
    i = r.randrange(len(lines))
    return b"".join(lines[:i] + lines[i:i + r.randint(1, 5)] * r.randint(2, 4) + lines[i:])


def insert_bytes(data: bytes, r: random.Random) -> bytes:
    i = r.randrange(len(data) + 1)
    junk = r.choice([b"\x00", b"\xff\xfe", b"\xe9", b"\t", b"\r", b"\x1b[31m", b"{{", b"}}",
                     b"\\\n", b"---\n", b"\xef\xbb\xbf", bytes(r.randrange(256) for _ in range(8))])
    return data[:i] + junk + data[i:]


def swap_indentation(data: bytes, r: random.Random) -> bytes:
    lines = _lines(data)
    i = r.randrange(len(lines))
    stripped = lines[i].lstrip(b" \t")
    lines[i] = r.choice([b"", b" ", b"\t", b"    " * r.randint(1, 6)]) + stripped
    return b"".join(lines)


def unbalance(data: bytes, r: random.Random) -> bytes:
    i = r.randrange(len(data) + 1)
    return data[:i] + r.choice([b'"', b"'", b"[", b"]", b"{", b"}", b"(", b"${", b"`"]) + data[i:]


def nest_deeply(data: bytes, r: random.Random) -> bytes:
    depth = r.choice([50, 300, 1200])
    kind = r.choice(["flow", "block"])
    deep = (b"x: " + b"[" * depth + b"]" * depth + b"\n") if kind == "flow" else \
        b"".join(b"  " * i + b"k:\n" for i in range(min(depth, 400)))
    return data + b"\n" + deep


def paste_secret(data: bytes, r: random.Random) -> bytes:
    lines = _lines(data)
    i = r.randrange(len(lines) + 1)
    form = r.choice(["ENV TOKEN={s}\n", "  GITHUB_TOKEN: {s}\n", "# {s}\n", "  - {s}\n",
                     "RUN curl -H 'Authorization: token {s}' https://x\n", "{s}: value\n",
                     "      name: {s}\n", "image: registry/{s}:1\n"])
    return b"".join(lines[:i] + [form.format(s=SECRET).encode()] + lines[i:])


MUTATIONS = [truncate, repeat_lines, insert_bytes, swap_indentation, unbalance, nest_deeply,
             paste_secret]


@st.composite
def mutated(draw):
    name, data = draw(st.sampled_from(SEEDS))
    seed = draw(st.integers(0, 2**32 - 1))
    r = random.Random(seed)
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        data = mutation(data, r)
    return name, data


def _check(name: str, data: bytes) -> None:
    findings = lint_text(name, data, ALL)
    assert not [f for f in findings if f.code == "SL007"], findings
    assert lint_text(name, data, ALL) == findings  # deterministic
    text = data.decode("utf-8", errors="replace")
    lines = text.splitlines() or [""]
    for f in findings:
        s = f.span
        assert 1 <= s.line <= len(lines) + 1 and s.column >= 1, (f, len(lines))
        assert (s.end_line, s.end_column) >= (s.line, s.column), f
    if SECRET.encode() in data:
        sources = {name: text}
        for fmt in FORMATS:
            out = render(fmt, findings, ALL.rules, files_checked=1, show_source=fmt == "text",
                         sources=sources, root=".")
            assert SECRET not in out and SECRET[4:24] not in out, (fmt, out[:2000])


@pytest.mark.skipif(not SEEDS, reason="no seed files")
@settings(max_examples=600, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_properties_of_mutated_files(case):
    _check(*case)


@pytest.mark.parametrize("name, data", [
    # found by benchmarks/fuzz.py: the token glued into a key ('image' became 'imghp_...'),
    # so no detector sees it at a word boundary; the schema message quoted the key
    ("compose.yaml", f"services:\n  app:\n    im{SECRET}: x\n".encode()),
    ("Dockerfile", f"FROM alpine:3\nX{SECRET} a\n".encode()),
    ("deploy.yaml", f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{SECRET.lower()}\n"
                    f"  label{SECRET}: x\n".encode()),
])
def test_a_secret_glued_to_other_text_is_never_printed(name, data):
    _check(name, data)
