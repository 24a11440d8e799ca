"""SL233 shell-form-entrypoint: CMD or ENTRYPOINT in shell form."""

from __future__ import annotations

from helpers import catches_not


def test_powershell_stage_is_not_read_as_posix_shell():
    text = ("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
            "RUN curl -k https://x/a.ps1 | powershell -\nCMD powershell -File x.ps1\n")
    catches_not("SL233", "Dockerfile", text)


# ---------------------------------------------------------------------------------- fixes

from test_fix import fixed, fixed_everywhere, not_fixed  # noqa: E402


def test_fix_writes_the_exec_form_with_the_words_the_shell_would_see():
    fixed_everywhere("SL233", "Dockerfile",
                     "FROM python:3.12\n# serve\nCMD gunicorn  --bind '0.0.0.0:80' \"app:app\"\n",
                     'FROM python:3.12\n# serve\nCMD ["gunicorn", "--bind", "0.0.0.0:80", '
                     '"app:app"]\n', unsafe=False)


def test_fix_keeps_the_keyword_as_written_and_non_ascii_text():
    assert fixed("SL233", "Dockerfile", "from python:3.12\ncmd python3 -m café\n",
                 unsafe=False) == 'from python:3.12\ncmd ["python3", "-m", "café"]\n'


def test_no_fix_for_what_needs_the_shell():
    for cmd in ("gunicorn --bind 0.0.0.0:$PORT app:app", "cd /app && ./run", "./run > log",
                "DEBUG=1 ./run", "echo hello", "./run *.conf", "./run # comment",
                "./run `date`", "./run ~/x", "./run \\\n  --x"):
        not_fixed("SL233", "Dockerfile", f"FROM python:3.12\nCMD {cmd}\n")


def test_an_entrypoint_whose_cmd_would_become_its_arguments_is_an_unsafe_fix():
    text = "FROM python:3.12\nENTRYPOINT gunicorn app:app\nCMD [\"--reload\"]\n"
    not_fixed("SL233", "Dockerfile", text, unsafe=False)
    assert fixed("SL233", "Dockerfile", text) == \
        'FROM python:3.12\nENTRYPOINT ["gunicorn", "app:app"]\nCMD ["--reload"]\n'
    assert fixed("SL233", "Dockerfile", "FROM python:3.12\nENTRYPOINT gunicorn app:app\n",
                 unsafe=False) == 'FROM python:3.12\nENTRYPOINT ["gunicorn", "app:app"]\n'


def test_a_cmd_that_is_an_entrypoints_arguments_is_an_unsafe_fix():
    # the entrypoint received `/bin/sh -c "serve --port 80"`; in exec form it gets the words
    text = 'FROM python:3.12 AS base\nENTRYPOINT ["/entry.sh"]\nFROM base\nCMD serve --port 80\n'
    not_fixed("SL233", "Dockerfile", text, unsafe=False)
    assert fixed("SL233", "Dockerfile", text).endswith('CMD ["serve", "--port", "80"]\n')
