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
_FORMAT = re.compile(r"\s*\.\s*format\s*\(\s*(?:[A-Za-z_]\w*\s*=\s*)?")
_JOIN = re.compile(r"\s*\.\s*join\s*\(\s*[\[(]\s*")
_COMMA = re.compile(r"\s*,\s*")
_KEYWORD_COMMA = re.compile(r"\s*,\s*(?:[A-Za-z_]\w*\s*=\s*)?")  # (``.format('a', t='b')``)
_KEYWORD = re.compile(r"([A-Za-z_]\w*)\s*=\s*$")
_PERCENT_FIELD = re.compile(r"%%|%[-#0 +]*\d*(?:\.\d+)?[sdrfi]")
_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{(\d*|[A-Za-z_]\w*)\}")
_F_FIELD = re.compile(r"\{\s*(?P<q>['\"])(?P<value>[^'\"{}\n\\]*)(?P=q)\s*(?:!s\s*)?\}")
_LONGEST, _MOST = 4096, 64


def _body(m: re.Match) -> str:
    quoted = m.group(2)
    q = 3 if quoted[:3] in ('"""', "'''") else 1
    return quoted[q:-q]


def _filled(kind: re.Pattern, head: str, args: list[str], names: list[str]) -> str | None:
    """``head`` (a format's text) with its placeholders filled from ``args`` (``names``: each
    one's keyword, "" for a positional one: ``.format(t='x')`` fills ``{t}``)."""
    if kind is _JOIN:
        return head.join(args)
    n = 0
    given = [a for a, name in zip(args, names) if not name]
    named = {name: a for a, name in zip(args, names) if name}

    def fill(m: re.Match) -> str:
        nonlocal n
        if m.group() in ("%%", "{{", "}}"):
            return m.group()[0]
        field = m.group(1) if kind is _FORMAT else ""
        if field and not field.isdigit():
            return named.get(field, m.group())
        index = int(field) if field else n
        n += 1
        return given[index] if index < len(given) else m.group()

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
        kind, _, j = _format_at(text, literals, i)
        if kind is None:
            if "f" in head.group(1).lower() and "{" in head.group(2):
                spans += _f_string(head, read, redacted)
            i += 1
            continue
        args = literals[i + 1 : j + 1]
        made = _filled(kind, _body(head), [_body(a) for a in args], _names(text, literals, i, j))
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


def _format_at(
    text: str, literals: Sequence[re.Match], i: int
) -> tuple[re.Pattern | None, str, int]:
    """The format ``literals[i]`` heads (``%``, ``.format(``, ``.join([``), the text between
    it and its first argument, and its last argument literal's index (its arguments: the
    literals after it separated by commas only; a ``%`` without brackets takes one);
    ``(None, "", i)`` when it heads none."""
    if i + 1 >= len(literals):
        return None, "", i
    head = literals[i]
    kind, gap = next(
        ((k, g.group()) for k in (_PERCENT, _FORMAT, _JOIN)
         if (g := k.fullmatch(text, head.end(), literals[i + 1].start()))),
        (None, ""),
    )  # fmt: skip
    if kind is None:
        return None, "", i
    j = i + 1
    comma = _KEYWORD_COMMA if kind is _FORMAT else _COMMA
    while (
        (kind is not _PERCENT or "(" in gap)  # (``'%s' % 'x', y``: one argument)
        and j + 1 < len(literals)
        and j - i < _MOST
        and comma.fullmatch(text, literals[j].end(), literals[j + 1].start())
    ):
        j += 1
    return kind, gap, j


def _names(text: str, literals: Sequence[re.Match], i: int, j: int) -> list[str]:
    """The keyword each argument ``literals[i + 1 .. j]`` of a format is given by ("" for a
    positional one): the ``name =`` ending the text before it."""
    names = []
    for k in range(i + 1, j + 1):
        before = text[literals[k - 1].end() : literals[k].start()]
        keyword = _KEYWORD.search(before) if "=" in before else None
        names.append(keyword.group(1) if keyword else "")
    return names


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


def fields_inlined(text: str, literals: Sequence[re.Match]) -> str:
    """``text`` with each f-string whose fields are all literals (``f'{"x"}'``, ``f"Bearer
    {'x'}"``) written with their text in place (``f'x'``): the string it makes, which Python
    joins to the literals beside it (``'Bearer ' f'{"x"}'``) as :func:`joined.joined_runs`
    reads them. The same object when there is none. ``literals``: ``text``'s, in order."""
    parts, last = [], 0
    for literal in literals:
        if "f" not in literal.group(1).lower() or "{" not in literal.group(2):
            continue
        body = _body(literal)
        if len(body) > _LONGEST:
            continue
        made = _F_FIELD.sub(lambda m: m.group("value"), body)
        if _FORMAT_FIELD.search(made.replace("{{", "").replace("}}", "")):
            continue  # (a field that is no literal: ``f'{"a"} {b}'``)
        if "{" in made.replace("{{", "") or "}" in made.replace("}}", ""):
            continue
        q = 3 if literal.group(2)[:3] in ('"""', "'''") else 1
        start = literal.start(2) + q
        parts += [text[last:start], made]
        last = literal.end(2) - q
    return "".join([*parts, text[last:]]) if parts else text


_CLOSE_PAREN = re.compile(r"\s*,?\s*\)")
_CLOSE_LIST = re.compile(r"\s*,?\s*[\])]\s*\)")


def formats_filled(text: str, literals: Sequence[re.Match]) -> str:
    """``text`` with each format whose arguments are all literals (``'u:%s' % 'x'``,
    ``'u:{}'.format('x')``, ``':'.join(['u', 'x'])``) written as the literal it makes
    (``'u:x'``), in the format's prefix and quotes: the string a tool is given where the code
    gives it (``['curl', '-u', 'u:%s' % 'x']``), for ``redact`` to read in place. The same
    object when there is none. ``literals``: ``text``'s, in order."""
    parts, last, i = [], 0, 0
    while i < len(literals):
        head = literals[i]
        kind, gap, j = _format_at(text, literals, i)
        if kind is None or "f" in head.group(1).lower():
            i += 1
            continue
        end = _format_end(text, kind, gap, literals[j].end(), j - i)
        args = [_body(a) for a in literals[i + 1 : j + 1]]
        made = _filled(kind, _body(head), args, _names(text, literals, i, j))
        if end is not None and made is not None and _writable(head, made):
            quote = head.group(2)[:3] if head.group(2)[:3] in ('"""', "'''") else head.group(2)[0]
            parts += [text[last : head.start()], head.group(1), quote, made, quote]
            last = end
        i = j + 1
    return "".join([*parts, text[last:]]) if parts else text


def _format_end(text: str, kind: re.Pattern, gap: str, end: int, count: int) -> int | None:
    """Where a format whose last argument literal ends at ``end`` ends (its brackets closed);
    None when more than literals follow (``'%s' % ('x', y)``)."""
    if kind is _PERCENT and "(" not in gap:
        return end if count == 1 else None
    close = (_CLOSE_LIST if kind is _JOIN else _CLOSE_PAREN).match(text, end)
    return close.end() if close is not None else None


def _writable(head: re.Match, made: str) -> bool:
    """Whether ``made`` can be written in ``head``'s quotes as it reads (no escape, no quote of
    the head's kind, no newline in a single-quoted one)."""
    quoted = head.group(2)
    quote = quoted[:3] if quoted[:3] in ('"""', "'''") else quoted[0]
    return (
        len(made) <= _LONGEST
        and "\\" not in made
        and quote[0] not in made
        and (len(quote) == 3 or "\n" not in made)
    )
