"""``linter.yaml._ruamel_parts``: reading YAML imports ruamel.yaml's parts, not its package
``__init__`` (and with it ``ruamel.yaml.main``), yet the library behaves as usual for every
other user in the process. Each case runs in a fresh interpreter: the first import of
ruamel.yaml in a process is what is under test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(script: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHIPLINT_")}
    env["PYTHONPATH"] = str(ROOT)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


BLOCK = "apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: p\\n"


def test_reading_block_yaml_imports_the_parser_not_the_whole_library():
    out = _run(f"""
import json, sys
from linter import yaml
docs, problems = yaml.load("{BLOCK}")
print(json.dumps({{"name": docs[0].root.get("metadata").get("name").value,
                   "problems": len(problems),
                   "main": "ruamel.yaml.main" in sys.modules}}))
""")
    assert out == {"name": "p", "problems": 0, "main": False}


def test_the_package_is_ruamels_own_once_asked_for_a_name_it_defines():
    """After a read, ``import ruamel.yaml`` and ``from ruamel.yaml import YAML`` give the
    library as a plain import would: the package's ``__init__`` runs then, its names are
    there, its parts are the modules already imported, and ``YAML`` reads."""
    out = _run(f"""
import json, sys
from linter import yaml
yaml.load("{BLOCK}")
events_before = sys.modules["ruamel.yaml.events"]
import ruamel.yaml
from ruamel.yaml import YAML
import ruamel.yaml.events
import ruamel.yaml.main
from importlib.metadata import version
print(json.dumps({{
    "version": ruamel.yaml.__version__ == version("ruamel.yaml"),
    "same_yaml": ruamel.yaml.YAML is YAML is ruamel.yaml.main.YAML,
    "same_events": ruamel.yaml.events is events_before is sys.modules["ruamel.yaml.events"],
    "libyaml": ruamel.yaml.__with_libyaml__,
    "loads": YAML(typ="safe").load("a: [1, 2]"),
    "no_hook_left": "__getattr__" not in vars(ruamel.yaml),
    "missing": not hasattr(ruamel.yaml, "no_such_name"),
}}))
""")
    assert out == {"version": True, "same_yaml": True, "same_events": True, "libyaml": True,
                   "loads": {"a": [1, 2]}, "no_hook_left": True,
                   "missing": True}


def test_introspection_and_parts_see_the_package_as_a_plain_import_does():
    """``dir()`` runs the ``__init__`` first (PEP 562 ``__dir__``); a part no one imported
    is not an attribute (``hasattr`` is False, as after a plain import), and importing it
    works; a part the parser imported is there without the ``__init__``."""
    out = _run(f"""
import json, sys
from linter import yaml
yaml.load("{BLOCK}")
import ruamel.yaml as y
events = hasattr(y, "events") and "ruamel.yaml.main" not in sys.modules
names = dir(y)
unimported = hasattr(y, "configobjwalker")  # a part neither ruamel's __init__ nor we import
import ruamel.yaml.configobjwalker
print(json.dumps({{"events_alone": events, "YAML_listed": "YAML" in names,
                   "hooks_listed": "__getattr__" in names or "__dir__" in names,
                   "cached": hasattr(y, "__cached__"),
                   "unimported_part": unimported,
                   "imported_part": y.configobjwalker.__name__}}))
""")
    assert out == {"events_alone": True, "YAML_listed": True, "hooks_listed": False,
                   "cached": True, "unimported_part": False,
                   "imported_part": "ruamel.yaml.configobjwalker"}


def test_a_reload_before_the_init_leaves_no_hook_behind():
    """``importlib.reload`` runs the ``__init__`` its own way; a name set after it stays
    (the hook does not run the ``__init__`` again)."""
    out = _run(f"""
import importlib, json
from linter import yaml
yaml.load("{BLOCK}")
import ruamel.yaml as y
importlib.reload(y)
y.YAML = "patched"
print(json.dumps([hasattr(y, "no_such_name"), y.YAML, "__getattr__" in vars(y)]))
""")
    assert out == [False, "patched", False]


def test_threads_reading_yaml_first_at_once_read_it_right():
    """Four threads make the process's first reads at once, of YAML libyaml refuses (so the
    pure-Python path runs ruamel's ``__init__`` meanwhile): each reads it, none gets a
    parse error from a half-made package, and ``__init__`` runs once."""
    out = _run("""
import json, sys, threading
inits = []
def audit(event, args):
    if event == "exec" and getattr(args[0], "co_filename", "").endswith(
            "ruamel/yaml/__init__.py"):
        inits.append(1)
sys.addaudithook(audit)
from linter import yaml
sys.setswitchinterval(1e-6)
start, got = threading.Barrier(4), []
def read():
    start.wait()
    docs, problems = yaml.load("data: {url: http://x:80}\\n")
    got.append([p.message for p in problems] or docs[0].root.get("data").get("url").value)
threads = [threading.Thread(target=read) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps([got, len(inits)]))
""")
    assert out == [["http://x:80"] * 4, 1]


def test_ruamel_imported_first_is_left_as_it_is():
    out = _run(f"""
import json, sys
import ruamel.yaml
before = sys.modules["ruamel.yaml"]
from linter import yaml
docs, _ = yaml.load("{BLOCK}")
print(json.dumps({{"same": sys.modules["ruamel.yaml"] is before,
                   "read": docs[0].root is not None}}))
""")
    assert out == {"same": True, "read": True}


def test_threads_asking_at_once_all_get_the_library():
    """Eight threads ask the package for ``YAML`` at the same time: its ``__init__`` runs
    once, and each gets the class (none an AttributeError from a half-run package)."""
    out = _run(f"""
import json, sys, threading
from linter import yaml
yaml.load("{BLOCK}")
got, start = [], threading.Barrier(8)
def ask():
    start.wait()
    from ruamel.yaml import YAML
    got.append(YAML.__name__)
threads = [threading.Thread(target=ask) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(got))
""")
    assert out == ["YAML"] * 8


def test_the_pure_path_reads_what_libyaml_refuses():
    """A plain scalar holding ':' in a flow collection: libyaml refuses it, the pure-Python
    composer (through ``YAML``, which runs the package's ``__init__``) reads it."""
    out = _run("""
import json
from linter import yaml
docs, problems = yaml.load("spec:\\n  containers:\\n  - {name: c, image: nginx:1.27}\\n")
c = docs[0].root.get("spec").get("containers").items[0]
print(json.dumps([c.get("image").value, len(problems)]))
""")
    assert out == ["nginx:1.27", 0]
