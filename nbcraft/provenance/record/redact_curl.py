"""Credentials given to curl and HTTPie on a command line, found in cells (``!curl``,
``%%bash``, a string given to a shell), in a Python list's items and in job parameters: the
password of curl's ``-u``/``--user``, ``-U``/``--proxy-user`` and HTTPie's ``-a``/``--auth``
``user:password`` (``-A bearer -a TOKEN``'s token); curl's ``--oauth2-bearer``, ``--pass`` and
the passphrase of ``-E``/``--cert`` ``file:passphrase`` (read as curl does: ``\\:`` is the
file's colon, ``C:\\``'s a drive's, a ``pkcs11:`` URI has none); and the value of a field or a
header whose name is a credential's (``is_name``: ``secret_shapes.is_credential_name``): curl's
``-d``/``--data*`` ``a=1&password=x`` (a JSON body's ``"password": "x"``, ``--json`` too),
``--data-urlencode``, ``-F`` (not ``@file``/``<file``), ``-H``, HTTPie's ``password=x``,
``X-Api-Key:x`` items; and what curl reads from stdin that the text holds (``-K -``'s config
lines in a here-string, a heredoc, ``printf ... |``, ``-K <(echo ...)``; ``-d @-``; ``-F
'password=<-'``: ``curl_stdin``).

A command is read with shell quoting (``'...'``, ``"..."``, ``\\`` escapes, a backslash-newline
going on to the next line) up to its end: an unquoted ``;``, ``|``, ``&`` or newline; a single
``&`` inside a word (``https://x?a=1&b=2``) is read as the URL's, as the person pasting it
meant, so ``-u`` after it is seen. Each word's value is the shell's. Kept: another command's
``-u`` (``sort -u``, ``sudo -u root curl``'s, ``pip install -U``, ``docker run -u``; ``pip
download curl``), ``-u user`` (curl asks), ``--user-agent``, and a secret that is only
``$VAR``, ``${VAR}`` (the environment's) or, on a ``!`` line, ``{name}`` (IPython's expansion).
The regex used before runs as a second pass for curl's ``-u`` and the union is redacted.
Linear in the text's length: commands are walked forward once, each client's words read once
(bench/provenance-redact-curl-bench.py); it runs after every cell and on the server's loop.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .curl_options import candidates
from .curl_stdin import config_lines, heredoc, piped_in, redirected, substituted

# curl in a command's place: at a line's or command's start, after ``!``, a quote, ``[`` or
# ``(``, or after ``sudo``/``time``/``env``/``echo``... (a path, ``curl.exe`` and CURL too).
# HTTPie's ``http``/``https`` (``xh``/``xhs``, ``python -m httpie``) the same way, but not a URL's
# scheme (``https://``); ``curlie`` is read as curl.
_CLIENT = re.compile(
    r"(?i)(?<![\w.~-])(?:[\w.~-]*[/\\])?"
    r"(?P<client>curl(?:ie)?(?:\.exe)?(?![\w.-])|(?:https?|xhs?|httpie)(?![\w.:/-]))"
)
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
# one curl command up to ``|``, ``;``, ``&`` or the line's end, and its ``-u user:password``
# (an option: a word's start, not a value's ``ts=-5u:30``).
_OLD_CURL = re.compile(r"\bcurl\b[^|;&\n]*", re.IGNORECASE)
_OLD_CURL_USER = re.compile(
    r"(?<![^\s\"'])(?:-[A-Za-z0-9#:~]*u|--user(?![\w-]))(?:=|[ \t]*)(?:([\"'])[ \t]*,[ \t]*)?"
    r"(?P<open>[\"'])?(?P<user>[^\s\"':]*:)(?P<password>(?(open)(?:(?!(?P=open))[^\n])+|[^\s\"']+))"
)
_BANG_LINE = re.compile(r"^[ \t]*!.*$", re.MULTILINE)


def redact_curl(
    text: str, redacted: str, is_name: Callable[[str], bool] = lambda _name: False
) -> str:
    """``text`` with the credentials given to curl and HTTPie ``redacted``; ``text`` itself
    if none. ``is_name``: whether a form field's or a header's name is a credential's."""
    lines, last_quote = _BangLines(text), {q: text.rfind(q) for q in "'\""}
    spans: list[tuple[int, int, str]] = []  # (start, end, replacement)
    last, reread = 0, len(text)  # reread: characters left to read again (linear)
    heredocs = [0]  # where the last heredoc read ends (none is read twice: linear)
    commands = _Commands(text)
    for m in _CLIENT.finditer(text):
        httpie = not m.group("client").lower().startswith("curl")  # (xh, python -m httpie)
        if (httpie and not _at_command_start(text, m.start())) or commands.installs(m.start()):
            continue
        if m.start() < last:  # in the last client's words (a quote it opened ran on): read too
            if reread < last - m.start():
                continue
            reread -= last - m.start()
        floor, stdin = last, None  # (floor: where the last client's words end)
        if text[m.end() : m.end() + 1] in ("'", '"') and _LIST_COMMA.match(text, m.end() + 1):
            words, end = _list_items(text, m.end() + 1)
            last = max(last, end)
        else:
            words, end = _shell_words(text, m.end(), last_quote, redacted)
            last = max(last, end)
            stdin = None if httpie else _reads_stdin(words)
        spans += _credentials(words, redacted, lines.bang(m.start()), httpie, is_name)
        if stdin is not None:
            found = _stdin_credentials(
                text, (floor, m.start(), end), words, stdin, last_quote, redacted, heredocs
            )
            spans += [s for w in found for s in _credentials(w, redacted, False, False, is_name)]
    text = _replaced(text, spans)
    return _replaced(text, _old_passwords(text, redacted))


