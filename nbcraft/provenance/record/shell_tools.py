"""Credentials given to command-line tools the way each reads them, in a shell's text.

Options named for what they hold (``--password x``) are ``redact._shell_options``'; these are
the ones a name does not say: short options (``az login -p x``, ``docker login -p x``,
``sshpass -p x``, ``redis-cli -a x``, ``zip -P x``, ``ssh-keygen -N x``, ``openssl -passout
pass:x``), attached ones (``mysql -px``, ``7z -px``), a user's ``%password``
(``smbclient -U u%x``), long options that hold a secret's value (``gh secret set --body x``,
``databricks secrets put --string-value x``), a login's argument (``wandb login x``, ``vault
login x``), a config tool's ``set NAME VALUE`` where NAME says credential (``aws configure set
aws_secret_access_key x``, ``npm config set //r/:_authToken x``, ``rclone config create r s3
secret_access_key x``, ``poetry config http-basic.r u x``), a secret read from stdin (``gh auth
login --with-token``, ``databricks configure --token``, ``docker login --password-stdin``) given
by a here-string or by ``echo``/``printf`` piped in, and any word holding a token's format
(``echo ghp_...``: ``secret_shapes.token_kind``). Words are ``shell_words``' (the one reader);
each command is read once, left to right: linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .shell_words import Word, shell_words

# tool -> its short options whose next word (or attached value) is a secret
_SHORT = {
    "az": ("-p",), "docker": ("-p",), "podman": ("-p",), "nerdctl": ("-p",),
    "sshpass": ("-p",), "twine": ("-p",), "redis-cli": ("-a",), "zip": ("-P",),
    "unzip": ("-P",), "ssh-keygen": ("-N", "-P"), "gh": ("-b",),
    "openssl": ("-k", "-pass", "-passin", "-passout"),
}  # fmt: skip
# tool -> a short option whose value is attached only (``-p`` alone prompts)
_ATTACHED = {"mysql": "-p", "mariadb": "-p", "mysqldump": "-p", "mysqladmin": "-p",
             "7z": "-p", "7za": "-p", "7zr": "-p"}  # fmt: skip
_LONG = ("--body", "--string-value", "--bytes-value", "--value")
_LOGIN_ARGUMENT = ("wandb", "vault", "heroku")  # ``tool login SECRET``
_STDIN_SECRET = {"--with-token", "--password-stdin", "--token"}  # (databricks configure --token)
_PREFIX_WORDS = ("sudo", "env", "command", "exec", "time", "nohup")
# the tools above, and those with a ``config``/``configure`` verb or a secret read from stdin:
# text naming none is not split into words (most shell lines)
_TOOLS = re.compile(
    r"(?<![\w-])(?:az|docker|podman|nerdctl|sshpass|twine|redis-cli|zip|unzip|ssh-keygen|gh"
    r"|openssl|mysql|mariadb|mysqldump|mysqladmin|7z|7za|7zr|smbclient|wandb|vault|heroku"
    r"|databricks|aws|npm|poetry|rclone|config|configure|base64)(?![\w-])"
)
# a word (a run of no space or quote) long enough to be a token (``echo ghp_...``)
_LONG_WORD = re.compile(r"(?<![^\s'\"=])[^\s'\"=]{15,}")
_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=")
# a command substitution with no other in it, holding a pipe (``$(echo -n u:pw | base64)``,
# a backtick's): its commands read apart, as the shell runs them; each character is in one
# at most (none holds a bracket or a backtick): linear; one never closed, to its line's end
# (``X=$(echo 'u:pw' | base64``: bash refuses the line, but it is recorded as written)
_SUBSTITUTION = re.compile(
    r"\$\(([^()`|]*\|[^()`]*)\)|`([^`()|]*\|[^`()]*)`|\$\(([^()`|\n]*\|[^()`\n]*)$", re.MULTILINE
)
_PARTS = re.compile(r"[./:]+")


def _tool(words: list[Word]) -> int:
    """Where the command's tool is among its words (past ``X=y``, ``sudo``, ``env``)."""
    k = 0
    while k < len(words) and (
        _ASSIGNMENT.match(words[k].value) or words[k].value.lstrip("!") in _PREFIX_WORDS
    ):
        k += 1
    return k


