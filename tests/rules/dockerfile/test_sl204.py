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


# ---------------------------------------------------------------------------------- fixes

from test_fix import fixed, fixed_everywhere, not_fixed  # noqa: E402


def test_fix_adds_the_assume_yes_flag_after_the_action():
    fixed_everywhere("SL204", "Dockerfile",
                     "FROM debian:12\nRUN apt-get update && apt-get -q install \\\n"
                     "\t--no-install-recommends curl=7.88.1-10\nRUN yum install httpd-2.4.62\n",
                     "FROM debian:12\nRUN apt-get update && apt-get -q install -y \\\n"
                     "\t--no-install-recommends curl=7.88.1-10\nRUN yum install -y httpd-2.4.62\n",
                     unsafe=False)


def test_fix_puts_zyppers_global_option_before_the_action():
    assert fixed("SL204", "Dockerfile", "FROM opensuse/leap:15.6\nRUN zypper in curl=8.6.0\n",
                 unsafe=False) == \
        "FROM opensuse/leap:15.6\nRUN zypper --non-interactive in curl=8.6.0\n"


def test_fix_inside_a_sh_c_string_and_through_sudo():
    assert fixed("SL204", "Dockerfile",
                 "FROM debian:12\nRUN sudo sh -c 'apt-get install curl=7.88.1-10'\n") == \
        "FROM debian:12\nRUN sudo sh -c 'apt-get install -y curl=7.88.1-10'\n"


def test_no_fix_for_an_exec_form_run():
    not_fixed("SL204", "Dockerfile", 'FROM debian:12\nRUN ["apt-get", "install", "curl"]\n')
