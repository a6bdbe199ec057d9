"""A credential written in a comment after its name: ``# password: hunter2``, ``x = 1  # pw=x``.

Python never reads a comment, so no tool's reading finds it; the name before it says what it
is. What is taken is the one word after ``name:`` or ``name=`` (a secret has no spaces), its
trailing punctuation kept, so the prose around stays readable (``# the password: <redacted>
(ask Bob)``); a name with no ``:``/``=`` after it is prose (``# reset the password``), and a
word that names where the value comes from (``$DB_PASSWORD``, ``{pw}``, ``%s``, ``<...>``) is
kept, and so is a word prose begins with (``# token: the one in the vault``) or words joined
by ``-``, ``_``, ``/`` or ``.`` (``#token=not-a-url``, ``# pw: docs/setup.md``: prose or a
path, ``url_userinfo.plain_query_value``). A ``#``
is a comment's at a line's start or after a space (``https://h/cb#access_token=x`` is a URL's
fragment: ``url_userinfo``'s). A quoted value is ``redact._named``'s (``# token = "..."``).
Only the standard library.
"""

from __future__ import annotations

import re

from .url_userinfo import plain_query_value

_VALUE = re.compile(r"[ \t]*[:=][ \t]*([^\s\"'`]+)")
_REFERENCE = re.compile(r"[$%{<]|\w+\(|os\.environ")
_TRAILING = ".,;:!?)]}"
# a comment's words that begin prose, not a value (``# token: the one from the vault``)
_PROSE = frozenset(
    ("a", "an", "the", "see", "use", "set", "from", "in", "is", "are", "was", "not", "no",
     "none", "null", "empty", "required", "optional", "your", "my", "our", "its", "this",
     "that", "same", "here", "below", "above", "stored", "given", "read", "taken", "needed",
     "todo", "ask")
)  # fmt: skip


class CommentValues:
    """Where the value after a credential's name in a comment is, for names given in order
    (``value``). Each line is looked at once (its comment's ``#`` found once): linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_end = -1  # the current line's end
        self.comment = -1  # its comment's ``#`` (-1: none)

    def _comment_of(self, at: int) -> int:
        """Where the comment of the line holding ``at`` starts (-1: none)."""
        text = self.text
        if at > self.line_end:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            self.line_end = len(text) if end < 0 else end
            hash_at = text.find("#", start, self.line_end)
            while hash_at > start and not text[hash_at - 1].isspace():  # (``h/cb#x=1``)
                hash_at = text.find("#", hash_at + 1, self.line_end)
            before = text[start:hash_at] if hash_at >= 0 else ""
            # (a ``#`` inside a string is none: an odd count of a quote before it)
            in_string = before.count("'") % 2 or before.count('"') % 2
            self.comment = -1 if hash_at < 0 or in_string else hash_at
        return self.comment

    def value(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of the value the credential name at ``start:end`` is given in a comment
        (this module's doc), or None."""
        comment = self._comment_of(start)
        if comment < 0 or comment > start or self.text[start - 1 : start] in ("'", '"'):
            return None
        m = _VALUE.match(self.text, end, self.line_end)
        if m is None or _REFERENCE.match(m.group(1)):
            return None
        word = m.group(1).rstrip(_TRAILING)
        if not word or word.lower() in _PROSE or plain_query_value(word):
            return None
        return m.start(1), m.start(1) + len(word)
