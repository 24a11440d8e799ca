"""SL247 exec-form-not-json: an exec form written as an array is not valid JSON."""

from __future__ import annotations

from helpers import catches, catches_not


def test_broken_arrays_say_what_to_write():
    for line, fix in (("CMD ['python', 'app.py']", 'CMD ["python", "app.py"]'),
                      ('CMD ["python", "app.py"]]', 'CMD ["python", "app.py"]'),
                      ('ENTRYPOINT ["a" "b"]', 'ENTRYPOINT ["a", "b"]'),
                      ("ENTRYPOINT [python, app.py]", 'ENTRYPOINT ["python", "app.py"]'),
                      ('RUN ["apt-get", 1]', 'RUN ["apt-get", "1"]'),
                      ("VOLUME ['/data']", 'VOLUME ["/data"]'),
                      ("SHELL ['/bin/bash', '-c']", 'SHELL ["/bin/bash", "-c"]'),
                      ("HEALTHCHECK CMD ['curl', '-f', 'http://localhost/']",
                       'HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]'),
                      ('CMD ["C:\\app\\run.exe"]', 'CMD ["C:\\\\app\\\\run.exe"]')):
        [f] = catches("SL247", "Dockerfile", f"FROM alpine:3.20\n{line}\n")
        assert f.fix == fix and f.span.line == 2, (line, f.fix)
        assert "not valid JSON" in f.message or "not a string" in f.message


def test_shell_tests_and_valid_arrays_are_left_alone():
    for line in ('RUN [ -f /etc/os-release ] && echo yes', 'RUN [ "$(id -u)" = "0" ] || exit 1',
                 'CMD ["python", "app.py"]', "CMD python app.py", 'RUN [ -d /x ]'):
        catches_not("SL247", "Dockerfile", f"FROM alpine:3.20\n{line}\n")


def test_one_finding_not_two():
    text = "FROM python:3.12\nCMD ['python', 'app.py']\n"
    catches("SL247", "Dockerfile", text)
    catches_not("SL233", "Dockerfile", text)
