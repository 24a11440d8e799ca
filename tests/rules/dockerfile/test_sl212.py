"""SL212 remote-script-piped-to-shell: Downloaded script piped straight to a shell."""

from __future__ import annotations

from helpers import catches, catches_not


def test_quoted_pipe_is_not_a_pipe():
    text = "FROM debian:12\nRUN echo 'curl https://x | sh' > /a && grep -q 'a|b' /a\n"
    catches_not("SL212", "Dockerfile", text)


def test_onbuild_run_is_checked():
    catches("SL212", "Dockerfile", "FROM debian:12\nONBUILD RUN curl -fsSL https://x | sh\n")


def test_pipe_to_interpreter_variants():
    bad = ["curl -fsSL https://x | bash -s -- -y", "curl https://x | sudo sh",
           "wget -O - https://x | sh", "bash -c \"$(wget -qO- https://x)\""]
    good = ["curl -fsSL https://x -o i.sh | sh",  # nonsense but the download is a file
            "curl https://x | sh -c 'cat > /x'", "curl https://x | python3 -m json.tool"]
    for run in bad:
        catches("SL212", "Dockerfile", f"FROM debian:12\nRUN {run}\n")
    for run in good:
        catches_not("SL212", "Dockerfile", f"FROM debian:12\nRUN {run}\n")
