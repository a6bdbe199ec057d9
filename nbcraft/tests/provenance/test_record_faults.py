"""Recording never breaks the user's run: no repository, a detached HEAD with a submodule, a
file beyond the hash cap, a file that vanishes before it is hashed, a tracking server that stops
answering, a kernel without mlflow, a kernel without nbcraft. Each says what it could not record
(once, in the cell's output, and in ``nbcraft.provenance.note``) and the run goes on.

Real kernels, git and ``mlflow server``. Two things are arranged rather than found: "mlflow /
nbcraft not installed" is a kernel whose ``PYTHONPATH`` holds a package of that name that
raises ImportError (as a missing one does), and "the server stops answering" is the kernel's
tracking URI switched to a closed port after the run, at the end of the same cell.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from record_support import (
    Kernel,
    artifact,
    artifact_names,
    get_run,
    git,
    other_notes,
    tags_of,
    write_notebook,
)

from nbcraft.provenance.record.digest import file_digest

WITH_RUN = "with mlflow.start_run() as run:\n    mlflow.log_param('p', 1)\nprint(run.info.run_id)"


def run_id_of(output: str) -> str:
    return output.strip().splitlines()[-1]


def inputs_of(uri, run):
    return {e["path"]: e for e in json.loads(artifact(uri, run, "nbcraft/inputs.json"))["inputs"]}


# ---------------------------------------------------------------------- no repository


@pytest.fixture(scope="module")
def plain(tmp_path_factory, mlflow_server):
    root = tmp_path_factory.mktemp("no-repo-root")
    folder = root / "plain"
    notebook = write_notebook(folder / "nb.ipynb", "x = 1")
    (folder / "data.csv").write_text("a,b\n1,2\n")
    kernel = Kernel(notebook, root, mlflow_server)
    kernel.ok("import mlflow, os, pandas as pd")
    yield {"root": root, "folder": folder, "kernel": kernel}
    kernel.stop()


def test_no_repository_is_said_and_the_run_still_logs(plain, mlflow_server):
    kernel, folder = plain["kernel"], plain["folder"]
    kernel.ok("df = pd.read_csv('data.csv')")
    run = get_run(mlflow_server, run_id_of(kernel.ok(WITH_RUN)), kernel)
    tags = tags_of(run)
    assert run["data"]["params"] == [{"key": "p", "value": "1"}]
    assert not any(key.startswith(("mlflow.source.git", "nbcraft.git")) for key in tags)
    assert tags["nbcraft.provenance"] == "partial"
    assert other_notes(tags) == f"no git repository at {folder}"
    assert tags["nbcraft.notebook.sha256"]  # the notebook is still recorded
    entry = inputs_of(mlflow_server, run)["plain/data.csv"]
    assert entry["location"] == "jupyter-root"
    assert entry["digest"] == hashlib.sha256((folder / "data.csv").read_bytes()).hexdigest()


def test_a_file_beyond_the_hash_cap_gets_a_sampled_digest(plain, mlflow_server):
    kernel, folder = plain["kernel"], plain["folder"]
    big = folder / "big.bin"
    big.write_bytes(bytes(range(256)) * 40)  # 10 KB against a cap of 1 KB: "huge" for this test
    kernel.ok("os.environ['NBCRAFT_PROVENANCE_HASH_CAP'] = '1024'\n"
              "blob = open('big.bin', 'rb').read()")  # fmt: skip
    try:
        run = get_run(mlflow_server, run_id_of(kernel.ok(WITH_RUN)), kernel)
    finally:
        kernel.ok("del os.environ['NBCRAFT_PROVENANCE_HASH_CAP']")
    entry = inputs_of(mlflow_server, run)["plain/big.bin"]
    assert entry["size"] == 10240
    assert entry["digest_kind"] == "sampled-sha256"
    assert entry["digest"] == file_digest(str(big), "sampled-sha256")
    assert entry["digest"] != hashlib.sha256(big.read_bytes()).hexdigest()
    datasets = {d["dataset"]["name"]: d["dataset"] for d in run["inputs"]["dataset_inputs"]}
    assert datasets["plain/big.bin"]["digest"] == entry["digest"][:32]


def old_sampled_digest(path: Path, mtime: float) -> str:
    """The sampled digest as records made before hashed it, with the mtime (the spec of then:
    ``size:<n>;mtime:<repr>;`` and 16 blocks of 256 KiB spread evenly, first and last in)."""
    data = path.read_bytes()
    digest = hashlib.sha256(f"size:{len(data)};mtime:{mtime!r};".encode())
    last = max(0, len(data) - 256 * 1024)
    for i in range(16):
        start = last * i // 15
        digest.update(data[start : start + 256 * 1024])
    return digest.hexdigest()


def test_a_sampled_input_is_the_same_after_a_checkout_or_a_copy(plain, mlflow_server, tmp_path):
    """Size and sampled blocks identify a big file: a new mtime (a checkout, a copy) is not a
    change, in reproduce and in the lab; changed bytes in a sampled block are."""
    from mlflow.tracking import MlflowClient

    from nbcraft.provenance import record_reader as rr
    from nbcraft.provenance.reproduce import check_inputs
    from nbcraft.provenance.summary import input_changed

    kernel, folder, root = plain["kernel"], plain["folder"], plain["root"]
    big = folder / "big2.bin"
    big.write_bytes(bytes(range(256)) * 40)
    kernel.ok("os.environ['NBCRAFT_PROVENANCE_HASH_CAP'] = '1024'\n"
              "blob2 = open('big2.bin', 'rb').read()")  # fmt: skip
    try:
        run_id = run_id_of(kernel.ok(WITH_RUN))
        get_run(mlflow_server, run_id, kernel)
    finally:
        kernel.ok("del os.environ['NBCRAFT_PROVENANCE_HASH_CAP']")
    record = rr.load_record(MlflowClient(mlflow_server), run_id, tmp_path / "record")
    [item] = [i for i in record.inputs() if i.path == "plain/big2.bin"]
    assert item.digest_kind == "sampled-sha256" and item.mtime == big.stat().st_mtime
    # an old record of the same file: the mtime was in its digest
    old = {"path": "plain/big2.bin", "location": "jupyter-root", "size": item.size,
           "mtime": item.mtime, "digest": old_sampled_digest(big, item.mtime),
           "digest_kind": "sampled-sha256"}  # fmt: skip
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / rr.INPUTS).write_text(json.dumps({"inputs": [old]}))
    old_record = rr.RunRecord(record.run, tmp_path / "old", {rr.INPUTS})

    [old_item] = old_record.inputs()

    def verdicts():
        [new] = [r for r in check_inputs(record, root, root, tmp_path) if r["path"] == item.path]
        [then] = check_inputs(old_record, root, root, tmp_path)
        return new["ok"], then["ok"], input_changed(item, big), input_changed(old_item, big)

    assert verdicts() == (True, True, False, False)
    big.write_bytes(big.read_bytes())  # as a checkout or a copy leaves it: the same bytes
    later = item.mtime + 3600
    os.utime(big, (later, later))
    assert verdicts() == (True, True, False, False)
    big.write_bytes(b"X" + big.read_bytes()[1:])  # the same size, a sampled byte changed
    assert verdicts() == (False, False, True, True)


def test_beyond_the_runs_hashing_budget_files_get_a_sampled_digest(plain, mlflow_server):
    kernel, folder = plain["kernel"], plain["folder"]
    (folder / "b1.csv").write_text("x\n" + "1\n" * 40)  # 82 bytes each, against a budget of 100
    (folder / "b2.csv").write_text("y\n" + "2\n" * 40)  # (and data.csv's 8 bytes, when read)
    kernel.ok("os.environ['NBCRAFT_PROVENANCE_HASH_BUDGET'] = '100'\n"
              "b1, b2 = pd.read_csv('b1.csv'), pd.read_csv('b2.csv')")  # fmt: skip
    try:
        run = get_run(mlflow_server, run_id_of(kernel.ok(WITH_RUN)), kernel)
    finally:
        kernel.ok("del os.environ['NBCRAFT_PROVENANCE_HASH_BUDGET']")
    inputs = inputs_of(mlflow_server, run)
    first, second = inputs["plain/b1.csv"], inputs["plain/b2.csv"]
    assert (first["digest_kind"], "sampled" in first) == ("sha256", False)
    assert first["digest"] == hashlib.sha256((folder / "b1.csv").read_bytes()).hexdigest()
    assert (second["digest_kind"], second["sampled"]) == ("sampled-sha256", "budget")
    assert second["digest"] == file_digest(str(folder / "b2.csv"), "sampled-sha256")
    whole = [e["size"] for e in inputs.values() if e["digest_kind"] == "sha256"]
    assert sum(whole) <= 100
    by_budget = [e for e in inputs.values() if e.get("sampled") == "budget"]
    assert tags_of(run)["nbcraft.inputs.sampled_by_budget"] == str(len(by_budget))
    assert other_notes(tags_of(run)) == f"no git repository at {folder}"


def test_a_tracking_server_that_stops_answering_is_said_once(plain, mlflow_server):
    from record_support import free_port

    kernel = plain["kernel"]
    dead = f"http://127.0.0.1:{free_port()}"
    out, err, error = kernel.run(
        f"{WITH_RUN}\nmlflow.set_tracking_uri({dead!r})  # the server is gone from here on"
    )
    assert error is None, err
    run_id = run_id_of(out)
    assert err.count("nbcraft: provenance of run") == 1, err
    assert f"provenance of run {run_id} not recorded: the tracking server" in err
    assert "the run goes on without it" in err
    # the kernel goes on (a run started now would wait for the server in MLflow's own client)
    out, err, error = kernel.run("print('still here')")
    assert error is None and "still here" in out and "nbcraft" not in err
    kernel.ok(f"mlflow.set_tracking_uri({mlflow_server!r})")
    # what the user logged is there; the provenance artifacts are not
    assert get_run(mlflow_server, run_id, kernel)["data"]["params"] == [{"key": "p", "value": "1"}]
    assert artifact_names(mlflow_server, run_id) == []


def test_a_file_that_vanishes_before_it_is_hashed(plain, mlflow_server):
    kernel, folder = plain["kernel"], plain["folder"]
    (folder / "gone.csv").write_text("a\n1\n")
    out, err, error = kernel.run("g = pd.read_csv('gone.csv')\nos.remove('gone.csv')\n" + WITH_RUN)
    assert error is None, err
    assert err.count("plain/gone.csv: gone or unreadable before it could be hashed") == 1, err
    run = get_run(mlflow_server, run_id_of(out), kernel)
    tags = tags_of(run)
    assert tags["nbcraft.provenance"] == "partial"
    assert "plain/gone.csv: gone or unreadable" in tags["nbcraft.provenance.note"]
    inputs = inputs_of(mlflow_server, run)
    assert "plain/gone.csv" not in inputs and "plain/data.csv" in inputs


# ---------------------------------------------------------------------- detached, submodule


def test_a_detached_head_with_a_submodule(tmp_path, mlflow_server):
    library = tmp_path / "library"
    library.mkdir()
    git(library, "init", "-q", "-b", "main")
    (library / "lib.txt").write_text("library\n")
    git(library, "add", "-A")
    git(library, "commit", "-qm", "lib")
    repo = tmp_path / "root" / "repo"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(
        repo,
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        str(library),
        "vendor/lib",
    )
    notebook = write_notebook(repo / "nb.ipynb", "x = 1")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "with a submodule")
    (repo / "more.txt").write_text("more\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    first = git(repo, "rev-parse", "HEAD~1")
    git(repo, "checkout", "-q", "--detach", first)
    kernel = Kernel(notebook, tmp_path / "root", mlflow_server)
    try:
        kernel.ok("import mlflow")
        run = get_run(mlflow_server, run_id_of(kernel.ok(WITH_RUN)), kernel)
    finally:
        kernel.stop()
    tags = tags_of(run)
    assert tags["mlflow.source.git.commit"] == first
    assert "mlflow.source.git.branch" not in tags
    assert tags["nbcraft.git.dirty"] == "false"
    assert tags["nbcraft.git.path"] == "nb.ipynb"
    assert other_notes(tags) == ""  # complete but for the cells typed here


# ---------------------------------------------------------------------- missing packages


def _shadow(folder: Path, package: str) -> Path:
    (folder / package).mkdir(parents=True)
    (folder / package / "__init__.py").write_text(
        f'raise ModuleNotFoundError("No module named {package!r}", name={package!r})\n'
    )
    return folder


def test_a_kernel_without_mlflow_runs_its_cells(tmp_path):
    notebook = write_notebook(tmp_path / "nb.ipynb", "x = 1")
    (tmp_path / "data.csv").write_text("a\n1\n")
    shadow = _shadow(tmp_path / "shadow", "mlflow")
    spool = tmp_path / "spool"
    spool.mkdir()
    # As a job's kernel: it writes what it read for the job service, which has mlflow.
    kernel = Kernel(
        notebook,
        tmp_path,
        None,
        PYTHONPATH=str(shadow),
        NBCRAFT_JOB_RUN_ID="0" * 32,
        NBCRAFT_PROVENANCE_SPOOL=str(spool),
    )
    try:
        out, err, error = kernel.run("print(open('data.csv').read().strip())")
        assert error is None and out.strip() == "a\n1" and err == ""
        error = kernel.run("import mlflow")[2]
        assert error is not None and error.startswith("ModuleNotFoundError")
        out, err, error = kernel.run("print(2 + 2)")
        assert (out.strip(), err, error) == ("4", "", None)
    finally:
        kernel.stop()
    reads = json.loads((spool / "reads.json").read_text())["reads"]
    assert reads == {str((tmp_path / "data.csv").resolve()): "open"}
    assert (spool / "requirements.lock").read_text().startswith("# python ")


def test_a_kernel_without_nbcraft_records_with_the_start_up_file(tmp_path, mlflow_server):
    root = tmp_path / "root"
    repo = root / "repo"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    notebook = write_notebook(repo / "nb.ipynb", "x = 1")
    (repo / "data.csv").write_text("a\n1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    shadow = _shadow(tmp_path / "shadow", "nbcraft")
    kernel = Kernel(
        notebook, root, mlflow_server, PYTHONPATH=str(shadow), NBCRAFT_COMPUTE_TARGET="dbc"
    )
    try:
        error = kernel.run("import nbcraft")[2]
        assert error is not None and error.startswith("ModuleNotFoundError")
        kernel.ok("import mlflow\nd = open('data.csv').read()")
        run = get_run(mlflow_server, run_id_of(kernel.ok(WITH_RUN)), kernel)
    finally:
        kernel.stop()
    tags = tags_of(run)
    # MLflow could not load nbcraft's run-context provider: the recorder set the tags itself
    assert tags["nbcraft.notebook"] == "repo/nb.ipynb"
    assert tags["nbcraft.compute_target"] == "dbc"
    assert tags["mlflow.source.git.commit"] == git(repo, "rev-parse", "HEAD")
    assert other_notes(tags) == ""  # complete but for the cells typed here
    snapshot = artifact(mlflow_server, run, "nbcraft/notebook.ipynb")
    assert tags["nbcraft.notebook.sha256"] == hashlib.sha256(snapshot).hexdigest()
    assert [d["dataset"]["name"] for d in run["inputs"]["dataset_inputs"]] == ["data.csv"]
    assert "requirements.lock" in artifact_names(mlflow_server, run["info"]["run_id"])
