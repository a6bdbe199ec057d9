"""curl's ``-u``/``--user`` and ``-U``/``--proxy-user`` ``user:password``: the password, found
in cells (``!curl``, ``%%bash``, a string given to a shell) and in a Python list's items.

A command is read with shell quoting (``'...'``, ``"..."``, ``\\`` escapes, a backslash-newline
going on to the next line) up to its end: an unquoted ``;``, ``|``, ``&`` or newline. Each word's
value is the shell's; the password is what follows the value's first ``:``. Kept: another
command's ``-u`` (``sort -u``, ``pip install -U``, ``docker run -u``; ``pip download curl``),
``-u user`` (curl asks), ``--user-agent``, and a password that is only ``$VAR``, ``${VAR}`` (the
environment's) or, on a ``!`` line, ``{name}`` (IPython's expansion): no secret in the text.
The regex used before runs as a second pass and the union is redacted (never less than it).
Linear in the text's length: commands are walked forward once, each curl's words read once
(bench/provenance-redact-curl-bench.py); it runs after every cell and on the server's loop.
"""

from __future__ import annotations

import bisect
import re

# curl in a command's place: at a line's or command's start, after ``!``, a quote, ``[`` or
# ``(``, or after ``sudo``/``time``/``env``/``echo``... (a path, ``curl.exe`` and CURL too).
_CURL = re.compile(r"(?i)(?<![\w.-])(?:[\w.~-]*[/\\])?curl(?:\.exe)?(?![\w.-])")
# ...and not a package's name: the command's first word (its basename, after ``sudo``/``env``
# and ``NAME=value``) a package manager's and ``install``/``download`` before curl
# (``pip download curl -U``, ``apt-get install curl``; not ``conda run curl``)
_FIRST_WORD = re.compile(
    r"[\s!(`$]*(?:(?:sudo|env|time|nohup|[A-Za-z_]\w*=\S*)\s+(?:-\S+\s+)*)*(?P<word>[^\s;|&()`]*)"
)
_PACKAGES = frozenset({"pip", "pip3", "conda", "mamba", "micromamba", "apt", "apt-get", "brew",
                       "yum", "dnf", "apk", "npm", "yarn", "choco", "winget"})  # fmt: skip
_INSTALL = re.compile(r"(?i)\b(?:install|download|add|fetch)\b")
_COMMAND_END = re.compile(r"[\n;|&]")
_SHORT_WITH_VALUE = set("AbcCdDeEFHKmoPQrtTuUwxXyYz")  # curl's short options that take one
_USER_LONG = ("--user", "--proxy-user")
_ENVIRONMENT = re.compile(r"\$\w+|\$\{\w+\}|")  # the environment's: no secret in the text
_EXPANSION = re.compile(r"\{[^{}]*\}")  # IPython's on a ``!`` line (a literal in ``%%bash``)
# A Python list's item after curl's string: a string (any prefix), or else anything up to the
# next ``,`` or the list's end at its depth (``os.environ['URL']``, ``f(x, y)``, ``*opts``)
_TOKEN = re.compile(
    r"""(?P<string>[rRbBuUfF]{0,2}(?:'(?P<b1>(?:\\.|[^\\'\n])*)'|"(?P<b2>(?:\\.|[^\\"\n])*)"))"""
    r"|(?P<open>[\[({])|(?P<close>[\])}])|(?P<comma>,)|(?P<space>\s+|\#[^\n]*)"
    r"""|(?P<other>[^\[\](){},'"\#\s]+)"""
)
# The regex before shell quoting was read (a second pass: never less redacted than with it):
# one curl command up to ``|``, ``;``, ``&`` or the line's end, and its ``-u user:password``.
_OLD_CURL = re.compile(r"\bcurl\b[^|;&\n]*", re.IGNORECASE)
_OLD_CURL_USER = re.compile(
    r"(?<![\w-])(?:-[A-Za-z]*u|--user(?![\w-]))(?:=|[ \t]*)(?:([\"'])[ \t]*,[ \t]*)?"
    r"(?P<open>[\"'])?(?P<user>[^\s\"':]*:)(?P<password>(?(open)(?:(?!(?P=open))[^\n])+|[^\s\"']+))"
)
_BANG_LINE = re.compile(r"^[ \t]*!.*$", re.MULTILINE)


