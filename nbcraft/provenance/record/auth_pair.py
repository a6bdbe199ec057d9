"""requests' and httpx's ``(user, password)`` pairs in code: ``auth=('bob', 'pw')`` (a tuple's or
a list's), ``s.auth = (...)``, ``HTTPBasicAuth(user, 'pw')``, ``HTTPDigestAuth``,
``httpx.BasicAuth``/``DigestAuth``. The second item, when it starts with a string literal, is a password;
the first may be any expression (``os.environ['U']``, ``get_user(cfg, 'x')``). Kept: a variable,
an f-string that is only ``{name}``, a keyword (``password='x'`` is a credential name's: the
recorder's name rule). Only the standard library; linear: each pair's items are read once, and
a pair inside one read already is not read again."""

from __future__ import annotations

import re

from .redact_curl import LIST_TOKEN
from .shell_words import EXPANSION

_JOIN = ("\\", "+")  # (between strings Python joins: a line continuation, a ``+``)
_PAIR = re.compile(r"(?i)(?:\bauth\s*=\s*[\(\[]|(?:basic|digest)auth\s*\()")


def auth_passwords_redacted(text: str, redacted: str) -> str:
    """``text`` with the password of each ``(user, password)`` pair ``redacted`` (its quotes
    and prefix kept: ``auth=(u, '<redacted>')``); ``text`` itself when none."""
    parts, last, read = [], 0, 0  # read: where the last pair's reading stopped
    for pair in _PAIR.finditer(text):
        if pair.start() < read:
            continue
        body, read = _password(text, pair.end())
        if body is None or body[0] == body[1] or text[body[0] : body[1]] == redacted:
            continue
        parts += [text[last : body[0]], redacted]
        last = body[1]
    return "".join([*parts, text[last:]]) if parts else text


def _body(m: re.Match) -> str:
    """The group of a string token's body."""
    return "b1" if m.group("b1") is not None else "b2"


def _password(text: str, i: int) -> tuple[tuple[int, int] | None, int]:
    """The body span of the pair's second item when it is a string literal (None: it is not,
    or there is none), and where the reading stopped. The first item is read to its ``,`` at
    the pair's depth (brackets and strings in it skipped)."""
    depth, items = 0, 0
    while (m := LIST_TOKEN.match(text, i)) is not None:
        i = m.end()
        kind = "string" if m.group("string") is not None else m.lastgroup
        if kind == "space":
            continue
        if depth == 0 and items == 1:  # the second item's first token
            if kind == "open" and m.group() == "(":
                continue  # (``('pw')``: a parenthesised string)
            if kind != "string":
                return None, i
            group = _body(m)
            prefix = text[m.start() : m.start(group)].lower()
            start, end = m.start(group), m.end(group)
            # the strings Python joins to it (``'' 'pw'``, ``'''pw'''`` read as three)
            while (n := LIST_TOKEN.match(text, i)) is not None and (
                n.group("string") is not None or n.group("space") is not None or n.group() in _JOIN
            ):  # (across a comment, a line continuation, a ``+``)
                i = n.end()
                end = n.end(_body(n)) if n.group("string") is not None else end
            if "f" in prefix and end == m.end(group) and EXPANSION.fullmatch(m.group(group)):
                return None, i  # (``f'{pw}'``: Python's value)
            return (start, end), i
        if depth == 0 and kind == "close":
            return None, i
        if depth == 0 and kind == "comma":
            items += 1
            continue
        depth += (kind == "open") - (kind == "close")
    return None, i
