"""A job's secret parameter values taken out of what the job says about itself.

The kernel gets a secret parameter's real value; an exception can repeat it (``int(db_password)``
fails with ``invalid literal for int() with base 10: 'hunter2'``), and so can a print. Before
the job's error line, traceback, progress output or kept notebook reach the job store, the
browser, MLflow (``nbcraft.job.error``) or the CLI's stderr, every string the redaction took
out of a parameter (``redact_parameters``: the whole value, or the cut-out part of a partly
redacted one, such as a URL's password) is replaced by ``<redacted>``.

Pure: no I/O. The real values come from the service's memory (``_Pending.parameters``).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

from ..provenance.record.redact import REDACTED
from ..strict_json import mlflow_numbers


def secret_names(real: dict[str, Any], shown: dict[str, Any]) -> list[str]:
    """The parameters ``shown`` (``redact_parameters(real)``) redacts. ``is`` first: a NaN is
    not equal to itself, and was counted as a secret; read back from ``jobs.db``, a NaN is
    the ``"NaN"`` the store writes for it (``strict_json``), no secret either."""
    return sorted(k for k, v in real.items() if not _same(v, shown.get(k)))


def _same(real: Any, shown: Any) -> bool:
    return shown is real or shown == real or shown == mlflow_numbers(real)


def secret_strings(real: dict[str, Any], shown: dict[str, Any]) -> list[str]:
    """The strings of ``real`` that ``shown`` (its ``redact_parameters``) hides, longest first,
    with the forms an error message prints them in (``repr``'s and JSON's escapes)."""
    found: set[str] = set()
    for name, value in real.items():
        found.update(_hidden(value, shown.get(name)))
    forms = set()
    for text in found:
        if text:
            forms.update({text, repr(text)[1:-1], json.dumps(text)[1:-1]})
    return sorted(forms, key=lambda s: (-len(s), s))


def _hidden(real: Any, shown: Any) -> Iterator[str]:
    if isinstance(real, str):
        if shown == real:
            return
        if not isinstance(shown, str) or REDACTED not in shown:
            yield real
            return
        # the parts cut out of a partly redacted string: what stands for each <redacted>
        pieces = shown.split(REDACTED)
        pattern = "(.*?)".join(re.escape(p) for p in pieces)
        match = re.fullmatch(pattern, real, re.DOTALL)
        if match is None:
            yield real
        else:
            yield from (group for group in match.groups() if group)
    elif isinstance(real, dict):
        for key, value in real.items():
            yield from _hidden(value, shown.get(key) if isinstance(shown, dict) else None)
    elif isinstance(real, (list, tuple)):
        items = shown if isinstance(shown, (list, tuple)) else []
        for index, value in enumerate(real):
            yield from _hidden(value, items[index] if index < len(items) else None)


def scrub_text(text: str | None, secrets: list[str]) -> str | None:
    """``text`` with each of ``secrets`` (longest first) replaced by ``<redacted>``."""
    if not text or not secrets:
        return text
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def scrub_progress(progress: dict[str, Any], secrets: list[str]) -> dict[str, Any]:
    """A job's progress (the running cell's output, the traceback) without the secrets."""
    if not secrets:
        return progress
    progress = dict(progress)
    for key in ("output", "traceback"):
        if isinstance(progress.get(key), str):
            progress[key] = scrub_text(progress[key], secrets)
    return progress


def scrub_outputs(nb: Any, secrets: list[str]) -> Any:
    """The notebook with its cells' stream, error and text outputs without the secrets (a copy
    of the cells that change; ``nb`` itself when nothing does)."""
    if not secrets:
        return nb
    changed = False
    cells = list(nb.cells)
    for index, cell in enumerate(cells):
        outputs = cell.get("outputs") or []
        new = [_scrub_output(output, secrets) for output in outputs]
        if any(a is not b for a, b in zip(new, outputs, strict=True)):
            cell = cells[index] = copy.copy(cell)
            cell["outputs"] = new
            changed = True
    if not changed:
        return nb
    nb = copy.copy(nb)
    nb.cells = cells
    return nb


def _scrub_output(output: Any, secrets: list[str]) -> Any:
    kind = output.get("output_type")
    if kind == "stream":
        fields = {"text": output.get("text")}
    elif kind == "error":
        fields = {"evalue": output.get("evalue"), "traceback": output.get("traceback")}
    elif kind in ("execute_result", "display_data"):
        data = output.get("data") or {}
        fields = {key: data[key] for key in data if key.startswith("text/")}
    else:
        return output
    clean = {key: _scrub_any(value, secrets) for key, value in fields.items()}
    if clean == fields:
        return output
    output = copy.deepcopy(output)
    for key, value in clean.items():
        if kind in ("execute_result", "display_data"):
            output["data"][key] = value
        else:
            output[key] = value
    return output


def _scrub_any(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        return scrub_text(value, secrets)
    if isinstance(value, list):
        return [_scrub_any(item, secrets) for item in value]
    return value


def scrub_outcome(outcome: Any, secrets: list[str]) -> Any:
    """The runner's ``Outcome`` with its error line and traceback scrubbed (in place), and
    only then the line cut at ``error_limit``."""
    outcome.error = scrub_text(outcome.error, secrets)
    limit = getattr(outcome, "error_limit", None)
    if outcome.error and limit is not None and len(outcome.error) > limit:
        outcome.error = outcome.error[:limit] + "…"
        outcome.error_limit = None
    outcome.traceback = scrub_text(outcome.traceback, secrets)
    return outcome
