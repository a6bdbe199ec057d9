"""JSON as the browser reads it: no ``NaN``, ``Infinity`` or ``-Infinity``.

Python's ``json`` reads and writes those three words by default; ``JSON.parse`` rejects them,
so one such value in an answer made the lab drop the whole answer (every job of the Jobs list,
for one row of ``jobs.db`` holding ``{"created": NaN}``). nbcraft writes a non-finite number
the way MLflow's own REST API does (protobuf's JSON: the strings ``"NaN"``, ``"Infinity"``,
``"-Infinity"``), so a NaN metric still reaches the lab's charts: ``dumps`` for what it writes
to the browser or to disk, ``quote_non_finite`` for JSON text already written (an MLflow
answer), and ``loads`` reads what an older nbcraft wrote (bare ``NaN``) as those strings.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# protobuf's JSON mapping of a double, which MLflow's REST answers use
MLFLOW_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}

# One of json's bare words for a non-finite float, else the longest run of anything else:
# strings whole (a "NaN" in one is kept) and characters other than N, I and a "-" before
# "Infinity". Possessive: no backtracking, one pass. Only on text json has read: outside
# strings, N and I begin nothing else.
_BARE = r'-?Infinity|NaN|(?:[^"NI\-]++|-(?!Infinity)|"[^"\\]*+(?:\\.[^"\\]*+)*+")++'
_BARE_TEXT = re.compile(_BARE, re.DOTALL)
_BARE_BYTES = re.compile(_BARE.encode(), re.DOTALL)
_WORDS = {*MLFLOW_NON_FINITE, *(w.encode() for w in MLFLOW_NON_FINITE)}


def mlflow_word(value: float) -> str:
    """A non-finite float as MLflow's JSON writes it."""
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def _number_or_word(text: str) -> float | str:
    value = float(text)  # 1e999: Python's float is inf, which json would write back bare
    return value if math.isfinite(value) else mlflow_word(value)


def loads(text: str | bytes) -> Any:
    """``json.loads`` (which reads the bare ``NaN``/``Infinity`` an older nbcraft wrote), each
    non-finite number read as the string MLflow writes for it: written back, it is strict."""
    return json.loads(text, parse_constant=str, parse_float=_number_or_word)


def loads_noting(text: str | bytes) -> tuple[Any, bool]:
    """``loads``, and whether the text held a non-finite number (read as its string)."""
    held = False

    def word(text: str) -> str:
        nonlocal held
        held = True
        return text

    def number(text: str) -> float | str:
        nonlocal held
        value = _number_or_word(text)
        held = held or isinstance(value, str)
        return value

    return json.loads(text, parse_constant=word, parse_float=number), held


def non_finite_names(values: dict[str, Any]) -> list[str]:
    """The names whose value holds NaN or Infinity anywhere (json's own walk, in C)."""
    names = []
    for name, value in values.items():
        try:
            json.dumps(value, allow_nan=False)
        except ValueError:
            names.append(name)
        except (TypeError, RecursionError):  # (not JSON: the CLI's literals; too deep: callers')
            pass
    return names


def quote_non_finite(text: str | bytes) -> str | bytes:
    """JSON text that json has read, with each bare ``NaN``/``Infinity``/``-Infinity`` written
    as a string; every other character kept. One pass, no walk of the value (so no depth limit
    beyond json's own, and a 64 MB answer is not encoded twice)."""
    if isinstance(text, bytes):
        return _BARE_BYTES.sub(lambda m: b'"' + m[0] + b'"' if m[0] in _WORDS else m[0], text)
    return _BARE_TEXT.sub(lambda m: f'"{m[0]}"' if m[0] in _WORDS else m[0], text)


def mlflow_numbers(value: Any) -> Any:
    """``value`` with each non-finite float written as MLflow's JSON writes it (a string), as
    it reads back from a file ``dumps`` wrote (json's own walk: no depth limit of Python's)."""
    try:
        return loads(dumps(value))
    except (TypeError, RecursionError):  # not JSON (nothing of it is read back from a file)
        return value


def dumps(payload: Any) -> str:
    """Strict JSON of ``payload``; a non-finite float becomes ``"NaN"``/``"Infinity"``/
    ``"-Infinity"`` (the text rewritten only when there is one: the plain case costs one
    ``dumps``)."""
    try:
        return json.dumps(payload, allow_nan=False)
    except ValueError:  # (a non-finite float: json says "Out of range float values ...")
        return quote_non_finite(json.dumps(payload))
