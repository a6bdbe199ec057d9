"""Routes: ``GET /nbcraft/mlflow/status`` and ``GET|POST /nbcraft/mlflow/<MLflow path>``.

Thin: the allow-list lives in ``paths``, the upstream call and its error meanings in
``upstream``, the state in ``service``.
"""

from __future__ import annotations

import json

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import url_path_join

from ..handlers import NbcraftHandler
from .paths import AllowedRequest, PathRefused, check_proxy_request
from .series_cache import BULK_INTERVAL_PATHS, STAMP_HEADER
from .service import TrackingService, scrubbed
from .upstream import Problem, check_json, fetch_upstream, safe_artifact_type

SERIES_SOURCE_HEADER = "X-Nbcraft-Series-Source"
EMBEDDED_SOURCE, MLFLOW_SOURCE = "embedded-sqlite", "mlflow"


class _TrackingHandler(NbcraftHandler):
    auth_resource = "nbcraft-tracking"

    def initialize(self, service: TrackingService) -> None:
        self.service = service

    def write_problem_object(self, problem: Problem) -> None:
        for name, value in problem.headers.items():
            self.set_header(name, value)
        self.write_json(problem.body(), problem.status)


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
        body = self.request.body or b""
        max_request = self.service.settings.max_request_bytes
        if len(body) > max_request:
            self.write_problem_object(
                Problem(
                    413,
                    "too-large",
                    f"The request body is larger than {max_request} bytes "
                    "(c.NbcraftTracking.max_request_bytes).",
                )
            )
            return
        try:
            parsed = json.loads(body or b"{}")
        except (ValueError, UnicodeDecodeError) as error:
            self.write_problem_object(
                Problem(
                    400,
                    "bad-request",
                    f"The request body is not JSON: {error}.",
                    "Send a JSON object, as MLflow's REST API expects.",
                )
            )
            return
        if not isinstance(parsed, dict):
            self.write_problem_object(
                Problem(400, "bad-request", "The request body must be a JSON object.")
            )
            return
        await self._forward("POST", json.dumps(parsed).encode())

    def _raw_relative_path(self) -> str:
        # Check the path as the client sent it (still percent-encoded), not tornado's decoded
        # capture group, so encoded tricks (%2e%2e, %2f, %252e) are seen for what they are.
        prefix = url_path_join(self.base_url, "nbcraft", "mlflow") + "/"
        path = self.request.path
        return path[len(prefix) :] if path.startswith(prefix) else ""

    async def _forward(self, method: str, body: bytes | None) -> None:
        try:
            allowed = check_proxy_request(self._raw_relative_path(), self.request.query, method)
        except PathRefused as refused:
            self.write_problem_object(
                Problem(
                    403,
                    "not-allowed",
                    str(refused),
                    "nbcraft forwards only MLflow REST paths (api/2.0/mlflow/...) and artifact "
                    "downloads to the configured tracking server.",
                )
            )
            return
        self.service.refresh()
        problem = self.service.not_ready_problem() or self.service.begin_request()
        if problem is not None:
            self.write_problem_object(problem)
            return
        try:
            await self._forward_allowed(allowed, method, body)
        finally:
            self.service.end_request()

    async def _forward_allowed(
        self, allowed: AllowedRequest, method: str, body: bytes | None
    ) -> None:
        server = self.service.server
        assert server is not None
        # Chart series: answered from the proxy's cache when the runs' state is the same
        # (see series_cache.py); "Cache-Control: no-cache" (the view's reload) asks again.
        cache = self.service.series_cache
        cache_key = None
        if method == "GET" and not allowed.is_artifact:
            cache_key = cache.key(
                server.rest_base,
                allowed.path,
                allowed.query,
                self.request.headers.get(STAMP_HEADER),
            )
        if cache_key is not None:
            reload = "no-cache" in self.request.headers.get("Cache-Control", "").lower()
            cached = None if reload else cache.get(cache_key)
            if cached is not None:
                self._finish_api(200, cached, "hit", "cache")
                return
        is_series = method == "GET" and allowed.path in BULK_INTERVAL_PATHS
        if is_series:
            # The embedded store answers charts itself (store_series.py); None: ask MLflow.
            try:
                direct = await self.service.embedded_series_answer(allowed.query)
            except Problem as problem:
                self.write_problem_object(problem)
                return
            if direct is not None:
                if cache_key is not None:
                    cache.put(cache_key, direct)
                self._finish_api(200, direct, "miss" if cache_key else None, EMBEDDED_SOURCE)
                return
        limits, limit_name = self.service.limits(allowed.is_artifact)
        try:
            answer = await fetch_upstream(
                server,
                allowed.path,
                allowed.query,
                method=method,
                body=body,
                accept="*/*" if allowed.is_artifact else "application/json",
                limits=limits,
                limit_name=limit_name,
            )
            if not allowed.is_artifact:
                check_json(server, answer, allowed.path)
        except Problem as problem:
            self.log.warning(
                "nbcraft: %s %s -> %s: %s",
                method,
                allowed.path,
                problem.status,
                scrubbed(server, problem.message),
            )
            self.write_problem_object(problem)
            return
        if allowed.is_artifact:
            self.set_status(answer.status)
            self.set_header("X-Content-Type-Options", "nosniff")
            self.set_header("Cache-Control", "no-store")
            # Served for the sidebar to preview, never to be rendered as a page of Jupyter.
            self.set_header("Content-Disposition", "attachment")
            self.finish(answer.body, set_content_type=safe_artifact_type(answer.content_type))
            return
        if cache_key is not None and answer.status == 200 and answer.body:
            cache.put(cache_key, answer.body)
        self._finish_api(
            answer.status,
            answer.body or b"{}",
            "miss" if cache_key else None,
            MLFLOW_SOURCE if is_series else None,
        )

    def _finish_api(
        self, status: int, body: bytes, cache_state: str | None, series_source: str | None = None
    ) -> None:
        self.set_status(status)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Cache-Control", "no-store")
        if cache_state is not None:
            self.set_header("X-Nbcraft-Cache", cache_state)
        if series_source is not None:
            # Which path answered a chart series: benches and the chart's dataset show it.
            self.set_header(SERIES_SOURCE_HEADER, series_source)
        self.finish(body, set_content_type="application/json")
