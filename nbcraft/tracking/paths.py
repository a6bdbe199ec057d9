"""The proxy's allow-list: which MLflow paths the browser may reach through Jupyter.

Pure. The browser sends ``/nbcraft/mlflow/<path>?<query>``; only these reach the server:

- ``api/2.0/mlflow/<endpoint>`` and ``ajax-api/2.0/mlflow/<endpoint>`` for the read
  endpoints in ``API_ENDPOINTS`` (POST only for the ``*/search`` calls, which MLflow
  defines as POST). Nothing that creates, changes or deletes; no secrets/gateway routes.
- ``api/2.0/mlflow-artifacts/artifacts`` (listing, JSON) and
  ``api/2.0/mlflow-artifacts/artifacts/<artifact path>`` (download), also under ``ajax-api``.
- ``get-artifact`` and ``model-versions/get-artifact`` (the MLflow UI's downloads).

Everything else is refused, and so is anything that could change where the request
goes once joined to the server's base URL: absolute URLs, ``..`` and ``.`` segments,
empty segments, ``@``, ``:``, backslashes, control characters (CR/LF), and encoded
forms of separators or of ``%`` itself (``%2f``, ``%5c``, ``%2e``, ``%25`` ...). What is
forwarded is re-encoded from the checked segments, so the server sees exactly what was
checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode

API_PREFIXES = ("api/2.0/mlflow/", "ajax-api/2.0/mlflow/")
ARTIFACT_PREFIXES = (
    "api/2.0/mlflow-artifacts/artifacts",
    "ajax-api/2.0/mlflow-artifacts/artifacts",
)

GET, POST = "GET", "POST"
API_ENDPOINTS: dict[str, frozenset[str]] = {
    "experiments/search": frozenset({GET, POST}),
    "experiments/get": frozenset({GET}),
    "experiments/get-by-name": frozenset({GET}),
    "runs/search": frozenset({POST}),
    "runs/get": frozenset({GET}),
    "metrics/get-history": frozenset({GET}),
    "metrics/get-history-bulk": frozenset({GET}),
    "metrics/get-history-bulk-interval": frozenset({GET}),
    "artifacts/list": frozenset({GET}),
    "logged-models/search": frozenset({POST}),
    "registered-models/search": frozenset({GET}),
    "registered-models/get": frozenset({GET}),
    "model-versions/search": frozenset({GET}),
    "model-versions/get": frozenset({GET}),
}
# `logged-models/<model id>` (GET) returns one LoggedModel.
_LOGGED_MODEL = re.compile(r"^logged-models/[A-Za-z0-9_\-]{1,64}$")
DOWNLOAD_ENDPOINTS = ("get-artifact", "model-versions/get-artifact")

# Query parameters that name a file path on the server: checked like path segments.
_PATH_PARAMS = ("path",)
_MAX_PATH = 2048
_MAX_QUERY = 8192
_FORBIDDEN_IN_SEGMENT = re.compile(r"[\x00-\x1f\x7f/\\@:?#%]")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class PathRefused(Exception):
    """The path is not one the proxy forwards; the message says why (no secrets in it)."""


@dataclass(frozen=True)
class AllowedRequest:
    path: str  # re-encoded, relative (no leading slash), safe to join to the server's base
    query: str  # re-encoded query string, without '?'
    is_artifact: bool  # raw bytes with the artifact size cap, rather than a JSON answer


def check_proxy_request(raw_path: str, raw_query: str, method: str) -> AllowedRequest:
    """Check ``raw_path`` (still percent-encoded, relative to ``/nbcraft/mlflow/``)."""
    segments = _decode_segments(raw_path)
    path = "/".join(segments)
    query = _check_query(raw_query)
    is_artifact = _classify(path, method)
    if is_artifact is None:
        raise PathRefused(
            f"{method} {_shown(path)} is not an MLflow API or artifact path nbcraft forwards."
        )
    return AllowedRequest(
        path="/".join(quote(segment, safe="") for segment in segments),
        query=query,
        is_artifact=is_artifact,
    )


def _shown(path: str) -> str:
    return path[:120] + ("..." if len(path) > 120 else "")


def _decode_segments(raw_path: str) -> list[str]:
    if not raw_path:
        raise PathRefused("An empty path is not an MLflow path.")
    if len(raw_path) > _MAX_PATH:
        raise PathRefused("The path is too long.")
    if any(ord(ch) < 0x21 or ord(ch) > 0x7E for ch in raw_path):
        raise PathRefused(
            "The path holds spaces, control or non-ASCII characters that are not encoded."
        )
    if "\\" in raw_path or "@" in raw_path:
        raise PathRefused("The path holds a backslash or an @.")
    if _BAD_ESCAPE.search(raw_path):
        raise PathRefused("The path holds a % that is not a percent-escape.")
    segments = []
    for raw_segment in raw_path.split("/"):
        try:
            segment = _percent_decode(raw_segment)
        except UnicodeDecodeError:
            raise PathRefused("The path holds percent-escapes that are not UTF-8.") from None
        if segment in ("", ".", ".."):
            raise PathRefused("The path holds an empty, '.' or '..' segment.")
        if _FORBIDDEN_IN_SEGMENT.search(segment):
            raise PathRefused(
                "A path segment holds a separator, '%', ':', '@', '?', '#' or a control "
                "character (maybe encoded, like %2f or %252e)."
            )
        segments.append(segment)
    return segments


def _percent_decode(raw: str) -> str:
    """Decode percent-escapes exactly once, strictly as UTF-8."""
    out = bytearray()
    i = 0
    while i < len(raw):
        if raw[i] == "%":
            out.append(int(raw[i + 1 : i + 3], 16))
            i += 3
        else:
            out.extend(raw[i].encode("ascii"))
            i += 1
    return out.decode("utf-8", errors="strict")


def _classify(path: str, method: str) -> bool | None:
    """True: artifact download; False: JSON API; None: refused."""
    for prefix in API_PREFIXES:
        if path.startswith(prefix):
            endpoint = path[len(prefix) :]
            methods = API_ENDPOINTS.get(endpoint)
            if methods is None and _LOGGED_MODEL.match(endpoint):
                methods = frozenset({GET})
            return False if methods and method in methods else None
    if method != GET:
        return None
    for prefix in ARTIFACT_PREFIXES:
        if path == prefix:
            return False  # the listing: JSON
        if path.startswith(prefix + "/"):
            return True
    if path in DOWNLOAD_ENDPOINTS:
        return True
    return None


def _check_query(raw_query: str) -> str:
    if not raw_query:
        return ""
    if len(raw_query) > _MAX_QUERY:
        raise PathRefused("The query string is too long.")
    if any(ord(ch) < 0x21 or ord(ch) > 0x7E for ch in raw_query) or _BAD_ESCAPE.search(raw_query):
        raise PathRefused("The query string holds unencoded or broken characters.")
    try:
        pairs = parse_qsl(raw_query, keep_blank_values=True, strict_parsing=True, errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise PathRefused("The query string is malformed.") from None
    for key, value in pairs:
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in key + value):
            raise PathRefused(f"The query parameter {key!r} holds a control character.")
        if key in _PATH_PARAMS and value:
            _check_artifact_path_param(key, value)
    return urlencode(pairs, quote_via=quote)


def _check_artifact_path_param(key: str, value: str) -> None:
    if value.startswith(("/", "\\")) or "\\" in value or "://" in value or "%" in value:
        raise PathRefused(f"The query parameter {key!r} must be a relative artifact path.")
    if any(part in (".", "..") for part in value.split("/")):
        raise PathRefused(f"The query parameter {key!r} holds a '.' or '..' segment.")
