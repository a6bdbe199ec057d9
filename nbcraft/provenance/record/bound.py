"""Credentials a cell binds to a name and gives a tool through it: ``u = 'u:%s' % 'x'`` then
``!curl -u $u``, ``!curl -u {u}`` or ``subprocess.run(['curl', '-u', u, ...])``.

The tool's reader sees only the name where it runs; the secret is at the binding. So each use
of a name bound to one literal (a format of literals already written as the literal it makes:
``formatted.formats_filled``) is read with the literal in its place, as the tool would get it;
when that reading takes something out of the literal, the binding's literal is written as it
read. Linear: one pass finds the bindings, one the uses; each use's line is read once, at most
``_MOST_USES`` uses are read per name (a name used often does not hide a later one) and per line
(many names on one line), so the cell's text is read at most ``_MOST_USES`` times in all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# ``name = <one literal>`` alone on its line (a comment may follow)
_BINDING = re.compile(r"(?m)^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(?=[rbuRBU]{0,2}['\"])")
_LINE_END = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\n|\Z)")
# a use: in a shell line ``$name``, ``${name}``, ``{name}`` (IPython's); in Python an item of
# a call's or a list's brackets (``['curl', '-u', u]``, ``run(cmd, u)``)
_SHELL_USE = re.compile(r"\$(\w+)|\$\{(\w+)\}|\{(\w+)\}")
_ITEM_USE = re.compile(
    r"(?<=[\[(,+])[ \t]*([A-Za-z_]\w*)[ \t]*(?=[,)\]+])"  # (``'curl -u ' + u + ...``: joined)
    r"|\{(\w+)\}"  # (an f-string's field: ``f'curl -u {u}'``, ``f'u:{p}'``)
)
_MOST_USES = 16


def _body(literal: re.Match) -> tuple[str, str]:
    """A literal's quotes and body."""
    quoted = literal.group(2)
    q = quoted[:3] if quoted[:3] in ('"""', "'''") else quoted[0]
    return q, quoted[len(q) : -len(q)]


def bound_literals_redacted(
    text: str, literals: Sequence[re.Match], read: Callable[[str, bool], str], redacted: str
) -> str:
    """``text`` with each literal bound to a name whose use a tool's reading redacts (this
    module's doc) written as that reading left it. ``read(line, shell)``: a line as ``redact``
    reads it (``shell``: a ``!`` line). ``literals``: ``text``'s, in order."""
    starts = {m.start(): m for m in literals}
    bound: dict[str, re.Match | None] = {}  # (None: bound more than once)
    for b in _BINDING.finditer(text):
        m = starts.get(b.end())
        if m is not None and _LINE_END.match(text, m.end()) and "\n" not in m.group(2):
            bound[b.group(1)] = None if b.group(1) in bound else m
    bound = {name: m for name, m in bound.items() if m is not None}
    if not bound:
        return text
    new: dict[int, str] = {}  # a binding literal's start -> its body as read
    uses: dict[str, int] = {}  # (a name's uses read)
    for line in re.finditer(r"(?m)^[^\n]*", text):
        shell = line.group().lstrip().startswith("!")
        on_line = 0
        for use in (_SHELL_USE if shell else _ITEM_USE).finditer(line.group()):
            name = next(g for g in use.groups() if g)
            m = bound.get(name)
            if m is None or m.start() >= line.start() + use.start() or m.start() in new:
                continue
            if uses.get(name, 0) >= _MOST_USES or on_line >= _MOST_USES:
                continue
            uses[name] = uses.get(name, 0) + 1
            on_line += 1
            quote, body = _body(m)
            brace = use.group().startswith("{")
            if shell:  # (``$u``: a shell word; ``{u}``: IPython writes the text as it is)
                given, cut, span = (
                    body if brace else _shell_quoted(body),
                    0 if brace else 1,
                    use.span(),
                )
            elif brace:
                given, cut, span = body, 0, use.span()
            else:
                given, cut, span = m.group(2), len(quote), use.span(1)
            head, tail = line.group()[: span[0]], line.group()[span[1] :]
            seen = read(head + given + tail, shell)
            if seen == head + given + tail:
                continue
            got = redacted
            if seen.startswith(head) and seen.endswith(tail):
                inner = seen[len(head) : len(seen) - len(tail)]
                if len(inner) >= 2 * cut:
                    got = inner[cut : len(inner) - cut]
            if got == body:
                continue  # (the reading took out something else of the line)
            if quote[0] in got or "\n" in got:
                got = redacted
            new[m.start()] = got
    if not new:
        return text
    parts, last = [], 0
    for start in sorted(new):
        m = starts[start]
        quote, _ = _body(m)
        parts += [text[last:start], m.group(1), quote, new[start], quote]
        last = m.end()
    return "".join([*parts, text[last:]])


def _shell_quoted(body: str) -> str:
    """``body`` as one shell word."""
    return "'" + body + "'" if "'" not in body else '"' + body + '"'
