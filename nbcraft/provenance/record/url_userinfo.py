"""Where the user-info of each URL in a text is (``scheme://user:password@``), for every
scrubber of URLs: nbcraft's messages and status (``tracking.errors``), a cell's and a job's
parameters (``redact``). Only the standard library (the recorder runs in kernels without
nbcraft); linear in the text's length (a regex from each ``scheme://`` to the text's end was
quadratic)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from .shell_words import ENVIRONMENT, EXPANSION

# A URL's scheme (``[A-Za-z][A-Za-z0-9+.-]*`` before ``://``), found from its ``://`` (a str.find)
# and read backwards no further than the last URL, so that every character is read a bounded
# number of times (a regex from each letter read a long word to its end: quadratic).
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")
# In a text, where a URL's host ends, and where a password with ``/`` ends.
_HOST_END = re.compile(r"[/?#\s'\"<>]")
_PASSWORD_END = re.compile(r"[\s'\"<>@]")


class Url(NamedTuple):
    """Where a URL's scheme starts, its user-info (``start == end``: none), and a password
    written after a user-info's host where a port would be (``alice@h:s3cret``: from its ``:``
    to the host's end; ``port_start == port_end``: none)."""

    scheme: int
    start: int
    end: int
    port_start: int
    port_end: int


def urls(text: str, whole: bool = False) -> Iterator[Url]:
    """Each URL in ``text``, in order (:class:`Url`).

    The user-info runs to the last ``@`` before the host's end (``user:p@ss@gw``), or, after
    ``user:`` that is no port, to the next ``@`` (``user:pa/ss@gw``, ``user:pa/s?s@gw``: a
    password with ``/``, ``?`` or ``#``; a malformed ``h:abc/x?e=a@b``, whose port is none, is
    redacted too: a missed password is worse). In a text the host ends at ``/?#``, a space, a quote or
    ``<>``; when ``whole`` (``text`` is one URI) the first URL's host ends at ``/?#`` only and
    its password may hold anything. After a user-info, what follows the host's ``:`` and is no
    port is a password (``alice@h:s3cret``: the person meant ``alice:s3cret@h``), but for an
    ``ssh://git@h:org/repo`` (scp-like, a path after it). Linear: each search starts where the
    last ended, or is remembered (``password``)."""
    pos = 0
    password = (-1, -1)  # (searched from, found at)
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
        port = (host_end, host_end)
        if end and not (text[host_end : host_end + 1] == "/" and _scp_like(text[scheme:i])):
            port = _port_password(text, end, host_end)
        elif not end and colon >= 0 and text[start] != "[" and not _is_port(text, colon, host_end):
            if one:
                at = text.find("@", host_end)
            else:
                if not password[0] <= colon + 1 <= password[1]:
                    password = (colon + 1, search(_PASSWORD_END, text, colon + 1))
                at = password[1]
            if 0 <= at < len(text) and text[at] == "@":
                end = at + 1
        end = end or start
        yield Url(scheme, start, end, *port)
        pos = max(end, port[1]) if port[0] < port[1] else end


def search(pattern: re.Pattern, text: str, start: int) -> int:
    found = pattern.search(text, start)
    return found.start() if found else len(text)


def first(text: str, chars: str, start: int) -> int:
    return min((k for k in (text.find(c, start) for c in chars) if k >= 0), default=len(text))


def _is_port(text: str, colon: int, host_end: int) -> bool:
    return all(c in _DIGITS for c in text[colon + 1 : host_end])


def _scp_like(scheme: str) -> bool:
    """Whether a URL of ``scheme`` is often written scp-like (``ssh://git@h:org/repo.git``:
    ``org`` is the path's, no password)."""
    return scheme.lower() in ("ssh", "git+ssh", "ssh+git")


def scp_user(text: str, url: Url) -> bool:
    """Whether ``url``'s user-info is an scp-like URL's user (``ssh://git@h:org/repo.git``: a
    name, no password, its host followed by a path's ``:``). Shown with it, the path is never
    taken for a password (``ssh://h:org/repo.git@v1.2``, pip's VCS ref, once read as one)."""
    colon = text.find(":", url.end)
    return (
        url.end > url.start
        and _scp_like(text[url.scheme : url.start - 3])
        and ":" not in text[url.start : url.end]
        and url.port_start == url.port_end
        and search(_HOST_END, text, url.end) > colon >= 0
        and not _is_port(text, colon, search(_HOST_END, text, url.end))
    )


