"""JSON as the browser reads it: no ``NaN``, ``Infinity`` or ``-Infinity``.

Python's ``json`` reads and writes those three words by default; ``JSON.parse`` rejects them,
so one such value in an answer made the lab drop the whole answer (every job of the Jobs list,
for one row of ``jobs.db`` holding ``{"created": NaN}``). What nbcraft reads from its own files
is read with ``loads`` (a non-finite number is an error, like any other malformed JSON); what it
writes to the browser or to disk goes through ``dumps``, which writes a non-finite float the way
MLflow's own REST API does (protobuf's JSON: the strings ``"NaN"``, ``"Infinity"``,
``"-Infinity"``), so a NaN metric still reaches the lab's charts.
"""

from __future__ import annotations

import json
import math
from typing import Any

# protobuf's JSON mapping of a double, which MLflow's REST answers use
MLFLOW_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class NonFiniteNumber(ValueError):
    """The JSON holds ``NaN``, ``Infinity``, ``-Infinity``, or a number no double can hold."""


def _refuse_constant(word: str) -> Any:
    raise NonFiniteNumber(f"{word} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999: Python's float is inf, written back as Infinity
        raise NonFiniteNumber(f"a number of {len(text)} characters is too large for a double")
    return value


def loads(text: str | bytes) -> Any:
    """``json.loads`` that refuses non-finite numbers (``NonFiniteNumber``, a ValueError)."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def mlflow_numbers(value: Any) -> Any:
    """``value`` with each non-finite float written as MLflow's JSON writes it (a string)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: mlflow_numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mlflow_numbers(v) for v in value]
    return value


def dumps(payload: Any) -> str:
    """Strict JSON of ``payload``; a non-finite float becomes ``"NaN"``/``"Infinity"``/
    ``"-Infinity"`` (only walked when there is one: the plain case costs one ``dumps``)."""
    try:
        return json.dumps(payload, allow_nan=False)
    except ValueError:  # (a non-finite float: json says "Out of range float values ...")
        return json.dumps(mlflow_numbers(payload), allow_nan=False)
