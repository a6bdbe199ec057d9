"""Did a run execute the notebook it recorded? The cells the kernel ran (as the recorder saw
each one start, with the cell id JupyterLab sends with each execution and IPython's execution
count) against the code cells of the notebook snapshot (the file as saved when the run
started).

The kernel runs what is in the editor, not what is in the file: an edit not saved yet, a cell
run and then changed, code typed in a console attached to the notebook. When any of that ran,
the snapshot is not all the code that made the run's state, and the record says so:
provenance ``partial`` with a note naming each such execution, and the tag
``nbcraft.notebook.executed``:
- ``differs``: a cell of the saved notebook ran other code than the snapshot holds (an edit
  not saved, a cell changed after it ran). ``reproduce`` refuses such a run: the snapshot is
  known not to be what ran.
- ``extra``: every saved cell that ran, ran as saved, but other code ran too (a cell not saved
  yet or deleted since, code typed in a console, or any execution without a cell id that the
  snapshot does not hold). ``reproduce`` runs the snapshot and says that it is the snapshot.
- ``same``: every execution is the snapshot's.
A job runs the notebook file itself, so its runs carry no such tag.

How an execution is matched (sources compared without trailing whitespace):
- a cell the lab ran (its cell id is known): its *last* execution counts, and it must hold the
  same source as the saved cell with that id. A cell re-run after an edit counts as its last
  version; state its earlier versions left behind is not detected.
- a cell id the snapshot does not have (a new cell not saved yet, or a cell deleted since),
  or an execution without an id (a console, a client that sends none): its source must be the
  source of one of the snapshot's code cells.

Standard library only (see the package's docstring).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .notebook import source_text
from .redact import redact

EXECUTED = "nbcraft.notebook.executed"
# the code that ran, whatever the snapshot: two runs with the same digest ran the same cells
EXECUTED_SHA = "nbcraft.notebook.executed.sha256"
SAME, EXTRA, DIFFERS = "same", "extra", "differs"
MARK = "ran code that the saved notebook does not hold"  # in each of the notes
MAX_NAMED = 5  # cells named in the note; the rest are counted


@dataclass(frozen=True)
class Execution:
    count: int  # IPython's execution count, ``[count]`` in the lab
    source: str
    cell_id: str | None = None

    @cached_property
    def redacted(self) -> str:
        """The source as ``history.json`` holds it: credentials redacted, and a cell over
        :data:`MAX_KEPT` characters (a pasted data blob) as ``<N characters, sha256 …>`` of its
        redacted text. Taken once per execution, when first needed (the recorder takes it when
        a cell has run once MLflow is imported; a kernel that never imports it never pays
        for it), not at every run's start and end. The source itself when nothing changed."""
        return kept_text(redact(self.source))

    @cached_property
    def code(self) -> str:
        """The source as it is compared (:func:`normalized`), taken once."""
        return normalized(self.source)

    @cached_property
    def redacted_code(self) -> str:
        """What the digest takes: :attr:`redacted` as :func:`normalized`."""
        return self.code if self.redacted is self.source else normalized(self.redacted)


MAX_KEPT = 1_000_000  # characters of one execution's (redacted) source kept in history.json


def kept_text(text: str) -> str:
    """``text``, or for one over :data:`MAX_KEPT` characters its size and SHA-256."""
    if len(text) <= MAX_KEPT:
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"<{len(text)} characters, sha256 {digest}>"


def normalized(source: Any) -> str:
    """Without trailing whitespace and blank lines at either end; ``source`` itself (no copy
    kept) when it is so already."""
    text = "\n".join(line.rstrip() for line in source_text(source).splitlines()).strip("\n")
    return source if text == source else text


def differences(
    nb: Any, executions: list[Execution], started: int | None = None
) -> list[tuple[str, str]]:
    """``(DIFFERS or EXTRA, line)`` per execution whose code the notebook ``nb`` (a parsed
    snapshot) does not hold, in execution order; empty when every execution matches.
    ``started``: how many of ``executions`` ran until the run started (the cell it started
    in included); a cell run after them ran while the run was open, and is named as such.
    By position, not by execution count: ``shell.reset()`` starts the counts again."""
    cells = nb.get("cells") if isinstance(nb, dict) else None
    by_id: dict[str, tuple[int, str]] = {}  # cell id -> (1-based position, source)
    saved: set[str] = set()
    for position, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = normalized(cell.get("source", ""))
        saved.add(source)
        # a duplicated id: nbformat (the contents API, so the lab) keeps the first one and
        # gives the others new ids
        if isinstance(cell.get("id"), str) and cell["id"] not in by_id:
            by_id[cell["id"]] = (position, source)
    late = {id(run) for run in executions[started:]} if started is not None else set()
    found = []
    for run in counted(executions):
        source = run.code
        known = by_id.get(run.cell_id) if run.cell_id else None
        if known is not None:
            if known[1] != source:
                why = (
                    f"[{run.count}]: run while the run was open, not as saved when it started"
                    if id(run) in late
                    else f"[{run.count}]: edited and not saved, or changed after it ran"
                )
                found.append((DIFFERS, f"cell {known[0]} {MARK} ({why})"))
        elif source not in saved:
            why = (
                "a cell not saved yet, or deleted since"
                if run.cell_id
                else "typed outside the notebook, or a cell changed since"
            )
            found.append((EXTRA, f"[{run.count}] {MARK} ({why})"))
    return found


def counted(executions: list[Execution]) -> list[Execution]:
    """The executions that make the kernel's code: a cell's last run, every run without an
    id; empty sources left out."""
    last = {run.cell_id: run for run in executions if run.cell_id}
    return [run for run in executions if run.code and (not run.cell_id or last[run.cell_id] is run)]


def executed_digest(executions: list[Execution]) -> str:
    """SHA-256 of the distinct sources that ran (sorted; order and repeats do not count):
    the same for two runs that ran the same cells, also in two kernels. Of the sources as
    ``history.json`` holds them, secrets redacted: a digest of the secret itself would let
    anyone who can read the run test guesses of it offline."""
    sources = sorted({run.redacted_code for run in counted(executions)})
    return hashlib.sha256(json.dumps(sources, ensure_ascii=False).encode()).hexdigest()


def executed_record(
    nb: Any, executions: list[Execution], started: int | None = None
) -> tuple[dict[str, str], list[str]]:
    """The tags and the notes of the record: ``({EXECUTED: same|extra|differs,
    EXECUTED_SHA: digest}, notes)``."""
    found = differences(nb, executions, started)
    digest = {EXECUTED_SHA: executed_digest(executions)}
    if not found:
        return {EXECUTED: SAME, **digest}, []
    state = DIFFERS if any(kind == DIFFERS for kind, _ in found) else EXTRA
    named = [line for _, line in found[:MAX_NAMED]]
    if len(found) > MAX_NAMED:
        named.append(f"{len(found) - MAX_NAMED} more executions {MARK}")
    return {EXECUTED: state, **digest}, named
