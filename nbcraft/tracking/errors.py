"""Errors the tracking capability raises, and the scrubbing that keeps secrets out of them."""

from __future__ import annotations

import re
from collections.abc import Iterable


class TrackingConfigError(Exception):
    """A tracking setting is wrong. The message names the key, file or profile to fix."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


REDACTED = "***"

# `scheme://user:secret@host` anywhere in a text.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@'\"<>]+@")
# Header-like `Authorization: Bearer x`, `Basic x`, `token=x`, `access_token": "x"`.
_AUTH_VALUES = re.compile(
    r"(?i)(?P<key>authorization[\"']?\s*[:=]\s*[\"']?(?:bearer|basic|token)?\s*|"
    r"\b(?:bearer|basic)\s+|"
    r"[\"']?(?:access_token|client_secret|password|token)[\"']?\s*[:=]\s*[\"']?)"
    r"(?P<value>[A-Za-z0-9\-._~+/=]{4,})"
)
# Databricks personal access tokens (`dapi` + 32 hex digits, optional `-N`).
_DATABRICKS_PAT = re.compile(r"\bdapi[0-9a-f]{32}(?:-\d+)?\b")


def without_userinfo(uri: str | None) -> str | None:
    """``uri`` with any ``user:password@`` removed (``https://:secret@h`` too), for what the
    browser is shown."""
    if not uri:
        return uri
    return _USERINFO.sub(lambda m: m.group("scheme"), uri)


# A URL in a text: its scheme, user-info, where it points, and its query or fragment. The
# user-info runs to the last ``@`` before the first ``/``, ``?`` or ``#`` (``user:p@ss@gw``), or,
# after ``user:`` that is no port, to the next ``@`` (``user:pa/ss@gw``: a password with ``/``).
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)"
    r"(?:[^/?#\s'\"<>]*@|[^/?#\s'\"<>:@]*:(?![0-9]*(?:[/?#\s'\"<>]|$))[^\s'\"<>@]*@)?"
    r"(?P<place>[^\s'\"<>?#]*)(?:[?#][^\s'\"<>]*)?"
)
# A path without scheme and host and its query (``/api/kernelspecs?token=...``)
_PATH_QUERY = re.compile(r"(?<![^\s'\"(<=])(?P<place>/[^\s'\"<>?#]*)[?#][^\s'\"<>]*")


def urls_shown(text: str | None) -> str | None:
    """``text`` with each URL in it shown without user-info (``https://token@host``,
    ``user:password@``) and without query or fragment (``?token=...``, a signed URL's
    signature), a scheme-less path without its query too: where it points, no credential."""
    if not text:
        return text
    if "://" in text:
        text = _URL.sub(lambda m: m.group("scheme") + m.group("place"), text)
    if "?" in text or "#" in text:
        text = _PATH_QUERY.sub(lambda m: m.group("place"), text)
    return text


def shown_line(text: str, token: str | None = None) -> str:
    """An error or log line as nbcraft shows and logs it: URLs by :func:`urls_shown`, the
    credentials ``redact`` finds (``Authorization``, ``Bearer``, curl's password) and ``token``
    (a gateway's) replaced by ``<redacted>``."""
    from ..provenance.record.redact import REDACTED as REDACTED_TEXT
    from ..provenance.record.redact import redact

    text = redact(urls_shown(text) or "")
    return text.replace(token, REDACTED_TEXT) if token else text


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove credentials from ``text``: the known secret values, URL userinfo, auth headers."""
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{REDACTED}@", text)
    text = _AUTH_VALUES.sub(lambda m: f"{m.group('key')}{REDACTED}", text)
    return _DATABRICKS_PAT.sub(REDACTED, text)
