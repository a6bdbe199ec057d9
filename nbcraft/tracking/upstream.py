"""One request to the resolved tracking server, and what its failures mean to the user.

``Problem`` is the JSON every failure becomes: ``{error: true, status, reason, message,
hint, ...}``. ``reason`` is a stable code the UI can switch on; ``message`` and ``hint`` are
for people and name what to check. Every text that leaves here is scrubbed of credentials.
"""

from __future__ import annotations

import asyncio
import json
import re
import ssl
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tornado.httpclient import HTTPClientError, HTTPRequest, HTTPResponse
from tornado.httputil import HTTPInputError

from .. import strict_json
from ..http_client import TRACKING, nbcraft_http_client
from .errors import scrub
from .resolve import KIND_EMBEDDED, TrackingServer

# Content types an artifact may be served to the browser as; anything else becomes
# application/octet-stream so an HTML or script artifact never runs in Jupyter's origin.
SAFE_ARTIFACT_TYPES = {
    "application/json",
    "application/octet-stream",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/plain",
    "text/csv",
    "text/markdown",
    "text/tab-separated-values",
}
_RETRY_AFTER = re.compile(r"^(\d{1,6}|[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT)$")


@dataclass
class Problem(Exception):
    status: int
    reason: str
    message: str
    hint: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {
            "error": True,
            "status": self.status,
            "reason": self.reason,
            "message": self.message,
            "hint": self.hint,
            **self.extra,
        }


class _TooLarge(HTTPInputError):
    """Raised from the streaming callback to abort a download over the cap. An HTTPInputError
    so tornado closes the connection quietly; the fetch then reports 599 and we answer 413."""


@dataclass
class UpstreamAnswer:
    status: int
    body: bytes
    content_type: str


@dataclass
class Limits:
    connect_timeout: float = 5.0
    request_timeout: float = 60.0
    max_bytes: int = 64 * 1024 * 1024


def describe(server: TrackingServer) -> str:
    return f"the tracking server at {server.uri} ({server.source})"


async def fetch_upstream(
    server: TrackingServer,
    path: str,
    query: str = "",
    method: str = "GET",
    body: bytes | None = None,
    accept: str = "application/json",
    limits: Limits | None = None,
    limit_name: str = "c.NbcraftTracking.max_response_bytes",
) -> UpstreamAnswer:
    """Send one request; return any HTTP answer (2xx-5xx), raise ``Problem`` for the rest."""
    limits = limits or Limits()
    url = f"{server.rest_base}/{path}" + (f"?{query}" if query else "")
    secrets = server.auth.secrets()
    try:
        if server.auth.kind in ("none", "basic", "bearer"):
            auth_headers = server.auth.headers()  # no I/O: no thread hop per request
        else:  # the SDKs may fetch a token over the network
            auth_headers = await asyncio.get_running_loop().run_in_executor(
                None, server.auth.headers
            )
    except Exception as error:  # noqa: BLE001 - SDK sign-in failed: say so, without its secrets
        secrets = [*secrets, *server.auth.secrets()]
        raise Problem(
            502,
            "auth-failed",
            f"Could not get credentials for {describe(server)}: "
            + scrub(f"{type(error).__name__}: {error}", secrets)[:500],
            server.auth_hint,
        ) from None
    secrets = [*secrets, *server.auth.secrets()]
    headers = {"Accept": accept, "User-Agent": "nbcraft-tracking-proxy", **auth_headers}
    if body is not None:
        headers["Content-Type"] = "application/json"

    chunks: list[bytes] = []
    size = 0

    def on_chunk(chunk: bytes) -> None:
        nonlocal size
        size += len(chunk)
        if size > limits.max_bytes:
            raise _TooLarge()
        chunks.append(chunk)

    request = HTTPRequest(
        url,
        method=method,
        headers=headers,
        body=body,
        follow_redirects=False,
        connect_timeout=limits.connect_timeout,
        request_timeout=limits.request_timeout,
        validate_cert=server.verify_tls,
        ca_certs=server.ca_certs,
        streaming_callback=on_chunk,
        decompress_response=True,
    )
    too_large = too_large_problem(limits.max_bytes, limit_name)
    try:
        response: HTTPResponse = await nbcraft_http_client(TRACKING).fetch(
            request, raise_error=False
        )
    except _TooLarge:
        raise too_large from None
    except HTTPClientError as error:  # 599: timeout or stream closed
        if size > limits.max_bytes:
            raise too_large from None
        raise _transport_problem(server, error, secrets) from None
    except ssl.SSLError as error:
        raise Problem(
            502,
            "tls",
            f"TLS failed with {describe(server)}: " + scrub(str(error), secrets)[:300],
            "Set MLFLOW_TRACKING_SERVER_CERT_PATH to the server's CA bundle "
            "(or MLFLOW_TRACKING_INSECURE_TLS=true for a test server).",
        ) from None
    except OSError as error:
        raise _unreachable(server, scrub(f"{type(error).__name__}: {error}", secrets)) from None
    if response.code == 599:
        if size > limits.max_bytes:
            raise too_large
        raise _transport_problem(server, response.error, secrets)
    content_type = response.headers.get("Content-Type", "")
    answer = UpstreamAnswer(response.code, b"".join(chunks), content_type)
    if 300 <= response.code < 400:
        raise _redirect_problem(server, response.headers.get("Location", ""))
    if response.code >= 400:
        raise problem_for_status(server, answer, response.headers.get("Retry-After"), secrets)
    return answer


