"""The names a cell binds to values made of its string literals, as Python binds them, read with
``ast`` (``bound``'s bindings where the cell, or its piece, parses: ``pieces``).

Read: an assignment with any targets (chained ``h = u = '...'``, after a ``;``, a tuple's or a
list's, nested, with a ``*rest``: ``a, *b, u = 1, 2, '...'``), an annotated one, ``u += '...'``,
a walrus ``(u := '...')``, a ``for`` over a list, a tuple or a set of literals (each item may be
the one a use gets). A value is a literal, an f-string, a ``+`` of them, or a name bound so
above (``p = '...'`` then ``u = f'admin:{p}'``, ``u = 'admin:' + p``): its parts, each a literal
and the text of it the value holds (a plain literal's part is the literal whole). A value made
of anything else (a call, an unknown name, a format spec) is none. Linear: each binding node is
read once, a value to at most ``_MOST_PARTS`` parts (``a = a + a`` doubles).

Only the standard library (the recorder runs in kernels without nbcraft).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from typing import NamedTuple

from .pieces import cell_trees, offsets

_MOST_PARTS = 32
_WANTED = re.compile(r"=|\bfor\b")  # (a piece that may bind a name)
Part = tuple[re.Match, "str | None"]  # a literal, and the text of it a value holds (None: whole)


class Binding(NamedTuple):
    name: str
    parts: tuple[Part, ...]
    uncertain: bool  # (under a branch, a loop, a ``with``; a loop's item: one of several)
    at: int  # where it is made (the use after it may get it)


def parsed_bindings(
    text: str, literals: Sequence[re.Match]
) -> tuple[list[Binding], list[tuple[int, int]]] | None:
    """``text``'s bindings read with ``ast`` (this module's doc), in order, and the spans of
    ``text`` its parsed trees cover (the rest is for ``bound``'s line patterns); None when
    nothing of it parses."""
    trees = cell_trees(text, _WANTED)
    if not trees:
        return None
    offset = offsets(text)
    starts = {m.start(): m for m in literals}
    nodes, covered = [], []
    for tree in trees:
        body = tree.body
        if len(body) == 1 and isinstance(body[0], ast.If) and _wrapped(text, body[0], offset):
            body = body[0].body  # (a line parsed alone inside ``if 1:``: ``pieces._lines``)
        if body:
            covered.append(
                (offset(body[0].lineno, 0), offset(body[-1].end_lineno, body[-1].end_col_offset))
            )
        nodes += [
            n
            for n in ast.walk(tree)
            if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For))
        ]
    nodes.sort(key=lambda n: (n.lineno, n.col_offset))
    reader = _Reader(text, starts, offset)
    found: list[Binding] = []
    for node in nodes:
        found += reader.bindings(node)
    return found, covered


def _wrapped(text: str, node: ast.If, offset) -> bool:
    """Whether ``node`` is ``pieces``' ``if 1:`` around a line (not in ``text``)."""
    return node.lineno < 1 or not text.startswith("if", offset(node.lineno, node.col_offset))


class _Text(NamedTuple):
    literal: re.Match  # (an f-string)
    text: str  # (its text between fields)


class _Reader:
    """Reads binding nodes in the cell's order, each name's latest parts kept (``env``)."""

    def __init__(self, text: str, starts: dict[int, re.Match], offset) -> None:
        self.text, self.starts, self.offset = text, starts, offset
        self.env: dict[str, tuple[Part, ...]] = {}

    def bindings(self, node: ast.AST) -> list[Binding]:
        at = self.offset(node.lineno, node.col_offset)
        line = self.text.rfind("\n", 0, at) + 1
        indented = self.text[line : line + 1] in (" ", "\t")
        pairs: list[tuple[str, ast.AST, bool]] = []  # (name, value, uncertain)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                pairs += [(n, v, indented) for n, v in paired(target, node.value)]
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            pairs += [(n, v, indented) for n, v in paired(node.target, node.value)]
        elif isinstance(node, ast.AugAssign):
            if isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name):
                before = self.env.get(node.target.id)
                value = self._parts(node.value)
                if before is not None and value is not None:
                    return self._bound(node.target.id, (*before, *value), indented, at)
            if isinstance(node.target, ast.Name):
                self.env.pop(node.target.id, None)  # (its value is not known now)
            return []
        elif isinstance(node, ast.For) and isinstance(node.iter, (ast.List, ast.Tuple, ast.Set)):
            for k, item in enumerate(node.iter.elts):  # (the first may reset; the rest add)
                pairs += [(n, v, indented or k > 0) for n, v in paired(node.target, item)]
        found = []
        for name, value, uncertain in pairs:
            parts = self._parts(value)
            if parts is not None:
                found += self._bound(name, parts, uncertain, at)
            else:
                self.env.pop(name, None)  # (bound to something else now)
        return found

    def _bound(self, name: str, parts: tuple[Part, ...], uncertain: bool, at: int) -> list:
        self.env[name] = parts
        return [Binding(name, parts, uncertain, at)]

    def _parts(self, value: ast.AST) -> tuple[Part, ...] | None:
        """``value``'s parts (this module's doc), or None. No recursion (a long ``+`` chain)."""
        parts: list[Part] = []
        stack: list[ast.AST | _Text] = [value]
        while stack:
            node = stack.pop()
            if isinstance(node, _Text):  # (an f-string's own text)
                parts.append((node.literal, node.text))
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                stack += [node.right, node.left]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                m = self._literal(node)
                if m is None:
                    return None
                parts.append((m, None))
            elif isinstance(node, ast.Name) and node.id in self.env:
                parts += self.env[node.id]
            elif isinstance(node, ast.JoinedStr):
                m = self._literal(node)
                if m is None:
                    return None
                for piece in reversed(node.values):
                    if isinstance(piece, ast.Constant):
                        stack.append(_Text(m, str(piece.value)))
                    elif piece.conversion == -1 and piece.format_spec is None:
                        stack.append(piece.value)
                    else:
                        return None
            else:
                return None
            if len(parts) > _MOST_PARTS:
                return None
        return tuple(parts)

    def _literal(self, node: ast.AST) -> re.Match | None:
        """The literal match ``node`` is, when it is one literal of the text."""
        if not hasattr(node, "lineno"):
            return None
        m = self.starts.get(self.offset(node.lineno, node.col_offset))
        if m is None or m.end() != self.offset(node.end_lineno, node.end_col_offset):
            return None
        return m


