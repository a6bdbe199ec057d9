"""The credentials in a JSON request body (curl's ``-d '{"password": "x"}'``, ``--json``): the
values of its credential-named keys, for ``redact_curl``. Pure; each string read once (linear)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

# A JSON body's strings (a key's or a value's, JSON's escapes kept), what follows a key, a scalar
_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_JSON_COLON = re.compile(r"\s*:\s*")
_JSON_SCALAR = re.compile(r"[^\s,\]}]+")


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