def too_large_problem(max_bytes: int, limit_name: str) -> Problem:
    return Problem(
        413,
        "too-large",
        f"The answer is larger than nbcraft's limit of {_megabytes(max_bytes)} ({limit_name}).",
        f"Raise {limit_name} in jupyter_server_config, or download it from the MLflow UI.",
    )


def _subject(server: TrackingServer) -> str:
    return f"The tracking server at {server.uri} ({server.source})"


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _unreachable(server: TrackingServer, detail: str) -> Problem:
    hint = f"Check that the server is running and that {server.source} is right."
    if server.kind == KIND_EMBEDDED:
        hint = "The embedded server may be restarting; see GET /nbcraft/mlflow/status."
    return Problem(502, "unreachable", f"Cannot reach {describe(server)}: {detail}.", hint)


def _transport_problem(
    server: TrackingServer, error: Exception | None, secrets: list[str]
) -> Problem:
    text = scrub(str(error or "no answer"), secrets)
    if "timeout" in text.lower() or "timed out" in text.lower():
        return Problem(
            504,
            "timeout",
            f"{_subject(server)} did not answer in time ({text}).",
            "The server may be overloaded; ask for less (fewer runs or a smaller max_results) "
            "or raise c.NbcraftTracking.request_timeout.",
        )
    return _unreachable(server, text)


def _redirect_problem(server: TrackingServer, location: str) -> Problem:
    target = urlsplit(location) if location else None
    base = urlsplit(server.rest_base)
    same_host = target is not None and (not target.netloc or target.hostname == base.hostname)
    where = (
        "the same host"
        if same_host
        else (target.hostname if target and target.hostname else "elsewhere")
    )
    return Problem(
        502,
        "redirect-refused",
        f"{_subject(server)} answered with a redirect to {where}; nbcraft follows no redirects.",
        "Check the tracking URI: it may need https://, a path prefix, or a login that a proxy "
        "in front of MLflow asks for.",
    )


