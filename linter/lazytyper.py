"""typer, imported only when the command line needs it.

``import typer`` costs more than a whole one-file lint (typer, its vendored click, and the
pydantic and rich its adapters pull in when the app is built), and a plain
``shiplint check FILE`` uses none of it. ``linter.cli`` declares its commands through this
module exactly as through typer (``app = Typer(...)``, ``@app.command()``,
``Option(...)``, ``Argument(...)``, ``echo``, ``Exit``); the declarations are recorded, and
the real typer app is built from them the first time it is used (``--help``, any command
but a plain ``check``, or a test's ``CliRunner().invoke(app, ...)``).

``plain_call`` parses a ``check`` command line itself when every token is one the command
declares plainly (a path, a flag, a counter, a string, a list, a number written in digits)
and gives the keyword arguments typer would pass; anything else (``--help``, an unknown or
misspelt option, ``--opt=`` forms typer would reject, an option with a callback) returns
``None``, and typer parses it, errors and all. tests/test_startup.py checks the two parsers
agree.

A plain call runs the command alone: the app's callback (``@app.callback()``) is not run,
so it must only declare options of the whole app (``--version``) and do nothing when they
are not given.

``Exit`` and ``echo`` are typer's own once typer is imported, so that inside a typer run
they behave as typer's; before that, ``Exit`` is ``PlainExit`` (caught by ``linter.cli``'s
``main``) and ``echo`` writes the text as click would (anything unusual: a colour code,
bytes, a stream that cannot take UTF-8, goes to click's ``echo``).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Callable

#: what ``Typer.real`` runs before building the app (``linter.cli`` adjusts typer's help)
before_build: list[Callable[[], None]] = []


class PlainExit(RuntimeError):
    """``typer.Exit`` before typer is imported: leave the command with ``exit_code``."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.exit_code = code


class Deferred:
    """A ``typer.Option(...)`` or ``typer.Argument(...)`` call, made when the app is built."""

    __slots__ = ("kind", "args", "kwargs")

    def __init__(self, kind: str, args: tuple, kwargs: dict) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs

    @property
    def default(self) -> Any:
        return self.args[0] if self.args else self.kwargs.get("default", ...)

    @property
    def names(self) -> tuple:
        return self.args[1:] if self.kind == "Option" else ()

    def real(self) -> Any:
        import typer

        return getattr(typer, self.kind)(*self.args, **self.kwargs)


