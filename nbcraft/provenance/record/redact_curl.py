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
import re
from collections.abc import Callable

from .curl_options import (
    CERT,
    COOKIE,
    CURL_LONG,
    CURL_SHORT,
    FIELD,
    FIELDS,
    FORM,
    HEADER,
    PROXY,
    SHORT_WITH_VALUE,
    SKIP,
    USER,
    WHOLE,
    long_kind,
)  # fmt: skip
from .curl_stdin import input_credentials, reads_stdin, stdin_credentials
from .redact_json import body_secrets
from .shell_pipeline import Heredocs
from .shell_words import ENVIRONMENT, EXPANSION, Word, shell_words
from .url_userinfo import QUERY_NAMES, query_named_secret

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
_COMMAND_END = re.compile(r"[\n;|&(`]")  # (``pip install x $(curl ...)``: curl's own command)
_USER_LONG = ("--user", "--proxy-user")
# A Python list's item after curl's string: a string (any prefix), or else anything up to the
# next ``,`` or the list's end at its depth (``os.environ['URL']``, ``f(x, y)``, ``*opts``)
LIST_TOKEN = re.compile(
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
    heredocs = Heredocs(text, last_quote, redacted)  # (each line's read once: linear)
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
        place = m.start()  # (where curl's command is: its name's, or a substitution's)
        if text[m.end() : m.end() + 1] in ("'", '"') and _LIST_COMMA.match(text, m.end() + 1):
            words, end = _list_items(text, m.end() + 1)
            last = max(last, end)
            if (listed := reads_stdin(words)) is not None:  # (``input="user = a:pw"``)
                found = input_credentials(text, end, listed)
                spans += [
                    s for w in found for s in _credentials(w, redacted, False, False, is_name)
                ]
        else:
            after = m.end()
            if (
                text[after : after + 1] in ("'", '"')
                and text[m.start() - 1 : m.start()] == text[after]
            ):
                after += 1  # (``| "curl" -K -``: its name quoted, its words after the quote)
            words, end = shell_words(text, after, last_quote, redacted)
            if not words and (named := _named_by_substitution(text, m.start(), end)):
                place, after = named  # (``$(which curl) -K -``: its words after the ``)``)
                words, end = shell_words(text, after, last_quote, redacted)
            last = max(last, end)
            stdin = None if httpie else reads_stdin(words)
        spans += _credentials(words, redacted, lines.bang(m.start()), httpie, is_name)
        if stdin is not None:
            found = stdin_credentials(
                text, (floor, place, end), words, stdin, last_quote, redacted, heredocs
            )
            spans += [s for w in found for s in _credentials(w, redacted, False, False, is_name)]
    text = _replaced(text, spans)
    return _replaced(text, _old_passwords(text, redacted))


_LIST_COMMA = re.compile(r"\s*,")
# A command substitution that gives curl's path as a command's name (``$(which curl) -K -``,
# ``\`command -v curl\```): its opening, and the words before curl in it (``which``, options)
_NAMING = {
    ")": re.compile(r"\$\([ \t]*(?:[\w./-]+[ \t]+)*\Z"),
    "`": re.compile(r"`[ \t]*(?:[\w./-]+[ \t]+)*\Z"),
}


def _named_by_substitution(text: str, start: int, end: int) -> tuple[int, int] | None:
    """When curl at ``start``, its words ending at ``end`` with none read, is the last word of a
    substitution that closes there (``$(which curl)``, a backtick's), read as the command's
    name: where the substitution starts and where the command's words go on (just after it).
    (Looks back 100 characters at most: linear.)"""
    naming = _NAMING.get(text[end : end + 1])
    if naming is None or text[start:end].count("\n"):
        return None
    window = max(0, start - 100)
    found = naming.search(text, window, start)
    if found is None:
        return None
    quoted = text[found.start() - 1 : found.start()] == '"' == text[end + 1 : end + 2]
    return (found.start() - quoted, end + 1 + quoted)  # (``"$(which curl)"``: its quotes too)


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
    """The commands of ``text`` (ended by an unquoted-or-not ``;``, ``|``, ``&``, newline, and
    begun by ``(`` or a backtick: a substitution's), walked forward once: whether the one at a
    place installs a package named curl."""

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


def _list_items(text: str, i: int) -> tuple[list[Word], int]:
    """``'curl', '-u', 'alice:pw', url``: the items after curl's string, over lines too, up to
    the list's end; an item that is not a string (``os.environ['URL']``) is a word without a
    value. ``f'...'``'s ``{x}`` is Python's: no secret in the text. A string in brackets,
    ``('alice:pw')``, is the string (Python's literals joined in them: ``redact``'s)."""
    words: list[Word] = []
    depth, item = 0, None  # item: the first token of the current one
    first: list[tuple[str, re.Match]] = []  # (its first three tokens)
    while (m := LIST_TOKEN.match(text, i)) is not None:
        i = m.end()
        kind = m.lastgroup if m.group("string") is None else "string"
        if kind == "space":
            continue
        if depth == 0 and kind in ("comma", "close"):
            if item is not None:
                words.append(_item_word(_bracketed(first) or item))
            item, first = None, []
            if kind == "close":
                break
            continue
        if depth == 0 and item is None:
            item = m
        if len(first) < 4:
            first.append((kind, m))
        depth += (kind == "open") - (kind == "close")
    return words, i


def _bracketed(tokens: list[tuple[str, re.Match]]) -> re.Match | None:
    """The string of an item that is one string in round brackets (``('alice:pw')``)."""
    kinds = [kind for kind, _ in tokens]
    if kinds == ["open", "string", "close"] and tokens[0][1].group() == "(":
        return tokens[1][1]
    return None


def _item_word(m: re.Match) -> Word:
    if m.group("string") is None:
        return Word("", (), None, m.end(), m.end(), m.string)
    group = "b1" if m.group("b1") is not None else "b2"
    body, start, end = m.group(group), m.start(group), m.end(group)
    if "f" in text_prefix(m, start) and EXPANSION.fullmatch(body.partition(":")[2]):
        return Word("", (), None, end, end, m.string)  # f'user:{pw}': Python's, not the text's
    if _NAMED_FIELD.fullmatch(body.partition(":")[2]) and _FORMATS.match(m.string, end):
        return Word("", (), None, end, end, m.string)  # 'user:{p}'.format(p=pw): the same
    return Word(body, range(start, end), None, start, end, m.string)


def text_prefix(m: re.Match, body_start: int) -> str:
    """A string token's prefix and quote, lowercased (``f'``, ``rb"``)."""
    return m.string[m.start() : body_start].lower()


# A cookie's value (``-b 'session=x; lang=en'``, ``-H 'Cookie: session=x'``): each is redacted,
# a session's as any other (no ``=``: a file's name)
_COOKIE = re.compile(r"(?:^|;)\s*[^=;\s]+=([^;]*)")
# a format's placeholder: ``'u:%s' % pw``, ``'u:{}'.format(pw)`` (the code's argument, read in
# the literal it makes: ``formatted.formats_filled``)
_FORMAT_FIELD = re.compile(r"%(?:\(\w+\))?[sdr]|\{\d*\}")
_NAMED_FIELD = re.compile(r"\{[A-Za-z_]\w*\}")
_FORMATS = re.compile(r"(?:'{3}|\"{3}|['\"])\s*\.\s*format\s*\(")  # (after a literal's body)
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
    short, long = (_HTTPIE_SHORT, _HTTPIE_LONG) if httpie else (CURL_SHORT, CURL_LONG)
    with_value = _HTTPIE_SHORT_WITH_VALUE if httpie else SHORT_WITH_VALUE
    bearer = httpie and _bearer(words)
    if not httpie and any(w.value in ("-G", "--get") for w in words):  # (the data is the query)
        is_name = _or_query_name(is_name)
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
            kind = long_kind(name, long)
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
        return body_secrets(value, k, is_name)
    pieces = value[k:].split("&") if kind == FIELDS else [value[k:]]
    start = k
    for piece in pieces:
        name, equals, content = piece.partition("=")
        if (
            equals
            and is_name(name.strip())
            and not (kind == FORM and content[:1] in ("@", "<"))
            and (query_named_secret(name, content) or name.strip().lower() not in QUERY_NAMES)
        ):  # (``-G -d key=data/train.csv``: a query's plain value, url_userinfo's rule)
            end = start + len(piece)
            if kind == FORM and ";" in content:
                end = start + len(name) + 1 + content.index(";")
            found.append((start + len(name) + 1, end))
        start += len(piece) + 1
    return found


def _or_query_name(is_name: Callable[[str], bool]) -> Callable[[str], bool]:
    """``is_name``, or a name that says credential in a URL's query (``key``, ``sig``)."""
    return lambda name: is_name(name) or name.lower() in QUERY_NAMES


def _secret(password: str, redacted: str, bang: bool) -> bool:
    """Whether ``password`` is in the text: not ``$VAR``/``${VAR}`` (the environment's), nor
    ``{name}`` on a ``!`` line (IPython's; a JSON object, ``{"user": "a", "pw": "b"}``, is the
    text's), nor already ``redacted``."""
    if password == redacted or ENVIRONMENT.fullmatch(password) or _FORMAT_FIELD.fullmatch(password):
        return False
    return not (bang and EXPANSION.fullmatch(password) and not _JSON_OBJECT.match(password))


def _old_passwords(text: str, redacted: str) -> list[tuple[int, int, str]]:
    """The passwords the regex before shell quoting found (a second pass after the first's)."""
    if "curl" not in text.lower():
        return []
    lines, spans = _BangLines(text), []
    for command in _OLD_CURL.finditer(text):
        for m in _OLD_CURL_USER.finditer(text, command.start(), command.end()):
            password = m.group("password")  # (``<redacted>\\``: the first pass's)
            if _NAMED_FIELD.fullmatch(password) and _FORMATS.match(text, m.end("password")):
                continue  # ('u:{p}'.format(p=pw): the format's field, its argument is code's)
            if not password.startswith(redacted) and _secret(
                password, redacted, lines.bang(m.start())
            ):
                spans.append((m.start("password"), m.end("password"), redacted))
    return spans
