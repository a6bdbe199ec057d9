"""What curl reads from its standard input or a process substitution, when the text it reads is
in the command itself: ``-K -``/``--config -``'s (or ``-K <(echo ...)``'s) configuration lines,
``-d @-``'s body, ``-F 'name=<-'``'s value; given by a here-string (``<<< 'user = "bob:pw"'``),
a heredoc (``<<EOF`` ... ``EOF``), ``echo``/``printf`` piped in (or a heredoc's or a
here-string's through ``cat``: ``cat <<EOF | curl -K -``; a group's, ``(echo a; echo b) |``;
the stages as ``shell_pipeline`` reads them) or the process substitution's words (echo's joined
by spaces, as it writes them: ``echo user = u:pw``); what the text opens on a descriptor curl
reads as its config (``exec 3< <(printf ...)``, ``-K /dev/fd/3``); a Python ``input=`` or
``communicate(...)`` string after curl's list (``["curl", "-K", "-", url]``); the option in a cluster of short ones too (``-sK -``). curl's config syntax (``curl --help config``, ``-K``): one option a line, its name with or
without dashes, then whitespace, ``=`` or ``:``, then its value, quoted with ``"`` when it holds
spaces; ``#`` starts a comment line. Pure: words in, (option, value span) out; redact_curl reads
each value as it reads the command line's (``reads_stdin``, then ``stdin_credentials``)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from .curl_options import CONFIG, CURL_LONG, FIELDS, FORM, SHORT_WITH_VALUE, long_kind
from .shell_pipeline import (
    Heredocs,
    commands_within,
    group_openings,
    output_substitution,
    piped_into,
    pipeline_start,
    redirected,
    substitution_start,
)
from .shell_words import Word, shell_words

# A config line in a word's value (lines apart: a newline, printf's ``\n``, a quote or ``(``
# before it): the option's name, and its value (``"..."``'s body, or a word)
CONFIG_LINE = re.compile(
    r"""(?:^|(?<=[\n'"(;])|(?<=\\n))[ \t]*(?:--?)?(?P<name>[A-Za-z][\w-]*)"""
    r"""(?:[ \t]*[=:][ \t]*|[ \t]+)(?:"(?P<quoted>(?:[^"\\\n]|\\.)*)"|(?P<bare>[^\s"'\\)]+))"""
)
_WRITERS = frozenset({"echo", "printf"})
_STDIN = frozenset({"-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})  # (curl's stdin)
# another descriptor of the shell's, read as a file (``-K /dev/fd/3``): what the text opens on it
_DESCRIPTOR = re.compile(r"/(?:dev/fd|proc/(?:self|thread-self)/fd)/([1-9]\d*)")
# echo's own options, before its first argument (``echo -e``; ``echo --user u:pw`` writes
# ``--user u:pw``: bash's echo takes no long option), printf's ``--``
_WRITER_OPTION = re.compile(r"-[neE]+|--")


def config_lines(value: str) -> list[tuple[str, int, int]]:
    """``(option, start, end)`` of each config line in ``value`` (the value's span: a quoted
    one's body). The option as on curl's command line: ``--user``, ``-u``."""
    found = []
    for m in CONFIG_LINE.finditer(value):
        group = "quoted" if m.group("quoted") is not None else "bare"
        name = m.group("name")
        found.append((("-" if len(name) == 1 else "--") + name, m.start(group), m.end(group)))
    return found


def piped_in(words: Sequence[Word]) -> list[Word]:
    """The words ``echo``/``printf`` writes (a pipeline's command before curl): its arguments,
    options apart (``_written``)."""
    if not words or words[0].value.lstrip("!(").rsplit("/", 1)[-1] not in _WRITERS:
        return []
    return _written(_arguments(words[1:]))


def _arguments(words: Sequence[Word]) -> list[Word]:
    """A writer's words after its leading options (``-e``, ``-n``, ``--``)."""
    k = 0
    while k < len(words) and _WRITER_OPTION.fullmatch(words[k].value):
        k += 1
    return list(words[k:])


def _written(words: list[Word]) -> list[Word]:
    """A writer's arguments, each apart (``printf 'url = x\\n' 'user = u:pw'``) and as echo
    writes them, joined by spaces (``echo user = u:pw``: one config line)."""
    if len(words) < 2:
        return words
    value, at = [words[0].value], list(words[0].at)
    for before, word in itertools.pairwise(words):
        value += [" ", word.value]
        at += [before.end, *word.at]  # (the space: just after the word before)
    return [*words, Word("".join(value), at, None, words[0].start, words[-1].end, words[0].text)]


def substituted(words: Sequence[Word], k: int, walked: int = -1) -> tuple[list[Word], int]:
    """The words ``echo``/``printf`` writes in a process substitution whose first word is
    ``words[k]`` (``(echo``): up to the one that closes it; and the index of the last word
    read. Words up to ``walked`` were read by an earlier substitution (one left open runs to
    the end): they are not read again, so many ``-K <(echo`` with no ``)`` stay linear."""
    glued = words[k].value[1:]  # (``<( echo ...)``: the writer's name the next word)
    name = glued or (words[k + 1].value if k + 1 < len(words) else "")
    if name.rsplit("/", 1)[-1] not in _WRITERS:
        return [], walked
    found = []
    j = k
    for j in range(max(k + (1 if glued else 2), walked + 1), len(words)):
        found.append(words[j])
        if words[j].value.endswith(")"):
            break
    return _written([w for w in found if not w.value.startswith("-")]), max(j, walked)


class Stdin(NamedTuple):
    """What curl reads from its standard input: config lines, a body (``-d @-``), the value
    of the form fields named; the words of a ``-K <(echo ...`` that never closes, and the
    process substitutions read whole (``-K <(echo a; echo b)``) whose commands write config."""

    config: bool
    body: bool
    fields: list[str]
    substituted: list[Word]
    substitutions: list[Word]
    descriptors: tuple[str, ...] = ()  # (``-K /dev/fd/3``: what the text opens on 3 is config)


def reads_stdin(words: list[Word]) -> Stdin | None:
    """What curl's options say it reads from stdin (None: nothing)."""
    config, body, fields, substituted_, substitutions, walked = False, False, [], [], [], -1
    descriptors: list[str] = []
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
            config |= given in _STDIN
            if given.startswith("(") and apart:
                found, walked = substituted(words, k + 1, walked)
                substituted_ += found
            elif given.startswith("<(") and apart:
                substitutions.append(words[k + 1])
            elif descriptor := _DESCRIPTOR.fullmatch(given):
                descriptors.append(descriptor.group(1))
        elif option == "-d" or long_kind(option, CURL_LONG) == FIELDS:
            body |= given[:1] == "@" and given[1:] in _STDIN
        elif option == "-F" or long_kind(option, CURL_LONG) == FORM:
            name, _, source = given.partition("=")
            source = source.partition(";")[0]  # (``<-;type=text/plain``)
            if source[:1] in ("<", "@") and source[1:] in _STDIN:
                fields.append(name)
    if not (config or body or fields or substituted_ or substitutions or descriptors):
        return None
    return Stdin(config, body, fields, substituted_, substitutions, tuple(descriptors))


def short_option(value: str) -> tuple[str, str]:
    """A cluster of curl's short options (``-sK``, ``-fsSLK-``, ``-sd@-``): the option that takes
    a value (curl reads the letters up to it as flags) and what is glued after it; ``("", "")``
    when none takes one."""
    for k, letter in enumerate(value[1:], start=1):
        if letter in SHORT_WITH_VALUE:
            return "-" + letter, value[k + 1 :]
    return "", ""


def _substitution_after(words: Sequence[Word], k: int) -> bool:
    """Whether ``words[k]`` (``--config=``) is followed right away by ``<(``: its value (a word
    of its own, whole; or one that never closes, ``(`` on)."""
    after = words[k + 1] if k + 1 < len(words) else None
    if after is None:
        return False
    between = words[k].text[words[k].end : after.start]
    return between == "<" or (not between and after.value.startswith("<("))


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
    context = (last_quote, redacted, heredocs)
    sources = _redirections(text, words, context)
    stages = _feeding(text, floor, at, context)
    for writer in stages:
        # what it writes: echo's and printf's words, or else what it reads (cat, envsubst...)
        # from a heredoc or a here-string. Every source is read, curl's own redirection too
        # (the shell's stdin is its last one; reading all of them loses no credential)
        sources += piped_in(writer) or _redirections(text, writer, context)
    written = list(stdin.substituted)  # (what a ``-K <(...)``'s commands write: config lines)
    for substitution_ in stdin.substitutions:
        written += _written_in(text, substitution_, context)
    for descriptor in stdin.descriptors:
        written += _opened_on(text, descriptor, where, context)
    return _given(text, stdin, sources, written)


def _given(text: str, stdin: Stdin, sources: list[Word], written: list[Word]) -> list[list[Word]]:
    """The option words, each with its value, that curl reads from ``sources`` (its stdin:
    config lines, a body, form fields, as ``stdin`` says) and ``written`` (a substitution's
    output, read as config)."""
    option = lambda name: Word(name, (), None, 0, 0, text)
    given = []
    substitution = [False] * len(sources) + [True] * len(written)
    for source, substituted_ in zip(sources + written, substitution, strict=True):
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


_Context = tuple[dict[str, int], str, Heredocs]  # (last_quote, redacted, heredocs)
NESTED = 3  # (process substitutions read inside one another: a bounded number of times over)


def _feeding(text: str, floor: int, at: int, context: _Context) -> list[list[Word]]:
    """The words of the commands whose output curl at ``at`` reads on its stdin (``printf 'user
    = a:b' | curl -K -``, ``cat <<EOF | curl -K -``, ``echo ... | tee log | curl -K -``, ``(echo
    ...; echo ...) | curl -K -``, ``echo ... > >(curl -K -)``): the pipeline's first line, then
    its commands read forward as bash reads them; a group closed there that opened before that
    line (``(`` alone on a line above): read again from the last client's end. Inside ``$(...)``
    or backticks (``x=$(echo ... | curl -K -)``): the substitution's commands, read from just
    inside it, never the whole line again for each of many ``$(curl ...)``. Inside an output
    process substitution: the command writing into it, and what feeds that command."""
    last_quote, redacted, heredocs = context
    inclusive = False
    if (out := output_substitution(text, floor, at, last_quote, heredocs)) is not None:
        at, inclusive = out, True  # (read as the command ``>(`` is in: it writes there)
    inside = substitution_start(text, floor, at, last_quote, heredocs)
    if inside is not None:
        return piped_into(text, inside, at, last_quote, redacted, heredocs, inclusive)[0]
    start = pipeline_start(text, floor, at, heredocs)
    stages, unopened = piped_into(text, start, at, last_quote, redacted, heredocs, inclusive)
    if unopened and start > floor:
        stages, unopened = piped_into(text, floor, at, last_quote, redacted, heredocs, inclusive)
    for back in group_openings(text, floor) if unopened else ():
        # (another curl in the group, its words before ``floor``: the group's opening)
        found, unopened = piped_into(text, back, at, last_quote, redacted, heredocs, inclusive)
        if not unopened:
            return found
    return stages


def _redirections(
    text: str, words: Sequence[Word], context: _Context, nested: int = NESTED
) -> list[Word]:
    """The here-strings (``<<< 'x'``) and heredocs (``<<EOF`` ... ``EOF``: the lines after the
    one its word is on, or after the delimiter of the one before it on the line) among a
    command's ``words``; and what the commands of a process substitution it reads write
    (``< <(echo ...)``, ``< <(cat < <(echo ...))``: ``nested`` levels more, each read once
    more: bounded)."""
    sources = []
    for word in words:
        arrow = redirected(text, word)
        if arrow == "<<<":
            sources.append(word)
        elif arrow in ("<<", "<<-") and (body := context[2].body(word, arrow)):
            sources.append(Word(text[body[0] : body[1]], range(*body), None, *body, text))
        elif arrow == "<" and nested and word.value.startswith("<("):
            sources += _written_in(text, word, context, nested - 1)
    return sources


def _written_in(
    text: str, substitution: Word, context: _Context, nested: int = NESTED
) -> list[Word]:
    """What the commands of the process substitution ``substitution`` (a word, whole) write
    that the text holds: echo's and printf's words, a here-string's or a heredoc's."""
    found = []
    for command in commands_within(text, substitution, context[0], context[1]):
        found += piped_in(command) or _redirections(text, command, context, nested)
    return found


# What Python gives a subprocess's stdin after curl's list (``subprocess.run([...],
# input="...")``, ``check_output``, ``Popen([...]).communicate(input=...)`` or ``("...")``): a
# string literal's body
_PYTHON_INPUT = re.compile(
    r"""(?:\binput\s*=\s*|\.communicate\(\s*)[rRbBuUfF]{0,2}(?:"""
    r"""'''(?P<b3>[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*)'''"""  # (triple quotes: a file's lines)
    r'''|"""(?P<b4>[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*)"""'''
    r"""|'(?P<b1>(?:\\.|[^\\'\n])*)'|"(?P<b2>(?:\\.|[^\\"\n])*)")"""
)
INPUT_WINDOW = 2000  # (characters after curl's list looked at for its input: bounded, linear)


def input_credentials(text: str, end: int, stdin: Stdin) -> list[list[Word]]:
    """The option words, each with its value, of what Python code gives curl's stdin when
    curl's list (ending at ``end``) says it reads it (``["curl", "-K", "-", url]``, ``-d @-``):
    the first ``input=`` or ``.communicate(...)`` string up to ``INPUT_WINDOW`` characters
    after the list (the call's own, or the Popen's ``communicate`` lines below)."""
    m = _PYTHON_INPUT.search(text, end, end + INPUT_WINDOW)
    if m is None:
        return []
    group = next(g for g in ("b1", "b2", "b3", "b4") if m.group(g) is not None)
    start, stop = m.span(group)
    return _given(
        text, stdin, [Word(text[start:stop], range(start, stop), None, start, stop, text)], []
    )


def _opened_on(
    text: str, descriptor: str, where: tuple[int, int, int], context: _Context
) -> list[Word]:
    """What the text gives the shell's descriptor ``descriptor`` for curl at ``where`` to read:
    the last redirection of it before curl's command (``exec 3< <(printf 'user = ...')``) and
    those on the command (``curl -K /dev/fd/3 3<<< 'user = ...'``); a process substitution's
    commands' words (``_written_in``), a here-string's or a heredoc's. Every redirection of a
    descriptor is found in one pass over the text, and each read for one curl only (the first
    that reads it: its credentials are redacted once): linear."""
    heredocs, (_, place, end) = context[2], where
    if heredocs.descriptors is None:
        heredocs.descriptors = {}
        for m in _OPENED.finditer(text):
            heredocs.descriptors.setdefault(m.group(1), []).append(m.end(1))
    opened = heredocs.descriptors.get(descriptor, [])
    first = bisect.bisect_left(opened, place)
    found: list[Word] = []
    # (the last one before curl's command, and those on it)
    for at in opened[max(0, first - 1) : bisect.bisect_left(opened, end)]:
        if at in heredocs.descriptors_read:
            continue
        heredocs.descriptors_read.add(at)
        words, _ = shell_words(text, at, context[0], context[1], most=1)
        if words and words[0].start == redirected_at(text, at):
            found += _redirections(text, words[:1], context)
    return found


# a descriptor's number then ``<`` (a file, ``< <(...)``), ``<<<`` or ``<<``: a redirection of
# that descriptor (``3< <(...)``, ``3<<< 'x'``), not a number's comparison (``$3<``, ``a3<``)
_OPENED = re.compile(r"(?<![\w$\\])([1-9]\d*)(?=<)")


def redirected_at(text: str, at: int) -> int:
    """Where the word of the redirection whose arrow starts at ``text[at]`` starts."""
    arrow = "<<<" if text.startswith("<<<", at) else "<<-" if text.startswith("<<-", at) else (
        "<<" if text.startswith("<<", at) else "<")  # fmt: skip
    i = at + len(arrow)
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def _part(word: Word, start: int, stop: int, before: str = "") -> Word:
    """``word.value[start:stop]`` as a word of its own (``before`` it: a form field's
    ``name=``, at no place in the text), redacted whole from its first to its last character."""
    at = [word.at[start] - 1] * len(before) + list(word.at[start:stop])
    return Word(before + word.value[start:stop], at, None, at[len(before)], at[-1] + 1, word.text)
