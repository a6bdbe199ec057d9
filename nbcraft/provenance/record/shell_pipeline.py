"""What a shell command reads on its standard input when the text holds it: the heredocs of the
text's lines (``<<EOF`` ... ``EOF``), and the commands of the pipeline piped into it, read as
bash reads them: a group's every command (``(echo a; echo b) | curl``, ``{ ...; } |``), a
``|`` in a ``$(...)``, a backtick or quotes ending nothing, ``&``, ``&&``, ``;``, ``||`` and a
newline ending the pipeline (a glued ``grep a&echo x`` too), a heredoc's body between its lines
skipped (``cat <<EOF |`` then the body then ``curl``); ``if``/``for``/``while`` ... ``fi``/
``done`` read as groups, a group's stdin every command's in it; a pipeline inside ``$(...)`` or
backticks read from just inside it (``substitution_start``); a group that holds another client
found back, bounded (``group_openings``). The one owner of "which commands feed this one"
(``curl_stdin`` asks it); each command's words are ``shell_words``'. Pure and linear: each line
read once back, once forward (twice when a group opened before the pipeline's first line); a
heredoc's end a look-up in a line index built once."""

from __future__ import annotations

import bisect
import re
from typing import Protocol

from .shell_words import Word, shell_words, substitution_end


class Read(Protocol):
    value: str
    start: int
    end: int


def redirected(text: str, word: Read) -> str:
    """The redirection just before ``word`` in ``text``: ``<<<`` (a here-string), ``<<`` or
    ``<<-`` (a heredoc's delimiter), ``<`` or ``""``. (Looks back a few characters only.)"""
    before = text[max(0, word.start - 8) : word.start].rstrip(" \t")
    for arrow in ("<<<", "<<-", "<<"):
        if before.endswith(arrow):
            return arrow
    return "<" if before.endswith("<") else ""


