"""Secrets typed into cells are taken out of ``history.json`` before it is logged.

The execution history holds cells the user may have deleted on purpose: "type the token, run
it once, delete the cell" is how people keep a token out of a notebook file. nbcraft must not
ship those to a tracking server. These values are replaced by ``<redacted>``:
- a string given to a name that says it is a credential (``nbcraft.secret_shapes.
  is_credential_name``: ``password``, ``pw``, ``pass_``, ``sas``, ``conn_str``, ``apiKey``, ...;
  not ``password_min_length`` or ``token_count``), wherever Python gives it: an assignment
  (plain, annotated ``password: str = "..."``, augmented, ``:=``, one of a tuple's targets), an
  attribute or subscript target (``cfg.api_key = "..."``, ``os.environ["X_TOKEN"] = "..."``), a
  keyword argument or default (``connect(password="...")``), a dict key (``{"pw": "..."}``), a
  call given the name first (``os.environ.setdefault("GITHUB_TOKEN", "...")``), and
  ``%env X_PASSWORD=...``, ``%set_env``, ``export X=...``; in any Python string form (triple
  quotes, escapes, prefixes, implicitly joined parts, f-strings). A cell that parses (IPython
  lines blanked) is read with ``ast`` (``parsed_secrets``) and then with patterns that find
  the ``name = "..."`` forms wherever they are (a comment, an IPython line, a string,
  ``setattr``); a cell that does not parse, with the patterns only (not a tuple's pairs);
Each pattern runs in time linear in the cell's length (no nested unbounded repeats): the
recorder redacts every cell of a session. A cell with nothing to redact is returned as the
same object (no copy kept per execution).
Only the standard library: the recorder also runs in kernels without nbcraft installed, where
``secret_shapes.py`` is loaded from its file next to this package.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator

from .auth_pair import auth_passwords_redacted, encoded_pairs_redacted
from .authorization import authorization_redacted, scheme_credentials_redacted
from .bound import bound_literals_redacted, may_bind
from .comments import CommentValues, comment_tokens_redacted
from .formatted import fields_inlined, formats_filled, formatted_redacted
from .joined import joined_runs, quote_of
from .key_values import shell_and_files_redacted, string_body_redacted
from .literals import STRING as _STRING
from .literals import redacted_literal
from .literals import string_literals as _literals
from .parsed_secrets import parsed_redacted
from .pieces import LONGEST_PARSED
from .positional import MENTIONED
from .redact_curl import redact_curl
from .shell_tools import argv_redacted, in_argv, script_arguments_redacted, tools_redacted
from .url_userinfo import (
    parameters_redacted,
    passwords_redacted,
    query_named_secret,
)

REDACTED = "<redacted>"
# A word that may make a name a credential's (``secret_shapes.is_credential_name`` decides). The
# name is the identifier around it: found from the word (a fast scan), then widened to the
# identifier's ends, never by a pattern with an unbounded prefix and suffix around the word,
# which backtracks quadratically.
# Every credential word of ``credential_names.json`` holds one of these (a test checks it).
_WORDS = ("pw", "pass", "secret", "token", "key", "credential", "creds", "sas", "conn", "pat")
_WORD = re.compile("|".join(_WORDS), re.IGNORECASE)


def _in_name(char: str) -> bool:
    """Whether ``char`` is part of an identifier (letters and digits beyond ASCII too, as Python
    allows: ``pad_token_é`` is not ``pad_token``) or of a key's text (and ``-``: a header's
    name, ``"x-api-key"``, ``"Ocp-Apim-Subscription-Key"``)."""
    return char.isalnum() or char in "_-"


_VALUE = rf"(\(\s*)?([rbuf]{{0,2}})({_STRING})"
# what follows a credential's name: ``= "..."``, ``: "..."``, ``="..."``, ``= ("...")``,
# ``: str = "..."``, ``+= "..."``, ``:= "..."`` (not ``== "..."``)
_ASSIGN = r"(?::[^=\n\"']{0,80}?|//|\*\*|<<|>>|[-+*/%@&|^:])?=(?!=)"
_AFTER_NAME = re.compile(rf"(?is)(\s*(?:{_ASSIGN}|:)\s*){_VALUE}")
# what follows a quoted one: ``"]= "..."`` (os.environ), ``": "..."`` (a dict), ``", "..."``
_AFTER_KEY = re.compile(rf"(?is)(\s*\]\s*=\s*|\s*[:,]\s*){_VALUE}")
_MAGIC = re.compile(r"(?i)[ \t]*(?:%env|%set_env|!?[ \t]*export)[ \t]+")  # the line up to it
_AFTER_MAGIC = re.compile(r"([ \t]*=[ \t]*|[ \t]+)(\S.*)$", re.MULTILINE)  # %env's: the line
# export's: one shell word (``export X_PASSWORD=x && python app.py`` keeps what ran)
_AFTER_EXPORT = re.compile(r"([ \t]*=[ \t]*|[ \t]+)(\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|]+)")
# a connection string's (ADO.NET, ODBC, JDBC): ``Server=x;Password=...;``, ODBC's
# ``PWD={x;y}`` (braces may hold ``;``), a quoted ``Password="x"``
_CONNECTION_PASSWORD = re.compile(
    r"(?i)(\b(?:password|pwd)\s*=\s*)(\{(?:[^}]|\}\})*\}|\"[^\"]*\"|'[^']*'|[^;\s\"'{}]+)"
)


# IPython lines (``%magic``, ``!cmd``, ``?obj``), blanked before a cell is parsed
_SHELL_LINE = re.compile(
    r"^[ \t]*(?:[A-Za-z_][\w.]*[ \t]*=[ \t]*)?!.*$", re.MULTILINE
)  # (x = !cmd)
_SHELL_CELL = re.compile(r"\s*%%(?:bash|sh|script|system)\b")  # (IPython's shell cell magics)
# the shell cell magics whose body IPython gives as written (``%%system``, ``%%sx`` var_expand
# theirs: ``getoutput``), so ``{token}`` there is the text's, not a reference
_LITERAL_CELL = re.compile(r"\s*%%(?:bash|sh|script)\b")
# in a shell line: ``--password=x``, ``--password x``; ``-H "x-api-key: x"``
# (a value is no redirection's or separator's: ``--with-token <<< x``)
_SHELL_OPTION = re.compile(
    r"(--([A-Za-z][\w-]*)(?:=|[ \t]+))(\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'<>|&;-]\S*)"
)
_SHELL_HEADER = re.compile(r"([\"'])([A-Za-z][\w-]*)(:[ \t]*)([^\"'\n]+)\1")


def _secret_shapes():
    """nbcraft.secret_shapes, or the same file loaded next to this package."""
    try:
        from ... import secret_shapes as module  # nbcraft is installed
    except ImportError:  # loaded from nbcraft's folder without nbcraft: read the file itself
        import importlib.util

        here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        spec = importlib.util.spec_from_file_location(
            "_nbcraft_secret_shapes", os.path.join(here, "secret_shapes.py")
        )
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


_kind: Callable[[str], object] | None = None
_token_kind: Callable[[str], object] = lambda _value: None  # replaced by _load
_is_name: Callable[[str], bool] = lambda _name: False  # replaced by _load
_shortest_secret = 0


def _load() -> None:
    """Import secret_shapes' tests on first use (most kernels never redact anything)."""
    global _kind, _token_kind, _is_name, _shortest_secret
    if _kind is None:
        module = _secret_shapes()
        if module is None:
            _kind = lambda _value: None
            return
        _kind, _is_name = module.secret_kind, module.is_credential_name
        _token_kind = module.token_kind
        _shortest_secret = module.SHORTEST_SECRET


