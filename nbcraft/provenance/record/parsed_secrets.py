"""The string literals a cell's code gives where a secret is taken, read with ``ast``: to a
credential's name (``password = "..."``, a tuple's pairs one by one, ``cfg.api_key = "..."``,
``connect(password="...")``, a default, a dict's key, ``environ.setdefault("X_TOKEN", "...")``),
to a library's secret by position (``positional``), to ``key=`` by its value, and through a name
bound to literals (``p = "..."`` then ``user.set_password(p)``). ``redact`` reads a cell so
first, then with its patterns (comments, IPython lines, what does not parse).

Only the standard library (the recorder runs in kernels without nbcraft). ``ast.walk`` is
iterative and each node is read once: linear.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from .bindings import assigned_values
from .literals import LITERAL, redacted_literal
from .pieces import cell_trees, offsets
from .positional import MENTIONED, naming_key, query_parameters, secret_arguments, secret_key


def _name_of(target: ast.AST) -> str:
    """The name a value is given to: ``x``, ``cfg.x``, ``cfg["x"]``, ``*x``."""
    if isinstance(target, ast.Starred):
        target = target.value
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        return _key(target.slice)
    return ""


def _key(node: ast.AST | None) -> str:
    """A string literal's text (a key, a variable's name given as text), else ``""``."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def _strings(value: ast.AST | None, found: list[ast.AST]) -> None:
    """The string literals ``value`` is made of (``"..."``, ``f"..."``, ``"a" + "b"``, ``x or
    "..."``, ``"..." if c else "..."``, ``["..."]``, ``"...".strip()``); no
    recursion (``"a" + "a" + ...`` a thousand times deep is a valid cell)."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, ast.JoinedStr) or (
            isinstance(value, ast.Constant) and isinstance(value.value, (str, bytes))
        ):
            found.append(value)
        elif isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
            stack += [value.right, value.left]
        elif isinstance(value, ast.BoolOp):  # ``os.getenv("X") or "..."``
            stack += value.values
        elif isinstance(value, ast.IfExp):  # ``"..." if prod else "..."``
            stack += [value.body, value.orelse]
        elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):  # ``["..."]``
            stack += value.elts
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            if value.func.id in ("str", "bytes", "bytearray") and value.args:
                stack.append(value.args[0])  # ``str("...")``, ``bytes("...", "utf-8")``
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            stack.append(value.func.value)  # ``"...".strip()``
            if value.func.attr in ("getenv", "get") and len(value.args) == 2:
                stack.append(value.args[1])  # ``os.getenv("K", "...")``'s default


def _text_in(node: ast.JoinedStr) -> bool:
    """Whether an f-string holds text of its own (``f'x{pw}'``), not only fields (``f'{pw}'``)."""
    return any(isinstance(v, ast.Constant) and v.value for v in node.values)


def _given(
    target: ast.AST, value: ast.AST | None, found: list[ast.AST], is_name: Callable[[str], bool]
) -> None:
    """The literals of ``value`` given to a credential's name in ``target`` (a tuple's pairs
    one by one)."""
    if isinstance(target, (ast.Tuple, ast.List)):
        if (
            isinstance(value, (ast.Tuple, ast.List))
            and len(value.elts) == len(target.elts)
            and not any(isinstance(e, ast.Starred) for e in (*target.elts, *value.elts))
        ):
            for t, v in zip(target.elts, value.elts):
                _given(t, v, found, is_name)
    elif is_name(_name_of(target)):
        _strings(value, found)


def _parsed_secrets(tree: ast.AST, is_name: Callable[[str], bool]) -> list[ast.AST]:
    """The string literals given to a credential's name anywhere in ``tree``; a name given
    where a secret is taken (``user.set_password(p)``, ``connect(password=p)``) gives the
    literals bound to it (each name's once)."""
    found: list[ast.AST] = []
    assigned: dict[str, list[ast.AST]] | None = None
    expanded: set[str] = set()
    keys: set[str] = set()  # (names given to ``key=``: read for it apart, by their values)
    naming: set[int] = set()  # (the ``key=`` keywords of calls that name things by it)

    def through(value: ast.AST, seen: set[str] = expanded) -> list[ast.AST]:
        nonlocal assigned
        if not isinstance(value, ast.Name):
            return [value]
        if value.id in seen:
            return []
        seen.add(value.id)
        assigned = assigned_values(tree) if assigned is None else assigned
        return assigned.get(value.id, [])

    for node in ast.walk(tree):  # (breadth first: a call before its keywords)
        if isinstance(node, ast.Call) and naming_key(node):
            naming.update(id(k) for k in node.keywords if k.arg == "key")
        if isinstance(node, ast.Assign):
            for target in node.targets:
                _given(target, node.value, found, is_name)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            _given(node.target, node.value, found, is_name)
        elif isinstance(node, ast.keyword):
            if node.arg and is_name(node.arg):
                for value in through(node.value):
                    _strings(value, found)
            elif node.arg == "key" and id(node) not in naming:  # Client(key="..."): by its value
                for value in through(node.value, keys):
                    _strings(value, (given := []))
                    found += filter(secret_key, given)
            for value in query_parameters(node):  # requests.get(u, params={"key": "..."})
                _strings(value, found)
        elif isinstance(node, ast.arguments):
            positional = [*node.posonlyargs, *node.args]
            pairs = [*zip(positional[len(positional) - len(node.defaults) :], node.defaults)]
            for arg, default in [*pairs, *zip(node.kwonlyargs, node.kw_defaults)]:
                if is_name(arg.arg):
                    _strings(default, found)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if is_name(_key(key)):
                    _strings(value, found)
        elif isinstance(node, ast.Call) and node.args:
            if is_name(_key(node.args[0])):
                for value in node.args[1:]:  # environ.setdefault("X_TOKEN", "...")
                    _strings(value, found)
            # smtp.login(user, "..."), not an f-string of names (``f'{pw}'``)
            for value in (v for a in secret_arguments(node) for v in through(a)):
                _strings(value, (given := []))
                found += [n for n in given if not isinstance(n, ast.JoinedStr) or _text_in(n)]
    return found


def parsed_redacted(source: str, is_name: Callable[[str], bool], redacted: str) -> str | None:
    """``source`` with the values given to credential names (``is_name``) ``redacted``, read
    with ``ast`` (IPython lines masked; a cell that does not parse whole, in pieces:
    ``pieces``); None when nothing of it parses."""
    trees = cell_trees(source, MENTIONED)
    if not trees:
        return None
    try:
        found = [node for tree in trees for node in _parsed_secrets(tree, is_name)]
    except RecursionError:  # ast.walk is iterative, but be sure: the patterns read it then
        return None
    text = source
    if found:
        offset = offsets(source)
        spans = sorted(
            {
                (offset(n.lineno, n.col_offset), offset(n.end_lineno, n.end_col_offset))
                for n in found
            }
        )
        parts, last = [], 0
        for start, end in spans:
            literal = LITERAL.match(source, start)
            if start < last or literal is None:
                continue
            new = literal.group(1) + redacted_literal(literal.group(2), redacted)
            if new != source[start:end]:
                parts += [source[last:start], new]
                last = end
        text = "".join([*parts, source[last:]]) if parts else source
    return text