_LIST_COMMA = re.compile(r"\s*,")
# What may come before HTTPie's ``http`` on its command (``echo http`` is a word, no command)
_COMMAND_SEPARATORS = "\n!;|&(`"
_COMMAND_PREFIXES = frozenset(
    {"sudo", "env", "time", "nohup", "exec", "command", "%sx", "%system", "python", "python3"}
    | {"timeout", "nice", "stdbuf", "xargs", "watch", "ionice"}  # (their numbers: timeout 5)
    | {"then", "do", "else", "elif", "if", "while", "until", "{", "!"}  # the shell's keywords
)
_PREFIX_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?[smhd]?")


def _at_command_start(text: str, start: int) -> bool:
    """Whether ``start`` is where a command starts: a line's, after ``!``, ``;``, ``|``, ``&``,
    ``(``, a backtick, a shell keyword (``then``, ``{``...), or ``sudo``/``env``/``time``/
    ``timeout``/``xargs``... (their options, numbers, ``NAME=value``); or a
    string's or a list's (``os.system("http ...")``, ``['http', ...]``). (Looks back 200
    characters at most: linear.)"""
    floor = max(0, start - 200)
    while start > floor and (text[start - 1].isalnum() or text[start - 1] in "_.~-/\\"):
        start -= 1  # (its path: /usr/local/bin/http)
    if start and text[start - 1] in "'\"[":
        return True
    window = text[max(0, start - 200) : start]
    cut = max(window.rfind(c) for c in _COMMAND_SEPARATORS)
    if cut < 0 and start > 200:
        return False
    option = False  # (the word after an option may be its value: timeout -s KILL, sudo -u bob)
    for w in window[cut + 1 :].split():
        known = w in _COMMAND_PREFIXES or "=" in w or _PREFIX_NUMBER.fullmatch(w)
        if not (known or option or w.startswith("-")):
            return False
        option = w.startswith("-") and "=" not in w
    return True


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


class Word(NamedTuple):
    """A command's word: its value (as the shell reads it; a Python string's body as written),
    where each character of the value is in the text and the quote open there (None: no
    quotes), where the word starts and ends."""

    value: str
    at: Sequence[int]
    quotes: Sequence[str] | None
    start: int
    end: int
    text: str  # the text it is in

    def span(self, k: int, m: int, redacted: str) -> tuple[int, int, str]:
        """The replacement of ``value[k:m]`` (``k`` > 0: from just after the character before
        it, a separator's ``:`` or ``=``, so quotes opened after it go too), quotes kept
        balanced."""
        quote = lambda j: self.quotes[j] if self.quotes is not None else ""
        start, before = (self.at[k - 1] + 1, quote(k - 1)) if k else (self.start, "")
        if m >= len(self.value):
            return (start, self.end, redacted + before)
        after = quote(m - 1)  # (to just after its last character: a ``\\"`` after it stays)
        if not before and after and self.text[start : start + 1] == after:
            before = after  # ``password='x'&n=1``: its opening quote stays
            start += 1
        return (start, self.at[m - 1] + 1, redacted + (before + after if before != after else ""))