def redact_value(name: str, value: object) -> object:
    """``value`` given to ``name`` (a parameter a notebook gets as ``name = value``) as nbcraft
    shows it: ``<redacted>`` when the name says it is a credential or a string holds a token's
    format (``token_kind``: not a run id's or a commit's hex); a string's URL password,
    ``Authorization``/``Bearer`` value and ``Password=`` redacted in place; a dict's and a
    list's items the same way, a dict's by their keys."""
    _load()
    if _is_name(name):
        return REDACTED
    if isinstance(value, str):
        if _token_kind(value):
            return REDACTED
        value = _in_text(value)  # (curl's first: it keeps quotes and what follows balanced)
        if "--" in value or ":" in value:  # (wget's --password x, a quoted X-API-Key: x)
            value = _shell_options(value)
        if "pw" in value.lower() or "password" in value.lower():  # (not in code: ``pw == x``)
            value = _sub(_CONNECTION_PASSWORD, _connection_password, value)
        return value
    if isinstance(value, dict):
        return {k: redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(name, v) for v in value]
    return value


def _connection_password(m: re.Match) -> str:
    """``Password=x``'s value redacted; one redacted already kept, with what follows it
    (``password=<redacted>&echo hi``)."""
    if m.group(2).startswith(REDACTED) or m.group(2) in ("<-", "@-"):  # (curl's -F stdin)
        return m.group(0)
    return m.group(1) + REDACTED