def _says(is_name: Callable[[str], bool], word: str) -> bool:
    """Whether a config key (``default.aws_secret_access_key``, ``//r/:_authToken``,
    ``pypi-token.pypi``) names a credential in one of its parts."""
    return any(is_name(part) for part in _PARTS.split(word) if part)


def _command_spans(
    words: list[Word], is_name: Callable[[str], bool]
) -> tuple[list[tuple[Word, int]], bool]:
    """The words (and from which character) of one command that hold a secret; and whether it
    reads a secret from stdin."""
    found: list[tuple[Word, int]] = []
    k = _tool(words)
    if k >= len(words):
        return found, False
    tool = words[k].value.lstrip("!").rsplit("/", 1)[-1].lower()
    args = words[k + 1 :]
    values = [w.value for w in args]
    short, attached = _SHORT.get(tool, ()), _ATTACHED.get(tool)
    for j, value in enumerate(values):
        following = args[j + 1] if j + 1 < len(args) else None
        if (value in short or value in _LONG) and following is not None:
            secret = following.value
            at = secret.index(":") + 1 if secret.startswith("pass:") else 0
            if not secret.startswith(("env:", "file:", "fd:", "stdin")):
                found.append((following, at))
        elif attached and value.startswith(attached) and len(value) > len(attached):
            found.append((args[j], len(attached)))
        elif tool == "smbclient" and value in ("-U", "--user") and "%" in str(following):
            found.append((following, following.value.index("%") + 1))
    stdin = bool(_STDIN_SECRET & set(values))
    fed = [w for j, w in enumerate(args) if j and "<<<" in w.text[args[j - 1].end : w.start]]
    if stdin:
        found += [(w, 0) for w in fed]  # (a here-string: the secret itself)
    if tool in _LOGIN_ARGUMENT and values[:1] == ["login"] and values[1:2] != ["-"]:
        found += [(args[1], 0)] if len(values) > 1 and not values[1].startswith("-") else []
    if any(v in ("config", "configure") for v in values[:2]):
        for j, value in enumerate(values[:-1]):
            if value.startswith("http-basic.") and j + 2 < len(values):
                found.append((args[j + 2], 0))  # (poetry: user, then password)
            elif not value.startswith("-") and _says(is_name, value):
                found.append((args[j + 1], 0))
        found += _named_value(values, args, tool, is_name)
    return found, stdin and not fed


# a config tool's setting named by one option and given by another (``kaggle config set -n key
# -v x``, either order); the names a tool's setting says credential by that name say none
# elsewhere (kaggle's ``key``: its API key)
_NAME_OPTIONS, _VALUE_OPTIONS = ("-n", "--name"), ("-v", "--value")
_TOOL_SECRETS = {"kaggle": ("key",)}


def _named_value(
    values: list[str], args: list[Word], tool: str, is_name: Callable[[str], bool]
) -> list[tuple[Word, int]]:
    """The value word of a setting given as ``-n NAME -v VALUE`` whose NAME says credential."""
    names, given = [], []  # (``-n key``, ``--name=key``; ``-v x``, ``--value=x``)
    for j, value in enumerate(values):
        option, equals, attached = value.partition("=")
        if option in _NAME_OPTIONS:
            names += [attached] if equals else values[j + 1 : j + 2]
        elif option in _VALUE_OPTIONS:
            given += (
                [(args[j], len(option) + 1)] if equals else [(w, 0) for w in args[j + 1 : j + 2]]
            )
    if not any(n in _TOOL_SECRETS.get(tool, ()) or _says(is_name, n) for n in names):
        return []
    return given


# a shell cell's ``-s`` arguments (``%%bash -s "x" y``): the script's ``$1``, ``$2``, ...; each
# word after it, but a reference (``"$HOME"``, ``{name}``: IPython expands the cell's line)
_SCRIPT_ARGUMENTS = re.compile(r"(?<![\w-])-s[ \t]+")
_SCRIPT_WORD = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'|[^\s\"']+")
_SCRIPT_REFERENCE = re.compile(r"[\"']?(?:\$\{?\w+\}?|\{\w+\}|<redacted>)[\"']?\Z")


