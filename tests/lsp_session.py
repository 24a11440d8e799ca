"""A real LSP client for the tests: pygls's ``LanguageClient`` talking to ``python -m linter
server`` over stdio, driven from synchronous tests (the client's event loop runs in a thread).

``Session(root)`` starts and initializes the server (the workspace folder ``root``);
``open``/``change``/``save``/``close`` send the notifications and return the diagnostics
the server publishes in answer; ``request`` sends any request. ``stop()`` shuts the server
down and returns what it wrote on standard error.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parents[1]


def uri(path: Path | str) -> str:
    return from_fs_path(str(path))


class Session:
    def __init__(self, root: Path | None, *, capabilities: lsp.ClientCapabilities | None = None,
                 debounce: float = 0.05, command: list[str] | None = None,
                 env: dict[str, str] | None = None, options: dict[str, Any] | None = None):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.published: list[lsp.PublishDiagnosticsParams] = []
        self.registrations: list[lsp.RegistrationParams] = []
        self.cond = threading.Condition()
        self.versions: dict[str, int] = {}
        self.stderr = b""
        client = self.client = LanguageClient("shiplint-tests", "1")

        @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams) -> None:
            with self.cond:
                self.published.append(params)
                self.cond.notify_all()

        @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
        def register(params: lsp.RegistrationParams) -> None:
            self.registrations.append(params)

        cmd = command or [sys.executable, "-m", "linter", "server"]
        self._call(client.start_io(*cmd, cwd=str(ROOT),
                                   env={**os.environ, **(env or {})}))
        self._stderr_task = asyncio.run_coroutine_threadsafe(self._drain(), self.loop)
        params = lsp.InitializeParams(
            capabilities=capabilities or lsp.ClientCapabilities(),
            root_uri=uri(root) if root else None,
            workspace_folders=[lsp.WorkspaceFolder(uri=uri(root), name="ws")] if root else None,
            initialization_options={"debounce": debounce, **(options or {})})
        started = time.perf_counter()
        self.initialized = self._call(client.initialize_async(params))
        self.startup = time.perf_counter() - started
        client.initialized(lsp.InitializedParams())

    async def _drain(self) -> None:
        stream = self.client._server.stderr  # keep the pipe from filling up
        while True:
            chunk = await stream.read(65536)
            if not chunk:
                return
            self.stderr += chunk

    def _call(self, coro: Any, timeout: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def mark(self) -> int:
        with self.cond:
            return len(self.published)

    def wait(self, path: Path | str, since: int, timeout: float = 30,
             until: Callable[[lsp.PublishDiagnosticsParams], bool] | None = None
             ) -> list[lsp.Diagnostic]:
        """The diagnostics published for ``path`` after the ``since``-th publication (the last
        of them when ``until`` is not given: the first that satisfies it otherwise)."""
        target = uri(path)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                mine = [p for p in self.published[since:] if p.uri == target]
                if until is not None:
                    mine = [p for p in mine if until(p)]
                if mine:
                    return list(mine[-1].diagnostics)
                left = deadline - time.monotonic()
                assert left > 0, f"no diagnostics for {path} in {timeout} s"
                self.cond.wait(left)

    def publications(self, path: Path | str, since: int = 0) -> list[lsp.PublishDiagnosticsParams]:
        with self.cond:
            return [p for p in self.published[since:] if p.uri == uri(path)]

    def open(self, path: Path | str, text: str, language: str = "yaml") -> list[lsp.Diagnostic]:
        since = self.mark()
        self.versions[uri(path)] = 1
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(uri=uri(path), language_id=language, version=1, text=text)))
        return self.wait(path, since)

    def change(self, path: Path | str, text: str, wait: bool = True) -> list[lsp.Diagnostic]:
        """Replace the whole buffer (unsaved)."""
        since = self.mark()
        version = self.versions[uri(path)] = self.versions[uri(path)] + 1
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))
        if not wait:
            return []
        return self.wait(path, since, until=lambda p: p.version == version)

    def save(self, path: Path | str) -> list[lsp.Diagnostic]:
        since = self.mark()
        self.client.text_document_did_save(lsp.DidSaveTextDocumentParams(
            lsp.TextDocumentIdentifier(uri(path))))
        return self.wait(path, since)

    def close(self, path: Path | str) -> list[lsp.Diagnostic]:
        since = self.mark()
        self.client.text_document_did_close(lsp.DidCloseTextDocumentParams(
            lsp.TextDocumentIdentifier(uri(path))))
        return self.wait(path, since)

    def watched(self, *changes: tuple[Path, lsp.FileChangeType]) -> None:
        self.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=uri(p), type=t) for p, t in changes]))

    def code_actions(self, path: Path | str, diagnostic: lsp.Diagnostic) -> list[lsp.CodeAction]:
        return list(self._call(self.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri(path)), range=diagnostic.range,
            context=lsp.CodeActionContext(diagnostics=[diagnostic])))) or [])

    def hover(self, path: Path | str, position: lsp.Position) -> lsp.Hover | None:
        return self._call(self.client.text_document_hover_async(lsp.HoverParams(
            lsp.TextDocumentIdentifier(uri(path)), position)))

    def stop(self) -> str:
        try:
            self._call(self.client.shutdown_async(None), timeout=20)
            self.client.exit(None)
            self._call(self.client.stop(), timeout=20)
            self._stderr_task.result(10)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
        return self.stderr.decode("utf-8", "replace")

    @property
    def returncode(self) -> int | None:
        return self.client._server.returncode


def utf16_offset(line: str, character: int) -> int:
    """The code-point index of an LSP (UTF-16) character offset in ``line``."""
    units = 0
    for i, c in enumerate(line):
        if units >= character:
            return i
        units += 2 if ord(c) > 0xFFFF else 1
    return len(line)


def apply_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    """``text`` with LSP ``edits`` (UTF-16 positions) applied, as an editor would: its
    lines end at ``\r\n``, ``\r`` or ``\n`` alone, as LSP's do (not as a Dockerfile's, which
    a ``\r`` alone does not end; ``str.splitlines`` also ends one at a form feed or a
    U+2028)."""
    import re

    parts = re.split(r"(\r\n|\r|\n)", text)
    lines = [line + brk for line, brk in zip(parts[0::2], parts[1::2])] + [parts[-1]]

    def offset(p: lsp.Position) -> int:
        before = sum(len(x) for x in lines[:p.line])
        line = lines[p.line].rstrip("\r\n") if p.line < len(lines) else ""
        return before + utf16_offset(line, p.character)

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                    reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


class RawServer:
    """The server driven by a raw JSON-RPC client: every byte of its standard output is read
    and must be a ``Content-Length`` framed JSON message (``garbage`` collects anything else),
    standard error is collected apart (``stderr``)."""

    def __init__(self, command: list[str], cwd: Path | str = ROOT):
        import json
        import queue
        import subprocess

        self.json = json
        self.proc = subprocess.Popen(command, cwd=str(cwd), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: "queue.Queue[dict]" = queue.Queue()
        self.garbage: list[bytes] = []
        self.stderr = b""
        self._next = 0
        self._threads = [threading.Thread(target=fn, daemon=True)
                         for fn in (self._read, self._drain)]
        for t in self._threads:
            t.start()

    def _drain(self) -> None:
        for chunk in iter(lambda: self.proc.stderr.read1(65536), b""):
            self.stderr += chunk

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    return
                if line == b"\r\n":
                    break
                name, sep, value = line.decode("ascii", "replace").partition(":")
                if not sep or not line.endswith(b"\r\n") or \
                        name.strip().lower() not in ("content-length", "content-type"):
                    self.garbage.append(line)
                    continue
                headers[name.strip().lower()] = value.strip()
            if "content-length" not in headers:
                self.garbage.append(b"<a header without Content-Length>")
                continue
            body = out.read(int(headers["content-length"]))
            try:
                self.messages.put(self.json.loads(body))
            except ValueError:
                self.garbage.append(body)

    def send(self, method: str, params: Any = None, request: bool = False) -> int | None:
        msg: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        ident = None
        if request:
            self._next += 1
            ident = msg["id"] = self._next
        body = self.json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return ident

    def expect(self, match: Callable[[dict], bool], timeout: float = 60) -> dict:
        """The next message ``match`` accepts (the others before it are dropped; a request of
        the server is answered with a null result)."""
        import queue

        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = self.messages.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no such message in {timeout} s") from None
            if "id" in msg and "method" in msg:  # the server asks (registrations)
                body = self.json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": None})
                self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body.encode())
                self.proc.stdin.flush()
            if match(msg):
                return msg

    def request(self, method: str, params: Any = None) -> dict:
        ident = self.send(method, params, request=True)
        return self.expect(lambda m: m.get("id") == ident and "method" not in m)

    def stop(self) -> int:
        self.request("shutdown")
        self.send("exit")
        code = self.proc.wait(30)
        for t in self._threads:  # to the end of both pipes
            t.join(10)
        return code