# A single ``&`` inside a word (``https://x?a=1&b=2``): the person pasting it meant the URL's
# query (the shell ends the command there); the words read on, so a credential after it is seen
_GLUED_AMPERSAND_END = frozenset(" \t\r\n;|&<>()")


def _shell_words(
    text: str, i: int, last_quote: dict[str, int], redacted: str = "<redacted>"
) -> tuple[list[Word], int]:
    """The words of the command from ``i`` to its end; and where it ends. ``last_quote``: where
    each quote character last is in ``text`` (a quote after it never closes)."""
    words: list[Word] = []
    n, depth = len(text), 0  # depth: the unquoted ``(`` not closed yet
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
        if c in "<>" and not text.startswith(
            redacted, i
        ):  # a redirection (``>out``, ``2>&1``, ``<<EOF``): its file is a word
            i += 2 if text.startswith("&", i + 1) else 1
            continue
        if c == "#":  # a comment, to the line's end (where the command ends)
            i = text.find("\n", i)
            i = n if i < 0 else i
            break
        quote, escapes, start = "", False, i
        continued: int | None = None  # where a line continuation the word ends with is
        value: list[str] = []  # the word's value, as the shell reads it (built, not re-read)
        at: list[int] = []  # where each of its characters is
        quotes: list[str] = []  # the quote open there
        while i < n:
            c = text[i]
            if quote:
                if c == quote:
                    quote = ""
                    i += 1
                    continue
                if c == "\\" and quote == '"' and text[i + 1 : i + 2] == "\n":
                    i += 2  # (a line continuation in "...": the shell joins the lines)
                    continue
                if c == "\\" and (escapes or (quote == '"' and text[i + 1 : i + 2] in '"\\$`')):
                    i += 1  # ("...", and bash's $'...')
                    c = text[i : i + 1]
            elif c in "'\"":
                if last_quote[c] <= i:
                    break  # a quote that never closes (a Python string's end): the word ends
                quote, escapes = c, c == "'" and text[i - 1 : i] == "$"
                if escapes and value:
                    del value[-1], at[-1], quotes[-1]  # ($'...': the $ is not the value's)
                i += 1
                continue
            elif c == "\\":
                if text.startswith("\n", i + 1) or text.startswith("\r\n", i + 1):
                    continued = continued if continued is not None else i
                    i = text.index("\n", i) + 1  # (the shell joins the lines: the word goes on)
                    continue
                i += 1
                c = text[i : i + 1]  # (an escaped ``:`` is the user's end too)
            elif c == "&" and value and text[i + 1 : i + 2] not in _GLUED_AMPERSAND_END:
                pass  # (a URL's query goes on: see _GLUED_AMPERSAND_END)
            elif c == "<" and text.startswith(redacted, i):
                end = i + len(redacted)  # (a secret redacted already: the word's, whole)
                value += redacted
                at += range(i, end)
                quotes += [quote] * len(redacted)
                i = end
                continue
            elif c in " \t\r\n;|&<>":
                break  # (``>out.txt``: a redirection, not the word's)
            elif c == "(":
                depth += 1  # (``$(cat f)``: the command goes on after its ``)``)
            elif c == ")":
                if not depth:
                    break
                depth -= 1
            if not c:
                break  # (a backslash ending the text)
            value.append(c)
            at.append(i)
            quotes.append(quote)
            i += 1
            continued = None
        end = i if continued is None else continued  # (``x\\<newline>  y``: x's end, the \\'s)
        words.append(Word("".join(value), at, quotes, start, end, text))
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
        return Word("", (), None, m.end(), m.end(), m.string)
    group = "b1" if m.group("b1") is not None else "b2"
    body, start, end = m.group(group), m.start(group), m.end(group)
    if "f" in text_prefix(m, start) and _EXPANSION.fullmatch(body.partition(":")[2]):
        return Word("", (), None, end, end, m.string)  # f'user:{pw}': Python's, not the text's
    return Word(body, range(start, end), None, start, end, m.string)


def text_prefix(m: re.Match, body_start: int) -> str:
    """A string token's prefix and quote, lowercased (``f'``, ``rb"``)."""
    return m.string[m.start() : body_start].lower()


