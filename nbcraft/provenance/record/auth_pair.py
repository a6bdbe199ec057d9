"""requests' and httpx's ``(user, password)`` pairs in code: ``auth=('bob', 'pw')`` (a tuple's or
a list's), ``s.auth = (...)``, ``HTTPBasicAuth(user, 'pw')``, ``HTTPDigestAuth``,
``httpx.BasicAuth``/``DigestAuth``; and ``base64.b64encode(b"user:pw")``, an ``Authorization:
Basic`` value built in code, or ``auth=tuple("user:pw".split(":"))`` (``encoded_pairs_redacted``). The second item, when it starts with a string literal, is a password;
the first may be any expression (``os.environ['U']``, ``get_user(cfg, 'x')``). Kept: a variable,
an f-string that is only ``{name}``, a keyword (``password='x'`` is a credential name's: the
recorder's name rule). A pair left open (``auth=(`` and no ``)``) hides none after it: the pairs
are read in one pass, each open one's items at its depth (a string's or a comment's pairs read
in it). Only the standard library; linear: each token read once (a string's again in it, a few
levels deep at most)."""

from __future__ import annotations

import bisect
import re

from .redact_curl import LIST_TOKEN
from .shell_words import EXPANSION

_JOIN = ("\\", "+")  # (between strings Python joins: a line continuation, a ``+``)
_PAIR = re.compile(r"(?i)(?:\bauth\s*=\s*[\(\[]|(?:basic|digest)auth\s*\()")


_LEVELS = 3  # (pairs in a string in a string...: read this many levels deep)
# a ``user:password`` literal: its password after its first colon (no colon in the user, as
# Basic's)
_PAIR_LITERAL = (
    r"""[rRbBuUfF]{0,2}"""
    r"""(?:'[^'\\\n:]*:(?P<p1>(?:\\.|[^\\'\n])*)'|"[^"\\\n:]*:(?P<p2>(?:\\.|[^\\"\n])*)")"""
)
# one encoded in code, an ``Authorization: Basic`` value built from it
# (``base64.b64encode(b"user:pw")``, ``b64encode("user:pw".encode())``): the literal given first
_ENCODED_PAIR = re.compile(
    r"""\b(?:(?:standard_|urlsafe_)?b64encode|encodebytes)\(\s*"""
    r"""(?:bytes(?:array)?\(\s*)?""" + _PAIR_LITERAL  # (``b64encode(bytes('u:pw', 'utf-8'))``)
)
# one split into requests' or httpx's pair: ``auth=tuple('u:pw'.split(':'))``, ``list(``,
# ``auth=('u:pw'.split(':'))`` (each item picked: ``('u:pw'.split(':')[0], ...)``), ``.rsplit(``,
# ``split(sep=':')``, ``BasicAuth(*'u:pw'.split(':', 1))``
_SPLIT_PAIR = re.compile(
    r"""(?i)(?:\bauth\s*=\s*(?:tuple|list)?\(\s*|(?:basic|digest)auth\(\s*\*\s*)"""
    + _PAIR_LITERAL
    + r"""(?=\s*\.\s*r?split\(\s*(?:sep\s*=\s*)?(?:':'|":"))"""
)


def encoded_pairs_redacted(text: str, redacted: str) -> str:
    """``text`` with the password of each ``user:password`` literal given to base64 or split
    into an ``auth`` pair ``redacted`` (the user kept, as curl's ``-u``'s); ``text`` itself
    when none. Kept: a password that is only ``{name}`` (an f-string's field)."""
    lowered = text.lower()
    if "encode" in lowered:
        text = _pair_passwords_redacted(_ENCODED_PAIR, text, redacted)
    if "split" in lowered and "auth" in lowered:
        text = _pair_passwords_redacted(_SPLIT_PAIR, text, redacted)
    return text


def _pair_passwords_redacted(pattern: re.Pattern[str], text: str, redacted: str) -> str:
    """``text`` with the password of each ``pattern``'s ``user:password`` literal ``redacted``."""
    parts, last = [], 0
    for m in pattern.finditer(text):
        group = "p1" if m.group("p1") is not None else "p2"
        start, end = m.span(group)
        if start == end or EXPANSION.fullmatch(text, start, end) or text[start:end] == redacted:
            continue
        parts += [text[last:start], redacted]
        last = end
    return "".join([*parts, text[last:]]) if parts else text


