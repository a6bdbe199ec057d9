"""Where the user-info of each URL in a text is (``scheme://user:password@``), for every
scrubber of URLs: nbcraft's messages and status (``tracking.errors``), a cell's and a job's
parameters (``redact``). Only the standard library (the recorder runs in kernels without
nbcraft); linear in the text's length (a regex from each ``scheme://`` to the text's end was
quadratic)."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A URL's scheme (``[A-Za-z][A-Za-z0-9+.-]*`` before ``://``), found from its ``://`` (a str.find)
# and read backwards no further than the last URL, so that every character is read a bounded
# number of times (a regex from each letter read a long word to its end: quadratic).
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")
# In a text, where a URL's host ends, and where a password with ``/`` ends.
_HOST_END = re.compile(r"[/?#\s'\"<>]")
_PASSWORD_END = re.compile(r"[\s'\"<>@]")


def urls(text: str, whole: bool = False) -> Iterator[tuple[int, int, int]]:
    """``(scheme start, user-info start, user-info end)`` of each URL in ``text``, in order.

    The user-info runs to the last ``@`` before the host's end (``user:p@ss@gw``), or, after
    ``user:`` that is no port, to the next ``@`` (``user:pa/ss@gw``: a password with ``/``). In
    a text the host ends at ``/?#``, a space, a quote or ``<>``; when ``whole`` (``text`` is one
    URI) the first URL's host ends at ``/?#`` only and its password may hold anything. Linear:
    each search starts where the last ended, or is remembered (``password``)."""
    pos = 0
    password = (-1, -1)  # (searched from, found at): _PASSWORD_END from any place in between
    while (i := text.find("://", pos)) >= 0:
        j = i
        while j > pos and text[j - 1] in _SCHEME_CHARS:
            j -= 1
        scheme = next((k for k in range(j, i) if text[k] in _LETTERS), -1)
        start = i + 3
        if scheme < 0:
            pos = start
            continue
        one = whole and scheme == 0  # the one URI's own
        host_end = first(text, "/?#", start) if one else search(_HOST_END, text, start)
        end = text.rfind("@", start, host_end) + 1
        colon = text.find(":", start, host_end)
        if not end and colon >= 0 and text[start] != "[" and not _is_port(text, colon, host_end):
            if one:
                end = text.find("@", host_end) + 1
            else:
                if not password[0] <= colon + 1 <= password[1]:
                    password = (colon + 1, search(_PASSWORD_END, text, colon + 1))
                at = password[1]
                end = at + 1 if at < len(text) and text[at] == "@" else 0
        end = end or start
        yield scheme, start, end
        pos = end


def search(pattern: re.Pattern, text: str, start: int) -> int:
    found = pattern.search(text, start)
    return found.start() if found else len(text)


def first(text: str, chars: str, start: int) -> int:
    return min((k for k in (text.find(c, start) for c in chars) if k >= 0), default=len(text))


def _is_port(text: str, colon: int, host_end: int) -> bool:
    return all(c in _DIGITS for c in text[colon + 1 : host_end])


def cut_userinfo(text: str, shown: str, whole: bool = False) -> str:
    """``text`` with each URL's user-info replaced by ``shown``."""
    pieces, done = [], 0
    for _, start, end in urls(text, whole):
        if end > start:
            pieces += [text[done:start], shown]
            done = end
    return "".join(pieces) + text[done:] if pieces else text


def passwords_redacted(text: str, shown: str) -> str:
    """``text`` with each URL's password (its user-info after the first ``:``) replaced by
    ``shown``, the user kept (``https://alice:<redacted>@host``)."""
    pieces, done = [], 0
    for _, start, end in urls(text):
        colon = text.find(":", start, end - 1)
        if end > start and 0 <= colon < end - 2:
            pieces += [text[done : colon + 1], shown]
            done = end - 1
    return "".join(pieces) + text[done:] if pieces else text