# What an option's value holds: a ``user:password`` (curl's -u/-U, HTTPie's -a), a secret whole
# (a bearer token, a key's passphrase), a certificate with ``:passphrase`` after it (curl's
# rules), ``name=value&...`` fields (-d), one form field (-F), a header (``Name: value``); or
# nothing to read (SKIP: another option's value, not looked at)
USER, WHOLE, CERT, FIELDS, FIELD, FORM, HEADER, COOKIE, SKIP, PROXY = range(10)  # PROXY: -x's
_CURL_SHORT = {
    "u": USER, "U": USER, "E": CERT, "d": FIELDS, "F": FORM, "H": HEADER, "b": COOKIE, "x": PROXY,
}  # fmt: skip
_CURL_LONG = {
    "--user": USER, "--proxy-user": USER, "--oauth2-bearer": WHOLE, "--pass": WHOLE,
    "--proxy-pass": WHOLE, "--cert": CERT, "--proxy-cert": CERT, "--data": FIELDS,
    "--data-ascii": FIELDS, "--data-binary": FIELDS, "--data-raw": FIELDS,
    "--data-urlencode": FIELD, "--json": FIELDS, "--form": FORM, "--form-string": FIELD,
    "--header": HEADER, "--proxy-header": HEADER, "--tlspassword": WHOLE,
    "--proxy-tlspassword": WHOLE, "--url-query": FIELDS, "--variable": FIELD, "--cookie": COOKIE,
    "--proxy": PROXY, "--preproxy": PROXY, "--socks4": PROXY, "--socks4a": PROXY,
    "--socks5": PROXY, "--socks5-hostname": PROXY,
}  # fmt: skip
# A cookie's value (``-b 'session=x; lang=en'``, ``-H 'Cookie: session=x'``): each is redacted,
# a session's as any other (no ``=``: a file's name)
_COOKIE = re.compile(r"(?:^|;)\s*[^=;\s]+=([^;]*)")
# A JSON body's strings (a key's or a value's, JSON's escapes kept), what follows a key, a scalar
_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_JSON_COLON = re.compile(r"\s*:\s*")
_JSON_SCALAR = re.compile(r"[^\s,\]}]+")
_JSON_OBJECT = re.compile(r'\{\s*"(?:[^"\\\n]|\\.)*"\s*:')  # (not IPython's {expansion})
_HTTPIE_SHORT = {"a": USER, "A": SKIP}  # (argparse: -a's value may be glued, -auser:pw)
_HTTPIE_SHORT_WITH_VALUE = set("aAopPs")
_HTTPIE_LONG = {"--auth": USER}
# an HTTPie request item: ``name==value`` (a query's), ``name:=json``, ``name=value``,
# ``Name:value`` (a header's); not ``name@file``
_HTTPIE_ITEM = re.compile(r"([\w.-]+)(==|:=|=|:)")


def _httpie_secret(item: re.Match, is_name: Callable[[str], bool]) -> bool:
    """Whether an HTTPie item's value is a credential: a credential's name, or a Cookie header."""
    return is_name(item.group(1)) or (item.group(1).lower() == "cookie" and item.group(2) == ":")


