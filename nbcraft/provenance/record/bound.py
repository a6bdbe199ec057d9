"""Credentials a cell binds to a name and gives a tool through it: ``u = 'u:%s' % 'x'`` then
``!curl -u $u``, ``!curl -u {u}`` or ``subprocess.run(['curl', '-u', u, ...])``.

The tool's reader sees only the name where it runs; the secret is at the binding. So each use
of a name bound to literals is read with the value in its place, as the tool would get it. The
bindings are Python's own where the cell (or its piece: ``pieces``) parses (``bindings``:
chained, after ``;``, starred and nested targets, ``+=``, ``:=``, a ``for`` over literals, a
name bound to a name's literals: ``p = '...'`` then ``u = f'admin:{p}'``); where it does not,
the line pattern ``BINDING`` (``u = '...'``, ``u: str = '...'``, ``u, h = '...', 'h'``, ``u =
('...')``). A format of literals is already written as the literal it makes
(``formatted.formats_filled``), a parenthesised join as ``joined``'s one literal. When the
reading takes something out of a value of one literal, the literal is written as it read
(``'admin:<redacted>'``, its quotes kept: a ``"$u"`` is read inside its quotes); of several
(``'admin' + p``), each literal whose text the reading took out is redacted whole. A name bound more than once gives a
use the binding nearest above it when that one is at the cell's top level (straight-line
code); a binding indented (under a branch, a loop, a ``with``) makes the name uncertain, so
the use is read with each binding above it back to the last top-level one: what any of them
could give is redacted (the nearest first; every one of them, however many branches bind it).
Linear: one pass finds the bindings, one the uses; each use's line is read whole at most
``_MOST_USES`` times (many names, many bindings on one line), past that the use's own context
(``_Shape.around``: about ``_WINDOW`` characters each side, the literals and brackets beside the
use's own ones written empty when long, so a far ``auth=(`` is still seen; its limit: more than
``_WINDOW`` plain characters between the use and it), and each binding is read at most
``_MOST_USES`` times (a placeholder used often does not hide a later binding): the cell's text
is read at most ``_MOST_USES`` times in all, and a binding's value with at most
``2 * _WINDOW`` characters around it ``_MOST_USES`` times.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Sequence

from .bindings import Binding, Part, parsed_bindings
from .pieces import LONGEST_PARSED

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
    r"(?<=[\[(,+*])[ \t]*([A-Za-z_]\w*)[ \t]*(?=[,)\]}+]|\.r?split\()"  # (``'curl -u ' + u``:
    # joined; ``auth=tuple(u.split(':'))``, ``BasicAuth(*u.split(':'))``: a pair split)
    r"|\{(\w+)\}"  # (an f-string's field: ``f'curl -u {u}'``, ``f'u:{p}'``)
)
_MOST_USES = 16
_WINDOW = 256  # (past _MOST_USES reads of a line: its text each side of the use a read sees)
_SHORT = 32  # (in that text, a literal or a closed bracket longer than this is written empty)
_BRACKET = re.compile(r"[()\[\]{}]")
_OPENING = {")": "(", "]": "[", "}": "{"}
_REMEMBERED, _REMEMBERED_LINE = 4096, 1024  # (a cell's line readings kept: ``_remembered``)
_LONGEST_VALUE = 4096  # (a value of several parts is read up to this length: a credential's)


def _body(literal: re.Match) -> tuple[str, str]:
    """A literal's quotes and body."""
    quoted = literal.group(2)
    q = quoted[:3] if quoted[:3] in ('"""', "'''") else quoted[0]
    return q, quoted[len(q) : -len(q)]


def _text_bindings(
    text: str, starts: dict[int, re.Match], covered: list[tuple[int, int]]
) -> list[Binding]:
    """``text``'s bindings of names to one-line literals outside the ``covered`` spans (what
    ``ast`` read), by the line pattern ``BINDING``, in order."""
    found, k = [], 0
    for b in BINDING.finditer(text):
        while k < len(covered) and covered[k][1] <= b.start():
            k += 1
        if k < len(covered) and covered[k][0] <= b.start():
            continue  # (read with ast)
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
            found += [
                Binding(name, ((m, None),), bool(b.group(1)), m.start())
                for name, m in zip(names, literals)
            ]
    return found


# where a use's reading may take something out of a bound value: a shell line's ``$u``/``{u}``,
# a literal's field, an argv list, a URL, a header, a tool (``redact._line_reading``'s words);
# a cell with none is not parsed for its bindings (a literal shaped as a secret is redacted
# where it is written)
_USE_CONTEXT = re.compile(
    r"(?i)[!${]|://|[\[(]\s*['\"][\w-]+['\"]\s*,|curl|http|auth|bearer|basic|encode|xh\b"
)


def may_bind(text: str) -> bool:
    """Whether ``text`` may bind a name whose use a tool's reading redacts (a cheap test before
    it is parsed): a binding and a use's context."""
    return ("=" in text or "for" in text) and _USE_CONTEXT.search(text) is not None