def paired(target: ast.AST, value: ast.AST) -> list[tuple[str, ast.AST]]:
    """The names of ``target`` each with the part of ``value`` it gets (a tuple's items one by
    one, around a ``*rest``); a name given a value not known here is left out. No recursion."""
    found, stack = [], [(target, value)]
    while stack:
        t, v = stack.pop()
        if isinstance(t, ast.Name):
            found.append((t.id, v))
        elif isinstance(t, (ast.Tuple, ast.List)) and isinstance(v, (ast.Tuple, ast.List)):
            if any(isinstance(e, ast.Starred) for e in v.elts):
                continue
            star = next((k for k, e in enumerate(t.elts) if isinstance(e, ast.Starred)), None)
            if star is None and len(t.elts) == len(v.elts):
                stack += zip(t.elts, v.elts)
            elif star is not None and len(v.elts) >= len(t.elts) - 1:
                back = len(t.elts) - star - 1
                stack += zip(t.elts[:star], v.elts[:star])
                stack += zip(t.elts[star + 1 :], v.elts[len(v.elts) - back :])
    return found


def assigned_values(tree: ast.AST) -> dict[str, list[ast.AST]]:
    """The values each name is given anywhere in ``tree`` (``paired``: a tuple's items one by
    one): a name a secret is given through (``p = '...'``, ``user.set_password(p)``)."""
    given: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            targets = [node.target]
        else:
            continue
        for target in targets:
            for name, value in paired(target, node.value):
                given.setdefault(name, []).append(value)
    return given