def _credentials(
    words: list[Word], redacted: str, bang: bool, httpie: bool, is_name: Callable[[str], bool]
) -> list[tuple[int, int, str]]:
    """Where the credentials given to the client's options (curl's, or HTTPie's) are;
    ``bang``: on a ``!`` line, where ``{name}`` is IPython's expansion; ``is_name``: whether a
    field's or a header's name is a credential's (``secret_shapes.is_credential_name``)."""
    short, long = (_HTTPIE_SHORT, _HTTPIE_LONG) if httpie else (_CURL_SHORT, _CURL_LONG)
    with_value = _HTTPIE_SHORT_WITH_VALUE if httpie else _SHORT_WITH_VALUE
    bearer = httpie and _bearer(words)
    spans: list[tuple[int, int, str]] = []

    def read(kind: int, word: Word, k: int, stop: int | None = None) -> None:
        """The value from ``word.value[k]`` on (to ``stop``: WHOLE's), of the option ``kind``."""
        value = word.value
        found: list[tuple[int, int]] = []  # (start, end) in value
        if kind == USER:
            colon = value.find(":", k)
            if colon >= 0:
                found.append((colon + 1, len(value)))
            elif bearer:
                found.append((k, len(value)))  # (HTTPie's -A bearer -a TOKEN)
        elif kind == WHOLE:
            found.append((k, len(value) if stop is None else stop))
        elif kind == CERT:
            found += _passphrase(word, k)
        elif kind in (FIELDS, FIELD, FORM):
            found += _fields(value, k, kind, is_name)
        elif kind == COOKIE:
            found += _cookies(value, k)
        elif kind == PROXY and "://" not in value[k:]:  # (a URL's: the URL scrubber's)
            at = value.rfind("@", k)  # user:password@host:port, no scheme
            colon = value.find(":", k, at) if at > k else -1
            if colon >= 0:
                found.append((colon + 1, at))
        elif kind == HEADER:
            name, colon, rest = value[k:].partition(":")
            if colon and name.strip().lower() == "cookie" and "=" not in rest and rest.strip():
                start = k + len(name) + 1 + len(rest) - len(rest.lstrip(" \t"))
                found.append((start, len(value)))  # (a value with no name=: all of it)
            elif colon and name.strip().lower() == "cookie":
                found += _cookies(value, k + len(name) + 1)
            elif colon and is_name(name.strip()):
                start = k + len(name) + 1
                while start < len(value) and value[start] in " \t":
                    start += 1
                found.append((start, len(value)))
        for start, end in found:
            if start < end and _secret(value[start:end], redacted, bang):
                spans.append(word.span(start, end, redacted))

    expect: int | None = None
    for word in words:
        value = word.value
        if expect is not None:
            if expect != SKIP:
                read(expect, word, 0)
            expect = None
        elif value.startswith("--"):
            name, equals, _ = value.partition("=")
            kind = _long_kind(name, long)
            if kind is not None:
                if equals:
                    read(kind, word, len(name) + 1)
                else:
                    expect = kind
        elif re.match(r"-[^-\s]", value):  # (curl's short options include 0-9 # : ~: -4u)
            for k, letter in enumerate(value[1:], start=1):
                if letter in with_value:
                    kind = short.get(letter, SKIP)
                    if k + 1 < len(value):
                        if kind != SKIP:
                            read(kind, word, k + 1)
                    else:
                        expect = kind
                    break
        elif httpie and (item := _HTTPIE_ITEM.match(value)) and _httpie_secret(item, is_name):
            k = item.end()
            while value[k : k + 1] in (" ", "\t"):
                k += 1  # (``X-Api-Key: x``: the space is the header's)
            if item.group(2) == ":=" and len(value) > k + 1 and value[k] == value[-1] == '"':
                read(WHOLE, word, k + 1, len(value) - 1)  # (a JSON string: its quotes stay)
            else:
                read(WHOLE, word, k)
    return spans


class _Stdin(NamedTuple):
    """What curl reads from its standard input: config lines, a body (``-d @-``), the value
    of the form fields named; and the words of a ``-K <(echo ...)``'s substitution."""

    config: bool
    body: bool
    fields: list[str]
    substituted: list[Word]


def _reads_stdin(words: list[Word]) -> _Stdin | None:
    """What curl's options say it reads from stdin (None: nothing)."""
    config, body, fields, substituted_ = False, False, [], []
    values = [w.value for w in words] + [""]
    for k, value in enumerate(values[:-1]):
        option, equals, glued = value.partition("=") if value.startswith("--") else ("", "", "")
        if value.startswith("-") and not value.startswith("--"):
            option, glued = value[:2], value[2:]
        given = glued if (equals or glued) else values[k + 1]
        if option in ("-K", "--config"):
            config |= given == "-"
            if given.startswith("(") and not (equals or glued):
                substituted_ += substituted(words, k + 1)
        elif option == "-d" or _long_kind(option, _CURL_LONG) == FIELDS:
            body |= given == "@-"
        elif option == "-F" or _long_kind(option, _CURL_LONG) == FORM:
            name, _, source = given.partition("=")
            if source in ("<-", "@-"):
                fields.append(name)
    if not (config or body or fields or substituted_):
        return None
    return _Stdin(config, body, fields, substituted_)


