"""A real HTTP proxy in front of the session's ``mlflow server``, for the provenance route
tests: it counts the requests the Jupyter server makes to the tracking server, and can hold
artifact downloads at a gate until the test opens it (a tracking server that is slow for a
real reason: it has not answered yet).

Not a mock: every request is forwarded to the real MLflow server and its answer returned.
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

ARTIFACT_DOWNLOAD = "/api/2.0/mlflow-artifacts/artifacts/"  # GET <path>: one file
ARTIFACT_LIST = "/api/2.0/mlflow-artifacts/artifacts"  # GET ?path=: a listing
GATE_TIMEOUT = 120.0  # only when the test never opens the gate (it failed): not a timing


class GatedProxy:
    def __init__(self, upstream: str) -> None:
        target = urlsplit(upstream)
        self.upstream = (target.hostname or "127.0.0.1", target.port or 80)
        self.requests: Counter[str] = Counter()  # "GET /path" -> count (query dropped)
        self.gate = threading.Event()
        self.gate.set()
        self.held = threading.Event()  # set when a download waits at the closed gate
        self.gate_timed_out = False
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> GatedProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.gate.set()
        self._server.shutdown()
        self._server.server_close()

    def count(self, prefix: str, method: str = "GET") -> int:
        with self._lock:
            return sum(
                n for key, n in self.requests.items() if key.startswith(f"{method} {prefix}")
            )

    def downloads(self) -> int:
        return self.count(ARTIFACT_DOWNLOAD)

    def listings(self) -> int:
        with self._lock:
            return sum(n for key, n in self.requests.items() if key == f"GET {ARTIFACT_LIST}")

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet: the counts are what the tests read

            def _forward(self) -> None:
                path = self.path.split("?", 1)[0]
                with proxy._lock:
                    proxy.requests[f"{self.command} {path}"] += 1
                download = self.command == "GET" and path.startswith(ARTIFACT_DOWNLOAD)
                if download and not proxy.gate.is_set():
                    proxy.held.set()
                    if not proxy.gate.wait(GATE_TIMEOUT):
                        proxy.gate_timed_out = True
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("host", "connection", "content-length")
                }
                upstream = http.client.HTTPConnection(*proxy.upstream, timeout=120)
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                    self.send_response(answer.status)
                    for key, value in answer.getheaders():
                        if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                finally:
                    upstream.close()

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward

        return Handler
