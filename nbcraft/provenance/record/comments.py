"""A credential written in a comment: ``# password: hunter2``, ``x = 1  # pw=x``, ``# stripe:
sk_live_...``.

Python never reads a comment, so no tool's reading finds it. A comment starts at a ``#`` outside
a string: each line is read from its start with its quotes' state carried along (``x =
"don't"  # password: x``, ``s = 'a #1'  # pw: x``: the second ``#``), a triple-quoted string
across lines (a line of it that starts with ``#`` is a comment too: a config file's text); in a
shell line (``!cmd``, ``%magic``, a ``%%bash`` cell) a ``#`` only at a word's
start (``https://h/cb#access_token=x`` is a URL's fragment: ``url_userinfo``'s); a Python
line's ``#`` glued to a word (a URL typed bare) reads its value to an ``&``.

The rule for the word after a credential's name and ``:`` or ``=`` (``# password: x``): it is
redacted when it has a secret's shape: a token's format (``secret_kind``), or letters mixed
with digits in 8 characters or more (``prod_db_pass_2024``), unless it is a path or a file's
name (``# pw: docs/setup.md``: where it is written down); else when it is the comment's last
word (nothing but punctuation after it) and no word of ``_PROSE`` (``none``, ``str``,
``required``, ``see``...) nor words joined by ``-``, ``_``, ``/`` or ``.`` one of which is
(``not-a-url``). A reference is always kept (``$DB_PASSWORD``, ``{pw}``, ``%s``, ``<...>``, a
call); a path only when clearly one (``_document``). So a value followed by more words is
prose (``# token: must be set in env``, ``# token: GitHub token used to ...``) unless shaped as
a secret; the trailing punctuation of a redacted word is kept (``# the password: <redacted>.``).
After ``is`` or ``was`` (``# the password is hunter2x9``; ``IS``, ``is:``, ``is now``, a value in
quotes or backticks: ``was 'x'``) only a secret's shape is redacted: prose says ``is required``, ``is
expired`` (its limit: ``# the password is swordfish`` stays). A quoted value is ``redact._named``'s
(``# token = "..."``). Besides, any word of a comment with a token's format is redacted under
any name or none, by the test a string literal gets (``secret_kind``: ``# stripe_key =
sk_live_...``: ``comment_tokens_redacted``).
Linear: each character is read once by the lexer (a quote that never closes once per line).
Only the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .url_userinfo import mixed as _mixed

_VALUE = re.compile(r"[ \t]*[:=][ \t]*([^\s\"'`]+)")
# (``# the password is x``, ``IS x``, ``is: x``, ``was 'x'``, ``is now `x` ``)
_IS_VALUE = re.compile(
    r"[ \t]+(?i:is|was)(?:[ \t]+(?i:now))?[ \t]*(?::[ \t]*)?(?<=[ \t:])[\"'`]?([^\s\"'`]+)"
)
_FRAGMENT_VALUE = re.compile(r"[ \t]*[:=][ \t]*([^\s\"'`&]+)")  # (a URL's fragment: to its ``&``)
_REFERENCE = re.compile(r"[$%{<]|\w+\(|os\.environ")
_TRAILING = ".,;:!?)]}"
_REST = re.compile(r"[ \t.,;:!?)\]}]*(?:\n|\Z)")  # (nothing after a word but punctuation)
_JOINTS = re.compile(r"[-_/.]+")
# a path's characters (a drive's ``C:`` first), its clear starts, its parts and known files
_PATH_WORD = re.compile(r"(?:[A-Za-z]:)?[\w.~/\\-]+")
_PATH_START = re.compile(r"\.{1,2}[/\\]|~[/\\]|[A-Za-z]:\\|/")
_PATH_PARTS = re.compile(r"[/\\.]+")
_FOLDERS = re.compile(r"[/\\]")
_LEET = re.compile(r"[A-Za-z]\d+[A-Za-z]")  # (digits between letters: ``s3cr3t``, ``p4ss``)
_LOWER_NAME = re.compile(r"[0-9_-]*[a-z][a-z0-9_-]*")  # (its first letter small: one way)
_DOC_EXTENSION = re.compile(
    r"\.(?:md|markdown|rst|txt|text|html?|pdf|ipynb|docx?|odt|csv|tsv|json|ya?ml|toml|ini|cfg"
    r"|conf|env|py|sh)\Z"
)
# a comment's words that are prose, a type or an absence, not a value
_PROSE = frozenset(
    ("a", "an", "the", "see", "use", "set", "from", "in", "is", "are", "was", "not", "no",
     "none", "null", "empty", "required", "optional", "your", "my", "our", "its", "this",
     "that", "same", "here", "below", "above", "stored", "given", "read", "taken", "needed",
     "todo", "ask", "n/a", "na", "tbd", "str", "string", "bytes", "int", "bool", "any",
     "secretstr", "unset", "redacted", "hidden", "xxx", "***", "...", "to", "of", "for")
)  # fmt: skip
_LEXEME = re.compile(r"[#'\"\n]")
_SHELL_CELL = re.compile(r"\s*%%(?:bash|sh|script|system)\b")
_BODY = {c: re.compile(rf"[^{c}\\\n]*(?:\\.[^{c}\\\n]*)*") for c in "\"'"}
_TRIPLE_BODY = {c: re.compile(rf"[^{c}\\]*(?:(?:\\.|{c}(?!{c}{c}))[^{c}\\]*)*") for c in "\"'"}
_COMMENT_LINE = re.compile(r"(?m)^[ \t]*(#)[^\n]*")  # (a line of a triple-quoted string)
_WORD = re.compile(r"[^\s'\"`=:,;()\[\]{}<>]{15,}")  # (a token's length or more: SHORTEST_SECRET)


def comments(text: str) -> Iterator[tuple[int, int]]:
    """Each comment of ``text``: the span from its ``#`` to its line's end, in order (this
    module's doc)."""
    shell_cell = _SHELL_CELL.match(text) is not None
    pos, line = 0, 0
    dead = {"'": -1, '"': -1}  # (a quote of the kind that failed to close on this line)
    triple_dead = {"'": False, '"': False}
    while (m := _LEXEME.search(text, pos)) is not None:
        i, c = m.start(), m.group()
        if c == "\n":
            pos = line = i + 1
            continue
        if c == "#":
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            head = text[line:i].lstrip()
            shell = shell_cell or head[:1] in ("!", "%")
            if shell and i > line and not text[i - 1].isspace():
                pos = i + 1  # (a URL's fragment, ``a#b``: a shell word's)
                continue
            yield i, end
            pos = end
            continue
        if text.startswith(c * 3, i) and not triple_dead[c]:
            body = _TRIPLE_BODY[c].match(text, i + 3)
            if text.startswith(c * 3, body.end()):
                # (a config's text: its own lines' comments, ``cfg = """\n# password: x\n"""``)
                for inner in _COMMENT_LINE.finditer(text, i + 3, body.end()):
                    yield inner.start(1), inner.end()
                pos = body.end() + 3
                line = text.rfind("\n", 0, pos) + 1
                continue
            triple_dead[c] = True  # (one never closed: no later one of its kind closes)
        if i > dead[c]:
            body = _BODY[c].match(text, i + 1)
            if text.startswith(c, body.end()):
                pos = body.end() + 1
                continue
            dead[c] = body.end()  # (to the line's end: no later one there closes)
        pos = i + 1


