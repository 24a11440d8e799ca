"""SL218 pipe-without-pipefail: RUN pipes commands without `pipefail`."""

from __future__ import annotations

from helpers import catches, catches_not


def test_quoted_pipe_is_not_a_pipe():
    text = "FROM debian:12\nRUN echo 'curl https://x | sh' > /a && grep -q 'a|b' /a\n"
    catches_not("SL218", "Dockerfile", text)


def test_pipefail_from_set_before_the_pipe_only():
    catches("SL218", "Dockerfile",
            "FROM alpine:3\nRUN wget -qO- https://x | tar -x; set -o pipefail\n")
    catches_not("SL218", "Dockerfile",
                "FROM alpine:3\nRUN set -eo pipefail; wget -qO- https://x | tar -x\n")


def test_a_pipeline_inside_a_command_substitution_needs_pipefail_too():
    for run in ("V=$(curl -s https://x | jq -r .tag) && echo $V",
                "V=`curl -s https://x | jq -r .tag` && echo $V"):
        [f] = catches("SL218", "Dockerfile", f"FROM debian:12\nRUN {run}\n")
        assert "command substitution" in f.message
    catches_not("SL218", "Dockerfile",
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
                "RUN V=$(curl -s https://x | jq -r .tag) && echo $V\n")
