"""Credentials a cell binds to a name and gives a tool through it: ``u = 'u:%s' % 'x'`` then
``!curl -u $u``, ``!curl -u {u}`` or ``subprocess.run(['curl', '-u', u, ...])``.

The tool's reader sees only the name where it runs; the secret is at the binding. So each use
of a name bound to a literal (``u = '...'``, ``u: str = '...'``, ``u, h = '...', 'h'``, ``u =
('...')``; a format of literals already written as the literal it makes:
``formatted.formats_filled``; a parenthesised join as ``joined``'s one literal) is read with
the literal in its place, as the tool would get it; when that reading takes something out of
the literal, the binding's literal is written as it read. A name bound more than once gives a
use the binding nearest above it when that one is at the cell's top level (straight-line
code); a binding indented (under a branch, a loop, a ``with``) makes the name uncertain, so
the use is read with each binding above it back to the last top-level one: what any of them
could give is redacted (the nearest first; past ``_MOST_USES`` of them, the next use reads the
next ones). Linear: one pass finds the bindings, one the uses; each use's line is read at most
``_MOST_USES`` times (many names, many bindings on one line) and each binding at most
``_MOST_USES`` times (a placeholder used often does not hide a later binding), so the cell's
text is read at most ``_MOST_USES`` times in all.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Sequence

# a binding's targets: names (``u``, ``u, h``; an annotation: ``u: str``), then ``=`` and where its
# literals start (in brackets: ``u = ('...')``, ``u, h = ('...', 'h')``)
BINDING = re.compile(
    r"(?m)^([ \t]*)([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)[ \t]*,?[ \t]*"
    r"(?::[^=\n]{0,80}?)?=(?!=)[ \t]*(\(?)[ \t]*(?=[rbuRBU]{0,2}['\"])"
)
_NAMES = re.compile(r"[A-Za-z_]\w*")
_COMMA = re.compile(r"[ \t]*,[ \t]*")
_CLOSE = re.compile(r"[ \t]*,?[ \t]*\)")
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


def _bindings(text: str, starts: dict[int, re.Match]) -> list[tuple[str, re.Match, bool]]:
    """``text``'s bindings of names to one-line literals, in order: (name, literal, indented)."""
    found = []
    for b in BINDING.finditer(text):
        names = _NAMES.findall(b.group(2))
        pos, literals = b.end(), []
        while (m := starts.get(pos)) is not None and len(literals) < len(names):
            literals.append(m)
            comma = _COMMA.match(text, m.end())
            pos = comma.end() if comma and len(literals) < len(names) else m.end()
        if len(literals) != len(names) or any("\n" in m.group(2) for m in literals):
            continue
        if b.group(3):  # (its brackets closed: ``u = ('...')``)
            close = _CLOSE.match(text, pos)
            pos = close.end() if close else -1
        elif len(names) > 1:
            pos = _COMMA.match(text, pos).end() if text.startswith(",", pos) else pos
        if pos >= 0 and _LINE_END.match(text, pos):
            found += [(name, m, bool(b.group(1))) for name, m in zip(names, literals)]
    return found


def bound_literals_redacted(
    text: str, literals: Sequence[re.Match], read: Callable[[str, bool], str], redacted: str
) -> str:
    """``text`` with each literal bound to a name whose use a tool's reading redacts (this
    module's doc) written as that reading left it. ``read(line, shell)``: a line as ``redact``
    reads it (``shell``: a ``!`` line). ``literals``: ``text``'s, in order."""
    starts = {m.start(): m for m in literals}
    bindings = _bindings(text, starts)
    if not bindings:
        return text
    bound = {name for name, _, _ in bindings}
    given: dict[str, deque[re.Match]] = {}  # a name -> the bindings a use of it may get
    new: dict[int, str] = {}  # a binding literal's start -> its body as read
    reads: dict[int, int] = {}  # (a binding's uses read)
    next_binding = 0
    for line in re.finditer(r"(?m)^[^\n]*", text):
        shell = line.group().lstrip().startswith("!")
        on_line = 0
        for use in (_SHELL_USE if shell else _ITEM_USE).finditer(line.group()):
            name = next(g for g in use.groups() if g)
            if name not in bound:
                continue
            at = line.start() + use.start()
            while next_binding < len(bindings) and bindings[next_binding][1].start() < at:
                bound_name, m, indented = bindings[next_binding]
                if indented and bound_name in given:
                    given[bound_name].append(m)
                else:
                    given[bound_name] = deque([m])
                next_binding += 1
            # the nearest first; those read go to the far end, so a next use reads the next
            # ones (a line reads at most _MOST_USES: each popped is read or dropped for good)
            candidates, read_now = given.get(name, deque()), []
            for _ in range(len(candidates)):
                if on_line >= _MOST_USES:
                    break
                m = candidates.pop()
                if m.start() in new or reads.get(m.start(), 0) >= _MOST_USES:
                    continue  # (dropped: read enough, or redacted already)
                reads[m.start()] = reads.get(m.start(), 0) + 1
                on_line += 1
                got = _use_read(line.group(), use, m, shell, read, redacted)
                if got is not None:
                    new[m.start()] = got
                else:
                    read_now.append(m)
            candidates.extendleft(reversed(read_now))
    if not new:
        return text
    parts, last = [], 0
    for start in sorted(new):
        m = starts[start]
        quote, _ = _body(m)
        parts += [text[last:start], m.group(1), quote, new[start], quote]
        last = m.end()
    return "".join([*parts, text[last:]])


def _use_read(
    line: str,
    use: re.Match,
    m: re.Match,
    shell: bool,
    read: Callable[[str, bool], str],
    redacted: str,
) -> str | None:
    """The body of the binding literal ``m`` as the tool's reading of ``line`` with it in the
    place of ``use`` leaves it; None when that reading takes nothing out of it."""
    quote, body = _body(m)
    brace = use.group().startswith("{")
    if shell:  # (``$u``: a shell word; ``{u}``: IPython writes the text as it is)
        given, cut, span = body if brace else _shell_quoted(body), 0 if brace else 1, use.span()
    elif brace:
        given, cut, span = body, 0, use.span()
    else:
        given, cut, span = m.group(2), len(quote), use.span(1)
    head, tail = line[: span[0]], line[span[1] :]
    seen = read(head + given + tail, shell)
    if seen == head + given + tail:
        return None
    got = redacted
    if seen.startswith(head) and seen.endswith(tail):
        inner = seen[len(head) : len(seen) - len(tail)]
        if len(inner) >= 2 * cut:
            got = inner[cut : len(inner) - cut]
    if got == body:
        return None  # (the reading took out something else of the line)
    return redacted if quote[0] in got or "\n" in got else got


def _shell_quoted(body: str) -> str:
    """``body`` as one shell word."""
    return "'" + body + "'" if "'" not in body else '"' + body + '"'
