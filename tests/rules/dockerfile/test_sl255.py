"""SL255 instruction-casing: Instruction keywords mix upper and lower case."""

from __future__ import annotations

from test_fix import fixed, fixed_everywhere


def test_fix_writes_keywords_and_as_in_the_files_case():
    fixed_everywhere("SL255", "Dockerfile",
                     "FROM alpine:3.20 as build\n# step\nrun echo a\nRUN echo b\n",
                     "FROM alpine:3.20 AS build\n# step\nRUN echo a\nRUN echo b\n", unsafe=False)
    # a file written in lower case stays in lower case
    assert fixed("SL255", "Dockerfile", "from alpine:3.20\nrun echo a\nRUN echo b\nrun echo c\n",
                 unsafe=False) == "from alpine:3.20\nrun echo a\nrun echo b\nrun echo c\n"
