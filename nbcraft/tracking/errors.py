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


# A URL in a text: its scheme, user-info, where it points, and its query or fragment.
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?:[^/\s@'\"<>]+@)?(?P<place>[^\s'\"<>?#]*)"
    r"(?:[?#][^\s'\"<>]*)?"
)


def urls_shown(text: str | None) -> str | None:
    """``text`` with each URL in it shown without user-info (``https://token@host``,
    ``user:password@``) and without query or fragment (``?token=...``, a signed URL's
    signature): where it points, no credential."""
    if not text or "://" not in text:
        return text
    return _URL.sub(lambda m: m.group("scheme") + m.group("place"), text)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove credentials from ``text``: the known secret values, URL userinfo, auth headers."""
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{REDACTED}@", text)
    text = _AUTH_VALUES.sub(lambda m: f"{m.group('key')}{REDACTED}", text)
    return _DATABRICKS_PAT.sub(REDACTED, text)