def script_arguments_redacted(line: str, redacted: str) -> str:
    """A shell cell's first line (``%%bash -s "x"``) with the arguments it gives the script
    redacted: what a script reads as ``$1`` is unnamed, so each is taken for a secret."""
    found = _SCRIPT_ARGUMENTS.search(line)
    if found is None:
        return line
    parts, last = [], found.end()
    for word in _SCRIPT_WORD.finditer(line, found.end()):
        if _SCRIPT_REFERENCE.match(word.group()):
            continue
        quote = word.group()[0] if word.group()[0] in "\"'" else ""
        parts += [line[last : word.start()], quote + redacted + quote]
        last = word.end()
    return line[: found.end()] + "".join([*parts, line[last:]]) if parts else line


def _encodes(words: list[Word]) -> bool:
    """Whether a command base64-encodes its stdin: ``base64``, ``openssl base64``, ``openssl
    enc -base64``."""
    values = [w.value.lstrip("!").rsplit("/", 1)[-1] for w in words[:3]]
    return values[:1] == ["base64"] or (
        values[:1] == ["openssl"] and ("base64" in values or "-base64" in values or "-a" in values)
    )


def _pair(value: str) -> bool:
    """Whether an echoed word is a ``user:password`` pair (not an option, nor a reference)."""
    colon = value.find(":")
    return colon >= 0 and not value.startswith("-") and not value[colon + 1 :].startswith("$")


def tools_redacted(
    text: str,
    redacted: str,
    is_name: Callable[[str], bool],
    token_kind: Callable[[str], object],
) -> str:
    """Shell ``text`` (a ``!`` line, a shell cell's body) with each tool's credentials
    redacted (this module's doc)."""
    spans: list[tuple[int, int, str]] = [  # (a URL's user-info is url_userinfo's)
        (m.start(), m.end(), redacted)
        for m in _LONG_WORD.finditer(text)
        if "://" not in m.group() and token_kind(m.group())
    ]
    if _TOOLS.search(text) is not None:
        spans += _tool_spans(text, redacted, is_name)
        for inner in _SUBSTITUTION.finditer(text):  # (``X=$(echo -n 'u:pw' | base64)``)
            start, body = inner.start(inner.lastindex), inner.group(inner.lastindex)
            spans += [(a + start, b + start, new) for a, b, new in _tool_spans(
                body, redacted, is_name)]  # fmt: skip
    if not spans:
        return text
    parts, last = [], 0
    for start, stop, new in sorted(spans):
        if start >= last:
            parts += [text[last:start], new]
            last = stop
    return "".join([*parts, text[last:]])


def _tool_spans(
    text: str, redacted: str, is_name: Callable[[str], bool]
) -> list[tuple[int, int, str]]:
    """Where shell ``text``'s commands give their tools credentials, and their replacements."""
    last_quote = {q: text.rfind(q) for q in "'\""}
    spans: list[tuple[int, int, str]] = []
    i, feeder = 0, None  # feeder: the echo/printf before a ``|``
    while i < len(text):
        words, end = shell_words(text, i, last_quote, redacted, commands=True)
        found, from_stdin = _command_spans(words, is_name)
        if from_stdin and feeder is not None:
            found += [(w, 0) for w in feeder[1:] if not w.value.startswith("-")]
        first = words[_tool(words)].value.lstrip("!") if words and _tool(words) < len(words) else ""
        if feeder is not None and _encodes(words[_tool(words) :] if words else []):
            # (``echo -n 'u:pw' | base64``: a Basic header's value; the password after ``:``)
            found += [(w, w.value.index(":") + 1) for w in feeder[1:] if _pair(w.value)]
        piped = text.startswith("|", end) and not text.startswith("||", end)
        feeder = words[_tool(words) :] if piped and first in ("echo", "printf") else None
        for word, at in found:
            if word.value[at:] and word.value[at:] != redacted:
                spans.append(word.span(at, len(word.value), redacted))
        i = max(end, i) + 1
    return spans


