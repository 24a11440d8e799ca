"""Build-stage and casing rules: COPY --from its own stage (SL250), --from naming no stage
(SL251), duplicate stage names (SL252), reserved stage names (SL253), stage name casing
(SL254), instruction keyword casing (SL255).
"""

from __future__ import annotations

from linter.dockerfile import Dockerfile


def from_flags(df: Dockerfile):
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword not in ("COPY", "ADD"):
            continue
        flag = target.flag("from")
        if flag is None or not flag.value:
            continue
        value, known = df.expand(flag.value, ins.stage, ins)
        yield ins, target, flag, value, known