class CommentValues:
    """Where the value after a credential's name in a comment is, for names given in order
    (``value``). The comments are found once (``comments``): linear."""

    def __init__(self, text: str, shaped: Callable[[str], object]) -> None:
        self.text = text
        self.shaped = shaped  # (``secret_kind``)
        self.found = comments(text)
        self.comment = (-1, -1)  # the latest comment found: its ``#`` and its line's end

    def _comment_of(self, at: int) -> int:
        """Where the comment ``at`` is in starts (-1: none)."""
        while self.comment[1] < at and self.comment[1] < len(self.text):
            self.comment = next(self.found, (len(self.text), len(self.text)))
        hash_at, end = self.comment
        return hash_at if hash_at <= at <= end else -1

    def value(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of the value the credential name at ``start:end`` is given in a comment
        (this module's doc), or None."""
        comment = self._comment_of(start)
        if comment < 0 or self.text[start - 1 : start] in ("'", '"'):
            return None
        line_end = self.comment[1]
        glued = comment > 0 and not self.text[comment - 1].isspace()  # (``h/cb#token=x&s=1``)
        m = (_FRAGMENT_VALUE if glued else _VALUE).match(self.text, end, line_end)
        said = m is None and (m := _IS_VALUE.match(self.text, end, line_end)) is not None
        if m is None or _REFERENCE.match(m.group(1)):
            return None
        word = m.group(1).rstrip(_TRAILING)
        if not word:
            return None
        if self.shaped(word):
            return m.start(1), m.start(1) + len(word)
        if _document(word) or said and not _mixed(word):
            return None  # (where it is written: ``# pw: docs/setup.md``; ``is required``)
        if not _mixed(word) and (
            _prose(word) or _REST.match(self.text, m.start(1) + len(word)) is None
        ):
            return None  # (prose: a word of _PROSE, or more words after it)
        return m.start(1), m.start(1) + len(word)


def _document(word: str) -> bool:
    """Whether a value is clearly a path or a file's name (``docs/setup.md``, ``README.rst``,
    ``../secrets/README``, ``C:\\Users\\me\\pw.txt``): where the credential is written down, not
    the credential. Clearly: of a path's characters, no part mixing letters and digits as a
    password does (``Secret2024/Prod``, ``Welcome1.Prod``), and either a known document's, text's
    or data's extension (``_DOC_EXTENSION``: ``.Prod``, ``.Db``, ``.xyz`` are none), or folders
    with a path's start (``../``, ``~/``, ``/``, ``C:\\``) or a small-letter file name
    (``secrets/readme``). Its limits: ``data/train2024.csv`` (a long part with digits) is
    redacted, and so is a part with digits between letters (``s3cr3t/p4ss``, ``h5py/x.md``); an
    all-small ``pass/word`` is kept."""
    if _PATH_WORD.fullmatch(word) is None or _LEET.search(word) is not None:
        return False
    if any(_mixed(p) for p in _PATH_PARTS.split(word)):
        return False
    if _DOC_EXTENSION.search(word) is not None:
        return True
    folders = _FOLDERS.split(word)
    return len(folders) > 1 and (
        _PATH_START.match(word) is not None or _LOWER_NAME.fullmatch(folders[-1]) is not None
    )


def _prose(word: str) -> bool:
    """Whether a value is a word of ``_PROSE``, or words joined one of which is."""
    lowered = word.lower()
    return lowered in _PROSE or any(w in _PROSE for w in _JOINTS.split(lowered) if w)


def comment_tokens_redacted(text: str, redacted: str, shaped: Callable[[str], object]) -> str:
    """``text`` with each word of its comments (15 characters or more) shaped as a secret
    (``shaped``: ``secret_kind``, as a string literal is tested) ``redacted``, under any name or
    none."""
    parts, last = [], 0
    for start, end in comments(text):
        for word in _WORD.finditer(text, start, end):
            if shaped(word.group()):
                parts += [text[last : word.start()], redacted]
                last = word.end()
    return "".join([*parts, text[last:]]) if parts else text
