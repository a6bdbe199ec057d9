"""A shell command's words, read as the shell reads them (``'...'``, ``"..."``, ``\\`` escapes,
``$'...'``, a backslash-newline going on to the next line) up to the command's end, each with
where its characters are in the text: the one reader of ``redact_curl`` (a client's options),
``shell_pipeline`` (the commands piped into it: ``$(...)`` and backticks whole there) and
``curl_stdin``. Pure and linear: each character read once (a ``$(`` that never closes once)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

# What holds no secret in the text: the environment's ``$VAR``/``${VAR}``, IPython's ``{name}``
# on a ``!`` line (a literal in ``%%bash``; an f-string's field in Python)
ENVIRONMENT = re.compile(r"\$\w+|\$\{\w+\}|")
EXPANSION = re.compile(r"\{[^{}]*\}")


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


# bash's ANSI-C quoting (``$'...'``, bash(1) QUOTING): a backslash escape's character
_ANSI_C = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
           "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}  # fmt: skip
_ANSI_C_NUMBER = re.compile(r"[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}")


def ansi_c(text: str, i: int) -> tuple[str, int]:
    """The text of the escape at ``text[i]`` (a backslash) in ``$'...'``, as bash reads it
    (``\\n`` a newline, ``\\t`` a tab, ``\\x41``, ``\\101``, ``\\u0041`` a letter, ``\\cX``
    control-X whatever X is, a quote too; any other ``\\q`` kept as written, its backslash
    too), and where the escape's last character is: a config line after ``\\n`` in
    ``curl -K - <<< $'url = x\\nuser = u:pw'`` starts a line, as curl reads it. (A ``\\0``
    is read on, where bash ends the string: more text read, none lost.)"""
    c = text[i + 1 : i + 2]
    if c in _ANSI_C:
        return _ANSI_C[c], i + 1
    if c == "c" and i + 2 < len(text):  # (bash's ``\\c'`` is control-' and the word goes on)
        x = text[i + 2]
        return ("\x7f" if x == "?" else chr((ord(x) - 32 * ("a" <= x <= "z")) & 0x1F)), i + 2
    if number := _ANSI_C_NUMBER.match(text, i + 1):
        digits = number.group()
        code = int(digits, 8) if digits[0] in "01234567" else int(digits[1:], 16)
        return (chr(code) if code <= 0x10FFFF else "?"), number.end() - 1
    return "\\" + c, i + 1


# A single ``&`` inside a word (``https://x?a=1&b=2``): the person pasting it meant the URL's
# query (the shell ends the command there); the words read on, so a credential after it is seen
_GLUED_AMPERSAND_END = frozenset(" \t\r\n;|&<>()")


def substitution_end(
    text: str, i: int, last_quote: dict[str, int], known: dict[int, int] | None = None
) -> int | None:
    """Where the substitution at ``text[i]`` (``$(``, a process substitution's ``<(`` or ``>(``,
    or a backtick) ends, just after its ``)`` or backtick, as bash reads it (quotes, escapes,
    nested ``(...)``, ``$(...)`` and backticks in it, a ``# comment`` to its line's end, a
    ``case`` pattern's ``)`` closing nothing before its ``esac``, a heredoc's body, from the
    line after its ``<<EOF`` to its delimiter's, no code; ``$((...))``'s ``<<`` a shift); None
    when it never closes.
    One that never closes is remembered in ``last_quote`` (its opener: where it starts): one of
    its kind after it is not read again (linear). ``known``: the ends found before, by where
    each starts (filled in): an inner one found first is stepped over when an outer one is
    read (reading back from the innermost stays linear)."""
    if text[i] == "`":
        j = i
        while (j := text.find("`", j + 1)) > 0 and text[j - 1] == "\\":
            pass  # (an escaped backtick is the command's)
        return j + 1 if j > 0 else None
    if known is not None and i in known:
        return known[i]
    opener = text[i] + "("
    if i >= last_quote.get(opener, len(text) + 1):
        return None
    # the open ``(``, ``((`` (arithmetic: its ``<<`` a shift), ``"`` and ``case``, innermost last
    stack, j = ["("], i + 2
    heredocs: list[tuple[str, bool]] = []  # (the line's ``<<EOF`` not read yet, in order)
    while (special := _SPECIAL.search(text, j)) is not None:
        j = special.start()  # (the characters between mean nothing here: stepped over at once)
        c, top = text[j], stack[-1]
        code = top != '"'  # (not inside "...": a ( or ) there is the text's)
        word_start = text[j - 1] in _WORD_BEFORE
        if c == "\\":
            j += 2
            continue
        if c == "\n":
            if code and heredocs:  # (their bodies: no code, a ``)`` there closes nothing)
                j = _after_bodies(text, j + 1, heredocs)
                heredocs.clear()
                if j < 0:
                    break  # (a body to the text's end: bash never closes the substitution)
                continue
            j += 1
            continue
        if c == "<" and code and text.startswith("<", j + 1) and "((" not in stack:
            if text.startswith("<", j + 2):
                j += 3  # (``<<<``: a here-string, its word on the line)
                continue
            delimiter, j = _delimiter(text, j + 2)
            if delimiter[0]:
                heredocs.append(delimiter)
            continue
        if c == "`" or (c == "'" and code):
            j = text.find(c, j + 1)  # (no escape in '...'; a backtick's own read above)
            if j < 0:
                break
        elif c == '"':
            stack.pop() if top == '"' else stack.append('"')
        elif text.startswith("(", j + 1) and (c == "$" or (code and c in "<>")):
            if known is not None and j in known:
                j = known[j]  # (an inner one read before: stepped over)
                continue
            stack.append("(")
            j += 1
        elif code and c == "#" and word_start:
            j = text.find("\n", j)  # (a comment: its ``)`` and quotes are no code)
            if j < 0:
                break
            continue  # (its newline starts the bodies of the line's heredocs)
        elif code and word_start and _CASE.match(text, j):
            stack.append("case")  # (its patterns' ``)`` close nothing up to its ``esac``)
            j += 4
            continue
        elif top == "case" and word_start and _ESAC.match(text, j):
            stack.pop()
            j += 4
            continue
        elif code and c == "(":
            stack.append("((" if text[j - 1] == "(" else "(")  # (``$((``, ``((``: arithmetic)
        elif top in ("(", "((") and c == ")":
            stack.pop()
            if not stack:
                if known is not None:
                    known[i] = j + 1
                return j + 1
        j += 1
    last_quote[opener] = i
    return None


_SPECIAL = re.compile(r"[\\`'\"$<>()#ce\n]")  # (what may open, close or hide a ``)``)
_DELIMITER_END = frozenset(" \t\r\n;|&<>()")
_DELIMITER_QUOTED_MAX = 1024  # (how far a delimiter's quote is looked for its end)


def _delimiter(text: str, k: int) -> tuple[tuple[str, bool], int]:
    """The heredoc delimiter after the ``<<`` ending at ``text[k]`` (``<<-``: its lines' tabs
    stripped), its quotes and backslashes removed as bash removes them (``<<'EOF'``, ``<<\\EOF``
    end at a line ``EOF``), and where it ends ("" when none: bash's syntax error)."""
    strip = text.startswith("-", k)
    k += strip
    while k < len(text) and text[k] in " \t":
        k += 1
    word: list[str] = []
    while k < len(text) and text[k] not in _DELIMITER_END:
        c = text[k]
        if c in "'\"":
            close = text.find(c, k + 1, k + 1 + _DELIMITER_QUOTED_MAX)
            if close < 0 or "\n" in text[k:close]:
                break  # (one that never closes on the line, or soon: bounded, linear)
            word.append(text[k + 1 : close])
            k = close + 1
            continue
        if c == "\\":
            k += 1
            c = text[k : k + 1]
        word.append(c)
        k += 1
    return ("".join(word), strip), k


def _after_bodies(text: str, k: int, heredocs: list[tuple[str, bool]]) -> int:
    """Where the bodies of ``heredocs`` that start at ``text[k]`` (one after another, as bash
    reads a line's heredocs) end: just after the last one's delimiter line; -1 when one runs to
    the text's end. Each body's line read once."""
    for delimiter, strip in heredocs:
        while True:
            end = text.find("\n", k)
            line = text[k:end] if end >= 0 else text[k:]
            if (line.lstrip("\t") if strip else line) == delimiter:
                k = end + 1 if end >= 0 else len(text)
                break
            if end < 0:
                return -1
            k = end + 1
    return k


_WORD_BEFORE = frozenset(" \t\r\n;|&()")  # (a word starts after one: ``#``, ``case``, ``esac``)
_CASE = re.compile(r"case(?=[ \t\r\n])")
_ESAC = re.compile(r"esac(?![\w-])")


def shell_words(
    text: str,
    i: int,
    last_quote: dict[str, int],
    redacted: str = "<redacted>",
    commands: bool = False,
    most: int = -1,
) -> tuple[list[Word], int]:
    """The words of the command from ``i`` to its end; and where it ends. ``last_quote``: where
    each quote character last is in ``text`` (a quote after it never closes). ``commands``: read
    from a command's start, as bash reads the text (``pipeline``'s): a ``$(...)`` or a backtick's
    substitution is a word's whole (a ``|`` in it ends nothing), a glued ``&`` ends the command
    (``grep a&echo x``); else (from inside a command: curl's words) a backtick ends it, and a
    glued ``&`` is a URL's. ``most``: no more words than that (-1: all)."""
    words: list[Word] = []
    n, depth = len(text), 0  # depth: the unquoted ``(`` not closed yet
    while i < n and len(words) != most:
        c = text[i]
        if c in " \t\r":
            i += 1
            continue
        if text.startswith("\\\n", i) or text.startswith("\\\r\n", i):
            i = text.index("\n", i) + 1  # the command goes on
            continue
        if c in ";|&\n)" or (c == "`" and not commands):
            break
        if (
            c in "<>"
            and text.startswith("(", i + 1)
            and (close := substitution_end(text, i, last_quote))
        ):  # (a process substitution, ``<(echo a; echo b)``: one word, whole; its commands are
            # ``shell_pipeline``'s to read)
            words.append(Word(text[i:close], range(i, close), [""] * (close - i), i, close, text))
            i = close
            continue
        if c in "<>" and not text.startswith(
            redacted, i
        ):  # a redirection (``>out``, ``2>&1``, ``<<EOF``, ``<<-EOF``): its file is a word
            i += 2 if text.startswith("&", i + 1) else 3 if text.startswith("<<-", i) else 1
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
            if (
                commands
                and quote != "'"
                and (c == "`" or text.startswith("$(", i))
                and (close := substitution_end(text, i, last_quote))
            ):  # (its text as written, ``"$(echo ")")"``'s quotes its own: no option's secret)
                value += text[i:close]
                at += range(i, close)
                quotes += [quote] * (close - i)
                i = close
                continue
            if quote:
                if c == quote:
                    quote = ""
                    i += 1
                    continue
                if c == "\\" and quote == '"' and text[i + 1 : i + 2] == "\n":
                    i += 2  # (a line continuation in "...": the shell joins the lines)
                    continue
                if c == "\\" and escapes:
                    c, i = ansi_c(text, i)  # (bash's $'...': ``\\n`` is a newline)
                elif c == "\\" and quote == '"' and text[i + 1 : i + 2] in '"\\$`':
                    i += 1
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
                if commands:
                    break  # (bash ends the command there)
                # (a URL's query goes on: see _GLUED_AMPERSAND_END)
            elif c == "<" and text.startswith(redacted, i):
                end = i + len(redacted)  # (a secret redacted already: the word's, whole)
                value += redacted
                at += range(i, end)
                quotes += [quote] * len(redacted)
                i = end
                continue
            elif c in " \t\r\n;|&<>" or (c == "`" and not commands):
                break  # (``>out.txt``: a redirection, not the word's; ``-K -`...``'s end)
            elif c == "(":
                depth += 1  # (``$(cat f)``: the command goes on after its ``)``)
            elif c == ")":
                if not depth:
                    break
                depth -= 1
            if not c:
                break  # (a backslash ending the text)
            value.append(c)
            at += [i] * len(c)  # (``$'\\q'``: two characters, ``\\q``, from one escape)
            quotes += [quote] * len(c)
            i += 1
            continued = None
        end = i if continued is None else continued  # (``x\\<newline>  y``: x's end, the \\'s)
        words.append(Word("".join(value), at, quotes, start, end, text))
        if i < n and text[i] in "'\"" and not quote:
            break
    return words, i