def _port_password(text: str, host: int, host_end: int) -> tuple[int, int]:
    """``(its ":", host_end)`` when the host at ``host`` has a ``:`` and what follows is no
    port (an IPv6 host's ``:`` are its own: after its ``]``), else ``(host_end, host_end)``."""
    bracket = text.find("]", host, host_end) if text.startswith("[", host) else host
    colon = text.find(":", bracket, host_end) if bracket >= 0 else -1
    port = text[colon + 1 : host_end]
    if colon < 0 or _is_port(text, colon, host_end) or _named_port(port):
        return host_end, host_end
    return colon, host_end


def _named_port(port: str) -> bool:
    """Whether ``port`` is one the text only names: ``$PORT``, ``${PORT}`` (the shell's),
    ``{port}`` (an f-string's, IPython's): no password."""
    return bool(ENVIRONMENT.fullmatch(port) or EXPANSION.fullmatch(port))


def cut_userinfo(text: str, shown: str, whole: bool = False) -> str:
    """``text`` with each URL's user-info replaced by ``shown``."""
    pieces, done = [], 0
    for url in urls(text, whole):
        if url.end > url.start:
            pieces += [text[done : url.start], shown]
            done = url.end
        if url.port_start < url.port_end:  # (its ``:`` too: ``https://h``)
            pieces.append(text[done : url.port_start])
            done = url.port_end
    return "".join(pieces) + text[done:] if pieces else text


# a password that is a format's placeholder (``'https://%s:%s@h' % (u, p)``, ``{}``, ``{p}``):
# the credential is the code's argument, not the text's
_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdr]|\{\w*\}")


def passwords_redacted(
    text: str, shown: str, user_secret: Callable[[str], object] | None = None
) -> str:
    """``text`` with each URL's password (its user-info after the first ``:``) replaced by
    ``shown``, the user kept (``https://alice:<redacted>@host``); a user-info with no password
    that ``user_secret`` says is one (a token given as the user: ``https://ghp_...@github.com``)
    replaced whole."""
    pieces, done = [], 0
    for _, start, end, port_start, port_end in urls(text):
        colon = text.find(":", start, end - 1)
        if end > start and 0 <= colon < end - 2:
            if not _PLACEHOLDER.fullmatch(text, colon + 1, end - 1):
                pieces += [text[done : colon + 1], shown]
                done = end - 1
        elif end - 1 > start and colon < 0 and user_secret and user_secret(text[start : end - 1]):
            pieces += [text[done:start], shown]
            done = end - 1
        if port_start < port_end - 1:  # (``alice@h:<redacted>``)
            pieces += [text[done : port_start + 1], shown]
            done = port_end
    return "".join(pieces) + text[done:] if pieces else text


# the names a URL's query gives a credential that say none elsewhere: Google's and many APIs'
# ``key=``, a signed URL's signature (Azure SAS ``sig=``, ``Signature=``, S3's and GCS's),
# Firebase REST's ``auth=``, OpenWeatherMap's ``appid=``, a ``jwt=``, a session's id
# (``sid=``, ``session=``, ``jsessionid=``, PHP's) and a CAS ``ticket=``
QUERY_NAMES = frozenset(
    (
        *("key", "sig", "signature", "x-amz-signature", "x-goog-signature"),
        *("auth", "appid", "jwt", "ticket"),
        *("sid", "session", "sessionid", "jsessionid", "phpsessid"),
    )
)
# A value no API key looks like, under ``key`` (``key=user_profile_42``,
# ``key=data/train.csv``, ``key=created_at``): words (a letter and small ones, camel humps, a
# short capital run, digits after; or digits), joined by ``/`` (a path), ``.`` (a file's
# extension), ``_`` or ``-``, with at least one joint. A key is one run of mixed letters and
# digits (Google's ``AIza`` and 35, a 32-hex appid): its case or digits inside break a word.
# A lone word (``key=hunter2``) stays redacted: a short password is shaped so. The word's
# forms are disjoint (a lone capital is the first form's, a run of two or more the second's):
# one text matched two ways made a failing match try 2^n splits (``A-A-...-A~``).
_PLAIN_WORD = r"(?:[A-Za-z][a-z]*(?:[A-Z][a-z]+)*|[A-Z]{2,8})\d{0,6}|\d{1,12}"
_JOINT = r"(?:[/._-]|%2[Ff])+"
_PLAIN_VALUE = re.compile(rf"(?:{_PLAIN_WORD})(?:{_JOINT}(?:{_PLAIN_WORD}))+")
_JOINTS = re.compile(_JOINT)


