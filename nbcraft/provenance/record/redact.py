"""Secrets typed into cells are taken out of ``history.json`` before it is logged.

The execution history holds cells the user may have deleted on purpose: "type the token, run
it once, delete the cell" is how people keep a token out of a notebook file. nbcraft must not
ship those to a tracking server. These values are replaced by ``<redacted>``:
- a string given to a name that says it is a credential (``password = "..."``,
  ``password = ("...")``, ``pwd="..."``, ``{"api_key": "..."}``,
  ``os.environ["DATABRICKS_TOKEN"] = "..."``, ``%env MLFLOW_TRACKING_PASSWORD=...``,
  ``%set_env``, ``export X=...``), in any Python string form (triple quotes, escapes);
- the password of a URL (``postgresql://admin:<redacted>@host``) and the credential of an
  ``Authorization`` header or a ``Bearer`` token;
- any string literal shaped like a credential (``nbcraft.secret_shapes``: token formats, long
  random strings).
Each pattern runs in time linear in the cell's length (no nested unbounded repeats): the
recorder redacts every cell of a session. A cell with nothing to redact is returned as the
same object (no copy kept per execution).
Only the standard library: the recorder also runs in kernels without nbcraft installed, where
``secret_shapes.py`` is loaded from its file next to this package.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

REDACTED = "<redacted>"
# A word that says a name holds a credential. The name is the identifier around it: found from
# the word (a fast scan), then widened to the identifier's ends, never by a pattern with an
# unbounded prefix and suffix around the word, which backtracks quadratically.
_WORD = re.compile(
    r"passw(?:or)?d|pwd|secret|token|api_?key|access_?key|private_?key|credential", re.IGNORECASE
)
_WORDS = ("passw", "pwd", "secret", "token", "key", "credential")  # _WORD's, lowercase
_IDENTIFIER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
# A Python string literal, its prefix apart: triple-quoted (newlines allowed) or not.
_STRING = (  # each an "unrolled loop": a run of plain characters, then an escape or a lone quote
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
)
_VALUE = rf"(\(\s*)?([rbuf]{{0,2}})({_STRING})"
# what follows a credential's name: ``= "..."``, ``: "..."``, ``="..."``, ``= ("...")``
_AFTER_NAME = re.compile(rf"(?is)(\s*[:=]\s*){_VALUE}")
# what follows a quoted one: ``"]= "..."`` (os.environ), ``": "..."`` (a dict), ``", "..."``
_AFTER_KEY = re.compile(rf"(?is)(\s*\]\s*=\s*|\s*[:,]\s*){_VALUE}")
_MAGIC = re.compile(r"(?i)[ \t]*(?:%env|%set_env|!?[ \t]*export)[ \t]+")  # the line up to it
_AFTER_MAGIC = re.compile(r"([ \t]*=[ \t]*|[ \t]+)(\S.*)$", re.MULTILINE)
_URL_PASSWORD = re.compile(r"(://[^\s:/@\"'<>]*:)([^\s/@\"'<>]+)(@)")
_AUTHORIZATION = re.compile(
    r"(?i)(\bauthorization[\"']?\s*[:=]\s*[\"']?(?:(?:bearer|basic|token)\s+)?)([^\s\"']+)"
)
_BEARER = re.compile(r"(\bBearer\s+)([^\s\"']{8,})")
_LITERAL = re.compile(rf"(?is)([rbuf]{{0,2}})({_STRING})")


def _secret_kind():
    """``secret_kind`` of nbcraft.secret_shapes, and the fewest characters it can match."""
    try:
        from ... import secret_shapes as module  # nbcraft is installed
    except ImportError:  # loaded from nbcraft's folder without nbcraft: read the file itself
        import importlib.util

        here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        spec = importlib.util.spec_from_file_location(
            "_nbcraft_secret_shapes", os.path.join(here, "secret_shapes.py")
        )
        if spec is None or spec.loader is None:
            return lambda _value: None, 0
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module.secret_kind, _shortest(module)


def _shortest(module) -> int:
    """The fewest characters any of the module's patterns matches (0 when it cannot be told):
    a shorter literal is not looked at (most literals in code are short)."""
    try:
        patterns = [p for _kind, p in module._SHAPES] + [module._RANDOM_RUN]
        try:
            from re import _parser as parser
        except ImportError:  # Python < 3.11
            import sre_parse as parser
        return min(parser.parse(p.pattern, p.flags).getwidth()[0] for p in patterns)
    except Exception:  # noqa: BLE001 - another secret_shapes: look at every literal
        return 0


_kind = None
_shortest_secret = 0


def _load() -> None:
    """Import secret_shapes' test on first use (most kernels never redact anything)."""
    global _kind, _shortest_secret
    if _kind is None:
        _kind, _shortest_secret = _secret_kind()