class _DelimiterLines:
    """The starts of a text's lines by what each line holds (and what it holds with its tabs
    in front stripped, ``<<-``'s), indexed once: a heredoc's end is a look-up, so that reading
    many ``<<`` lines (back or forward) never scans the text again after each (linear)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None

    def heredoc(self, delimiter: str, after: int, strip_tabs: bool) -> tuple[int, int] | None:
        """Where the heredoc whose delimiter is ``delimiter`` is: the lines after the one
        ``after`` is on, up to the line that is the delimiter (the text's end when none)."""
        text = self.text
        start = text.find("\n", after)
        if start < 0 or not delimiter:
            return None
        start += 1
        if self.lines is None:
            exact: dict[str, list[int]] = {}
            stripped: dict[str, list[int]] = {}
            i = 0
            for line in text.split("\n"):
                exact.setdefault(line, []).append(i)
                stripped.setdefault(line.lstrip("\t"), []).append(i)
                i += len(line) + 1
            self.lines = exact, stripped
        starts = self.lines[strip_tabs].get(delimiter, ())
        k = bisect.bisect_left(starts, start)
        return (start, starts[k]) if k < len(starts) else (start, len(text))


class Heredocs:
    """The heredocs of a text's lines, each line's read once, in order (``<<A`` then ``<<B``:
    B's body starts after A's delimiter, whichever command of the line each belongs to: ``cat
    <<A | curl -K -; curl -K - <<B``): where each delimiter word starts -> its body's span."""

    def __init__(self, text: str, last_quote: dict[str, int], redacted: str) -> None:
        self.text, self.last_quote, self.redacted = text, last_quote, redacted
        self.bodies: dict[int, tuple[int, int] | None] = {}  # (None: no body, none read)
        self.lines: set[int] = set()  # (the starts of the lines read)
        self.opened: dict[int, int] = {}  # a delimiter line's start -> its heredoc's line's
        self.read_to = 0  # where the last body read ends
        self.delimiters = _DelimiterLines(text)  # (each line's end found by a look-up)
        self.backticks: list[int] | None = None  # (where each unescaped backtick is)
        self.anchors: list[int] | None = None  # (where no backtick can be open: see below)
        self.ends: dict[int, int] = {}  # (each substitution's end found, by its start)
        self.descriptors: dict[str, list[int]] | None = None  # (``3<``: where each arrow is)
        self.descriptors_read: set[int] = set()  # (those read for a curl: not read again)

    def body(self, word: Word, arrow: str) -> tuple[int, int] | None:
        """The body of the heredoc whose delimiter is ``word`` (after ``arrow``)."""
        if word.start not in self.bodies and word.end >= self.read_to:
            line = self.text.rfind("\n", 0, word.start) + 1
            if line not in self.lines:
                self.lines.add(line)
                self._read_line(line)
            if word.start not in self.bodies:  # (a line not read as the command's words)
                found = self.delimiters.heredoc(word.value, word.end, arrow == "<<-")
                self.bodies[word.start] = found
                self.read_to = max(self.read_to, found[1] if found else 0)
        return self.bodies.get(word.start)

    def opener(self, delimiter: int, floor: int) -> int | None:
        """The start of the line whose heredoc ends at the line at ``delimiter`` (its
        delimiter's; None: none), found back to ``floor`` (each line read once)."""
        p = delimiter
        while (p := self.text.rfind("<<", floor, p)) >= 0:
            line = self.text.rfind("\n", 0, p) + 1
            if line not in self.lines:
                self.lines.add(line)
                self._read_line(line, track=False)
            if delimiter in self.opened:
                return self.opened[delimiter]
            p = line
        return None

    def _read_line(self, i: int, track: bool = True) -> None:
        """Every heredoc on the line at ``i``, every command's, in order (``track``: read in
        the text's order, so that ``read_to`` moves on)."""
        text, after, line = self.text, -1, i  # (after: where the last body read on it ends)
        while i < len(text):
            words, end = shell_words(text, i, self.last_quote, self.redacted)
            for word in words:
                arrow = redirected(text, word)
                if arrow in ("<<", "<<-"):
                    found = self.delimiters.heredoc(
                        word.value, max(word.end, after), arrow == "<<-"
                    )
                    self.bodies[word.start] = found
                    if found:
                        after = max(after, found[1])
                        self.opened[found[1]] = line
                        self.read_to = max(self.read_to, found[1]) if track else self.read_to
            if end >= len(text) or text[end] not in ";|&)`":
                break  # (the line's end, a comment's, a quote that never closes)
            i = max(end, i) + 1


def substitution_start(
    text: str, floor: int, at: int, last_quote: dict[str, int], heredocs: Heredocs
) -> int | None:
    """Just inside the command substitution the command at ``at`` is in (``x=$(echo ... |
    curl -K -)``, backticks; None: in none found), found back to ``floor``: the nearest ``$(``
    that closes after ``at`` (back past inner ones closed before it: ``$(echo $(date) ... |
    curl``), or the nearest backtick when it opens one (an odd one counted from where no
    backtick can be open: ``backtick_anchor``). Its commands are what pipes into curl, read
    from there: never the whole line again for each of many ``$(curl ...)`` (linear: each
    inner one's end is remembered and stepped over)."""
    if heredocs.backticks is None:
        heredocs.backticks = [m.start() for m in _BACKTICK.finditer(text)]
    ticks = heredocs.backticks
    k = bisect.bisect_left(ticks, at) - 1
    tick = ticks[k] if k >= 0 and ticks[k] >= floor else -1
    dollar, lo = at, max(floor, tick)
    while True:
        if (dollar := text.rfind("$(", lo, dollar)) >= 0:
            end = substitution_end(text, dollar, last_quote, heredocs.ends)
            if end is None or end > at:
                return dollar + 2 if end else None
        elif tick >= 0:  # (the backtick: one it opens, or else a ``$(`` before it goes on)
            first = bisect.bisect_left(ticks, backtick_anchor(text, tick, heredocs))
            if (k - first) % 2 == 0:
                return tick + 1
            dollar, lo, tick = tick, floor, -1
        else:
            return None


def backtick_anchor(text: str, at: int, heredocs: Heredocs) -> int:
    """Where counting backticks starts for one at ``at``: the text's start, or the nearest line
    before it that starts with IPython's ``!`` or ``%`` (a shell line or a cell magic's; a
    backtick of the Python around it is no shell's). Not its own line's start: a substitution
    goes on over lines (``y=`a<newline>b` ; x=`... | curl -K -` ``). Found once, bisected."""
    if heredocs.anchors is None:
        heredocs.anchors = [0] + [m.start(1) for m in _ANCHOR.finditer(text)]
    anchors = heredocs.anchors
    return anchors[bisect.bisect_right(anchors, at) - 1]


def output_substitution(
    text: str, floor: int, at: int, last_quote: dict[str, int], heredocs: Heredocs
) -> int | None:
    """Where the output process substitution the command at ``at`` is in starts (``echo ... >
    >(curl -K -)``, ``tee >(curl -K -)``: what the command around it writes is curl's stdin;
    None: in none), found back to ``floor``: the nearest ``>(`` that closes after ``at``."""
    p = text.rfind(">(", floor, at)
    if p >= 0 and (end := substitution_end(text, p, last_quote, heredocs.ends)) and end > at:
        return p
    return None


def commands_within(
    text: str, word: Read, last_quote: dict[str, int], redacted: str
) -> list[list[Word]]:
    """The words of every command in the process substitution ``word`` (``<(echo a; echo b)``,
    read whole by ``shell_words``): each writes to the file it stands for (``-K <(...)``, ``<
    <(...)``). Each character of it read once."""
    i, stop, found = word.start + 2, word.end - 1, []
    while i < stop:
        i = _COMMAND_START.match(text, i, stop).end()
        words, end = shell_words(text, i, last_quote, redacted, commands=True)
        while words and words[0].value in _KEYWORDS:
            words = words[1:]
        if words:
            found.append(words)
        i = max(end, i) + (2 if text[end : end + 2] in ("||", "&&", ";;") else 1)
    return found


_BACKTICK = re.compile(r"(?<!\\)`")
_ANCHOR = re.compile(r"^[ \t]*([!%])", re.MULTILINE)


GROUP_LOOKBACK = 2000  # (characters read back for a group's opening line: bounded, linear)


def group_openings(text: str, floor: int) -> list[int]:
    """Where a group closed after ``floor`` may have opened before it (another curl in the group:
    ``(echo 'user = u:pw'; curl -s https://a) | curl -K -``, ``{ ...; }``, over lines too): the
    start of ``floor``'s line when a ``(`` or ``{`` is on it before ``floor`` (on a line longer
    than ``GROUP_LOOKBACK`` before it, the four nearest ``(`` or ``{`` instead: each curl of a
    long line read back a bounded length), then the nearest line before whose first character
    is one, back no more than ``GROUP_LOOKBACK``."""
    lo = max(0, floor - GROUP_LOOKBACK)
    line = text.rfind("\n", lo, floor) + 1
    if not line and lo:  # (a long line: its nearest brackets, not its start, each read on from)
        found, p = [], floor
        while len(found) < 4 and (p := max(text.rfind("(", lo, p), text.rfind("{", lo, p))) >= 0:
            found.append(p)
        return found
    found = [line] if "(" in text[line:floor] or "{" in text[line:floor] else []
    while line > lo:
        line = text.rfind("\n", 0, line - 1) + 1
        if text[line:floor].lstrip(" \t!")[:1] in ("(", "{"):
            return [*found, line]
    return found


def pipeline_start(text: str, floor: int, at: int, heredocs: Heredocs) -> int:
    """The start of the first line of the pipeline the command at ``at`` is in: its line, or
    one before that it goes on from (a line continuation, a ``|`` ending a line, blank and
    comment lines and a heredoc's body between). Reads back no further than ``floor``."""
    line = text.rfind("\n", floor, at) + 1 or floor
    while (before := _joined_before(text, floor, line, heredocs)) >= 0:
        line = before
    return line


def _joined_before(text: str, floor: int, line: int, heredocs: Heredocs) -> int:
    """The start of the line the one at ``line`` goes on from (-1: none): the line before when
    it ends with ``\\``; else the last one before that is no blank or comment line (nor a
    heredoc's body and delimiter: then its ``<<``'s line), when it ends with ``|`` (a ``#
    comment`` after it too: the shell reads the pipeline on). Back no further than ``floor``."""
    if line <= floor:
        return -1
    j = line - 1 - (text[line - 2 : line - 1] == "\r")
    if text[j - 1 : j] == "\\":  # (``echo x \\``, ``echo x |\\`` then a newline)
        prev = text.rfind("\n", floor, j - 1) + 1 or floor
        if text[prev : j - 1].strip():  # (a line of a ``\\`` alone: a blank one, read back past)
            return prev
    k = line - 1
    while k > floor:  # (back over blank and comment lines: the pipeline reads on past them)
        prev = text.rfind("\n", floor, k) + 1 or floor
        content = _TRAILING_COMMENT.sub("", text[prev:k]).rstrip(" \t\r\\")
        if content and not content.lstrip().startswith("#"):
            if content.endswith("|") and not content.endswith("||"):
                return prev
            opener = heredocs.opener(prev, floor)
            if opener is None or opener >= prev:
                return -1
            prev = text.find("\n", opener) + 1  # (the ``<<``'s line, read as the line before)
        k = prev - 1
    return -1


_TRAILING_COMMENT = re.compile(r"(?:^|(?<=[ \t|]))#[^'\"\n]*$")  # (``echo x |  # note``)
# after a pipeline's ``|``: spaces, newlines, comment lines, line continuations
_AFTER_BAR = re.compile(r"(?:[ \t\r\n]|\\\r?\n|#[^\n]*)*")
# at a command's start: spaces, line continuations, IPython's and bash's ``!``
_COMMAND_START = re.compile(r"(?:[ \t\r!]|\\\r?\n)*")
# reserved words a command may start with (its first word is the one after them)
_KEYWORDS = frozenset({"then", "do", "else", "elif", "if", "while", "until", "time", "!"})
# compound commands read as groups (their every command's stdin the pipe's), and their ends
_COMPOUND = re.compile(r"(?:if|while|until|for|select|case)(?=[ \t\r\n])")
_CLOSERS = frozenset({"}", "fi", "done", "esac"})
# ``case WORD in`` (its word, quoted or not), and a case pattern up to its ``)`` (``a|b)``,
# ``(a)``; not ``esac``): read past, so that the ``)`` closes no group
_CASE_HEAD = re.compile(
    r"""[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[^\s;|&()"'])+[ \t\r\n]+in(?=[ \t\r\n;])"""
)
_PATTERN = re.compile(r"""(?!esac(?![\w-]))\(?(?:"[^"\n]*"|'[^'\n]*'|[^()\n;&"'])*\)""")


class _Group:
    """A group open (``(`` or ``{``): the stages piped before it, and every command in it."""

    def __init__(self, outer: list[list[list[Word]]], case: bool = False) -> None:
        self.outer: list[list[list[Word]]] = outer
        self.commands: list[list[Word]] = []
        self.case = case  # (``case ... esac``: a pattern before each of its commands)


def piped_into(
    text: str,
    i: int,
    at: int,
    last_quote: dict[str, int],
    redacted: str,
    heredocs: Heredocs,
    inclusive: bool = False,
) -> tuple[list[list[Word]], bool]:
    """The words of each command piped into the one at ``at`` (a group's every command), read
    forward from ``i`` (a command's start) as bash reads them; and whether a group closed that
    opened before ``i`` (``)`` with no ``(`` after it). ``inclusive``: ``at`` is an output
    process substitution's ``>(`` (``output_substitution``), and the command it is in writes
    into it too (``echo ... > >(curl -K -)``): its words are the last."""
    n, groups, unopened = len(text), [], False
    pipeline: list[list[list[Word]]] = []  # the stages piped so far (each: its commands)
    ended: list[list[list[Word]]] = []  # the pipeline a separator ended last
    body = (n, -1)  # the heredoc bodies after the line read: the first's start, the last's end
    pattern = False  # (a case pattern may come next: after ``in`` or ``;;``)
    while i < n:
        i = _COMMAND_START.match(text, i).end()
        if i >= body[0]:  # (a heredoc's body is no command; a pipe's blank lines after it)
            i, body = max(i, body[1]), (n, -1)
            i = _AFTER_BAR.match(text, i).end() if pipeline else i
            continue
        if pattern and groups and groups[-1].case and (found := _PATTERN.match(text, i)):
            i, pattern = found.end(), False
            continue
        if i > at:
            break  # (curl's place was in no command read: a heredoc's body, a comment)
        c = text[i : i + 1]
        compound = _COMPOUND.match(text, i)  # (``if ...; fi``, ``while ...; done``: groups)
        if c == "(" or (c == "{" and text[i + 1 : i + 2] in (" ", "\t", "\n")) or compound:
            case = bool(compound) and compound.group() == "case"
            groups.append(_Group(pipeline, case))
            pipeline, i = [], compound.end() if compound else i + 1
            if case and (head := _CASE_HEAD.match(text, i)):
                i, pattern = head.end(), True
            continue
        if i == at:  # (curl's command, its words redact_curl's: not read twice)
            words, end = [], at + 1
        else:
            words, end = shell_words(text, i, last_quote, redacted, commands=True)
        while words and words[0].value in _KEYWORDS:
            words = words[1:]
        if end > at and (opened := _quoted_at(words, at)) is not None and opened > i:
            # (``subprocess.run("echo ... | curl -K -")``, ``bash -c '...'``: curl's command is
            # a string's, the string's commands read as the shell given it reads them; when none
            # of them pipes into curl, the string's shell reads the outer pipeline's stdin:
            # ``echo 'user = u:pw' | sh -c 'curl -K -'``)
            inner = piped_into(text, opened, at, last_quote, redacted, heredocs, inclusive)
            if inner[0]:
                return inner
        if end > at:  # curl's command: what is piped into it (or into its group)
            for group in reversed(groups):
                if pipeline:
                    break
                # (``echo x | (curl -K -)``, ``echo x | (cd /tmp; curl -K -)``, ``| while read;
                # do curl -K -; done``: a group's stdin goes to every command in it)
                pipeline = group.outer
            writers = [command for stage in pipeline for command in stage]
            return writers + [words] * (inclusive and bool(words)), unopened
        for word in words:
            arrow = redirected(text, word)
            if arrow in ("<<", "<<-") and (found := heredocs.body(word, arrow)):
                line_end = text.find("\n", found[1])
                body = (min(body[0], found[0]), n if line_end < 0 else line_end + 1)
        stage = [words]
        closer = bool(words) and text[words[0].start : words[0].end] in _CLOSERS
        if words and not closer:
            _command_in(groups, words)
        while closer or text[end : end + 1] == ")":  # (a group's end: ``)`` or ``}``)
            if not groups:
                unopened, stage = True, []  # (opened before ``i``: read again from further back)
                if not closer:  # (its redirections after the ``)``, then what ends it)
                    end = shell_words(text, end + 1, last_quote, redacted, commands=True)[1]
                break
            group = groups.pop()
            stage, pipeline = group.commands, group.outer
            if groups:
                groups[-1].commands += group.commands
            if not closer:  # (its redirections after the ``)``: ``) 2>&1 |``; or another ``)``)
                end = shell_words(text, end + 1, last_quote, redacted, commands=True)[1]
            closer = False
        two = text[end : end + 2]
        if two[:1] == "|" and two != "||":
            if stage == [[]] and not pipeline:
                pipeline = ended  # (``grep a& | curl``, ``x; | curl``: bash refuses; as meant)
            pipeline.append(stage)  # (a new list at each group's start: the outer one kept)
            i = _AFTER_BAR.match(text, end + (2 if two == "|&" else 1)).end()
        else:
            pipeline, ended = [], [*pipeline, stage]
            unopened = False  # (a group closed before a separator feeds no later command)
            if end >= n or text[end] in "'\"`":
                break  # (a quote that never closes: no command after it is read)
            i = end + (2 if two in ("||", "&&", ";;") else 1)
            pattern = pattern if not words else two == ";;"
    return [], unopened


def _command_in(groups: list[_Group], words: list[Word]) -> None:
    """A command read in the innermost group open (none: at the top)."""
    if groups:
        groups[-1].commands.append(words)


def _quoted_at(words: list[Word], at: int) -> int | None:
    """Where the quoted text that ``at`` is in starts, just after its quote (None: ``at`` is
    in no word's quotes)."""
    for word in words:
        if word.start <= at < word.end and word.quotes:
            k = bisect.bisect_left(word.at, at)
            if k < len(word.at) and word.at[k] == at and word.quotes[k]:
                while (
                    k and word.quotes[k - 1] == word.quotes[k] and word.at[k - 1] == word.at[k] - 1
                ):
                    k -= 1
                return word.at[k]
    return None
