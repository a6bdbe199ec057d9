"""What curl reads from its standard input or a process substitution, when the text it reads is
in the command itself: ``-K -``/``--config -``'s (or ``-K <(echo ...)``'s) configuration lines,
``-d @-``'s body, ``-F 'name=<-'``'s value; given by a here-string (``<<< 'user = "bob:pw"'``),
a heredoc (``<<EOF`` ... ``EOF``), ``echo``/``printf`` piped in or the process substitution's
words. curl's config syntax (``curl --help config``, ``-K``): one option a line, its name with or
without dashes, then whitespace, ``=`` or ``:``, then its value, quoted with ``"`` when it holds
spaces; ``#`` starts a comment line. Pure: words in, (option, value span) out; redact_curl reads
each value as it reads the command line's."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

# A config line in a word's value (lines apart: a newline, printf's ``\n``, a quote or ``(``
# before it): the option's name, and its value (``"..."``'s body, or a word)
CONFIG_LINE = re.compile(
    r"""(?:^|(?<=[\n'"(;])|(?<=\\n))[ \t]*(?:--?)?(?P<name>[A-Za-z][\w-]*)"""
    r"""(?:[ \t]*[=:][ \t]*|[ \t]+)(?:"(?P<quoted>(?:[^"\\\n]|\\.)*)"|(?P<bare>[^\s"'\\)]+))"""
)
_HEREDOC = re.compile(r"<<(-?)[ \t]*$")
_WRITERS = frozenset({"echo", "printf"})


class Read(Protocol):
    value: str
    start: int
    end: int


def config_lines(value: str) -> list[tuple[str, int, int]]:
    """``(option, start, end)`` of each config line in ``value`` (the value's span: a quoted
    one's body). The option as on curl's command line: ``--user``, ``-u``."""
    found = []
    for m in CONFIG_LINE.finditer(value):
        group = "quoted" if m.group("quoted") is not None else "bare"
        name = m.group("name")
        found.append((("-" if len(name) == 1 else "--") + name, m.start(group), m.end(group)))
    return found


def redirected(text: str, word: Read) -> str:
    """The redirection just before ``word`` in ``text``: ``<<<`` (a here-string), ``<<`` or
    ``<<-`` (a heredoc's delimiter), ``<`` or ``""``. (Looks back a few characters only.)"""
    before = text[max(0, word.start - 8) : word.start].rstrip(" \t")
    for arrow in ("<<<", "<<-", "<<"):
        if before.endswith(arrow):
            return arrow
    return "<" if before.endswith("<") else ""


def heredoc(text: str, delimiter: str, after: int, strip_tabs: bool) -> tuple[int, int] | None:
    """Where the heredoc whose delimiter is ``delimiter`` is: the lines after the one ``after``
    is on, up to the line that is the delimiter (the text's end when none)."""
    start = text.find("\n", after)
    if start < 0 or not delimiter:
        return None
    start += 1
    i = start
    while i < len(text):
        end = text.find("\n", i)
        end = len(text) if end < 0 else end
        line = text[i:end]
        if (line.lstrip("\t") if strip_tabs else line) == delimiter:
            return start, i
        i = end + 1
    return start, len(text)


def piped_in(words: Sequence[Read]) -> list[Read]:
    """The words ``echo``/``printf`` writes (a pipeline's command before curl): its arguments,
    options apart."""
    if not words or words[0].value.lstrip("!").rsplit("/", 1)[-1] not in _WRITERS:
        return []
    return [w for w in words[1:] if not w.value.startswith("-")]


def substituted(words: Sequence[Read], k: int) -> list[Read]:
    """The words ``echo``/``printf`` writes in a process substitution whose first word is
    ``words[k]`` (``(echo``): up to the one that closes it."""
    if words[k].value[1:].rsplit("/", 1)[-1] not in _WRITERS:
        return []
    found = []
    for j in range(k + 1, len(words)):  # (no copy of the words after it: linear)
        found.append(words[j])
        if words[j].value.endswith(")"):
            break
    return [w for w in found if not w.value.startswith("-")]
