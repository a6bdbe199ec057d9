"""The recorder matches each execution to its cell by what it saw run, not by IPython's
history: the history leaves some cells out, and ``shell.reset()`` empties it.

Real parts: IPython's own shell running each cell as the kernel does (``run_cell`` with the
cell id JupyterLab sends), the recorder's ``pre_run_cell``/``post_run_cell`` registered on it.
"""

from __future__ import annotations

import hashlib
import json
import sys

import pytest
from IPython.core.interactiveshell import InteractiveShell

from nbcraft.provenance.record import context, executed, kernel, redact


@pytest.fixture
def shell():
    sh = InteractiveShell.instance()
    sh.reset()  # a new session: what other tests ran is not this one's history
    recorder = kernel.KernelRecorder(sh)
    sh.events.register("pre_run_cell", recorder.pre_run_cell)
    sh.events.register("post_run_cell", recorder.post_run_cell)
    yield sh, recorder
    sh.events.unregister("pre_run_cell", recorder.pre_run_cell)
    sh.events.unregister("post_run_cell", recorder.post_run_cell)


def verdict(nb: dict, recorder: kernel.KernelRecorder) -> tuple[str, list[str]]:
    tags, notes = executed.executed_record(nb, recorder.executions())
    return tags[executed.EXECUTED], notes


def test_a_cell_ipython_does_not_store_does_not_shift_the_ids(shell):
    """IPython stores no history for a transformed cell holding ``run_line_magic(`` and the
    text "paste": the edited cell must still be found edited (it was reported ``same``)."""
    sh, recorder = shell
    saved = '%config InlineBackend.figure_format = "retina"\npalette = "pastel"\nlr = 0.05'
    nb = {
        "cells": [
            {"cell_type": "code", "id": "A", "source": saved},
            {"cell_type": "code", "id": "B", "source": "print(lr)"},
        ]
    }
    sh.run_cell(saved.replace("0.05", "0.1"), store_history=True, cell_id="A")  # not saved
    sh.run_cell("print(lr)", store_history=True, cell_id="B")
    state, notes = verdict(nb, recorder)
    assert state == "differs"
    assert notes[0].startswith("cell 1 ran code") and "[1]" in notes[0]
    assert [run.count for run in recorder.executions()] == [1, 2]


def test_a_console_line_is_not_taken_for_the_cell_before_it(shell):
    """``%time copypaste = 1`` is not stored by IPython; the console line after it took its
    cell id and the run was called ``differs`` (reproduce then refused it)."""
    sh, recorder = shell
    nb = {
        "cells": [
            {"cell_type": "code", "id": "A", "source": "%time copypaste = 1"},
            {"cell_type": "code", "id": "B", "source": "lr = 0.05"},
        ]
    }
    sh.run_cell("%time copypaste = 1", store_history=True, cell_id="A")
    sh.run_cell("lr = 0.05", store_history=True)  # a console: no id, code cell B holds
    assert verdict(nb, recorder) == ("same", [])
    assert recorder.executions()[1] == executed.Execution(2, "lr = 0.05", None)


SEED = 'import os\nos.environ["NBCRAFT_TEST_SEED"] = "2"'
READ = 'seed = int(os.environ["NBCRAFT_TEST_SEED"])'


@pytest.mark.parametrize(
    "reset",
    ["%reset -f", "%reset", "get_ipython().reset()"],
    ids=["reset -f", "reset, confirmed", "shell.reset()"],
)
def test_code_run_before_a_reset_still_counts(shell, monkeypatch, reset):
    """A reset clears the user's names, not the process: an edit not saved that ran before
    it (here an environment variable; a random seed, ``mlflow.autolog()``, a patched module
    are the same) still shapes what runs after it. ``shell.reset()`` used to start the list
    again, and the run was ``same`` with a state the saved notebook does not make."""
    sh, recorder = shell
    monkeypatch.delenv("NBCRAFT_TEST_SEED", raising=False)
    monkeypatch.setattr("builtins.input", lambda *_: "y")  # the user answers %reset's question
    nb = {
        "cells": [
            {"cell_type": "code", "id": "A", "source": SEED},
            {"cell_type": "code", "id": "R", "source": reset},
            {"cell_type": "code", "id": "B", "source": READ},
        ]
    }
    sh.run_cell(SEED.replace('"2"', '"1"'), store_history=True, cell_id="A")  # not saved
    sh.run_cell(reset, store_history=True, cell_id="R")
    assert "os" not in sh.user_ns  # the names are gone ...
    sh.run_cell("import os\n" + READ, store_history=True)  # a console line
    assert sh.user_ns["seed"] == 1  # ... the state the edit made is not
    state, notes = verdict(nb, recorder)
    assert state == "differs"
    assert notes[0] == (
        "cell 1 ran code that the saved notebook does not hold "
        "([1]: edited and not saved, or changed after it ran)"
    )
    assert [run.source for run in recorder.executions()][:2] == [
        SEED.replace('"2"', '"1"'),
        reset,
    ]