def _stdin_credentials(
    text: str,
    where: tuple[int, int, int],
    words: list[Word],
    stdin: _Stdin,
    last_quote: dict[str, int],
    redacted: str,
    heredocs: list[int],
) -> list[list[Word]]:
    """The option words, each with its value, of what curl reads from stdin (``stdin``) that
    the text holds: a here-string, a heredoc, ``echo``/``printf`` piped in; the config lines of
    a ``-K <(echo ...)``; read as curl reads them (``curl_stdin``)."""
    floor, at, end = where  # (the last client's words' end, curl's place, its command's end)
    sources: list[Word] = []
    for word in words:
        arrow = redirected(text, word)
        if arrow == "<<<":
            sources.append(word)
        elif (
            arrow in ("<<", "<<-")
            and end >= heredocs[0]
            and (body := heredoc(text, word.value, end, arrow == "<<-"))
        ):
            sources.append(Word(text[body[0] : body[1]], range(*body), None, *body, text))
            heredocs[0] = body[1]
    line = text.rfind("\n", floor, at) + 1 or floor  # (from the last client's end: linear)
    bar = text.rfind("|", line, at)
    piped = bar > line and text[bar - 1] != "|" and not any(c in text[bar:at] for c in ";&")
    if piped:  # (``printf 'user = a:b' | curl -K -``)
        before = max(line, *(text.rfind(c, line, bar) + 1 for c in ";&|"))
        sources += piped_in(_shell_words(text, before, last_quote, redacted)[0])
    option = lambda name: Word(name, (), None, 0, 0, text)
    given = []
    if stdin.body or stdin.fields:
        sources = sources[-1:]  # (the shell's stdin: the last redirection's)
    substitution = [False] * len(sources) + [True] * len(stdin.substituted)
    for source, substituted_ in zip(sources + stdin.substituted, substitution, strict=True):
        if not source.at:
            continue
        if stdin.config or substituted_:
            for name, start, stop in config_lines(source.value):
                if start < stop:
                    given.append([option(name), _part(source, start, stop)])
        if stdin.body and not substituted_:
            given.append([option("--data"), _part(source, 0, len(source.value))])
        given += [[option("--form"), _part(source, 0, len(source.value), f"{name}=")]
                  for name in dict.fromkeys(stdin.fields) if not substituted_]  # fmt: skip
    return given


def _part(word: Word, start: int, stop: int, before: str = "") -> Word:
    """``word.value[start:stop]`` as a word of its own (``before`` it: a form field's
    ``name=``, at no place in the text), redacted whole from its first to its last character."""
    at = [word.at[start] - 1] * len(before) + list(word.at[start:stop])
    return Word(before + word.value[start:stop], at, None, at[len(before)], at[-1] + 1, word.text)


def _long_kind(name: str, long: dict[str, int]) -> int | None:
    """What a long option's value holds: ``long``'s, or curl's for an abbreviation of one of
    ``long``'s (``--oauth2``; one of several curl would call ambiguous is read as ours too:
    curl runs nothing then, and the text is redacted the more)."""
    if name in long:
        return long[name]
    if long is not _CURL_LONG or len(name) < 4:
        return None
    ours = [option for option in candidates(name) if option in long]
    return long[ours[0]] if len(ours) == 1 else None


def _cookies(value: str, k: int) -> list[tuple[int, int]]:
    """The values of ``name=value; ...`` cookies from ``value[k]`` on (none in a file's name)."""
    return [(m.start(1) + k, m.end(1) + k) for m in _COOKIE.finditer(value[k:]) if m.group(1)]


def _bearer(words: list[Word]) -> bool:
    """Whether HTTPie is given ``-A bearer`` (``--auth-type bearer``, ``=bearer``, ``-Abearer``):
    then ``-a``'s value is a token."""
    values = [w.value for w in words]
    for k, value in enumerate(values):
        if value in ("-Abearer", "--auth-type=bearer"):
            return True
        if value in ("-A", "--auth-type") and values[k + 1 : k + 2] == ["bearer"]:
            return True
    return False


def _passphrase(word: Word, k: int) -> list[tuple[int, int]]:
    """curl's ``--cert <certificate>[:<passphrase>]``: the passphrase after the first ``:``
    that is not escaped (``\\:``), nor a drive's (``C:\\``, ``C:/``: curl reads it so on
    Windows); none in a PKCS#11 URI (curl's ``parse_cert_parameter``)."""
    value = word.value
    if value[k:].lower().startswith("pkcs11:"):  # (RFC 7512: only its pin-value is a secret)
        pin = value.lower().find("pin-value=", k)
        if pin < 0:
            return []
        start = pin + len("pin-value=")
        end = min((e for e in (value.find(c, start) for c in ";?&") if e >= 0), default=len(value))
        return [(start, end)]
    i = k
    if (
        len(value) > k + 1
        and value[k].isalpha()
        and value[k + 1] == ":"
        and (value[k + 2 : k + 3] in ("\\", "/") or _raw_after(word, k + 1) in ("\\", "/"))
    ):
        i = k + 2  # (a drive; the shell may have read ``C:\\x`` as ``C:x``)
    while i < len(value):
        if value[i] == "\\":
            i += 2
            continue
        if value[i] == ":":
            return [(i + 1, len(value))]
        i += 1
    return []