# A passphrase (diceware's, xkcd's ``correct-horse-battery-staple``, 1Password's memorable
# ones): three words or more of letters only, each of three or more, joined by ``-``. Words
# joined by ``_`` (Python's names), ``/`` or ``.`` (paths, files) and with digits stay plain.
_PASSPHRASE = re.compile(r"[A-Za-z][a-z]{2,}(?:-[A-Za-z][a-z]{2,}){2,}")
# in code, ``key=`` is Python's keyword of sorts, pandas' HDF stores and groupers and widgets:
# a lone word of small letters there (``key='df'``, ``key='date'``) is a name
_LONE_WORD = re.compile(r"[a-z]{1,24}")


def mixed(word: str) -> bool:
    """Whether a word mixes letters and digits in 8 characters or more (``prod_db_2024``,
    ``Secret2024``): a password's shape, not a name's."""
    return len(word) >= 8 and any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def plain_query_value(value: str, in_code: bool = False) -> bool:
    """Whether a value given to ``key`` (a query's ``?key=``; ``in_code``: a call's ``key=``)
    is a path, a file or an identifier (``_PLAIN_VALUE``), not a passphrase (``_PASSPHRASE``);
    in code a lone word of small letters too: what was read, not a credential. Linear (one
    match each, no ambiguity). Its limits: a passphrase joined by ``_`` or ``.``, or a lone
    small word in code, is kept; a widget's key of three words joined by ``-`` is redacted. In
    code a word mixing letters and digits (``mixed``: ``key='Secret2024/Prod'``) is not plain
    (``key='data/train2024.csv'`` is redacted with it)."""
    if in_code and _LONE_WORD.fullmatch(value):
        return True
    if in_code and any(mixed(part) for part in _JOINTS.split(value)):
        return False
    return _PLAIN_VALUE.fullmatch(value) is not None and not _PASSPHRASE.fullmatch(value)


def query_named_secret(name: str, value: str) -> bool:
    """Whether a query's ``name=value`` holds a credential by its name alone: one of
    ``QUERY_NAMES``, and for ``key`` (the one name whose values are often paths or columns:
    ``key=created_at``) a value that is not ``plain_query_value``. ``sig``, ``auth``,
    ``session``, ``appid``... take every value (``?sig=abc-def-ghi``)."""
    lowered = name.strip().lower()
    return lowered in QUERY_NAMES and not (lowered == "key" and plain_query_value(value))


# A query's or a fragment's ``name=value`` (``?token=x``, ``#access_token=x``), in a URL's tail
# (a value ends at a second ``?`` too: ``?a=b?token=x``'s token is a parameter of its own)
_PARAMETER = re.compile(r"(?P<head>[?#&;](?P<name>[^=&#?;\s'\"<>]+)=)(?P<value>[^&#;?\s'\"<>]*)")
_TAIL = re.compile(r"[?#][^\s'\"<>]*")
_PLACE_OR_TAIL_END = re.compile(r"[\s'\"<>?#]")


def parameters_redacted(
    text: str, redacted: str, secret: Callable[[str, str, str], bool], one_url: bool = True
) -> str:
    """``text`` with the value of each query's or fragment's parameter that holds a credential
    (``secret(name, value, "?name=value")``: named as one, ``?token=``, or shaped as one, a
    signed URL's ``sig=``) ``redacted``: in ``text``'s tails when it is ``one_url``, else in
    the tails of its ``scheme://`` URLs only (a cell's ``# a comment`` is no fragment). The one
    owner of the rule (``tracking.errors.without_userinfo``, the recorder's ``redact``)."""

    def shown(m: re.Match) -> str:
        name, value = m.group("name"), m.group("value")
        if value and value != redacted and secret(name, value, m.group(0)):
            return m.group("head") + redacted
        return m.group(0)

    parts, last = [], 0
    for tail in _TAIL.finditer(text) if one_url else _url_tails(text):
        if (new := _PARAMETER.sub(shown, tail.group())) != tail.group():
            parts += [text[last : tail.start()], new]
            last = tail.end()
    return "".join([*parts, text[last:]]) if parts else text


def _url_tails(text: str) -> Iterator[re.Match]:
    """The query-and-fragment tail of each ``scheme://`` URL of ``text``, each character read
    once (a ``://`` inside a URL's place is that URL's)."""
    i = 0
    while (k := text.find("://", i)) >= 0:
        end = _PLACE_OR_TAIL_END.search(text, k + 3)
        if end is None:
            return
        i = end.start() + 1
        if text[end.start()] in "?#":
            tail = _TAIL.match(text, end.start())
            i = tail.end()
            yield tail
