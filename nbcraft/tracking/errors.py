"""Errors the tracking capability raises, and the scrubbing that keeps secrets out of them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..provenance.record.authorization import (
    authorization_redacted,
    scheme_credentials_redacted,
)
from ..provenance.record.url_userinfo import (
    cut_userinfo,
    parameters_redacted,
    scp_user,
    search,
    urls,
)


class TrackingConfigError(Exception):
    """A tracking setting is wrong. The message names the key, file or profile to fix."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


REDACTED = "***"

# In a text, where a URL's place (host and path) ends, and its query or fragment.
_PLACE_END = re.compile(r"[\s'\"<>?#]")
_TAIL_END = re.compile(r"[\s'\"<>]")


# `token=x`, `access_token": "x"`, `password: x` (a scheme's, `Bearer x`, `Basic x`, and an
# `Authorization` header's, whatever its scheme: provenance.record.authorization's rules)
_NAMED_VALUES = re.compile(
    r"(?i)(?P<key>[\"']?(?:access_token|client_secret|password|token)[\"']?\s*[:=]\s*[\"']?)"
    r"(?P<value>[A-Za-z0-9\-._~+/=]{4,})"
)
# Databricks personal access tokens (`dapi` + 32 hex digits, optional `-N`).
_DATABRICKS_PAT = re.compile(r"\bdapi[0-9a-f]{32}(?:-\d+)?\b")


_C0_OR_SPACE = "".join(map(chr, range(0x21)))  # (urllib.parse's _WHATWG_C0_CONTROL_OR_SPACE)
_TAB_CR_LF = dict.fromkeys(map(ord, "\t\r\n"))


def without_userinfo(uri: str | None) -> str | None:
    """``uri`` as the browser, a message or a summary shows it (the one URL scrubber: the
    tracking status, the trust summary, the jobs' messages): each URL's ``user:password@``
    removed (``https://:secret@h``, ``user:p@ss@gw``, ``user:pa/ss@gw`` too), and the value of a
    query's or fragment's parameter that holds a credential (named as one, ``?token=``,
    ``#access_token=``, or shaped as one, a signed URL's ``sig=``) ``<redacted>``; the rest
    as it was (a port, the path, an MLflow UI's ``#/experiments/{experiment_id}`` fragment)."""
    if not uri:
        return uri
    # read as urlsplit reads it (leading C0 controls and spaces stripped, tab, CR and LF
    # removed anywhere), so that ' https://u:p w@h/' and 'https:/\t/u:p@h' lose theirs too
    uri = uri.lstrip(_C0_OR_SPACE).translate(_TAB_CR_LF)
    if "://" in uri:
        uri = cut_userinfo(uri, "", whole=True)
    if "=" in uri and ("?" in uri or "#" in uri):
        from ..provenance.record.redact import REDACTED as REDACTED_TEXT
        from ..provenance.record.redact import query_secret

        uri = parameters_redacted(uri, REDACTED_TEXT, query_secret)
    return uri


# A path without scheme and host and its query (``/api/kernelspecs?token=...``)
_PATH_QUERY = re.compile(r"(?<![^\s'\"(<=])(?P<place>/[^\s'\"<>?#]*)[?#][^\s'\"<>]*")


def urls_shown(text: str | None, scp_users: bool = False) -> str | None:
    """``text`` with each URL in it shown without user-info (``https://token@host``,
    ``user:password@``) and without query or fragment (``?token=...``, a signed URL's
    signature), a scheme-less path without its query too: where it points, no credential.
    ``scp_users``: an scp-like URL's user kept (``ssh://git@h:org/repo.git@v1.2``; see
    :func:`shown_line`)."""
    if not text:
        return text
    if "://" in text:
        pieces, done = [], 0
        for url in urls(text):
            scheme, start, end, port_start, port_end = url
            if scheme < done:
                continue  # a URL in the query of the last one (gone with it)
            if scp_users and scp_user(text, url):
                start = end  # (``ssh://git@h:org/repo.git@v1.2``: git is a name, kept)
            place_end = search(_PLACE_END, text, end)
            tail_end = (
                search(_TAIL_END, text, place_end)
                if place_end < len(text) and text[place_end] in "?#"
                else place_end
            )
            if end <= port_start < port_end <= place_end:  # (``alice@h:s3cret``'s password)
                pieces += [text[done:start], text[end:port_start], text[port_end:place_end]]
            else:
                pieces += [text[done:start], text[end:place_end]]
            done = tail_end
        text = "".join(pieces) + text[done:]
    if "?" in text or "#" in text:
        text = _PATH_QUERY.sub(lambda m: m.group("place"), text)
    return text


# What of an error's line is scrubbed before it is cut (a response body of megabytes as the
# message): far past any line shown (a job's error, a warning), so a secret crossing the final
# cut is whole in it.
ERROR_SCRUBBED = 8192


def raw_head(text: str, limit: int) -> str:
    """``text``'s first ``limit`` characters, as cut before it is scrubbed (a response body of
    megabytes as a message), without the word the cut went through: its head could be a URL's
    ``https://user:pass`` whose ``@host`` the cut took away, which no scrubber then knows."""
    if len(text) <= limit:
        return text
    end = limit
    while end and not text[end].isspace():
        end -= 1  # (at most limit steps: linear)
    return text[:end]


def shown_line(text: str, token: str | None = None) -> str:
    """An error or log line as nbcraft shows and logs it: URLs by :func:`urls_shown`, the
    credentials ``redact`` finds (``Authorization``, ``Bearer``, curl's password) and ``token``
    (a gateway's) replaced by ``<redacted>``."""
    from ..provenance.record.redact import REDACTED as REDACTED_TEXT
    from ..provenance.record.redact import redact

    # (redacted with an scp-like URL's user still there: ``ssh://h:org/repo.git@v1.2`` without
    # its ``git@`` reads as a password's ``h:org/repo.git@``; that user dropped after)
    text = urls_shown(redact(urls_shown(text, scp_users=True) or "")) or ""
    return text.replace(token, REDACTED_TEXT) if token else text


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove credentials from ``text``: the known secret values, URL userinfo, auth headers."""
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    if "://" in text:
        text = cut_userinfo(text, f"{REDACTED}@")
    lowered = text.lower()
    if "authorization" in lowered:
        text = authorization_redacted(text, REDACTED)
    if "bearer" in lowered or "basic" in lowered:
        text = scheme_credentials_redacted(text, REDACTED)
    text = _NAMED_VALUES.sub(lambda m: f"{m.group('key')}{REDACTED}", text)
    return _DATABRICKS_PAT.sub(REDACTED, text)