def bound_literals_redacted(
    text: str, literals: Sequence[re.Match], read: Callable[[str, bool], str], redacted: str
) -> str:
    """``text`` with each literal bound to a name whose use a tool's reading redacts (this
    module's doc) written as that reading left it. ``read(line, shell)``: a line as ``redact``
    reads it (``shell``: a ``!`` line). ``literals``: ``text``'s, in order."""
    starts = {m.start(): m for m in literals}
    parsed = parsed_bindings(text, literals) if len(text) <= LONGEST_PARSED else None
    bindings, covered = parsed if parsed is not None else ([], [])
    bindings = sorted(
        [*bindings, *_text_bindings(text, starts, sorted(covered))], key=lambda b: b.at
    )
    if not bindings:
        return text
    bound = {b.name for b in bindings}
    read = _remembered(read)
    at_literal = [m.start() for m in literals]
    given: dict[str, deque[int]] = {}  # a name -> the bindings a use of it may get
    new: dict[int, str] = {}  # a binding literal's start -> its body as read
    reads: dict[int, int] = {}  # (a binding's uses read)
    next_binding = 0
    for line in re.finditer(r"(?m)^[^\n]*", text):
        shell = line.group().lstrip().startswith("!")
        on_line, shape = 0, None
        for use in (_SHELL_USE if shell else _ITEM_USE).finditer(line.group()):
            name = next(g for g in use.groups() if g)
            if name not in bound:
                continue
            at = line.start() + use.start()
            while next_binding < len(bindings) and bindings[next_binding].at < at:
                b = bindings[next_binding]
                if b.uncertain and b.name in given:
                    given[b.name].append(next_binding)
                else:
                    given[b.name] = deque([next_binding])
                next_binding += 1
            # the nearest first; those read go to the far end, so a next use reads the next
            # ones (each popped is read or dropped for good); past _MOST_USES reads of a line,
            # the rest read the use's ``_WINDOW`` (a long ``if``/``elif`` chain's every value)
            candidates, read_now = given.get(name, deque()), []
            seen, seen_use = line.group(), use
            for _ in range(len(candidates)):
                k = candidates.pop()
                parts = bindings[k].parts
                if all(m.start() in new for m, _ in parts) or reads.get(k, 0) >= _MOST_USES:
                    continue  # (dropped: read enough, or redacted already)
                reads[k] = reads.get(k, 0) + 1
                on_line += 1
                if on_line == _MOST_USES + 1:
                    if shape is None and not shell:
                        shape = _Shape(line, literals, at_literal)
                    seen, seen_use = shape.around(use) if shape else _window(line.group(), use)
                got = _use_read(seen, seen_use, parts, shell, read, redacted)
                if got:
                    new.update(got)
                else:
                    read_now.append(k)
            candidates.extendleft(reversed(read_now))
    if not new:
        return text
    out, last = [], 0
    for start in sorted(new):
        m = starts[start]
        quote, _ = _body(m)
        out += [text[last:start], m.group(1), quote, new[start], quote]
        last = m.end()
    return "".join([*out, text[last:]])


def _remembered(read: Callable[[str, bool], str]) -> Callable[[str, bool], str]:
    """``read``, each line (as a use gets a value) read once: a command repeated with the same
    value (a loop's body, a cell of the same call again and again) was read each time for the
    same answer. Keeps at most ``_REMEMBERED`` readings of lines up to ``_REMEMBERED_LINE``
    characters (a few MB at the most); a longer line is read each time."""
    known: dict[tuple[str, bool], str] = {}

    def reading(line: str, shell: bool) -> str:
        if len(line) > _REMEMBERED_LINE:
            return read(line, shell)
        seen = known.get((line, shell))
        if seen is None:
            if len(known) >= _REMEMBERED:
                known.clear()
            seen = known[line, shell] = read(line, shell)
        return seen

    return reading


def _window(line: str, use: re.Match) -> tuple[str, re.Match]:
    """``line`` cut to ``_WINDOW`` characters each side of ``use``, and the use in it."""
    if len(line) <= 2 * _WINDOW + use.end() - use.start():
        return line, use
    start = max(0, use.start() - _WINDOW)
    seen = line[start : use.end() + _WINDOW]
    return seen, use.re.match(seen, use.start() - start)


