"""SL128 seccomp-unconfined, SL129 apparmor-unconfined, SL130 selinux-relaxed: kernel
confinement turned off.
"""

from __future__ import annotations

from linter.engine import Hit

from ..kubernetes.pss import (
    mapping,
    profile_type,
    sc_levels,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.kubernetes import PodTemplate


def security_opt(service: Service, names: tuple[str, ...]) -> Iterator[tuple[object, str, str]]:
    """``security_opt`` entries ``NAME:VALUE`` / ``NAME=VALUE`` with NAME in ``names``:
    (the Value, name, value lower-cased)."""
    for v in service.security_opt:
        if not v.known or not v.value:
            continue
        text = v.value.strip()
        cut = min((i for i in (text.find(":"), text.find("=")) if i != -1), default=-1)
        if cut == -1:
            continue
        name, value = text[:cut].strip().lower(), text[cut + 1:].strip().lower()
        if name in names:
            yield v, name, value


def profile_types(pt: PodTemplate, field: str, control: str) -> Iterator[Hit]:
    """``<field>.type`` at pod or container level other than RuntimeDefault or Localhost."""
    for where, sc, _ in sc_levels(pt):
        t = profile_type(mapping(sc, field))
        if t is not None and t.as_str() not in ("RuntimeDefault", "Localhost"):
            yield Hit(t, f"{where} sets {field} type '{t.as_str()}'; PSS baseline "
                         f"'{control}' allows only RuntimeDefault or Localhost",
                      fix=f"set {field}.type: RuntimeDefault")


def unconfined(service: Service, option: str, shown: str, fix: str) -> Iterator[Hit]:
    """``security_opt`` entries ``option:unconfined`` (or ``=``) of a service."""
    for v, _, value in security_opt(service, (option,)):
        if value == "unconfined":
            yield Hit(v, f"service '{service.name}' disables {shown} ({option}:unconfined)",
                      fix=fix)