def redact_parameters(parameters: dict[str, object]) -> dict[str, object]:
    """A job's or a pipeline step's parameters as nbcraft logs and writes them (MLflow params,
    the executed notebook, ``pipeline.json``, the job store): each :func:`redact_value`'d."""
    return {name: redact_value(name, value) for name, value in parameters.items()}


def _in_text(text: str, expansions: bool = True) -> str:
    """``text`` with the credentials that text around them marks redacted: a URL's password,
    an ``Authorization`` header's or a ``Bearer`` token, those given to curl and HTTPie
    (``redact_curl``); a ``{name}`` is kept as IPython's expansion only when ``expansions``."""
    lowered = text.lower()
    if "://" in text:
        text = passwords_redacted(text, REDACTED, _token_kind)
        if "=" in text:  # (a URL's ?token=x, #access_token=x, a signed URL's sig=)
            text = parameters_redacted(text, REDACTED, query_secret, one_url=False)
    if "authorization" in lowered:
        text = authorization_redacted(text, REDACTED, expansions)
    if "bearer" in lowered or "basic" in lowered:
        text = scheme_credentials_redacted(text, REDACTED, expansions)
    if "curl" in lowered or "http" in lowered or "xh" in lowered:
        text = redact_curl(text, REDACTED, _is_name)
    if "auth" in lowered:  # (requests' and httpx's ``auth=(user, 'pw')``)
        text = auth_passwords_redacted(text, REDACTED)
    if "encode" in lowered or "split" in lowered:  # (``b64encode(b"user:pw")``: a Basic
        text = encoded_pairs_redacted(text, REDACTED)  # header's; ``auth=tuple(x.split(':'))``)
    return text


# a query's value that is a format's field (``?key=%s``, ``?key={}``, an f-string's ``{"x"}``)
_QUERY_REFERENCE = re.compile(r"%(?:\(\w+\))?[sdr]\Z|\{")


def query_secret(name: str, value: str, parameter: str) -> bool:
    """Whether a URL's query or fragment parameter holds a credential: named as one
    (``token``; a query's ``sig``, ``key`` unless its value is a path, a file or an
    identifier: ``query_named_secret``), or shaped as one (``value`` or ``?name=value``)."""
    _load()
    if _QUERY_REFERENCE.match(value):
        return False  # (a format's field: the literal it is given is read where it is made)
    return bool(
        _is_name(name)
        or query_named_secret(name, value)
        or _token_kind(parameter)
        or _token_kind(value)
    )


def _sub(pattern: re.Pattern[str], replace: Callable[[re.Match], str], text: str) -> str:
    """``pattern.sub(replace, text)``, but ``text`` itself when no match changed anything."""
    return _replace_matches(pattern.finditer(text), replace, text)


def _replace_matches(
    matches: Iterable[re.Match], replace: Callable[[re.Match], str], text: str
) -> str:
    """``text`` with each match replaced by ``replace(match)``; ``text`` itself when none changed."""
    parts, last = [], 0
    for match in matches:
        new = replace(match)
        if new != match.group(0):
            parts += [text[last : match.start()], new]
            last = match.end()
    return "".join([*parts, text[last:]]) if parts else text


def _credential_names(text: str) -> Iterator[tuple[int, int]]:
    """Where ``text`` names a credential (an identifier, or a key's text): each name once."""
    seen = 0
    for word in _WORD.finditer(text):
        if word.start() < seen:
            continue  # the same identifier again
        start, end = word.start(), word.end()
        while start > 0 and _in_name(text[start - 1]):
            start -= 1
        while end < len(text) and _in_name(text[end]):
            end += 1
        seen = end
        if _is_name(text[start:end]):
            yield start, end


def _named(text: str) -> str:
    """``text`` with the values given to credential names redacted."""
    parts, last = [], 0
    comments = CommentValues(text, _kind)
    line, line_end = 0, -1  # (each line's start found once: a 1 MB line of names was quadratic)
    for start, end in _credential_names(text):
        if start < last:
            continue
        if start > line_end:
            line, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
        quote = text[start - 1 : start] if start else ""
        magic = _MAGIC.fullmatch(text, line, start)
        reader = _AFTER_EXPORT if magic and "export" in magic.group(0) else _AFTER_MAGIC
        if magic and (after := reader.match(text, end)):
            cut, new = after.start(2), REDACTED
            stop = after.end()
        elif quote in ("'", '"') and text[end : end + 1] == quote:
            after = _AFTER_KEY.match(text, end + 1)
            if after and "," in after.group(1) and in_argv(text, start - 1):
                continue  # (an argv's word: ``['git', 'credential', 'approve']``)
        else:
            after = _AFTER_NAME.match(text, end)
        if after is None:
            if (span := comments.value(start, end)) is not None:  # (``# password: x``)
                parts += [text[last : span[0]], REDACTED]
                last = span[1]
            continue
        if after.re not in (_AFTER_MAGIC, _AFTER_EXPORT):
            cut = after.start(4)
            new, stop = redacted_literal(after.group(4), REDACTED), after.end()
        parts += [text[last:cut], new]
        last = stop
    return "".join([*parts, text[last:]]) if parts else text