def redact_curl(text: str, redacted: str) -> str:
    """``text`` with each curl user's password ``redacted``; ``text`` itself if none."""
    lines, last_quote = _BangLines(text), {q: text.rfind(q) for q in "'\""}
    spans: list[tuple[int, int, str]] = []  # (start, end, replacement)
    last = 0
    commands = _Commands(text)
    for m in _CURL.finditer(text):
        if m.start() < last or commands.installs(m.start()):
            continue
        if text[m.end() : m.end() + 1] in ("'", '"') and _LIST_COMMA.match(text, m.end() + 1):
            words, last = _list_items(text, m.end() + 1)
        else:
            words, last = _shell_words(text, m.end(), last_quote)
        spans += _passwords(words, redacted, lines.bang(m.start()))
    text = _replaced(text, spans)
    return _replaced(text, _old_passwords(text, redacted))


_LIST_COMMA = re.compile(r"\s*,")


def _replaced(text: str, spans: list[tuple[int, int, str]]) -> str:
    if not spans:
        return text
    parts, last = [], 0
    for start, end, new in sorted(spans):
        if start < last:
            continue
        parts += [text[last:start], new]
        last = end
    return "".join([*parts, text[last:]])


class _BangLines:
    """Whether a place is on an IPython ``!`` line (the lines found once, then bisected)."""

    def __init__(self, text: str) -> None:
        self._text, self._spans = text, None

    def bang(self, at: int) -> bool:
        if self._spans is None:
            found = _BANG_LINE.finditer(self._text) if "!" in self._text else ()
            self._spans = [(m.start(), m.end()) for m in found]
        k = bisect.bisect_right(self._spans, (at, len(self._text) + 1)) - 1
        return k >= 0 and self._spans[k][0] <= at <= self._spans[k][1]


class _Commands:
    """The commands of ``text`` (ended by an unquoted-or-not ``;``, ``|``, ``&``, newline),
    walked forward once: whether the one at a place installs a package named curl."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._start, self._end = 0, -1  # the command last looked at
        self._install_at: int | None = None

    def installs(self, at: int) -> bool:
        text = self._text
        if at > self._end:  # a later command: find its start and end (each once)
            self._start = self._end + 1
            while (sep := _COMMAND_END.search(text, self._start, at)) is not None:
                self._start = sep.end()
            end = _COMMAND_END.search(text, at)
            self._end = end.start() if end else len(text)
            first = _FIRST_WORD.match(text, self._start, self._end)
            word = re.split(r"[/\\]", first.group("word"))[-1].lower() if first else ""
            install = _INSTALL.search(text, self._start, self._end) if word in _PACKAGES else None
            self._install_at = install.start() if install else None
        return self._install_at is not None and self._install_at < at


# A word: (value, start of the text to replace, end, closing quote to put back)
Word = tuple[str, int, int, str]


def _shell_words(text: str, i: int, last_quote: dict[str, int]) -> tuple[list[Word], int]:
    """The words of the command from ``i`` to its end; and where it ends. ``last_quote``: where
    each quote character last is in ``text`` (a quote after it never closes)."""
    words: list[Word] = []
    n = len(text)
    while i < n:
        c = text[i]
        if c in " \t\r":
            i += 1
            continue
        if text.startswith("\\\n", i) or text.startswith("\\\r\n", i):
            i = text.index("\n", i) + 1  # the command goes on
            continue
        if c in ";|&\n)`":
            break
        quote, colon, escapes = "", None, False
        value: list[str] = []  # the word's value, as the shell reads it (built, not re-read)
        while i < n:
            c = text[i]
            if quote:
                if c == quote:
                    quote = ""
                    i += 1
                    continue
                if c == "\\" and (escapes or (quote == '"' and text[i + 1 : i + 2] in '"\\$`')):
                    i += 1  # ("...", and bash's $'...')
                    c = text[i : i + 1]
            elif c in "'\"":
                if last_quote[c] <= i:
                    break  # a quote that never closes (a Python string's end): the word ends
                quote, escapes = c, c == "'" and text[i - 1 : i] == "$"
                if escapes and value:
                    value.pop()  # ($'...': the $ is not the value's)
                i += 1
                continue
            elif c == "\\":
                if text.startswith("\n", i + 1) or text.startswith("\r\n", i + 1):
                    break
                i += 1
                c = text[i : i + 1]  # (an escaped ``:`` is the user's end too)
            elif c in " \t\r\n;|&":
                break
            if c == ":" and colon is None:
                colon = (i + 1, quote)
            value.append(c)
            i += 1
        at, closing = colon if colon else (i, "")
        words.append(("".join(value), at, i, closing))
        if i < n and text[i] in "'\"" and not quote:
            break
    return words, i


def _list_items(text: str, i: int) -> tuple[list[Word], int]:
    """``'curl', '-u', 'alice:pw', url``: the items after curl's string, over lines too, up to
    the list's end; an item that is not a string (``os.environ['URL']``) is a word without a
    value. ``f'...'``'s ``{x}`` is Python's: no secret in the text."""
    words: list[Word] = []
    depth, item = 0, None  # item: the first token of the current one
    while (m := _TOKEN.match(text, i)) is not None:
        i = m.end()
        kind = m.lastgroup if m.group("string") is None else "string"
        if kind == "space":
            continue
        if depth == 0 and kind in ("comma", "close"):
            if item is not None:
                words.append(_item_word(item))
            item = None
            if kind == "close":
                break
            continue
        if depth == 0 and item is None:
            item = m
        depth += (kind == "open") - (kind == "close")
    return words, i


def _item_word(m: re.Match) -> Word:
    if m.group("string") is None:
        return ("", m.end(), m.end(), "")
    group = "b1" if m.group("b1") is not None else "b2"
    body, start, end = m.group(group), m.start(group), m.end(group)
    if "f" in text_prefix(m, start) and _EXPANSION.fullmatch(body.partition(":")[2]):
        return ("", end, end, "")  # f'user:{pw}': Python's value, not in the text
    colon = body.find(":")
    return (body, start + colon + 1 if colon >= 0 else end, end, "")


def text_prefix(m: re.Match, body_start: int) -> str:
    """A string token's prefix and quote, lowercased (``f'``, ``rb"``)."""
    return m.string[m.start() : body_start].lower()


