"""String literals Python joins (``'Bearer ' 'x'``, ``'Bearer ' + "x"``), read as the one
string they make: ``redact`` reads a header or a command built so as written whole."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Between two literals Python joins: spaces, newlines (in brackets), line continuations,
# comments (each to its line's end: one way to read a seam), and one ``+`` (not after ``*`` or
# ``%``, nor before ``.``, ``[`` or ``(``: ``'a' + 'b'.upper()``)
_GAP = r"(?:[ \t\r\n\f]|\\\r?\n|#[^\n]*\n)*"
# (the literal after a ``+`` may be in brackets of its own: ``'Bearer ' + ('x')``); a literal's
# ``.__add__(`` is a ``+`` whose right side is in brackets: ``'Bearer '.__add__('x')``, and
# in more of its own (``.__add__(('x'))``: ``more``), its case or ends changed
# (``.__add__('x'.strip().upper())``: ``_METHODS``); ``str.__add__('Bearer ', 'x')`` the same
# ``+`` (``comma``: after a first literal that ``_STR_ADD`` opens). A bracket of its own may be
# a one-item tuple or list its item is picked out of: ``('x',)[0]``, ``('x',)[-1]``, ``[~0]``,
# after a slice (``('x',)[0:1][0]``), ``['x'][0]`` (``_PICKED``; a list is joined only so)
_SEAM = re.compile(
    rf"{_GAP}(?:(?P<plus>\+{_GAP}(?P<paren>[(\[]{_GAP})?)"
    rf"|(?P<add>\.{_GAP}__add__{_GAP}\({_GAP})(?P<more>(?:[(\[]{_GAP})*)|(?P<comma>,{_GAP}))?"
)
_OPENED = re.compile(rf"([(\[]){_GAP}")
_CLOSE = re.compile(rf"{_GAP}\)")
_PICK = rf"(?:\[{_GAP}-?\d*{_GAP}:{_GAP}-?\d*{_GAP}\]{_GAP})?\[{_GAP}(?:0|-1|~0){_GAP}\]"
_PICKED = {
    "(": re.compile(rf"{_GAP},{_GAP}\){_GAP}{_PICK}"),  # (the only items)
    "[": re.compile(rf"{_GAP}(?:,{_GAP})?\]{_GAP}{_PICK}"),
}
_METHODS = re.compile(
    rf"(?:{_GAP}\.{_GAP}(?:[lr]?strip|upper|lower|casefold|title|capitalize|swapcase)"
    rf"{_GAP}\({_GAP}\))*"
)
_STR_ADD = re.compile(r"\bstr[ \t]*\.[ \t]*__add__[ \t]*\([ \t]*\Z")
_BEFORE_PLUS = re.compile(r"[*%]\s*\Z")
_AFTER_PLUS = re.compile(r"\s*[.\[(]")


def quote_of(literal: str) -> str:
    """A literal's (no prefix) quotes: ``'''``, ``\"\"\"``, ``'`` or ``\"``."""
    return literal[:3] if literal[:3] in ('"""', "'''") else literal[0]


def _body(literal: re.Match) -> str:
    """A literal's text between its quotes."""
    q = len(quote_of(literal.group(2)))
    return literal.group(2)[q:-q]


def joined_runs(text: str, literals: Iterable[re.Match]) -> str:
    """``text`` with each run of string literals Python joins (``'a' 'b'``, ``'a' + "b"``)
    written as one literal in the first one's prefix and quotes (``'ab'``); the same object
    when there is none. ``literals``: ``text``'s, in order (``redact._literals``: each found
    once); the seams between them are read once: linear."""
    parts: list[str] = []
    last, run, end = 0, [], 0  # run: the literals joined so far; end: where the run ends
    head = -1  # (where a run ``str.__add__(`` opens starts)

    def flush() -> None:
        nonlocal last
        if len(run) > 1:
            quote = quote_of(run[0].group(2))
            joined = "".join(_body(m) for m in run)
            start = run[0].start() if head < 0 else head
            parts.extend([text[last:start], run[0].group(1), quote, joined, quote])
            last = end

    for m in literals:
        seam = _SEAM.fullmatch(text, end, m.start()) if run else None
        if seam is not None and seam.group("comma"):
            opened = len(run) == 1 and _STR_ADD.search(
                text, max(0, run[0].start() - 24), run[0].start()
            )
            seam = seam if opened else None
            head = opened.start() if opened else head
        bracketed = seam is not None and (
            seam.group("paren") or seam.group("add") or seam.group("comma")
        )
        close = _closed(text, m.end(), seam) if bracketed else None
        after = close if close is not None else m.end()
        if (
            seam is not None
            and (close is not None or not bracketed)
            and _joins(text, run[0], run[-1], m, seam, after)
        ):
            run.append(m)
            end = after
            continue
        flush()
        run, end, head = [m], m.end(), -1
    flush()
    return "".join([*parts, text[last:]]) if parts else text


def _closed(text: str, end: int, seam: re.Match) -> int | None:
    """Where the brackets the ``seam`` opened before a literal (ending at ``end``) close: after
    ``.strip()``, ``.upper()`` for ``.__add__(``'s right side, the innermost of its own as a
    one-item tuple's or list's item too (``('x',)[0]``, ``['x'][0]``); None when they do not
    close there."""
    kinds = [text[seam.start("paren")]] if seam.group("paren") else []
    if seam.group("add"):
        i, more = seam.start("more"), seam.end("more")
        while i < more and (opened := _OPENED.match(text, i, more)) is not None:
            kinds.append(opened.group(1))
            i = opened.end()
        end = _METHODS.match(text, end).end()
    if "[" in kinds[:-1]:
        return None  # (a list only as the literal's own: ``['x'][0]``)
    for k in range(len(kinds) + (seam.group("add") is not None)):
        own = _PICKED[kinds[-1]].match(text, end) if k == 0 and kinds else None
        close = own or (None if k == 0 and kinds[-1:] == ["["] else _CLOSE.match(text, end))
        if close is None:
            return None
        end = close.end()
    return end


def _joins(
    text: str, first: re.Match, before: re.Match, after: re.Match, seam: re.Match, end: int
) -> bool:
    """Whether Python joins the literal ``after`` (its brackets' end at ``end``) to ``before``
    (their seam between) into one
    that can be written in the run's ``first`` prefix and quotes: bytes never beside text;
    ``u`` is no prefix; a raw one beside a plain one when neither holds a backslash; an
    f-string beside a plain one with no braces; other quotes when the body holds neither the
    first's quote, a backslash, nor (into single quotes) a newline."""
    quote, body = quote_of(first.group(2)), _body(after)
    prefixes = [m.group(1).lower().replace("u", "") for m in (first, after)]
    if ("b" in prefixes[0]) != ("b" in prefixes[1]):
        return False
    if ("r" in prefixes[0]) != ("r" in prefixes[1]) and "\\" in _body(first) + body:
        return False
    if ("f" in prefixes[0]) != ("f" in prefixes[1]) and "{" in first.group(2) + after.group(2):
        return False  # (an f-string's braces apart from a plain one's)
    if quote != quote_of(after.group(2)) and (
        quote[0] in body or "\\" in body or (len(quote) == 1 and "\n" in body)
    ):
        return False
    if seam.group("plus") is None:
        return True
    line = text.rfind("\n", 0, before.start()) + 1
    return not (
        _BEFORE_PLUS.search(text, max(line, before.start() - 8), before.start())
        or _AFTER_PLUS.match(text, end)
    )
