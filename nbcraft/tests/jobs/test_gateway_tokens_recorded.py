"""What each gateway of ``jupyter nbcraft run`` receives, over HTTP and on the kernel's websocket:
gateway A's identity (token, headers, its token renewer's token) never reaches gateway B, and
B's own token never reaches A, even when A has a ``ws_url`` of its own configured.

The real Enterprise Gateways of test_cli_two_gateways.py refuse a wrong token but do not say
which one they got (a 401 for A's token or for none looks the same), so here both gateways are
recording ones: a real tornado server per gateway that answers the kernel API
(start, look up, stop, the kernel's websocket) without running a kernel, and records every
request's headers. The CLI's own kernel layer starts the kernels (``StandaloneKernels`` with
``GatewayClients``, as ``build_service`` makes it) and the kernel client opens the websocket,
as nbclient does for a job; each job is its own asyncio task, as in the runner."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import uuid
from pathlib import Path

import pytest
from jobs_support import free_port

from nbcraft.compute.gateway_clients import GatewayClients
from nbcraft.jobs.runner import StandaloneKernels


class Recorder:
    """One recording gateway on loopback: ``requests`` holds (kind, path, headers) of every
    request, kind ``http`` or ``websocket`` (an upgrade it accepted)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        assert self._ready.wait(10), "the recording gateway did not start"

    def _serve(self) -> None:
        from tornado import web, websocket

        recorder = self
        model = {"name": "python3", "last_activity": "2026-01-01T00:00:00.000000Z",
                 "execution_state": "idle", "connections": 0}  # fmt: skip

        class Recorded(web.RequestHandler):
            def prepare(self):
                recorder.requests.append(("http", self.request.path, dict(self.request.headers)))

        class Kernels(Recorded):
            def post(self):
                self.set_status(201)
                self.write({"id": uuid.uuid4().hex, **model})

        class Kernel(Recorded):
            def get(self, kernel_id):
                self.write({"id": kernel_id, **model})

            def delete(self, kernel_id):
                self.set_status(204)

        class Channels(websocket.WebSocketHandler):
            def open(self, kernel_id):
                headers = dict(self.request.headers)
                recorder.requests.append(("websocket", self.request.path, headers))

            def on_message(self, message):
                pass  # no kernel behind it: nothing answers

        async def main():
            app = web.Application(
                [
                    (r"/api/kernels", Kernels),
                    (r"/api/kernels/([^/]+)", Kernel),
                    (r"/api/kernels/([^/]+)/channels", Channels),
                ]
            )
            self._server = app.listen(self.port, "127.0.0.1")
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            self._ready.set()
            await self._stop.wait()
            self._server.stop()

        asyncio.run(main())

    def close(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def seen(self, kind: str | None = None) -> str:
        """Everything recorded (of ``kind``), as one text to search for a secret."""
        return json.dumps([r for r in self.requests if kind is None or r[0] == kind])


@pytest.fixture
def two_recorders():
    a, b = Recorder(), Recorder()
    try:
        yield a, b
    finally:
        a.close()
        b.close()


RENEWER = """
from jupyter_server.gateway.gateway_client import GatewayTokenRenewerBase
class RenewerOfA(GatewayTokenRenewerBase):
    def get_token(self, *args, **kwargs):
        return "renewed-token-of-a"
"""


async def open_and_close(kernels: StandaloneKernels, url: str) -> None:
    """A job's kernel on the gateway at ``url``: started, its websocket opened (the kernel
    client nbclient uses), closed, the kernel stopped."""
    kernel_id = await kernels.start("python3", Path.cwd(), {}, gateway=url)
    client = kernels.manager(kernel_id).client()
    await client.start_channels()
    client.stop_channels()
    await kernels.shutdown(kernel_id)


@pytest.mark.parametrize("a_ws_url", [True, False], ids=["a-ws_url-configured", "derived"])
def test_no_token_of_one_gateway_reaches_the_other(two_recorders, tmp_path, monkeypatch, a_ws_url):
    a, b = two_recorders
    # A module name of this file's own (another test file writes a renewer_of_a), not kept
    # in sys.modules past this test.
    (tmp_path / "recorded_renewer_of_a.py").write_text(RENEWER)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "recorded_renewer_of_a", raising=False)
    for name in ("URL", "WS_URL", "AUTH_TOKEN", "HEADERS", "TOKEN_RENEWER_CLASS"):
        monkeypatch.delenv(f"JUPYTER_GATEWAY_{name}", raising=False)
    # The user's Jupyter config: A is c.GatewayClient's gateway, with all of A's identity.
    config = {
        "GatewayClient": {
            "url": a.url,
            "auth_token": "token-of-a",
            "headers": json.dumps({"X-Api-Key": "key-of-a"}),
            "gateway_token_renewer_class": "recorded_renewer_of_a.RenewerOfA",
            **({"ws_url": f"ws://127.0.0.1:{a.port}"} if a_ws_url else {}),
        }
    }
    kernels = StandaloneKernels(GatewayClients(config, {b.url: "token-of-b"}))

    async def both():
        # Each job its own task (its own GatewayClient), concurrently, as in a pipeline.
        await asyncio.gather(open_and_close(kernels, a.url), open_and_close(kernels, b.url))

    asyncio.run(both())

    # Each gateway was asked over HTTP and on the kernel's websocket.
    for gateway in (a, b):
        assert gateway.seen("http") != "[]" and gateway.seen("websocket") != "[]", gateway.seen()
    # B: its own token on every request, the websocket upgrade included; nothing of A's.
    assert "of-a" not in b.seen(), b.seen()
    for kind, path, headers in b.requests:
        assert headers.get("Authorization") == "token token-of-b", (kind, path, headers)
    # A: its identity (its renewer's token, its headers), never B's token.
    assert "token-of-b" not in a.seen(), a.seen()
    for kind, path, headers in a.requests:
        assert headers.get("Authorization") == "token renewed-token-of-a", (kind, path)
        assert headers.get("X-Api-Key") == "key-of-a", (kind, path)