class _Shape:
    """A Python line's literals and closed brackets, found once: the text a use of a name there
    is read in past ``_MOST_USES`` reads (``around``)."""

    def __init__(self, line: re.Match, literals: Sequence[re.Match], at: list[int]) -> None:
        self.line = text = line.group()
        base = line.start()
        self.ends: dict[int, int] = {}  # a literal's or a closed bracket's start -> its end
        self.starts: dict[int, int] = {}  # its end -> its start
        self.empty: dict[int, str] = {}  # a literal's start -> it written empty (``f''``)
        self.spans: list[tuple[int, int]] = []
        spans, k = self.spans, bisect_left(at, base)
        while k < len(literals) and literals[k].end() <= line.end():
            m = literals[k]
            quote, _ = _body(m)
            start, end = m.start() - base, m.end() - base
            self.ends[start], self.starts[end] = end, start
            self.empty[start] = m.group(1) + quote + quote
            spans.append((start, end))
            k += 1
        opened: list[int] = []
        k = 0
        for b in _BRACKET.finditer(text):
            while k < len(spans) and spans[k][1] <= b.start():
                k += 1
            if k < len(spans) and spans[k][0] <= b.start():
                continue  # (in a literal)
            if b.group() in "([{":
                opened.append(b.start())
            elif opened and text[opened[-1]] == _OPENING[b.group()]:
                start = opened.pop()
                self.ends[start], self.starts[b.end()] = b.end(), start
            else:
                opened.clear()  # (a bracket closing none: what came before is no use's)

    def _piece(self, start: int, end: int) -> str:
        """The literal or the closed bracket at ``start:end``, written empty when long."""
        if end - start <= _SHORT:
            return self.line[start:end]
        return self.empty.get(start) or self.line[start] + self.line[end - 1]

    def around(self, use: re.Match) -> tuple[str, re.Match]:
        """The text a tool's reading of ``use`` needs, in at most about ``_WINDOW`` characters
        each side: the line's from the use outwards, each literal and closed bracket beside the
        use's own ones taken whole and written empty when long (``auth=(os.environ.get(...),
        t)`` keeps its ``auth=(`` however long the ``...``), and the use in it. The use inside a
        literal (an f-string's ``{u}``): ``_window``'s."""
        line, start, end = self.line, use.start(), use.end()
        k = bisect_left(self.spans, (start + 1,)) - 1
        if len(line) <= 2 * _WINDOW + end - start or k >= 0 and self.spans[k][1] > start:
            return _window(line, use)
        left, i, budget = [], start, _WINDOW
        while i > 0 and budget > 0:
            j = self.starts.get(i)
            piece = line[i - 1] if j is None else self._piece(j, i)
            i = i - 1 if j is None else j
            left.append(piece)
            budget -= len(piece)
        right, i, budget = [], end, _WINDOW
        while i < len(line) and budget > 0:
            j = self.ends.get(i)
            piece = line[i] if j is None else self._piece(i, j)
            i = i + 1 if j is None else j
            right.append(piece)
            budget -= len(piece)
        head = "".join(reversed(left))
        seen = head + line[start:end] + "".join(right)
        seen_use = use.re.match(seen, len(head))
        return (seen, seen_use) if seen_use is not None else _window(line, use)


def _use_read(
    line: str,
    use: re.Match,
    parts: tuple[Part, ...],
    shell: bool,
    read: Callable[[str, bool], str],
    redacted: str,
) -> dict[int, str] | None:
    """The binding literals of ``parts`` as the tool's reading of ``line`` with their value
    in the place of ``use`` leaves them (a literal's start -> its new body); None when that
    reading takes nothing out of them. A value of one literal keeps what the reading kept of
    it (``'admin:<redacted>'``); of several, each part the reading took out is redacted whole."""
    whole = len(parts) == 1 and parts[0][1] is None
    m = parts[0][0]
    quote, body = _body(m)
    value = body if whole else "".join(_body(p)[1] if t is None else t for p, t in parts)
    if not whole and len(value) > _LONGEST_VALUE:
        return None
    brace = use.group().startswith("{")
    span = use.span() if shell or brace else use.span(1)
    head, tail = line[: span[0]], line[span[1] :]
    if (shell and (brace or _in_quotes(head))) or (not shell and brace):
        given, cut = value, 0  # (IPython writes ``{u}`` as it is; ``"$u"``: in the quotes)
    elif shell:  # (``$u``: a shell word)
        given, cut = _shell_quoted(value), 1
    else:
        q = quote if whole else ("'" if "'" not in value else '"')
        given, cut = q + value + q, len(q)
    seen = read(head + given + tail, shell)
    if seen == head + given + tail:
        return None
    inner = None  # (what the reading left of the value)
    if seen.startswith(head) and seen.endswith(tail):
        middle = seen[len(head) : len(seen) - len(tail)]
        if len(middle) >= 2 * cut:
            inner = middle[cut : len(middle) - cut]
    if not whole:
        left = seen if inner is None else inner
        texts = [(p, _body(p)[1] if t is None else t) for p, t in parts]
        return {p.start(): redacted for p, t in texts if t and t not in left} or None
    got = redacted if inner is None else inner
    if got == body:
        return None  # (the reading took out something else of the line)
    bad = quote[0] in got or "\n" in got or redacted not in got
    return {m.start(): redacted if bad else got}


def _in_quotes(head: str) -> bool:
    """Whether a shell line's text ends inside quotes (``-u "$u``): a word's quotes open."""
    quote, k = "", 0
    while k < len(head):
        c = head[k]
        if c == "\\" and quote != "'":
            k += 1
        elif c in "'\"" and quote in ("", c):
            quote = "" if quote else c
        k += 1
    return bool(quote)


def _shell_quoted(body: str) -> str:
    """``body`` as one shell word."""
    return "'" + body + "'" if "'" not in body else '"' + body + '"'
