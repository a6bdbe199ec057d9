"""A cell's Python as ``ast`` reads it: IPython's lines masked (``%time stmt``'s statement kept),
and in pieces when it does not parse whole: a Python 2 line, an unfinished
block, an expression nested too deep for ``ast``, an IPython line the mask does not know leave
the rest of the cell readable. ``redact`` reads each piece that may hold one of its calls.

A piece is a top-level statement (from a line at column 0 to the next); a piece that does not
parse is read line by line, each line that may hold a call alone (an indented one inside
``if 1:``, so its columns stay). Linear: the pieces split the cell, each is searched and parsed
once, and a line of a piece that did not parse once more.

Only the standard library (the recorder runs in kernels without nbcraft).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

_IPYTHON_LINE = re.compile(r"^[ \t]*[%!?].*$", re.MULTILINE)
# ``%time stmt``, ``%timeit -n 10 stmt``: the statement runs (its magic is masked, not the line)
_TIMED = re.compile(r"([ \t]*)%%?time(?:it)?(?:[ \t]+-(?:[nrp][ \t]*\d+|[tcqo]))*[ \t]+(?=\S)")
_TIMED_LINE = re.compile(r"^[ \t]*%%?time", re.MULTILINE)
_HELP_LINE = re.compile(r"^[ \t]*[A-Za-z_][\w.*]*(?:\(\))?[ \t]*\?\??[ \t]*$", re.MULTILINE)  # obj?
# a top-level statement's first line: at column 0, and not a comment, a closing bracket or the
# rest of a compound statement
_START = re.compile(r"(?m)^(?![ \t\r\n#)\]}]|(?:else|elif|except|finally)\b)")
_LINE = re.compile(r"[^\n]*\n?")
_FAILS = (SyntaxError, ValueError, RecursionError, MemoryError)
_NEWLINE = re.compile(r"\r\n?|\n")  # the line ends ``ast`` counts
# A longer cell (generated code, pasted data) is read by the patterns only: ``ast`` costs ~2 s
# a megabyte, and the recorder redacts synchronously after each cell (bench/provenance-redact-bench.py)
LONGEST_PARSED = 100_000


def offsets(source: str) -> Callable[[int, int], int]:
    """The offset in ``source`` of an ``ast`` node's (line, column): its columns count UTF-8
    bytes. Each call reads the one line's head."""
    starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]

    def offset(line: int, column: int) -> int:
        head = source[starts[line - 1] : starts[line - 1] + column]
        return starts[line - 1] + len(head.encode("utf-8")[:column].decode("utf-8", "ignore"))

    return offset


def cell_trees(source: str, wanted: re.Pattern[str]) -> list[ast.AST]:
    """``source``'s trees (line numbers and columns as in ``source``): the whole cell's, IPython's
    lines masked; when it does not parse, its pieces' where ``wanted`` matches (none: ``[]``)."""
    masked = _HELP_LINE.sub(_blank, _IPYTHON_LINE.sub(_masked_line, source))
    tree = _parse(masked, 1)
    if tree is None and _TIMED_LINE.search(source):  # (``%time for ...:``: blanked whole)
        masked = _HELP_LINE.sub(_blank, _IPYTHON_LINE.sub(_blank, source))
        tree = _parse(masked, 1)
    if tree is not None:
        return [tree]
    # (what parses of it: a Python 2 line or an unfinished block leaves the rest readable)
    return [*parsed_pieces(masked.replace("\r\n", " \n").replace("\r", "\n"), wanted)]


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


def _masked_line(m: re.Match) -> str:
    """An IPython line as ``ast`` reads it: blank (``0`` when indented), or a timed statement (``%time f(x)`` as
    ``0;    f(x)``: the same columns)."""
    timed = _TIMED.match(m.group(0))
    if timed is None:  # (an indented one as ``0``: a block's body, ``for u in x:\n    !cmd``)
        line = m.group(0)
        indent = len(line) - len(line.lstrip(" \t"))
        return _blank(m) if not indent else line[:indent] + "0".ljust(len(line) - indent)
    indent, end = len(timed.group(1)), timed.end()
    return m.group(0)[:indent] + "0;" + " " * (end - indent - 2) + m.group(0)[end:]


def _parse(text: str, first_line: int) -> ast.AST | None:
    """``text``'s tree with its line numbers counted from ``first_line``; None if it fails."""
    try:
        tree = ast.parse(text)
    except _FAILS:
        return None
    return ast.increment_lineno(tree, first_line - 1) if first_line != 1 else tree


def parsed_pieces(text: str, wanted: re.Pattern[str]) -> Iterator[ast.AST]:
    """The trees of ``text``'s pieces (this module's doc) where ``wanted`` matches, with line
    numbers as in ``text``. ``text`` uses ``\\n`` line ends (as ``ast`` counts them)."""
    bounds = [m.start() for m in _START.finditer(text) if m.start()]
    line = 1
    for start, end in zip([0, *bounds], [*bounds, len(text)]):
        piece = text[start:end]
        if wanted.search(piece):
            tree = _parse(piece, line)
            if tree is not None:
                yield tree
            else:
                yield from _lines(piece, line, wanted)
        line += piece.count("\n")


def _lines(piece: str, line: int, wanted: re.Pattern[str]) -> Iterator[ast.AST]:
    """The trees of ``piece``'s lines where ``wanted`` matches, each parsed alone."""
    for number, m in enumerate(_LINE.finditer(piece), line):
        text = m.group()
        if not text:
            break
        if wanted.search(text):
            indented = text[:1] in (" ", "\t")
            tree = _parse("if 1:\n" + text if indented else text, number - indented)
            if tree is not None:
                yield tree
