"""The MLflow proxy's work, apart from tornado: one request in (method, path as the client
sent it, query, body, the chart's stamp and reload), one answer out (status, body, headers)
or a ``Problem``. ``handlers.py`` only reads the request and writes what comes back.

Forwards only allow-listed MLflow paths (``paths.py``) to the one resolved server
(``upstream.py``: time-outs, size caps, no redirects, credentials scrubbed from errors);
chart series come from the proxy's cache (``series_cache.py``) or the embedded store
(``store_series.py``) when they can.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .paths import AllowedRequest, PathRefused, check_proxy_request
from .series_cache import BULK_INTERVAL_PATHS
from .service import TrackingService, scrubbed
from .upstream import Problem, check_json, fetch_upstream, safe_artifact_type

SERIES_SOURCE_HEADER = "X-Nbcraft-Series-Source"
EMBEDDED_SOURCE, MLFLOW_SOURCE = "embedded-sqlite", "mlflow"

# Served for the sidebar to read or preview, never to be rendered as a page of Jupyter.
_API_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
_ARTIFACT_HEADERS = {**_API_HEADERS, "Content-Disposition": "attachment"}


@dataclass(frozen=True)
class ProxyRequest:
    method: str  # GET or POST
    raw_path: str  # relative to /nbcraft/mlflow/, still percent-encoded as sent
    query: str
    body: bytes | None = None  # POST: the JSON body, already checked by ``json_body``
    stamp: str | None = None  # X-Nbcraft-Series-Stamp: the runs' state a chart asks for
    reload: bool = False  # Cache-Control: no-cache (the view's reload)


@dataclass
class ProxyAnswer:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


def json_body(body: bytes, max_request: int) -> bytes | Problem:
    """A POST body re-encoded as the JSON object it must be, or the problem with it."""
    if len(body) > max_request:
        return Problem(
            413,
            "too-large",
            f"The request body is larger than {max_request} bytes "
            "(c.NbcraftTracking.max_request_bytes).",
        )
    try:
        parsed = json.loads(body or b"{}")
        # re-encoded in the same try: a structure deep enough to stop the decoder stops the encoder
        encoded = json.dumps(parsed).encode() if isinstance(parsed, dict) else None
    except (ValueError, UnicodeDecodeError) as error:
        return Problem(
            400,
            "bad-request",
            f"The request body is not JSON: {error}.",
            "Send a JSON object, as MLflow's REST API expects.",
        )
    except RecursionError:
        return Problem(400, "bad-request", "The request body is nested too deeply.")
    if encoded is None:
        return Problem(400, "bad-request", "The request body must be a JSON object.")
    return encoded


async def forward(service: TrackingService, request: ProxyRequest) -> ProxyAnswer | Problem:
    """Check the request against the allow-list, then answer it (one request counted as in
    flight while it runs, so a restart of the embedded server waits for it)."""
    try:
        allowed = check_proxy_request(request.raw_path, request.query, request.method)
    except PathRefused as refused:
        return Problem(
            403,
            "not-allowed",
            str(refused),
            "nbcraft forwards only MLflow REST paths (api/2.0/mlflow/...) and artifact "
            "downloads to the configured tracking server.",
        )
    service.refresh()
    problem = service.not_ready_problem() or service.begin_request()
    if problem is not None:
        return problem
    try:
        return await _forward_allowed(service, allowed, request)
    except Problem as problem:
        return problem
    finally:
        service.end_request()


async def _forward_allowed(
    service: TrackingService, allowed: AllowedRequest, request: ProxyRequest
) -> ProxyAnswer:
    server = service.server
    assert server is not None
    method = request.method
    # Chart series: answered from the proxy's cache when the runs' state is the same
    # (see series_cache.py); "Cache-Control: no-cache" (the view's reload) asks again.
    cache = service.series_cache
    cache_key = None
    if method == "GET" and not allowed.is_artifact:
        cache_key = cache.key(server.rest_base, allowed.path, allowed.query, request.stamp)
    if cache_key is not None:
        cached = None if request.reload else cache.get(cache_key)
        if cached is not None:
            return _api_answer(200, cached, "hit", "cache")
    is_series = method == "GET" and allowed.path in BULK_INTERVAL_PATHS
    if is_series:
        # The embedded store answers charts itself (store_series.py); None: ask MLflow.
        direct = await service.embedded_series_answer(allowed.query)
        if direct is not None:
            if cache_key is not None:
                cache.put(cache_key, direct)
            return _api_answer(200, direct, "miss" if cache_key else None, EMBEDDED_SOURCE)
    limits, limit_name = service.limits(allowed.is_artifact)
    try:
        answer = await fetch_upstream(
            server,
            allowed.path,
            allowed.query,
            method=method,
            body=request.body,
            accept="*/*" if allowed.is_artifact else "application/json",
            limits=limits,
            limit_name=limit_name,
        )
        if not allowed.is_artifact:
            check_json(server, answer, allowed.path, limits, limit_name)
    except Problem as problem:
        service.log.warning(
            "nbcraft: %s %s -> %s: %s",
            method,
            allowed.path,
            problem.status,
            scrubbed(server, problem.message),
        )
        raise
    if allowed.is_artifact:
        return ProxyAnswer(
            answer.status,
            answer.body,
            safe_artifact_type(answer.content_type),
            dict(_ARTIFACT_HEADERS),
        )
    if cache_key is not None and answer.status == 200 and answer.body:
        cache.put(cache_key, answer.body)
    return _api_answer(
        answer.status,
        answer.body or b"{}",
        "miss" if cache_key else None,
        MLFLOW_SOURCE if is_series else None,
    )


def _api_answer(
    status: int, body: bytes, cache_state: str | None, series_source: str | None = None
) -> ProxyAnswer:
    headers = dict(_API_HEADERS)
    if cache_state is not None:
        headers["X-Nbcraft-Cache"] = cache_state
    if series_source is not None:
        # Which path answered a chart series: benches and the chart's dataset show it.
        headers[SERIES_SOURCE_HEADER] = series_source
    return ProxyAnswer(status, body, "application/json", headers)