def is_credential_name(name: str) -> bool:
    """Whether ``name`` (a variable's, a parameter's) says it holds a credential."""
    return _WORD.search(name) is not None


def redact_value(name: str, value: object) -> object:
    """``value`` given to ``name`` (a parameter a notebook gets as ``name = value``), or
    ``<redacted>`` when the name says it is a credential or a string value is shaped like
    one."""
    _load()
    if is_credential_name(name) or (isinstance(value, str) and _kind(value)):
        return REDACTED
    return value


def _quoted(literal: str) -> str:
    """A string literal (no prefix) with its body replaced by ``<redacted>``."""
    quote = literal[:3] if literal[:3] in ('"""', "'''") else literal[0]
    return f"{quote}{REDACTED}{quote}"


def _sub(pattern: re.Pattern[str], replace: Callable[[re.Match], str], text: str) -> str:
    """``pattern.sub(replace, text)``, but ``text`` itself when no match changed anything."""
    parts, last = [], 0
    for match in pattern.finditer(text):
        new = replace(match)
        if new != match.group(0):
            parts += [text[last : match.start()], new]
            last = match.end()
    return "".join([*parts, text[last:]]) if parts else text


def _named(text: str) -> str:
    """``text`` with the values given to credential names redacted."""
    parts, last, seen = [], 0, 0
    for word in _WORD.finditer(text):
        if word.start() < seen:
            continue  # the same identifier again
        start, end = word.start(), word.end()
        while start > 0 and text[start - 1] in _IDENTIFIER:
            start -= 1
        while end < len(text) and text[end] in _IDENTIFIER:
            end += 1
        seen = end
        if start < last:
            continue
        line = text.rfind("\n", 0, start) + 1
        quote = text[start - 1 : start] if start else ""
        if _MAGIC.fullmatch(text, line, start) and (after := _AFTER_MAGIC.match(text, end)):
            cut, new = after.start(2), REDACTED
            stop = after.end()
        elif quote in ("'", '"') and text[end : end + 1] == quote:
            after = _AFTER_KEY.match(text, end + 1)
        else:
            after = _AFTER_NAME.match(text, end)
        if after is None:
            continue
        if after.re is not _AFTER_MAGIC:
            cut = after.start(4)
            new, stop = _quoted(after.group(4)), after.end()
        parts += [text[last:cut], new]
        last = seen = stop
    return "".join([*parts, text[last:]]) if parts else text


def redact(source: str) -> str:
    """``source`` with credential values replaced by ``<redacted>``; the rest unchanged (the
    same object when nothing was redacted)."""
    _load()
    lowered = source.lower()  # each pattern runs only where its words are: most cells have none
    text = _named(source) if any(word in lowered for word in _WORDS) else source
    if "://" in text:
        text = _sub(_URL_PASSWORD, lambda m: m.group(1) + REDACTED + m.group(3), text)
    if "authorization" in lowered:
        text = _sub(_AUTHORIZATION, lambda m: m.group(1) + REDACTED, text)
    if "Bearer" in text:
        text = _sub(_BEARER, lambda m: m.group(1) + REDACTED, text)

    def literal(m: re.Match) -> str:
        quoted = m.group(2)
        q = 3 if quoted[:3] in ('"""', "'''") else 1
        body = quoted[q:-q]
        if len(body) >= _shortest_secret and body != REDACTED and _kind(body):
            return m.group(1) + _quoted(quoted)
        return m.group(0)

    return _sub(_LITERAL, literal, text)
