"""Credentials in strings Python builds from literals by formatting: ``'Bearer %s' % 'x'``,
``'https://u:{}@h/'.format('x')``, ``' '.join(['Bearer', 'x'])``, ``f"Bearer {'x'}"``.

Each is read as the string it makes (the format's placeholders filled with the argument
literals' bodies, the pieces joined); when the caller's reading of that string takes something
out, each argument whose text is gone from it is redacted in place: the format and its
placeholders stay (``'Bearer %s' % '<redacted>'``), as does an argument the reading kept (a
user's name). Pure and linear: the literals are the caller's (each found once), each is a
format's head once, the gaps between them are read once, and a string of more than
``_LONGEST`` characters or ``_MOST`` arguments is not built (generated code, not a header).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

_PERCENT = re.compile(r"\s*%\s*\(?\s*")
_FORMAT = re.compile(r"\s*\.\s*format\s*\(\s*")
_JOIN = re.compile(r"\s*\.\s*join\s*\(\s*[\[(]\s*")
_COMMA = re.compile(r"\s*,\s*")
_PERCENT_FIELD = re.compile(r"%%|%[-#0 +]*\d*(?:\.\d+)?[sdrfi]")
_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{(\d*)\}")
_F_FIELD = re.compile(r"\{\s*(?P<q>['\"])(?P<value>[^'\"{}\n\\]*)(?P=q)\s*\}")
_LONGEST, _MOST = 4096, 64


def _body(m: re.Match) -> str:
    quoted = m.group(2)
    q = 3 if quoted[:3] in ('"""', "'''") else 1
    return quoted[q:-q]


def _filled(kind: re.Pattern, head: str, args: list[str]) -> str | None:
    """``head`` (a format's text) with its placeholders filled from ``args``."""
    if kind is _JOIN:
        return head.join(args)
    n = 0

    def fill(m: re.Match) -> str:
        nonlocal n
        if m.group() in ("%%", "{{", "}}"):
            return m.group()[0]
        index = int(m.group(1)) if kind is _FORMAT and m.group(1) else n
        n += 1
        return args[index] if index < len(args) else m.group()

    return (_PERCENT_FIELD if kind is _PERCENT else _FORMAT_FIELD).sub(fill, head)


def formatted_redacted(
    text: str,
    literals: Sequence[re.Match],
    read: Callable[[str], str],
    redacted: str,
) -> str:
    """``text`` with each argument literal of a format that makes a string ``read`` redacts,
    and whose text that reading takes out, its body ``redacted`` (this module's doc).
    ``literals``: ``text``'s string literals in order."""
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(literals):
        head = literals[i]
        kind = next(
            (k for k in (_PERCENT, _FORMAT, _JOIN) if i + 1 < len(literals)
             and k.fullmatch(text, head.end(), literals[i + 1].start())),
            None,
        )  # fmt: skip
        if kind is None:
            if "f" in head.group(1).lower() and "{" in head.group(2):
                spans += _f_string(head, read, redacted)
            i += 1
            continue
        j = i + 1
        while (
            j + 1 < len(literals)
            and j - i < _MOST
            and _COMMA.fullmatch(text, literals[j].end(), literals[j + 1].start())
        ):
            j += 1
        args = literals[i + 1 : j + 1]
        made = _filled(kind, _body(head), [_body(a) for a in args])
        if made is not None and len(made) <= _LONGEST:
            view = "'" + made + "'"
            seen = read(view)
            if seen != view:
                spans += [_inside(a, redacted) for a in args if _body(a) and _body(a) not in seen]
        i = j + 1
    if not spans:
        return text
    parts, last = [], 0
    for start, end, new in spans:
        parts += [text[last:start], new]
        last = end
    return "".join([*parts, text[last:]])


def _inside(literal: re.Match, redacted: str) -> tuple[int, int, str]:
    """The replacement of ``literal``'s body by ``redacted``."""
    q = 3 if literal.group(2)[:3] in ('"""', "'''") else 1
    return (literal.start(2) + q, literal.end(2) - q, redacted)


def _f_string(
    literal: re.Match, read: Callable[[str], str], redacted: str
) -> list[tuple[int, int, str]]:
    """An f-string's fields that are literals (``f"Bearer {'x'}"``) whose text the reading of
    the string it makes takes out: each field's literal body, redacted."""
    body = _body(literal)
    if len(body) > _LONGEST:
        return []
    fields = list(_F_FIELD.finditer(body))
    if not fields:
        return []
    view = "'" + _F_FIELD.sub(lambda m: m.group("value"), body) + "'"
    seen = read(view)
    if seen == view:
        return []
    offset = literal.start(2) + (3 if literal.group(2)[:3] in ('"""', "'''") else 1)
    return [
        (offset + f.start("value"), offset + f.end("value"), redacted)
        for f in fields
        if f.group("value") and f.group("value") not in seen
    ]
