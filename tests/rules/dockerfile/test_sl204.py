"""SL204 package-install-prompts: Package install without the non-interactive flag."""

from __future__ import annotations

from helpers import catches, catches_not


def test_quiet_level_two_and_assume_yes_setting_imply_yes():
    for run in ("apt-get install -q -q curl", "apt-get install -qq curl",
                "apt-get -qqy install curl", "apt-get --quiet=2 install curl",
                "apt-get -o APT::Get::Assume-Yes=true install curl",
                "apt-get --option=APT::Get::Assume-Yes=1 install curl", "apt-get --yes install x",
                "apt-get --assume-yes install curl"):
        catches_not("SL204", "Dockerfile", f"FROM debian:12\nRUN {run}\n")


def test_what_does_not_answer_the_question():
    for run in ("apt-get install -q curl",  # quiet level 1
                "apt-get -o APT::Get::Assume-Yes=false install curl",
                # debconf's frontend, not apt-get's confirmation
                "DEBIAN_FRONTEND=noninteractive apt-get install curl"):
        catches("SL204", "Dockerfile", f"FROM debian:12\nRUN {run}\n")


def test_dnf_module_install_and_upgrade_minimal_prompt_too():
    for run, verb in (("dnf module install nodejs:20", "module install"),
                      ("dnf upgrade-minimal", "upgrade-minimal")):
        [f] = catches("SL204", "Dockerfile", f"FROM fedora:40\nRUN {run}\n")
        assert f"dnf {verb} without -y" in f.message