def auth_passwords_redacted(text: str, redacted: str) -> str:
    """``text`` with the password of each ``(user, password)`` pair ``redacted`` (its quotes
    and prefix kept: ``auth=(u, '<redacted>')``); ``text`` itself when none."""
    opens = [pair.end() for pair in _PAIR.finditer(text)]  # (just after each pair's bracket)
    if not opens:
        return text
    spans: list[tuple[int, int]] = []
    _pairs(text, 0, len(text), opens, spans, 0)
    parts, last = [], 0
    for start, end in sorted(spans):
        if start < last or start == end or text[start:end] == redacted:
            continue
        parts += [text[last:start], redacted]
        last = end
    return "".join([*parts, text[last:]]) if parts else text


def _pairs(text: str, i: int, end: int, opens: list[int], spans: list, level: int) -> None:
    """The passwords of the pairs whose bracket is in ``text[i:end]``, into ``spans``."""
    k = bisect.bisect_right(opens, i)
    while k < len(opens) and opens[k] <= end:
        i = _read(text, opens[k], end, opens, spans, level)
        k = bisect.bisect_right(opens, i, k + 1)


class _Open:
    """A pair open: the depth of its items, how many ``,`` so far, and whether its second
    item's first token is next (``paren``: the depth of a ``('pw')`` around it)."""

    def __init__(self, depth: int) -> None:
        self.depth, self.items, self.next, self.paren = depth, 0, False, -1


def _read(text: str, i: int, end: int, opens: list[int], spans: list, level: int) -> int:
    """The pairs from the one whose bracket ends at ``i`` on, to where it closes (the first
    token that is not Python's, or ``end``, when it never does): each open pair's second item
    read when it starts with a string literal; where the reading stopped."""
    depth, pairs = 1, [_Open(1)]
    k = bisect.bisect_right(opens, i)  # (the next pair's bracket: the tokens reach it in order)
    while (m := LIST_TOKEN.match(text, i, end)) is not None:
        i = m.end()
        kind = "string" if m.group("string") is not None else m.lastgroup
        top = pairs[-1] if pairs else None
        if kind == "space":
            if m.group().startswith("#") and level < _LEVELS:
                _pairs(text, m.start(), i, opens, spans, level + 1)  # (a comment's pairs)
            continue
        if top is not None and top.next:
            top.next = False
            if kind == "open" and m.group() == "(" and top.paren < 0:
                top.next, top.paren = True, depth + 1  # (``('pw')``: a parenthesised string)
            elif kind == "string" and depth in (top.depth, top.paren):
                password, i = _password(text, m, end)
                if password is not None:
                    spans.append(password)
                continue
        if kind == "string" and level < _LEVELS:
            group = _body(m)
            _pairs(text, m.start(group), m.end(group), opens, spans, level + 1)
        elif kind == "open":
            depth += 1
            while k < len(opens) and opens[k] < i:
                k += 1
            if k < len(opens) and opens[k] == i:
                pairs.append(_Open(depth))
        elif kind == "close":
            if top is not None and top.depth == depth:
                pairs.pop()
            depth -= 1
            if depth == 0:
                break
        elif kind == "comma" and top is not None and top.depth == depth:
            top.items += 1
            top.next = top.items == 1
    return i


def _body(m: re.Match) -> str:
    """The group of a string token's body."""
    return "b1" if m.group("b1") is not None else "b2"


def _password(text: str, m: re.Match, stop: int) -> tuple[tuple[int, int] | None, int]:
    """The body span of the password whose first string token is ``m``, with the strings Python
    joins to it (``'' 'pw'``, ``'''pw'''`` read as three; across a comment, a line continuation,
    a ``+``); None for an f-string that is only ``{name}`` (Python's value); and where it ends."""
    group = _body(m)
    prefix = text[m.start() : m.start(group)].lower()
    start, end, i = m.start(group), m.end(group), m.end()
    while (n := LIST_TOKEN.match(text, i, stop)) is not None and (
        n.group("string") is not None or n.group("space") is not None or n.group() in _JOIN
    ):
        i = n.end()
        end = n.end(_body(n)) if n.group("string") is not None else end
    if "f" in prefix and end == m.end(group) and EXPANSION.fullmatch(m.group(group)):
        return None, i
    return (start, end), i
