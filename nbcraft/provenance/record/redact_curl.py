"""curl's ``-u``/``--user`` and ``-U``/``--proxy-user`` ``user:password``: the password, found
in cells (``!curl``, ``%%bash``, a string given to a shell) and in a Python list's items.

A command is read with shell quoting (``'...'``, ``"..."``, ``\\`` escapes, a backslash-newline
going on to the next line) up to its end: an unquoted ``;``, ``|``, ``&`` or newline. Each word's
value is ``shlex``'s (posix); the password is what follows the value's first ``:``. Kept: another
command's ``-u`` (``sort -u``, ``pip install -U``, ``docker run -u``; ``pip download curl``),
``-u user`` (curl asks), ``--user-agent``, and a password that is only ``$VAR``, ``${VAR}`` (the
environment's) or ``{name}`` (IPython's expansion of a variable): no secret in the text.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

# curl in a command's place: at a line's or command's start, after ``!``, a quote, ``[`` or
# ``(``, or after ``sudo``/``time``/``env``/``echo``... (a path, ``curl.exe`` and CURL too).
_CURL = re.compile(r"(?i)(?<![\w.-])(?:[\w.~-]*[/\\])?curl(?:\.exe)?(?![\w.-])")
# ...and not a package's name: ``pip download curl -U``, ``apt-get install curl``
_PACKAGES = re.compile(
    r"(?i)\b(?:pip3?|conda|mamba|micromamba|apt(?:-get)?|brew|yum|dnf|apk|npm|yarn|choco|winget)\b"
)
_SHORT_WITH_VALUE = set("AbcCdDeEFHKmoPQrtTuUwxXyYz")  # curl's short options that take one
_USER_LONG = ("--user", "--proxy-user")
_NO_SECRET = re.compile(r"\$\w+|\$\{\w+\}|\{[^{}]*\}|")
_ITEM = re.compile(
    r"\s*,\s*(?:(?P<q>[\"'])(?P<body>(?:\\.|(?!(?P=q)).)*)(?P=q)|(?P<other>[^,\[\]()\"']+))"
)


def redact_curl(text: str, redacted: str) -> str:
    """``text`` with each curl user's password ``redacted``; ``text`` itself if none."""
    spans: list[tuple[int, int, str]] = []  # (start, end, replacement)
    last = 0
    for m in _CURL.finditer(text):
        if m.start() < last or _PACKAGES.search(_command_before(text, m.start())):
            continue
        after = text[m.end() : m.end() + 1]
        if after in ("'", '"') and re.match(r"\s*,", text[m.end() + 1 :]):
            words, last = _list_items(text, m.end() + 1)
        else:
            words, last = _shell_words(text, m.end())
        spans += _passwords(words, redacted)
    if not spans:
        return text
    parts, last = [], 0
    for start, end, new in sorted(spans):
        parts += [text[last:start], new]
        last = end
    return "".join([*parts, text[last:]])


def _command_before(text: str, at: int) -> str:
    """The text of curl's command before it, on its line (since ``;``, ``|``, ``&``)."""
    line = text[text.rfind("\n", 0, at) + 1 : at]
    return re.split(r"[;|&]", line)[-1]


# A word: (value, start of the text to replace, end, closing quote to put back)
Word = tuple[str, int, int, str]


def _shell_words(text: str, i: int) -> tuple[list[Word], int]:
    """The words of the command from ``i`` to its end; and where it ends."""
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
        start, quote, colon = i, "", None
        while i < n:
            c = text[i]
            if quote:
                if c == quote:
                    quote = ""
                elif c == "\\" and quote == '"':
                    i += 1
            elif c in "'\"":
                if text.find(c, i + 1) < 0:
                    break  # a quote that never closes (a Python string's end): the word ends
                quote = c
            elif c == "\\":
                if text.startswith("\n", i + 1) or text.startswith("\r\n", i + 1):
                    break
                i += 1
            elif c in " \t\r\n;|&":
                break
            if c == ":" and colon is None:
                colon = (i + 1, quote)
            i += 1
        raw = text[start:i]
        at, closing = colon if colon else (i, "")
        words.append((_value(raw), at, i, closing))
        if i < n and text[i] in "'\"" and not quote:
            break
    return words, i


def _value(raw: str) -> str:
    try:
        return "".join(shlex.split(raw, posix=True)) if raw else raw
    except ValueError:  # (an escape at the very end): the text as it is
        return raw


def _list_items(text: str, i: int) -> tuple[list[Word], int]:
    """``'curl', '-u', 'alice:pw', url``: the string items after curl's, over lines too."""
    words: list[Word] = []
    for m in _iter_items(text, i):
        body = m.group("body")
        if body is None:
            words.append((m.group("other").strip(), m.end(), m.end(), ""))
            continue
        colon = body.find(":")
        at = m.start("body") + colon + 1 if colon >= 0 else m.end("body")
        words.append((body, at, m.end("body"), ""))
        i = m.end()
    return words, i


def _iter_items(text: str, i: int) -> Iterator[re.Match]:
    while (m := _ITEM.match(text, i)) is not None:
        yield m
        i = m.end()


def _passwords(words: list[Word], redacted: str) -> list[tuple[int, int, str]]:
    """Where the passwords given to ``-u``/``-U``/``--user``/``--proxy-user`` are."""
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
        password = user.split(":", 1)[1]
        if password == redacted or _NO_SECRET.fullmatch(password):
            continue
        spans.append((at, end, redacted + closing))
    return spans