def _shell(line: re.Match) -> str:
    """An IPython ``!`` line with the values of credential options and headers redacted."""
    return _shell_options(line.group(0))


def _tools(line: re.Match) -> str:
    """An IPython ``!`` line with each tool's credentials redacted (``shell_tools``)."""
    bang = line.group(0).index("!")  # (``x = !cmd``: the command after its ``!``)
    command = line.group(0)[bang:]
    new = tools_redacted(command, REDACTED, _is_name, _token_kind)
    return line.group(0) if new is command else line.group(0)[:bang] + new


def _shell_options(text: str) -> str:
    """Shell text (a ``!`` line, a ``%%bash`` cell, a job's parameter) with the values of
    credential options (``wget --password x``, ``--http-passwd=x``) and quoted credential
    headers (``"X-API-Key: x"``) redacted."""

    def option(m: re.Match) -> str:
        if not _is_name(m.group(2)):
            return m.group(0)
        value = m.group(3)
        return m.group(1) + (redacted_literal(value, REDACTED) if value[0] in "\"'" else REDACTED)

    def header(m: re.Match) -> str:
        if not _is_name(m.group(2)):
            return m.group(0)
        return m.group(1) + m.group(2) + m.group(3) + REDACTED + m.group(1)

    return _sub(_SHELL_HEADER, header, _sub(_SHELL_OPTION, option, text))


def redact(source: str) -> str:
    """``source`` with credential values replaced by ``<redacted>``; the rest unchanged (the
    same object when nothing was redacted)."""
    _load()
    lowered = source.lower()  # each pattern runs only where its words are: most cells have none
    text = source
    # (ast only for a cell that names a credential: ``key`` and ``pass`` are in most code).
    # ast adds what patterns miss (a tuple's pairs, a value in brackets); the patterns then
    # read what ast does not (comments, IPython lines, ``setattr(c, "password", "...")``, a
    # ``password: '...'`` inside a string, ``"...".strip()``).
    if (any(word in lowered for word in _WORDS) and next(_credential_names(source), None)) or (
        "(" in source and MENTIONED.search(source)
    ):
        parsed = (
            parsed_redacted(source, _is_name, REDACTED) if len(source) <= LONGEST_PARSED else None
        )
        text = _named(parsed if parsed is not None else source)
        if "!" in text:
            text = _sub(_SHELL_LINE, _shell, text)
        if _SHELL_CELL.match(text):  # (a %%bash cell: each line a shell's)
            text = _shell_options(text)
        # what a shell or a file reads as ``NAME=value`` (``GITHUB_TOKEN=x gh``, a ``.env``,
        # ``password = x`` in ~/.pypirc, netrc's ``password x``), in the cell and its strings
        text = shell_and_files_redacted(text, REDACTED, _is_name)
        text = _replace_matches(_literals(text), _literal_body, text)
    if "#" in text:  # (``# stripe_key = sk_live_...``: a token's format in a comment)
        text = comment_tokens_redacted(text, REDACTED, _kind)
    if _SHELL_CELL.match(text):  # each tool's own options (``az login -p x``, ``mysql -px``)
        head = text.find("\n") + 1 if "\n" in text else len(text)
        line = script_arguments_redacted(text[:head], REDACTED)
        body = tools_redacted(text[head:], REDACTED, _is_name, _token_kind)
        if body != text[head:] or line != text[:head]:  # (else the same object kept)
            text = line + body
    elif "!" in text:
        text = _sub(_SHELL_LINE, _tools, text)
    # IPython expands ``{name}`` in a ``!`` or ``%`` line; a %%bash cell's body is given as
    # written (run_cell_magic var_expands the ``line``, not the ``cell``; %%system's getoutput
    # expands its body)
    text = _in_text(text, expansions=not _LITERAL_CELL.match(source))

    text = _shaped_literals_redacted(text)
    if _SHELL_CELL.match(source):
        return text  # (a shell's ``'a' 'b'`` are two words: not joined)
    if _ARGV.search(text):  # (a tool run from a list: ``subprocess.run(['az', ...])``)
        text = argv_redacted(text, [*_literals(text)], REDACTED, _is_name)
    if _FORMATTED.search(text):
        # ``'Bearer %s' % 'x'``, ``.format('x')``, ``' '.join([...])``, ``f"Bearer {'x'}"``
        text = formatted_redacted(text, [*_literals(text)], _reading, REDACTED)
    # Python joins ``'Bearer ' + 'x'``, ``('user = a' ':pw')``: the string a header or a
    # command is. Read as one literal, and kept so when the pieces as redacted, joined, still
    # hold anything that reading takes out (not only when it redacts more: ``'Bear' 'er x'``
    # redacts ``'Bear'`` as the header's value and leaves ``x``); the record shows the joined
    # literal then: the same string
    # (a format of literals, an f-string's literal fields: the literal they make, in place)
    view = formats_filled(text, [*_literals(text)]) if _FORMATTED.search(text) else text
    view = joined_literals(fields_inlined(view, [*_literals(view)]) if "{" in view else view)
    again = view if view is text else _reading(view)
    if may_bind(again):  # (``u = 'u:pw'``, then ``!curl -u $u``)
        again = bound_literals_redacted(again, [*_literals(again)], _line_reading, REDACTED)
    return again if again != view else text