def _mlflow_error(body: bytes, secrets: list[str]) -> tuple[str, str]:
    """(error_code, message) from MLflow's JSON error body, scrubbed; empty when not JSON."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return "", ""  # not JSON, or nested too deeply to read (a hostile server)
    if not isinstance(data, dict):
        return "", ""
    code = data.get("error_code")
    message = data.get("message")
    return (
        code if isinstance(code, str) else "",
        scrub(message, secrets)[:2000] if isinstance(message, str) else "",
    )


def problem_for_status(
    server: TrackingServer, answer: UpstreamAnswer, retry_after: str | None, secrets: list[str]
) -> Problem:
    code, upstream_message = _mlflow_error(answer.body, secrets)
    extra: dict[str, Any] = {"upstream_status": answer.status}
    if code:
        extra["error_code"] = code
    status = answer.status
    said = f": {upstream_message}" if upstream_message else ""
    if status in (401, 403):
        verb = "refused the credentials" if status == 401 else "denied access"
        return Problem(
            status,
            "upstream-auth",
            f"{_subject(server)} {verb} ({status}){said}",
            server.auth_hint,
            extra,
        )
    if status == 429:
        headers = {}
        wait = "a little while"
        if retry_after and _RETRY_AFTER.match(retry_after.strip()):
            headers["Retry-After"] = retry_after.strip()
            extra["retry_after"] = retry_after.strip()
            wait = (
                f"{retry_after.strip()} s" if retry_after.strip().isdigit() else retry_after.strip()
            )
        return Problem(
            429,
            "rate-limited",
            f"{_subject(server)} is rate-limiting requests (429).",
            f"Retry after {wait}; refresh less often.",
            extra,
            headers,
        )
    if status >= 500:
        hint = "Check the tracking server's logs."
        if server.kind == KIND_EMBEDDED:
            hint = "Check <Jupyter root>/.nbcraft/mlflow-server.log."
        return Problem(
            502,
            "upstream-error",
            f"{_subject(server)} failed ({status}){said}",
            hint,
            extra,
        )
    if status == 404:
        return Problem(
            404,
            "upstream-not-found",
            upstream_message or f"{_subject(server)} has no such resource or endpoint (404).",
            "Check the id or name; some endpoints (like get-history-bulk-interval) exist only on "
            "open-source MLflow servers.",
            extra,
        )
    return Problem(
        status,
        "upstream-rejected",
        upstream_message or f"{_subject(server)} rejected the request ({status}).",
        "Check the request (for runs/search: the filter syntax, e.g. metrics.rmse < 1 and "
        "params.model = 'tree').",
        extra,
    )


def check_json(
    server: TrackingServer,
    answer: UpstreamAnswer,
    path: str,
    limits: Limits | None = None,
    limit_name: str = "c.NbcraftTracking.max_response_bytes",
) -> None:
    """A Problem unless the answer is JSON. One with a bare ``NaN``/``Infinity`` (MLflow's
    ``get-history-bulk`` is Flask's ``jsonify``, not protobuf's JSON like the rest of its API)
    has those words written as MLflow's other answers write them (``"NaN"``,
    ``strict_json.quote_non_finite``), every other byte kept: the browser's ``JSON.parse``
    rejected the whole answer. The rewritten answer is two bytes longer per word: past
    ``limits.max_bytes`` it is the 413 an answer over the limit gets (checked before the
    rewrite: json met each quoted word once)."""
    non_finite = 0

    def constant(word: str) -> float:
        nonlocal non_finite
        non_finite += 1
        return strict_json.MLFLOW_NON_FINITE[word]

    body = answer.body or b"{}"
    max_bytes = (limits or Limits()).max_bytes
    try:
        json.loads(body, parse_constant=constant)
        if non_finite:
            encoding = json.detect_encoding(body)  # (json reads UTF-16 and -32 too)
            if encoding != "utf-8":
                body = body.decode(encoding).encode()
            if len(body) + 2 * non_finite > max_bytes:
                raise too_large_problem(max_bytes, limit_name)
            answer.body = strict_json.quote_non_finite(body)
    except RecursionError:  # a hostile server's nesting
        raise Problem(
            502,
            "malformed-response",
            f"{_subject(server)} answered {path} with JSON nested too deeply to read.",
            "Check what answers at the tracking URI: MLflow's answers are not nested so deep.",
            {"upstream_status": answer.status},
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise Problem(
            502,
            "malformed-response",
            f"{_subject(server)} answered {path} with something that is not JSON.",
            "Something between nbcraft and MLflow (a login page, a proxy, a wrong path prefix in "
            "the tracking URI) may be answering instead of MLflow.",
            {"upstream_status": answer.status},
        ) from None


def safe_artifact_type(content_type: str) -> str:
    base = content_type.split(";", 1)[0].strip().lower()
    if base in SAFE_ARTIFACT_TYPES:
        return base + ("; charset=utf-8" if base.startswith("text/") else "")
    return "application/octet-stream"