def _passwords(words: list[Word], redacted: str, bang: bool) -> list[tuple[int, int, str]]:
    """Where the passwords given to ``-u``/``-U``/``--user``/``--proxy-user`` are; ``bang``:
    on a ``!`` line, where ``{name}`` is IPython's expansion."""
    spans = []
    expect_user = skip = False
    for value, at, end, closing in words:
        user = None
        if skip:
            skip = False
        elif expect_user:
            expect_user, user = False, value
        elif value in _USER_LONG:
            expect_user = True
        elif value.startswith(tuple(f"{o}=" for o in _USER_LONG)):
            user = value.split("=", 1)[1]
        elif re.match(r"-[A-Za-z]", value):
            for k, letter in enumerate(value[1:], start=1):
                if letter in _SHORT_WITH_VALUE:
                    rest = value[k + 1 :]
                    if letter in "uU":
                        expect_user, user = not rest, rest or None
                    else:
                        skip = not rest
                    break
        if user is None or ":" not in user:
            continue
        if _secret(user.split(":", 1)[1], redacted, bang):
            spans.append((at, end, redacted + closing))
    return spans


def _secret(password: str, redacted: str, bang: bool) -> bool:
    """Whether ``password`` is in the text: not ``$VAR``/``${VAR}`` (the environment's), nor
    ``{name}`` on a ``!`` line (IPython's), nor already ``redacted``."""
    if password == redacted or _ENVIRONMENT.fullmatch(password):
        return False
    return not (bang and _EXPANSION.fullmatch(password))


def _old_passwords(text: str, redacted: str) -> list[tuple[int, int, str]]:
    """The passwords the regex before shell quoting found (a second pass after the first's)."""
    if "curl" not in text.lower():
        return []
    lines, spans = _BangLines(text), []
    for command in _OLD_CURL.finditer(text):
        for m in _OLD_CURL_USER.finditer(text, command.start(), command.end()):
            password = m.group("password")  # (``<redacted>\\``: the first pass's)
            if not password.startswith(redacted) and _secret(
                password, redacted, lines.bang(m.start())
            ):
                spans.append((m.start("password"), m.end("password"), redacted))
    return spans