def Option(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - typer's name
    return Deferred("Option", args, kwargs)


def Argument(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - typer's name
    return Deferred("Argument", args, kwargs)


class Typer:
    """Records ``command`` and ``callback`` registrations; ``real()`` is the typer app. Any
    other attribute is the real app's (typer's ``get_command`` and ``CliRunner`` take this
    object as they take the app)."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self._steps: list[tuple[str, tuple, dict, Callable]] = []
        self._real: Any = None

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable], Callable]:
        def register(func: Callable) -> Callable:
            self._steps.append(("command", args, kwargs, func))
            return func
        return register

    def callback(self, *args: Any, **kwargs: Any) -> Callable[[Callable], Callable]:
        def register(func: Callable) -> Callable:
            self._steps.append(("callback", args, kwargs, func))
            return func
        return register

    def real(self) -> Any:
        if self._real is None:
            import typer

            for hook in before_build:
                hook()
            app = typer.Typer(**self._kwargs)
            for kind, args, kwargs, func in self._steps:
                if func.__defaults__:
                    func.deferred_defaults = func.__defaults__  # type: ignore[attr-defined]
                    func.__defaults__ = tuple(d.real() if isinstance(d, Deferred) else d
                                              for d in func.__defaults__)
                getattr(app, kind)(*args, **kwargs)(func)
            self._real = app
        return self._real

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.real()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_kwargs", "_steps", "_real"):
            raise AttributeError(name)
        return getattr(self.real(), name)

    def plain_call(self, argv: list[str]) -> tuple[Callable, dict] | None:
        """``(function, keyword arguments)`` for ``argv`` (``check PATH... [OPTIONS]``) when
        it is a plain call of a command: see the module's docstring. ``None``: let typer
        parse it."""
        if not argv or argv[0].startswith("-"):
            return None
        found = [(args, kwargs, func) for kind, args, kwargs, func in self._steps
                 if kind == "command" and _command_name(args, func) == argv[0]]
        if len(found) != 1 or set(found[0][1]) - {"no_args_is_help"} or \
                found[0][1].get("no_args_is_help"):
            return None
        func = found[0][2]
        spec = _spec(func)
        if spec is None:
            return None
        params, options, positional = spec
        values = {name: _initial(kind, default) for name, (kind, default) in params.items()}
        rest = argv[1:]
        i = 0
        while i < len(rest):
            token = rest[i]
            i += 1
            if token == "-" or not token.startswith("-"):
                if positional is None:
                    return None
                values[positional].append(token)
                continue
            if token.startswith("--") and "=" in token:
                name, value = token.split("=", 1)
                if name not in options or params[options[name]][0] in ("flag", "count") \
                        or not value:
                    return None
                taken: str | None = value
            elif len(token) > 2 and token[1] != "-" and set(token[1:]) == {token[1]}:
                name, taken = f"-{token[1]}", None  # -qq: a counter, repeated
                if params.get(options.get(name, ""), ("",))[0] != "count":
                    return None
                values[options[name]] += len(token) - 1
                continue
            else:
                name, taken = token, None
            if name not in options:
                return None
            param = options[name]
            kind = params[param][0]
            if kind == "flag":
                values[param] = True
                continue
            if kind == "count":
                values[param] += 1
                continue
            if taken is None:
                if i >= len(rest) or rest[i].startswith("-"):
                    return None  # missing, or a value typer may read otherwise
                taken = rest[i]
                i += 1
            if kind == "int":
                if not taken.isdigit() or not taken.isascii():
                    return None
                values[param] = int(taken)
            elif kind == "list":
                values[param].append(taken)
            else:
                values[param] = taken
        if positional is not None and not values[positional]:
            values[positional] = None
        for name, (kind, default) in params.items():
            if kind == "list" and name != positional and not values[name]:
                values[name] = default
        return func, values


def _command_name(args: tuple, func: Callable) -> str:
    """The name typer gives a command: the one it is registered with, else the function's
    (lower case, ``_`` as ``-``)."""
    return args[0] if args and args[0] else func.__name__.lower().replace("_", "-")


#: the keyword arguments of ``Option`` a plain call can do without (help and its layout)
_PLAIN_OPTION_KEYS = frozenset({"metavar", "help", "rich_help_panel", "count", "show_default",
                                "hidden"})
_KINDS = {"bool": "flag", "int": "int", "Optional[int]": "int", "str": "str",
          "Optional[str]": "str", "Optional[List[str]]": "list", "List[str]": "list"}


def _spec(func: Callable) -> tuple[dict, dict, str | None] | None:
    """``(params: name -> (kind, default), options: flag -> name, the positional list)``,
    or ``None`` when a parameter is not plain (then typer parses every call)."""
    code = func.__code__
    names = code.co_varnames[:code.co_argcount]
    defaults = getattr(func, "deferred_defaults", None) or func.__defaults__ or ()
    if code.co_kwonlyargcount or len(defaults) != len(names):
        return None
    params: dict[str, tuple[str, Any]] = {}
    options: dict[str, str] = {}
    positional = None
    for name, info in zip(names, defaults):
        kind = _KINDS.get(func.__annotations__.get(name))  # strings: annotations are lazy
        if kind is None or not isinstance(info, Deferred):
            return None
        default = info.default
        if info.kind == "Argument":
            if kind != "list" or positional is not None or default is not None or \
                    len(info.args) > 1 or set(info.kwargs) - {"metavar", "help"}:
                return None
            positional = name
            params[name] = ("list", None)
            continue
        if set(info.kwargs) - _PLAIN_OPTION_KEYS or not info.names or \
                any(not isinstance(d, str) or "/" in d or not d.startswith("-")
                    for d in info.names):
            return None
        if info.kwargs.get("count"):
            if kind != "int" or default != 0:
                return None
            kind = "count"
        elif kind == "flag" and default is not False:
            return None
        elif kind in ("str", "int", "list") and default is not None:
            return None
        params[name] = (kind, default)
        for d in info.names:
            options[d] = name
    return params, options, positional


def _initial(kind: str, default: Any) -> Any:
    return [] if kind == "list" else (0 if kind == "count" else default)


def echo(message: Any = None, file: Any = None, nl: bool = True, err: bool = False,
         color: bool | None = None) -> None:
    """``typer.echo`` for plain text; anything else goes to typer's."""
    plain = (message is None or (isinstance(message, str) and "\x1b" not in message)) \
        and color is None and "typer" not in sys.modules
    stream = file if file is not None else (sys.stderr if err else sys.stdout)
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if not plain or encoding not in ("utf8", "utf8sig"):
        return _typer().echo(message, file=file, nl=nl, err=err, color=color)
    if stream is None:
        return None
    out = (message or "") + ("\n" if nl else "")
    if out:
        stream.write(out)
    stream.flush()
    return None


def exit_types() -> tuple[type, ...]:
    """The exceptions that mean "leave with ``exit_code``" in this process."""
    typer = sys.modules.get("typer")
    return (PlainExit, typer.Exit) if typer is not None else (PlainExit,)


def _typer() -> Any:
    import typer

    return typer


def __getattr__(name: str) -> Any:
    if name == "Exit":
        typer = sys.modules.get("typer")
        return typer.Exit if typer is not None else PlainExit
    return getattr(_typer(), name)
