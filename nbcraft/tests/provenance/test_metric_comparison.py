"""The metric table's verdicts: relative to the original within --rtol, and a metric that is
0 in the original run is equal to float noise around 0 (a relative difference from 0 is
infinite), but not to a real value; a metric only one run has is not reproduced."""

from __future__ import annotations

import math

from nbcraft.provenance.reproduce import compare_metrics


def verdicts(original: dict, reproduced: dict, rtol: float = 1e-6) -> dict:
    return {row["key"]: row["ok"] for row in compare_metrics(original, reproduced, rtol)}


def test_metric_verdicts() -> None:
    assert verdicts(
        {"r2": 0.81, "loss": 0.0, "gap": 0.0, "nan": math.nan, "mae": 2.0, "only_a": 1.0},
        {"r2": 0.81 * (1 + 1e-9), "loss": 1e-17, "gap": 0.5, "nan": math.nan, "mae": 2.1},
    ) == {
        "r2": True,
        "loss": True,
        "gap": False,
        "nan": True,
        "mae": False,
        "only_a": False,
    }
    assert verdicts({"x": math.nan}, {"x": 0.0}) == {"x": False}


def test_a_relative_difference_that_is_no_number_is_none() -> None:
    """An original of inf against 1.0 gave a rel_diff of NaN (inf/inf), served as "NaN", which
    the lab's schema (a number or null) rejects: the reproduction showed no outcome."""
    rows = compare_metrics(
        {"a": math.inf, "b": math.inf, "c": 1.0, "d": 2.0},
        {"a": 1.0, "b": -math.inf, "c": math.inf, "d": 3.0},
        0.0,
    )
    assert [(r["key"], r["rel_diff"], r["ok"]) for r in rows] == [
        ("a", None, False),
        ("b", None, False),
        ("c", None, False),
        ("d", 0.5, False),
    ]
