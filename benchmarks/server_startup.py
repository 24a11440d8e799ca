"""Time `shiplint server` start-up: to the initialize response and to the first diagnostics.

    python benchmarks/server_startup.py [--repeat N] [--command 'shiplint server']

Prints, per run and as the median and the best of N runs (seconds): the time to the
``initialize`` response (what an editor waits for before it sends the first file), and the
time from ``didOpen`` of a small Dockerfile to its first diagnostics (the rules are loaded
while the editor opens the file; this is what is left of it), and the sum of both: from
starting the process to the first ``publishDiagnostics``. Measured with pygls's
LanguageClient over stdio, as an editor talks to the server. Speed is measured here, never
asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = "FROM ubuntu\nRUN apt-get install curl\n"


async def once(command: list[str], workspace: Path) -> tuple[float, float, float]:
    from lsprotocol import types as lsp
    from pygls.lsp.client import LanguageClient
    from pygls.uris import from_fs_path

    client = LanguageClient("server-startup", "1")
    published: asyncio.Future = asyncio.get_running_loop().create_future()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: lsp.PublishDiagnosticsParams) -> None:
        if not published.done():
            published.set_result(params)

    started = time.perf_counter()
    await client.start_io(*command, cwd=str(ROOT))
    drain = asyncio.ensure_future(client._server.stderr.read())  # keep the pipe empty
    await client.initialize_async(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(), root_uri=from_fs_path(str(workspace))))
    ready = time.perf_counter() - started
    client.initialized(lsp.InitializedParams())
    opened = time.perf_counter()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
        uri=from_fs_path(str(workspace / "Dockerfile")), language_id="dockerfile", version=1,
        text=DOCKERFILE)))
    params = await asyncio.wait_for(published, 60)
    now = time.perf_counter()
    first, total = now - opened, now - started
    assert params.diagnostics, "the server published no diagnostics"
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    await drain
    return ready, first, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--command", default=f"{shlex.quote(sys.executable)} -m linter server",
                    help="how to start the server (default: this Python, -m linter server)")
    args = ap.parse_args()
    command = shlex.split(args.command)
    ready, first, total = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.repeat):
            r, f, t = asyncio.run(once(command, Path(tmp)))
            ready.append(r)
            first.append(f)
            total.append(t)
            print(f"run {n + 1}: initialize response {r:.3f} s, first diagnostics {f:.3f} s "
                  f"after didOpen, {t:.3f} s after the start")
    print(f"initialize response: median {statistics.median(ready):.3f} s, "
          f"best {min(ready):.3f} s ({args.repeat} runs)")
    print(f"first diagnostics after didOpen: median {statistics.median(first):.3f} s, "
          f"best {min(first):.3f} s")
    print(f"first diagnostics after the start: median {statistics.median(total):.3f} s, "
          f"best {min(total):.3f} s")


if __name__ == "__main__":
    main()
