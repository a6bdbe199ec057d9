"""Credentials written as a tool's ``name=value``: a shell's or a config file's, in a cell.

What the recorder keeps of a cell is text other tools read: a shell (``!`` lines, ``%%bash``),
a file written from the cell (``%%writefile``, a heredoc, ``open(...).write('...')``), a
string given to a program (``subprocess.run(..., input='...')``, a connection string). Each
reads its credentials the same few ways, redacted here by family, the name deciding
(``is_name``: ``secret_shapes.is_credential_name``):

- an assignment word ``NAME=value``: a shell's (``GITHUB_TOKEN=x gh ...``, ``env X_TOKEN=x``,
  ``export A=u B_PASSWORD=x``, ``declare -x``/``readonly``/``local``), a ``.env`` file's, git
  credential's ``password=x`` (after a printf ``\\n`` too), a connection string's
  (``host=h password=x``, ODBC ``;PWD=x``, Azure ``AccountKey=x==``), npm's ``:_authToken=x``;
- a config file's line ``name = value`` / ``name: value`` (INI: ``~/.aws/credentials``,
  ``~/.pypirc``, ``~/.databrickscfg``; YAML), read where a file is written: a ``%%writefile``
  or shell cell, a heredoc after a ``!`` line, a triple-quoted string;
- netrc's ``password x`` (in text that names a ``machine`` or a ``default``).
A value that is a reference stays (``$X``, ``${X}``, ``{name}``, ``%s``, ``{}``): it holds
no credential, and the record keeps what ran. Each pattern is linear: a name's characters and
the characters a name may follow are apart, so no attempt re-reads another's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# where a shell word, an env line or a connection string's field starts: the text's start,
# a space, a separator (``;&|(```), a ``!`` line's start, a list's ``,``, npm's ``/:``, an
# option's ``=`` (``--from-literal=password=x``), a ``-`` (``--ServerApp.token=x``), or a
# printf escape (a ``:`` is none: ``pkcs11:token=x`` names a token, holds none)
_WORD_START = r"(?:(?<=\\[nt])|(?<=/:)|(?<![^\s;&|(`,=!\-]))"
_VALUE = re.compile(r"\$?\{[^{}\n]*\}|\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|'\"\\(){}<>#]+")
_ASSIGNMENT = re.compile(rf"{_WORD_START}([A-Za-z_][\w.]*)=(?!=)")
_CONFIG_LINE = re.compile(
    r"(?m)^([ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*[=:][ \t]*)([^\n]*)"
)
_NETRC_FILE = re.compile(r"(?<![\w-])(?:machine|default)(?![\w-])")
_NETRC_PASSWORD = re.compile(r"(?<![\w-])(password[ \t]+)(\"[^\"\n]*\"|[^\s'\"\\]+)")
# a value that only refers to one: ``$X``, ``${X}``, ``{name}``, ``{}``, ``{0}``, ``%s``,
# ``%(name)s``, ``<redacted>``
_REFERENCE = re.compile(r"[\"']?(?:\$\{?\w+\}?|\{\w*\}|%(?:\(\w+\))?[sdr]|<redacted>)[\"']?\Z")
# the cell magics whose body is a file's or a shell's text
_FILE_CELL = re.compile(r"\s*%%(writefile|file|bash|sh|script|system)\b")
_SHELL_OR_ENV_LINE = re.compile(r"(?m)^[ \t]*(?:!|%env\b|%set_env\b)[^\n]*")
_HEREDOC = re.compile(r"(?<!<)<<(?!<)-?[ \t]*[\"']?(\w+)[\"']?")  # (not ``<<<``)


def _name_says(is_name: Callable[[str], bool], name: str) -> bool:
    """Whether ``name`` or its last dotted part (``ServerApp.token``,
    ``default.aws_secret_access_key``) names a credential."""
    return is_name(name) or ("." in name and is_name(name.rsplit(".", 1)[1]))


def _hidden(value: str, redacted: str) -> str:
    """``value`` redacted, its quotes kept; a reference as it is."""
    if _REFERENCE.match(value):
        return value
    if value[0] in "\"'" and len(value) > 1 and value[-1] == value[0]:
        return value[0] + redacted + value[0]
    return redacted


def _sub(pattern: re.Pattern, text: str, replace: Callable[[re.Match], str]) -> str:
    """``pattern.sub(replace, text)``, ``text`` itself when nothing changed."""
    parts, last = [], 0
    for m in pattern.finditer(text):
        new = replace(m)
        if new != m.group(0):
            parts += [text[last : m.start()], new]
            last = m.end()
    return "".join([*parts, text[last:]]) if parts else text


def assignments_redacted(text: str, redacted: str, is_name: Callable[[str], bool]) -> str:
    """``text`` with the value of each ``NAME=value`` word that names a credential redacted."""
    if "=" not in text:
        return text

    parts, last, pos = [], 0, 0
    while (m := _ASSIGNMENT.search(text, pos)) is not None:
        pos = m.end()  # (a value is read only after a credential's name: ``a=password=x``)
        if not _name_says(is_name, m.group(1)) or (value := _VALUE.match(text, pos)) is None:
            continue
        new = _hidden(value.group(), redacted)
        if new != value.group():
            parts += [text[last:pos], new]
            last = value.end()
        pos = value.end()
    return "".join([*parts, text[last:]]) if parts else text


def config_lines_redacted(text: str, redacted: str, is_name: Callable[[str], bool]) -> str:
    """``text`` (a config file's) with each ``name = value`` / ``name: value`` line's value
    redacted when the name says credential; netrc's ``password x`` too."""

    def line(m: re.Match) -> str:
        value = m.group(3).strip()
        if not value or not _name_says(is_name, m.group(2)):
            return m.group(0)
        hidden = _hidden(value, redacted)
        return m.group(0) if hidden == value else m.group(1) + hidden

    return netrc_redacted(_sub(_CONFIG_LINE, text, line), redacted)


def netrc_redacted(text: str, redacted: str) -> str:
    """``text`` with netrc's ``password x`` redacted, when it names a ``machine``."""
    if "password" not in text or _NETRC_FILE.search(text) is None:
        return text
    return _sub(
        _NETRC_PASSWORD, text, lambda m: m.group(0) if _REFERENCE.match(m.group(2))
        else m.group(1) + _hidden(m.group(2), redacted),
    )  # fmt: skip


def string_body_redacted(body: str, redacted: str, is_name: Callable[[str], bool]) -> str:
    """A string literal's body as a tool would read it: its ``NAME=value`` words, netrc's
    ``password x``, and (several lines: a file's text) its ``name = value`` lines."""
    text = assignments_redacted(body, redacted, is_name)
    if "\n" in body:
        return config_lines_redacted(text, redacted, is_name)
    return netrc_redacted(text, redacted)


def _heredoc_end(source: str, line: re.Match) -> int:
    """Where the heredoc a shell ``line`` opens (``cat > f <<EOF``) ends: after its
    delimiter's line, or at the text's end when it has none; the line's end when it opens
    none."""
    doc = _HEREDOC.search(line.group(0)) if "<<" in line.group(0) else None
    if doc is None:
        return line.end()
    close = re.compile(rf"(?m)^[ \t]*{doc.group(1)}[ \t]*$").search(source, line.end())
    return close.end() if close is not None else len(source)


def _shell_text_redacted(
    text: str, lines: re.Pattern, redacted: str, is_name: Callable[[str], bool]
) -> str:
    """Shell ``text``'s ``lines`` (each a command, or the cell's ``!`` lines) with their
    ``NAME=value`` words and netrc's ``password x`` redacted, and the lines of a heredoc
    after one (a file's) read as a config file's."""
    parts, last, pos = [], 0, 0
    while pos <= len(text) and (m := lines.search(text, pos)) is not None:
        end = _heredoc_end(text, m)  # (``search`` takes a ``pos`` past the end as the end)
        new = netrc_redacted(assignments_redacted(m.group(0), redacted, is_name), redacted)
        if end > m.end():  # (a heredoc: a file's lines)
            new += config_lines_redacted(text[m.end() : end], redacted, is_name)
        if new != text[m.start() : end]:
            parts += [text[last : m.start()], new]
            last = end
        pos = end + 1
    return "".join([*parts, text[last:]]) if parts else text


_ANY_LINE = re.compile(r"(?m)^[^\n]*")


def shell_and_files_redacted(source: str, redacted: str, is_name: Callable[[str], bool]) -> str:
    """``source`` (a cell) with the ``name=value`` credentials of its shell and file text
    redacted: a ``%%writefile`` cell's body (a config file's lines), a shell cell's lines and
    its ``!``/``%env`` lines (words, and the heredocs they open). (A Python string's body is
    :func:`string_body_redacted`'s.)"""
    if not (cell := _FILE_CELL.match(source)):
        return _shell_text_redacted(source, _SHELL_OR_ENV_LINE, redacted, is_name)
    head = source.find("\n") + 1 if "\n" in source else len(source)
    body = source[head:]
    if cell.group(1) in ("writefile", "file"):
        new = assignments_redacted(
            config_lines_redacted(body, redacted, is_name), redacted, is_name
        )
    else:
        new = _shell_text_redacted(body, _ANY_LINE, redacted, is_name)
    return source if new == body else source[:head] + new
