"""The credentials in a JSON request body (curl's ``-d '{"password": "x"}'``, ``--json``): the
values of its credential-named keys, for ``redact_curl``. Pure; each string read once (linear)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from .authorization import REFERENCE

# A JSON body's strings (a key's or a value's, JSON's escapes kept), what follows a key, a scalar
_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_JSON_COLON = re.compile(r"\s*:\s*")
_JSON_SCALAR = re.compile(r"[^\s,\]}]+")


# A body that is no JSON (a trailing comma, a raw newline or a stray quote in a string, a
# truncated paste, JavaScript's unquoted keys, ``=``): each ``name: value`` / ``name=value``,
# the name quoted or not; only a credential's value is read (a quoted string, to its quote or the
# line's end, or a word), so each character is read a bounded number of times (``a=a=a=...``:
# reading every name's value to the chain's end was quadratic)
_KEY = re.compile(r"""(?<![\w.-])["']?(?P<name>[A-Za-z_][\w.-]*+)["']?[ \t]*[:=][ \t]*""")
_BARE_CHAR = re.compile(r"""[^\s,;&}\]"']""")
_VALUE = re.compile(
    r""""(?P<double>(?:[^"\\\n]|\\.)*+)|'(?P<single>[^'\n]*+)"""
    r"""|(?P<bare>(?:[^\s,;&}\]"'$]|\$(?![({]))++)|(?P<rest>[^\s,;&}\]"']++)"""
)


def body_secrets(value: str, k: int, is_name: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The credential values of the body ``value[k:]`` that looks like JSON: as JSON reads it
    (:func:`json_secrets`) and, when it does not parse, also each ``name: value`` a scan finds
    (the JSON reader stops at the first broken string; the rest would be kept). A value that is
    the shell's reference (``${TOKEN}``, ``$(cat t)``, :data:`REFERENCE`) is kept (what follows
    it read as the value: ``${PW}x``'s x), and a word ends where one starts. Overlapping spans
    merged; linear."""
    found = json_secrets(value, k, is_name)
    if _parses(value[k:]):
        return found
    i = k
    while (m := _KEY.search(value, i)) is not None:
        i = m.end()  # (a name's value may hold the next key: a stray quote before it)
        if not is_name(m.group("name")):
            continue
        while reference := REFERENCE.match(value, i):
            i = reference.end()  # (``${TOKEN}}``, ``$(cat t)}``: kept; ``${PW}x``: x read)
        if i > m.end() and not _BARE_CHAR.match(value, i):
            continue
        if (v := _VALUE.match(value, i)) is None:
            continue
        group = next(g for g in ("double", "single", "bare", "rest") if v.group(g) is not None)
        if not REFERENCE.fullmatch(v.group(group)):
            found.append((v.start(group), v.end(group)))
        i = v.end()
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _parses(body: str) -> bool:
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return False
    return True


def json_secrets(value: str, k: int, is_name: Callable[[str], bool]) -> list[tuple[int, int]]:
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
