"""What curl reads from its standard input or a process substitution, when the text it reads is
in the command itself: ``-K -``/``--config -``'s (or ``-K <(echo ...)``'s) configuration lines,
``-d @-``'s body, ``-F 'name=<-'``'s value; given by a here-string (``<<< 'user = "bob:pw"'``),
a heredoc (``<<EOF`` ... ``EOF``), ``echo``/``printf`` piped in (or a heredoc's or a
here-string's through ``cat``: ``cat <<EOF | curl -K -``; a pipe ending the line before too) or
the process substitution's words; the option in a cluster of short ones too (``-sK -``). curl's config syntax (``curl --help config``, ``-K``): one option a line, its name with or
without dashes, then whitespace, ``=`` or ``:``, then its value, quoted with ``"`` when it holds
spaces; ``#`` starts a comment line. Pure: words in, (option, value span) out; redact_curl reads
each value as it reads the command line's (``reads_stdin``, then ``stdin_credentials``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from .curl_options import CONFIG, CURL_LONG, FIELDS, FORM, SHORT_WITH_VALUE, long_kind
from .shell_words import Word, shell_words

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
    if not words or words[0].value.lstrip("!(").rsplit("/", 1)[-1] not in _WRITERS:
        return []
    return [w for w in words[1:] if not w.value.startswith("-")]


def substituted(words: Sequence[Read], k: int, walked: int = -1) -> tuple[list[Read], int]:
    """The words ``echo``/``printf`` writes in a process substitution whose first word is
    ``words[k]`` (``(echo``): up to the one that closes it; and the index of the last word
    read. Words up to ``walked`` were read by an earlier substitution (one left open runs to
    the end): they are not read again, so many ``-K <(echo`` with no ``)`` stay linear."""
    if words[k].value[1:].rsplit("/", 1)[-1] not in _WRITERS:
        return [], walked
    found = []
    j = k
    for j in range(max(k + 1, walked + 1), len(words)):
        found.append(words[j])
        if words[j].value.endswith(")"):
            break
    return [w for w in found if not w.value.startswith("-")], max(j, walked)


class Stdin(NamedTuple):
    """What curl reads from its standard input: config lines, a body (``-d @-``), the value
    of the form fields named; and the words of a ``-K <(echo ...)``'s substitution."""

    config: bool
    body: bool
    fields: list[str]
    substituted: list[Word]


def reads_stdin(words: list[Word]) -> Stdin | None:
    """What curl's options say it reads from stdin (None: nothing)."""
    config, body, fields, substituted_, walked = False, False, [], [], -1
    values = [w.value for w in words] + [""]
    for k, value in enumerate(values[:-1]):
        option, equals, glued = value.partition("=") if value.startswith("--") else ("", "", "")
        if value.startswith("-") and not value.startswith("--"):
            option, glued = short_option(value)
        # the next word is the value: ``-K -``, or ``--config=<(...)``/``-K<(...)`` (the shell
        # reads ``<(`` as a word of its own, a process substitution's)
        apart = not glued and (not equals or _substitution_after(words, k))
        given = values[k + 1] if apart else glued
        if option == "-K" or long_kind(option, CURL_LONG) == CONFIG:
            config |= given == "-"
            if given.startswith("(") and apart:
                found, walked = substituted(words, k + 1, walked)
                substituted_ += found
        elif option == "-d" or long_kind(option, CURL_LONG) == FIELDS:
            body |= given == "@-"
        elif option == "-F" or long_kind(option, CURL_LONG) == FORM:
            name, _, source = given.partition("=")
            if source.partition(";")[0] in ("<-", "@-"):  # (``<-;type=text/plain``)
                fields.append(name)
    if not (config or body or fields or substituted_):
        return None
    return Stdin(config, body, fields, substituted_)


def short_option(value: str) -> tuple[str, str]:
    """A cluster of curl's short options (``-sK``, ``-fsSLK-``, ``-sd@-``): the option that takes
    a value (curl reads the letters up to it as flags) and what is glued after it; ``("", "")``
    when none takes one."""
    for k, letter in enumerate(value[1:], start=1):
        if letter in SHORT_WITH_VALUE:
            return "-" + letter, value[k + 1 :]
    return "", ""


def _substitution_after(words: Sequence[Word], k: int) -> bool:
    """Whether ``words[k]`` (``--config=``) is followed right away by ``<(``: its value."""
    after = words[k + 1] if k + 1 < len(words) else None
    return after is not None and words[k].text[words[k].end : after.start] == "<"


def stdin_credentials(
    text: str,
    where: tuple[int, int, int],
    words: list[Word],
    stdin: Stdin,
    last_quote: dict[str, int],
    redacted: str,
    heredocs: Heredocs,
) -> list[list[Word]]:
    """The option words, each with its value, of what curl reads from stdin (``stdin``) that
    the text holds: a here-string, a heredoc, ``echo``/``printf`` piped in; the config lines of
    a ``-K <(echo ...)``; read as curl reads them (``curl_stdin``)."""
    floor, at, _ = where  # (the last client's words' end, curl's place, its command's end)
    sources = _redirections(text, words, heredocs)
    bar, line = _pipe_into(text, floor, at)
    # (``printf 'user = a:b' | curl -K -``, ``cat <<EOF | curl -K -``, ``echo ... | tee log |
    # curl -K -``): each stage piped into the next, read back from the one before curl
    start = max(line, floor)
    while bar >= 0 and (before := _joined_before(text, floor, start)[0]) >= 0:
        start = before  # (a pipeline's lines before: ``echo ... |`` then ``tee a |`` then curl)
    for writer in _stages(text, start, bar, last_quote, redacted) if bar >= 0 else []:
        # what it writes: echo's and printf's words, or else what it reads (cat, envsubst...)
        # from a heredoc or a here-string. Every source is read, curl's own redirection too
        # (the shell's stdin is its last one; reading all of them loses no credential)
        sources += piped_in(writer) or _redirections(text, writer, heredocs)
    option = lambda name: Word(name, (), None, 0, 0, text)
    given = []
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


class Heredocs:
    """The heredocs of a text's lines, each line's read once, in order (``<<A`` then ``<<B``:
    B's body starts after A's delimiter, whichever command of the line each belongs to: ``cat
    <<A | curl -K -; curl -K - <<B``): where each delimiter word starts -> its body's span."""

    def __init__(self, text: str, last_quote: dict[str, int], redacted: str) -> None:
        self.text, self.last_quote, self.redacted = text, last_quote, redacted
        self.bodies: dict[int, tuple[int, int] | None] = {}  # (None: no body, none read)
        self.lines: set[int] = set()  # (the starts of the lines read)
        self.read_to = 0  # where the last body read ends

    def body(self, word: Word, arrow: str) -> tuple[int, int] | None:
        """The body of the heredoc whose delimiter is ``word`` (after ``arrow``)."""
        if word.start not in self.bodies and word.end >= self.read_to:
            line = self.text.rfind("\n", 0, word.start) + 1
            if line not in self.lines:
                self.lines.add(line)
                self._read_line(line)
            if word.start not in self.bodies:  # (a line not read as the command's words)
                found = heredoc(self.text, word.value, word.end, arrow == "<<-")
                self.bodies[word.start] = found
                self.read_to = max(self.read_to, found[1] if found else 0)
        return self.bodies.get(word.start)

    def _read_line(self, i: int) -> None:
        """Every heredoc on the line at ``i``, every command's, in order."""
        text, after = self.text, -1  # (after: where the last body read on the line ends)
        while i < len(text):
            words, end = shell_words(text, i, self.last_quote, self.redacted)
            for word in words:
                arrow = redirected(text, word)
                if arrow in ("<<", "<<-"):
                    found = heredoc(text, word.value, max(word.end, after), arrow == "<<-")
                    self.bodies[word.start] = found
                    if found:
                        after = self.read_to = max(self.read_to, found[1])
            if end >= len(text) or text[end] not in ";|&)`":
                break  # (the line's end, a comment's, a quote that never closes)
            i = max(end, i) + 1


def _redirections(text: str, words: Sequence[Word], heredocs: Heredocs) -> list[Word]:
    """The here-strings (``<<< 'x'``) and heredocs (``<<EOF`` ... ``EOF``: the lines after the
    one its word is on, or after the delimiter of the one before it on the line) among a
    command's ``words``."""
    sources = []
    for word in words:
        arrow = redirected(text, word)
        if arrow == "<<<":
            sources.append(word)
        elif arrow in ("<<", "<<-") and (body := heredocs.body(word, arrow)):
            sources.append(Word(text[body[0] : body[1]], range(*body), None, *body, text))
    return sources


def _pipe_into(text: str, floor: int, at: int) -> tuple[int, int]:
    """The ``|`` that pipes into the command at ``at`` (not ``||``; none: -1) and the start of
    its line: on the command's line, or ending the line before (``printf ... |`` or ``|\\``
    then a newline, blank or comment lines after it: the shell reads the pipeline on), or
    starting it after a line continuation. Reads back no further than ``floor``."""
    line = text.rfind("\n", floor, at) + 1 or floor
    bar = text.rfind("|", line, at)
    if 0 <= bar and line > floor and not text[line:bar].strip():  # (``echo x \`` then ``| curl``)
        j = line - 1 - (text[line - 2 : line - 1] == "\r")
        if text[j - 1 : j] == "\\":
            line = text.rfind("\n", floor, j - 1) + 1 or floor
    if bar < 0 and line > floor and not any(c in text[line:at] for c in ";&"):
        prev, piped = _joined_before(text, floor, line)
        if piped >= 0:
            bar, line = piped, prev
    after = bar + 1 + (text[bar + 1 : bar + 2] == "&")  # (``|&``: a pipe too)
    rest = text[_AFTER_BAR.match(text, after).end() : at] if bar >= 0 else ""  # (``| # a; b``)
    if bar > line and text[bar - 1] != "|" and not any(c in rest for c in ";&"):
        return bar, line
    return -1, line


def _joined_before(text: str, floor: int, line: int) -> tuple[int, int]:
    """The start of the line the one at ``line`` goes on from (-1: none) and its ``|`` (-1: a
    line continuation, or none): the line before when it ends with ``\\``; else the last one
    before that is no blank or comment line, when it ends with ``|`` (a ``# comment`` after it
    too: the shell reads the pipeline on). Reads back no further than ``floor``."""
    if line <= floor:
        return -1, -1
    j = line - 1 - (text[line - 2 : line - 1] == "\r")
    if text[j - 1 : j] == "\\":  # (``echo x \\``, ``echo x |\\`` then a newline)
        prev = text.rfind("\n", floor, j - 1) + 1 or floor
        content = text[prev : j - 1].rstrip(" \t")
        piped = content.endswith("|") and not content.endswith("||")
        if content.strip():  # (a line of a ``\\`` alone: a blank one, read back past)
            return prev, prev + len(content) - 1 if piped else -1
    k = line - 1
    while k > floor:  # (back over blank and comment lines: the pipeline reads on past them)
        prev = text.rfind("\n", floor, k) + 1 or floor
        content = _TRAILING_COMMENT.sub("", text[prev:k]).rstrip(" \t\r\\")
        if content and not content.lstrip().startswith("#"):
            if content.endswith("|") and not content.endswith("||"):
                return prev, prev + len(content) - 1
            return -1, -1
        k = prev - 1
    return -1, -1


_TRAILING_COMMENT = re.compile(r"(?:^|(?<=[ \t|]))#[^'\"\n]*$")  # (``echo x |  # note``)
# after a pipeline's ``|``: spaces, newlines, comment lines, line continuations
_AFTER_BAR = re.compile(r"(?:[ \t\r\n]|\\\r?\n|#[^\n]*)*")


def _stages(
    text: str, i: int, bar: int, last_quote: dict[str, int], redacted: str
) -> list[list[Word]]:
    """The words of each stage of the pipeline whose ``|`` is at ``bar`` (from ``i`` on): the
    commands read forward as the shell reads them (a ``;``, ``&`` or ``|`` in quotes, ``2>&1``
    are no separator), then back from ``bar`` while ``|`` or ``|&`` joins them."""
    commands: list[tuple[list[Word], bool]] = []  # (words, piped into the next)
    while i <= bar:
        words, end = shell_words(text, i, last_quote, redacted)
        two = text[end : end + 2]
        piped = two[:1] == "|" and two != "||"
        commands.append((words, piped))
        if end >= bar or text[end : end + 1] in ("'", '"', ""):
            break  # (curl's bar, or a quote that never closes)
        i = max(end, i) + (2 if two in ("||", "|&", "&&", ";;") else 1)
        if piped:
            i = _AFTER_BAR.match(text, i).end()  # (``echo x |`` then ``curl -K -`` below)
    if not commands or not commands[-1][1]:
        return []
    stages = []
    for words, piped in reversed(commands):
        if not piped:
            break
        stages.append(words)
    return stages


def _part(word: Word, start: int, stop: int, before: str = "") -> Word:
    """``word.value[start:stop]`` as a word of its own (``before`` it: a form field's
    ``name=``, at no place in the text), redacted whole from its first to its last character."""
    at = [word.at[start] - 1] * len(before) + list(word.at[start:stop])
    return Word(before + word.value[start:stop], at, None, at[len(before)], at[-1] + 1, word.text)
