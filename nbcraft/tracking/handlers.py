"""Routes: ``GET /nbcraft/mlflow/status`` and ``GET|POST /nbcraft/mlflow/<MLflow path>``.

Thin: each verb reads the request, awaits one call into ``proxy`` (the allow-list, the
upstream call, the caches) or ``service`` (the state), and writes what comes back.
"""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import url_path_join

from ..handlers import NbcraftHandler
from .proxy import ProxyAnswer, ProxyRequest, forward, json_body
from .series_cache import STAMP_HEADER
from .service import TrackingService
from .upstream import Problem


class _TrackingHandler(NbcraftHandler):
    auth_resource = "nbcraft-tracking"

    def initialize(self, service: TrackingService) -> None:
        self.service = service

    def write_answer(self, answer: ProxyAnswer | Problem) -> None:
        if isinstance(answer, Problem):
            for name, value in answer.headers.items():
                self.set_header(name, value)
            self.write_json(answer.body(), answer.status)
            return
        self.set_status(answer.status)
        for name, value in answer.headers.items():
            self.set_header(name, value)
        self.finish(answer.body, set_content_type=answer.content_type)


class MlflowStatusHandler(_TrackingHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.service.refresh()
        self.write_json(await self.service.status())


class MlflowProxyHandler(_TrackingHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self, _path: str) -> None:
        await self._forward("GET", None)

    # A read: the allow-list (paths.py) forwards no MLflow call that changes anything, and
    # MLflow defines its searches as POST.
    @tornado.web.authenticated
    @authorized(action="read")
    async def post(self, _path: str) -> None:
        body = json_body(self.request.body or b"", self.service.settings.max_request_bytes)
        if isinstance(body, Problem):
            self.write_answer(body)
            return
        await self._forward("POST", body)

    async def _forward(self, method: str, body: bytes | None) -> None:
        # The path as the client sent it (still percent-encoded), not tornado's decoded
        # capture group, so encoded tricks (%2e%2e, %2f, %252e) are seen for what they are.
        prefix = url_path_join(self.base_url, "nbcraft", "mlflow") + "/"
        path = self.request.path
        headers = self.request.headers
        request = ProxyRequest(
            method,
            path[len(prefix) :] if path.startswith(prefix) else "",
            self.request.query,
            body,
            headers.get(STAMP_HEADER),
            "no-cache" in headers.get("Cache-Control", "").lower(),
        )
        self.write_answer(await forward(self.service, request))
