"""Where a text's Python string literals are, each found once, in linear time: the one reader
of literals ``redact`` and the readers beside it share."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A Python string literal, its prefix apart: triple-quoted (newlines allowed) or not.
_STRING_KINDS = (  # each an "unrolled loop": plain characters, then an escape or a lone quote
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""',
    r"'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''",
    r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"',
    r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'",
)
STRING = "|".join(_STRING_KINDS)
LITERAL = re.compile(rf"(?is)([rbuf]{{0,2}})({STRING})")
# Its four kinds apart (triple ``"``, triple ``'``, ``"``, ``'``), for ``string_literals``
_KINDS = [re.compile(rf"(?is)([rbuf]{{0,2}})({kind})") for kind in _STRING_KINDS]
_TRIPLE, _SINGLE = (
    dict(zip("\"'", _KINDS[:2], strict=True)),
    dict(zip("\"'", _KINDS[2:], strict=True)),
)
_SINGLE_BODY = {c: re.compile(rf"(?s)[^{c}\\\n]*(?:\\.[^{c}\\\n]*)*") for c in "\"'"}
_QUOTE_CHAR = re.compile("[\"']")


def string_literals(text: str) -> Iterator[re.Match]:
    """``LITERAL.finditer(text)``, in linear time: a quote whose string fails to close is
    read once, and no later quote of its kind that the failed read went over is tried again
    (each would read on to the same end: ``"x " + "\\'" * 8000`` took 1.1 s, quadratic)."""
    pos, single_dead, triple_dead = 0, {"'": -1, '"': -1}, {"'": False, '"': False}
    while (found := _QUOTE_CHAR.search(text, pos)) is not None:
        q, c = found.start(), found.group()
        start = q
        while start > max(pos, q - 2) and text[start - 1] in "rbufRBUF":
            start -= 1
        m = None
        if text.startswith(c * 3, q) and not triple_dead[c]:
            # (a triple quote of a kind that failed to close once never closes after it)
            m = _TRIPLE[c].match(text, start)
            triple_dead[c] = m is None
        if m is None and q > single_dead[c]:
            m = _SINGLE[c].match(text, start)
            if m is None:  # every quote of its kind up to the end of that read fails too
                single_dead[c] = _SINGLE_BODY[c].match(text, q + 1).end()
        if m is not None:
            yield m
            pos = m.end()
        else:
            pos = q + 1


def redacted_literal(literal: str, redacted: str) -> str:
    """A string literal (no prefix) with its body replaced by ``redacted``, its quotes kept."""
    quote = literal[:3] if literal[:3] in ('"""', "'''") else literal[0]
    return f"{quote}{redacted}{quote}"