def _line_reading(line: str, shell: bool) -> str:
    """One line as :func:`redact` reads a tool's command in it: a ``!`` line's tools, a
    Python line's argument lists and strings (its joined literals as one); the line itself
    when the reading takes nothing out."""
    if shell:
        return _in_text(tools_redacted(line, REDACTED, _is_name, _token_kind))
    view = joined_literals(line)  # (``'Bearer ' + x``, ``str.__add__('Bearer ', x)``)
    text = _reading(view)
    if _ARGV.search(text):
        text = argv_redacted(text, [*_literals(text)], REDACTED, _is_name)
    return line if text == view else text


def _literal_body(m: re.Match) -> str:
    """A string literal with the ``NAME=value`` credentials a tool reads in it redacted
    (``open('.env', 'w').write('X_TOKEN=...')``, ``'host=h password=...'``)."""
    quoted = m.group(2)
    q = len(quote_of(quoted))
    body = quoted[q:-q]
    new = string_body_redacted(body, REDACTED, _is_name)
    return m.group(0) if new is body else m.group(1) + quoted[:q] + new + quoted[:q]


# (where a cell may build a string of literals, or run a tool from a list of them: a literal
# after ``%``, ``.format(``, ``.join([``, a literal in an f-string's field, a list's first)
_FORMATTED = re.compile(
    r"""['"]\s*(?:%\s*\(?|\.\s*(?:format|join)\s*\(\s*(?:[\[(]|[A-Za-z_]\w*\s*=)?)"""
    r"""\s*[rbuRBU]?['"]"""
    r"""|[fF][rR]?(?:"[^"\n{]*\{\s*'|'[^'\n{]*\{\s*")"""
)
_ARGV = re.compile(r"""[\[(]\s*['"][\w-]+['"]\s*,""")


def _reading(text: str) -> str:
    """``text`` (a string literal) as the credentials around them mark and their shapes say:
    what :func:`redact` reads in a literal joined or built of others."""
    return _shaped_literals_redacted(_in_text(text, expansions=True))


def _shaped_literals_redacted(text: str) -> str:
    """``text`` with each string literal whose body has a token's shape redacted; a URL whose
    query holds it (an Azure SAS URL) keeps what comes before its ``?``: the file it reads."""

    def literal(m: re.Match) -> str:
        quoted = m.group(2)
        q = 3 if quoted[:3] in ('"""', "'''") else 1
        body = quoted[q:-q]
        if len(body) >= _shortest_secret and body != REDACTED and _kind(body):
            query = body.find("?") if "://" in body else -1
            if query > 0 and not _kind(body[:query]):  # (the URL's file kept, its query not)
                # (only the values shaped as a key when the rest has no shape: ``q=London``)
                tail = parameters_redacted(body[query:], REDACTED, _shaped_value)
                if not _kind(tail):
                    return m.group(1) + quoted[: q + query] + tail + quoted[-q:]
                return m.group(1) + quoted[: q + query + 1] + REDACTED + quoted[-q:]
            return m.group(1) + redacted_literal(quoted, REDACTED)
        return m.group(0)

    return _replace_matches(_literals(text), literal, text)


def _shaped_value(_name: str, value: str, _parameter: str) -> bool:
    """Whether a query's value is shaped as a key or a token (``secret_kind``)."""
    return bool(_kind(value))


def joined_literals(text: str) -> str:
    """``text`` with each run of string literals Python joins written as one literal
    (``joined.joined_runs``); the same object when there is none."""
    return joined_runs(text, _literals(text))