# the programs whose words after a credential's are subcommands (``git credential approve``,
# ``az keyvault secret show``, ``kubectl create secret generic``), not its value
_SUBCOMMAND_TOOLS = frozenset(
    [
        "git",
        "az",
        "gh",
        "aws",
        "gcloud",
        "kubectl",
        "docker",
        "podman",
        "vault",
        "databricks",
        "kaggle",
        "npm",
    ]
)
_ARGV_ITEM = re.compile(r"""(?:['"][\w./+-]*['"]|[A-Za-z_][\w.]*)\s*,\s*\Z""")


def in_argv(text: str, quote: int) -> bool:
    """Whether the bare word whose literal opens at ``quote`` is an item of a program's argument
    list (``['git', 'credential', 'approve']``: the word after it a subcommand, no value); the
    list's items before it are walked back (at most 8: a subcommand is near the program)."""
    if text[quote + 1 : quote + 2] == "-":
        return False  # (an option: ``'--password', 'x'`` is read as a pair)
    for _ in range(8):
        m = _ARGV_ITEM.search(text, max(0, quote - 80), quote)
        if m is None:
            return False
        item, quote = m.group().rstrip(" \t\r\n,"), m.start()  # (a name: ``'-C', d``)
        before = text[max(0, quote - 40) : quote].rstrip()
        if before.endswith(("[", "(")):
            return item[1:-1].rsplit("/", 1)[-1] in _SUBCOMMAND_TOOLS and item[0] in "'\""
    return False


_ARGV_OPEN = re.compile(r"[\[(]\s*\Z")  # (a list's or a tuple's first item)
_ARGV_COMMA = re.compile(r"\s*,\s*")
_INPUT = re.compile(r"\s*[\])]\s*,[^()\[\]]{0,200}?\binput\s*=\s*\Z")  # (``], ..., input=``)


def argv_redacted(
    text: str, literals: list[re.Match], redacted: str, is_name: Callable[[str], bool]
) -> str:
    """Python ``text`` with each tool's credentials redacted where an argument list of string
    literals runs it (``subprocess.run(['az', 'login', '-p', 'x'])``), and the ``input=``
    literal given to one that reads a secret from stdin (``['gh', 'auth', 'login',
    '--with-token'], input='x'``). ``literals``: ``text``'s string literals in order (each
    found once); each is read in one list at most: linear."""
    if _TOOLS.search(text) is None:
        return text
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(literals):
        first = literals[i]
        line = text.rfind("\n", 0, first.start()) + 1
        if not (_ARGV_OPEN.search(text, max(line, first.start() - 8), first.start())
                and _TOOLS.fullmatch(_value(first).rsplit("/", 1)[-1])):  # fmt: skip
            i += 1
            continue
        j = i
        while j + 1 < len(literals) and _ARGV_COMMA.fullmatch(
            text, literals[j].end(), literals[j + 1].start()
        ):
            j += 1
        words = [_word(text, m) for m in literals[i : j + 1]]
        found, from_stdin = _command_spans(words, is_name)
        if from_stdin and j + 1 < len(literals):
            given = literals[j + 1]
            if _INPUT.fullmatch(text, literals[j].end(), given.start()):
                found.append((_word(text, given), 0))
        spans += [w.span(at, len(w.value), redacted) for w, at in found if w.value[at:]]
        i = j + 1
    if not spans:
        return text
    parts, last = [], 0
    for start, stop, new in sorted(spans):
        if start >= last:
            parts += [text[last:start], new]
            last = stop
    return "".join([*parts, text[last:]])


def _value(literal: re.Match) -> str:
    """A literal's body (its prefix apart)."""
    quoted = literal.group(2)
    q = 3 if quoted[:3] in ('"""', "'''") else 1
    return quoted[q:-q]


def _word(text: str, literal: re.Match) -> Word:
    """A string literal as a command's word: its body, where each character of it is."""
    q = 3 if literal.group(2)[:3] in ('"""', "'''") else 1
    start, end = literal.start(2) + q, literal.end(2) - q
    return Word(text[start:end], range(start, end), None, start, end, text)
