"""What a run writes, deletes or keeps in the temporary folder is not its data: no input, and no
"gone before it could be hashed" warning in the cell, while a real data file still is one.

The first case is what the sample notebook met: MLflow's ``log_model`` saves the model into a
temporary folder and deletes it with ``shutil.rmtree``, which opens each subfolder by its bare
name (``model``) relative to a folder descriptor; the audit event carries the name only.

Real kernels and a real ``mlflow server``. The kernel's temporary folder (``TMPDIR``) is put
inside the Jupyter root, the case where the temporary folder's files would otherwise count.
"""

from __future__ import annotations

import json

import pytest
from record_support import Kernel, artifact, get_run, other_notes, tags_of, write_notebook

WITH_RUN = "with mlflow.start_run() as run:\n    mlflow.log_param('p', 1)\nprint(run.info.run_id)"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, mlflow_server):
    root = tmp_path_factory.mktemp("scratch-root")
    folder = root / "proj"
    notebook = write_notebook(folder / "nb.ipynb", "x = 1")
    (folder / "data.csv").write_text("a,b\n1,2\n")
    temp = root / "tmp"
    temp.mkdir()
    kernel = Kernel(notebook, root, mlflow_server, TMPDIR=str(temp))
    kernel.ok("import mlflow, os, shutil, tempfile, pandas as pd\ndf = pd.read_csv('data.csv')")
    yield {"root": root, "folder": folder, "temp": temp, "kernel": kernel}
    kernel.stop()


def logged(kernel, uri, out):
    """The run, once the recorder has logged it, with nothing said meanwhile: the recorder's
    thread prints what it could not record into whichever cell runs then."""
    _, err = kernel.flush()
    assert "nbcraft:" not in err, err
    return get_run(uri, out.split()[-1])


def recorded(uri, run):
    return {e["path"] for e in json.loads(artifact(uri, run, "nbcraft/inputs.json"))["inputs"]}


def test_a_temporary_model_folder_removed_by_rmtree_is_not_an_input(scratch, mlflow_server):
    kernel = scratch["kernel"]
    out, err, error = kernel.run(
        "with mlflow.start_run() as run:\n"
        "    saved = tempfile.mkdtemp()\n"  # as MLflow's TempDir in Model.log
        "    os.makedirs(os.path.join(saved, 'model', 'code'))\n"
        "    with open(os.path.join(saved, 'model', 'MLmodel'), 'w') as f:\n"
        "        f.write('flavors: {}\\n')\n"
        "    mlflow.log_artifacts(saved)\n"
        "    shutil.rmtree(saved)\n"
        "print(run.info.run_id)"
    )
    assert error is None, err
    assert "nbcraft:" not in err, err  # no "model: gone or unreadable before it could be hashed"
    run = logged(kernel, mlflow_server, out)
    assert recorded(mlflow_server, run) == {"proj/data.csv"}
    assert other_notes(tags_of(run)) == f"no git repository at {scratch['folder']}"


def test_a_file_the_kernel_rewrote_and_removed_is_left_out_quietly(scratch, mlflow_server):
    kernel, folder = scratch["kernel"], scratch["folder"]
    (folder / "state.txt").write_text("step 1\n")  # read, then rewritten by the notebook
    out, err, error = kernel.run(
        "state = open('state.txt').read()\n"
        "with open('state.txt', 'w') as f:\n"
        "    f.write('step 2\\n')\n"
        "try:\n"
        "    open('never-there.csv').read()\n"  # a failed open reads nothing
        "except FileNotFoundError:\n"
        "    pass\n"
        "os.remove('state.txt')\n" + WITH_RUN
    )
    assert error is None, err
    assert "nbcraft:" not in err, err
    run = logged(kernel, mlflow_server, out)
    assert recorded(mlflow_server, run) == {"proj/data.csv"}


def test_files_in_the_temporary_folder_are_never_inputs(scratch, mlflow_server):
    kernel, temp = scratch["kernel"], scratch["temp"]
    (temp / "cached.csv").write_text("a\n1\n")  # not written by the kernel: only where it is
    kernel.ok(f"assert os.path.realpath(tempfile.gettempdir()) == {str(temp.resolve())!r}")
    kernel.ok("pd.DataFrame({'a': [1]}).to_parquet(os.path.join(tempfile.gettempdir(), 'f.pq'))")
    out, err, error = kernel.run(
        "cached = pd.read_csv(os.path.join(tempfile.gettempdir(), 'cached.csv'))\n"
        "feats = pd.read_parquet(os.path.join(tempfile.gettempdir(), 'f.pq'))\n" + WITH_RUN
    )
    assert error is None, err
    assert "nbcraft:" not in err, err
    run = logged(kernel, mlflow_server, out)
    assert recorded(mlflow_server, run) == {"proj/data.csv"}


def test_a_data_file_that_vanishes_still_warns(scratch, mlflow_server):
    """The other side (test_record_faults has the full case): a file the kernel only read."""
    kernel, folder = scratch["kernel"], scratch["folder"]
    (folder / "gone.csv").write_text("a\n1\n")
    _, err, error = kernel.run("g = pd.read_csv('gone.csv')\nos.remove('gone.csv')\n" + WITH_RUN)
    assert error is None, err
    assert err.count("proj/gone.csv: gone or unreadable before it could be hashed") == 1, err