def _raw_after(word: Word, k: int) -> str:
    """The character the text has right after ``word.value[k]`` (before the shell read it)."""
    return word.text[word.at[k] + 1 : word.at[k] + 2]


def _fields(value: str, k: int, kind: int, is_name: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The values of credential-named fields: ``-d 'user=a&password=x'`` (each ``&``-separated
    one), ``--data-urlencode name=x``, ``-F name=x`` (up to a ``;type=``; not ``@file``,
    ``<file``); a JSON body's string values (``-d '{"password": "x"}'``, ``--json``)."""
    found = []
    if kind == FIELDS and value[k:].lstrip()[:1] in ("{", "["):  # a JSON object, or an array
        return _json_secrets(value, k, is_name)
    pieces = value[k:].split("&") if kind == FIELDS else [value[k:]]
    start = k
    for piece in pieces:
        name, equals, content = piece.partition("=")
        if equals and is_name(name.strip()) and not (kind == FORM and content[:1] in ("@", "<")):
            end = start + len(piece)
            if kind == FORM and ";" in content:
                end = start + len(name) + 1 + content.index(";")
            found.append((start + len(name) + 1, end))
        start += len(piece) + 1
    return found


def _json_secrets(value: str, k: int, is_name: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The values of a JSON body's credential-named keys (``value[k:]``): a string's body
    (its quotes kept), any other value whole (a number, ``true``, an array, an object; not
    ``null``); a key read with JSON's escapes decoded (``"pass\\u0077ord"``, ``"api\\/key"``).
    Each string is read once, in order, so a value's text (``"a \\"password\\": 1"``) is never
    taken for a key; an array or object that never closes runs to the body's end. Linear."""
    found: list[tuple[int, int]] = []
    i = k
    while (quote := value.find('"', i)) >= 0:
        string = _JSON_STRING.match(value, quote)
        if string is None:
            break  # (a string that never closes: nothing after it is read as a key)
        i = string.end()
        colon = _JSON_COLON.match(value, i)
        if colon is None or not is_name(_json_key(string.group(1))):
            continue  # (no colon: a value's string, or an array's item)
        start = colon.end()
        if value[start : start + 1] == '"':
            body = _JSON_STRING.match(value, start)
            end = body.end(1) if body else len(value)
            found.append((start + 1, end))
            i = body.end() if body else end  # (after the closing quote: no key's opening one)
        elif value[start : start + 1] in ("[", "{"):
            i = _json_end(value, start)
            found.append((start, i))
        elif (scalar := _JSON_SCALAR.match(value, start)) and scalar.group() != "null":
            found.append((start, scalar.end()))
            i = scalar.end()
    return found


def _json_key(raw: str) -> str:
    """A JSON key's text with its escapes decoded; as written when one is broken."""
    if "\\" not in raw:
        return raw
    try:
        return json.loads(f'"{raw}"')
    except ValueError:
        return raw


def _json_end(value: str, i: int) -> int:
    """Where the array or object at ``value[i]`` ends (just after its bracket; the text's end
    when it never closes), its strings skipped."""
    depth = 0
    while i < len(value):
        c = value[i]
        if c == '"':
            string = _JSON_STRING.match(value, i)
            if string is None:
                return len(value)
            i = string.end()
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if not depth:
                return i + 1
        i += 1
    return len(value)


def _secret(password: str, redacted: str, bang: bool) -> bool:
    """Whether ``password`` is in the text: not ``$VAR``/``${VAR}`` (the environment's), nor
    ``{name}`` on a ``!`` line (IPython's; a JSON object, ``{"user": "a", "pw": "b"}``, is the
    text's), nor already ``redacted``."""
    if password == redacted or _ENVIRONMENT.fullmatch(password):
        return False
    return not (bang and _EXPANSION.fullmatch(password) and not _JSON_OBJECT.match(password))


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