def test_a_cell_run_before_a_new_session_is_not_called_run_while_the_run_was_open(
    shell, tmp_path, monkeypatch
):
    """After ``shell.reset()`` the counts start at 1 again: an edit made at [2] before it is
    not "run while the run was open" for a run started at [1] after it."""
    sh, recorder = shell
    saved = tmp_path / "train.ipynb"
    nb = {
        "cells": [
            {"cell_type": "code", "id": "A", "source": "lr = 2", "metadata": {}, "outputs": [],
             "execution_count": None},
            {"cell_type": "code", "id": "B", "source": "print(lr)", "metadata": {},
             "outputs": [], "execution_count": None},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip
    saved.write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setenv("JPY_SESSION_NAME", str(saved))
    monkeypatch.setenv("NBCRAFT_JUPYTER_ROOT", str(tmp_path))
    recorder.jupyter_root = str(tmp_path)
    sh.run_cell("x = 1", store_history=True)  # [1]
    sh.run_cell("lr = 1", store_history=True, cell_id="A")  # [2]: not saved
    sh.reset()  # a new session: [1] again
    sh.run_cell("print(lr)", store_history=True, cell_id="B")  # [1]: the run starts here
    record = recorder._start_record()
    _tags, notes = recorder.executed_record(record, recorder.executions())
    assert [run.count for run in recorder.executions()] == [1, 2, 1]
    assert notes[-1] == (
        "cell 1 ran code that the saved notebook does not hold "
        "([2]: edited and not saved, or changed after it ran)"
    )


def test_cells_not_stored_in_history_are_not_counted(shell):
    sh, recorder = shell
    sh.run_cell("x = 1", store_history=False, cell_id="A")
    sh.run_cell("y = 2", store_history=True, cell_id="B")
    assert recorder.executions() == [executed.Execution(1, "y = 2", "B")]


def test_each_execution_is_redacted_once_however_many_runs_start(shell, monkeypatch):
    """The history was redacted again at every run's start and end: seconds at each
    ``start_run()`` late in a long session (bench/provenance-redact-bench.py). Each cell is
    redacted once, and ``history.json`` and the digest still hold the redacted code only."""
    sh, recorder = shell
    redacted = []
    real = redact.redact

    def counting(source: str) -> str:
        redacted.append(source)
        return real(source)

    monkeypatch.setattr(redact, "redact", counting)
    monkeypatch.setattr(executed, "redact", counting)
    token = "dapi" + "0123456789abcdef" * 2
    cells = [f"token = '{token}'", "x = 1", "y = x + 1"]
    for n, source in enumerate(cells):
        sh.run_cell(source, store_history=True, cell_id=f"c{n}")
    nb = {"cells": [{"cell_type": "code", "id": "c1", "source": "x = 1"}]}
    record = context.StartRecord(artifacts={"notebook.ipynb": json.dumps(nb).encode()})
    for _ in range(3):  # three runs start and end
        history = json.loads(recorder.history())
        tags, _notes = recorder.executed_record(record, recorder.executions())
    assert sorted(redacted) == sorted(cells)
    sources = [cell["source"] for cell in history["cells"]]
    assert sources == ["token = '<redacted>'", "x = 1", "y = x + 1"]
    digest = hashlib.sha256(json.dumps(sorted(sources)).encode()).hexdigest()
    assert tags[executed.EXECUTED_SHA] == digest


def test_a_kernel_that_never_imports_mlflow_redacts_nothing(shell, monkeypatch):
    """Every cell paid for redaction when it ran, MLflow imported or not (a 4 MB literal cost
    2.45 s of recorder time in a kernel with no run). Redaction waits for a run to need it."""
    sh, recorder = shell
    monkeypatch.delitem(sys.modules, "mlflow", raising=False)
    redacted = []
    real = redact.redact
    monkeypatch.setattr(executed, "redact", lambda source: redacted.append(source) or real(source))
    cells = ["password = 'hunter2'", "data = '" + "QUJD" * 1000 + "'", "x = 1"]
    for n, source in enumerate(cells):
        sh.run_cell(source, store_history=True, cell_id=f"c{n}")
    assert redacted == []
    history = json.loads(recorder.history())  # a run starts: now it is needed
    assert history["cells"][0]["source"] == "password = '<redacted>'"
    assert sorted(redacted) == sorted(cells)


def test_a_cell_over_a_megabyte_is_kept_as_its_size_and_hash(shell):
    """A pasted data blob is not copied into history.json: the cell is kept as its size and
    the SHA-256 of its redacted text, and the digest hashes exactly what history.json holds."""
    sh, recorder = shell
    token = "dapi" + "0123456789abcdef" * 2
    blob = f"token = '{token}'\nrows = '''" + "1,2,3,abc\n" * 120_000 + "'''"
    sh.run_cell(blob, store_history=True, cell_id="big")
    sh.run_cell("x = 1", store_history=True, cell_id="small")
    history = json.loads(recorder.history())
    clean = redact.redact(blob)
    assert token not in clean and len(clean) > executed.MAX_KEPT
    expected = f"<{len(clean)} characters, sha256 {hashlib.sha256(clean.encode()).hexdigest()}>"
    sources = [cell["source"] for cell in history["cells"]]
    assert sources == [expected, "x = 1"]
    tags, _notes = executed.executed_record({"cells": []}, recorder.executions())
    digest = hashlib.sha256(json.dumps(sorted(sources)).encode()).hexdigest()
    assert tags[executed.EXECUTED_SHA] == digest
