"""Provenance of runs started in an interactive notebook kernel, checked tag by tag and artifact
by artifact against the contract (docs/provenance.md).

Real parts only: a git repository in a temporary folder, the session's ``mlflow server``, one
IPython kernel started with the wiring a Jupyter server with nbcraft gives its kernels
(record_support.Kernel), scikit-learn and pandas in that kernel.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from importlib.metadata import version

import pytest
from record_support import Kernel, artifact, artifact_names, get_run, git, tags_of, write_notebook

READ = "import pandas as pd\ndf = pd.read_csv('../data/train.csv')"
TRAIN = (
    "import mlflow\n"
    "from sklearn.ensemble import RandomForestRegressor\n"
    "with mlflow.start_run() as run:\n"
    "    model = RandomForestRegressor(n_estimators=5, random_state=0).fit(df[['x']], df['y'])\n"
    "    mlflow.log_metric('score', float(model.score(df[['x']], df['y'])))\n"
    "print(run.info.run_id)"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("jupyter-root")
    repo = root / "proj"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "remote", "add", "origin", "https://alice:s3cret-token@example.org/team/proj.git")
    (repo / "data").mkdir()
    rows = "".join(f"{i},{(7 * i) % 13 + i}\n" for i in range(60))
    (repo / "data" / "train.csv").write_text("x,y\n" + rows)
    (repo / "requirements.txt").write_text("scikit-learn>=1.4\npandas\n")
    (repo / "nb" / "helpers.txt").parent.mkdir()
    (repo / "nb" / "helpers.txt").write_text("tracked text\n")
    notebook = write_notebook(repo / "nb" / "train.ipynb", READ, TRAIN)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    return {"root": root, "repo": repo, "notebook": notebook}


@pytest.fixture(scope="module")
def kernel(project, mlflow_server, tmp_path_factory):
    # Files in the kernel's temporary folder are never inputs; the tests' "outside the root"
    # files are in pytest's folders, under /tmp too, so the kernel gets a temporary folder of
    # its own, as TMPDIR gives one, that holds none of them.
    temp = tmp_path_factory.mktemp("kernel-tmp")
    started = Kernel(project["notebook"], project["root"], mlflow_server, TMPDIR=str(temp))
    yield started
    started.stop()


def run_id_of(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_a_with_block_run_records_every_tag_and_artifact(project, kernel, mlflow_server):
    repo, nb_file = project["repo"], project["notebook"]
    kernel.ok(READ)
    run_id = run_id_of(kernel.ok(TRAIN))
    run = get_run(mlflow_server, run_id, kernel)
    tags = tags_of(run)

    # code
    assert tags["mlflow.source.git.commit"] == git(repo, "rev-parse", "HEAD")
    assert re.fullmatch(r"[0-9a-f]{40}", tags["mlflow.source.git.commit"])
    assert tags["mlflow.source.git.branch"] == "main"
    assert tags["mlflow.source.git.repoURL"] == "https://example.org/team/proj.git"
    assert "s3cret" not in json.dumps(run)
    assert tags["nbcraft.git.dirty"] == "false"
    assert "nbcraft.git.diff_truncated" not in tags
    assert tags["nbcraft.git.path"] == "nb/train.ipynb"
    assert tags["nbcraft.notebook"] == "proj/nb/train.ipynb"
    assert tags["mlflow.source.type"] == "NOTEBOOK"
    # environment
    python, plat = kernel.ok("import platform; print(platform.python_version()); "
                             "print(platform.platform())").split("\n")[:2]  # fmt: skip
    assert tags["nbcraft.python"] == python == platform.python_version()
    assert tags["nbcraft.platform"] == plat
    assert "nbcraft.compute_target" not in tags
    assert tags["nbcraft.env.lockfile"] == "requirements.txt"
    lock_bytes = (repo / "requirements.txt").read_bytes()
    assert tags["nbcraft.env.lockfile.sha256"] == hashlib.sha256(lock_bytes).hexdigest()
    assert tags["nbcraft.provenance"] == "complete", tags.get("nbcraft.provenance.note")
    assert "nbcraft.provenance.note" not in tags

    names = artifact_names(mlflow_server, run_id)
    assert names == ["history.json", "inputs.json", "notebook.ipynb", "requirements.lock"]

    # the notebook: as on disk, outputs and counts dropped, same cell ids
    snapshot = artifact(mlflow_server, run, "nbcraft/notebook.ipynb")
    assert tags["nbcraft.notebook.sha256"] == hashlib.sha256(snapshot).hexdigest()
    saved, on_disk = json.loads(snapshot), json.loads(nb_file.read_text())
    assert saved["nbformat"] == 4
    assert [c["id"] for c in saved["cells"]] == [c["id"] for c in on_disk["cells"]]
    assert [c["source"] for c in saved["cells"]] == [c["source"] for c in on_disk["cells"]]
    for cell in saved["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None

    # the cells executed so far, in order (the run ended in the cell that started it)
    history = json.loads(artifact(mlflow_server, run, "nbcraft/history.json"))
    sources = [c["source"] for c in history["cells"]]
    assert sources[-2:] == [READ, TRAIN]
    counts = [c["execution_count"] for c in history["cells"]]
    assert counts == sorted(counts) and len(set(counts)) == len(counts)

    # requirements.lock: pip format, sorted by normalized name, the kernel's exact versions
    lock = artifact(mlflow_server, run, "nbcraft/requirements.lock").decode()
    lines = lock.splitlines()
    assert lines[0] == f"# python {python}" and lines[1] == f"# platform {plat}"
    assert f"scikit-learn=={version('scikit-learn')}" in lines
    assert f"pandas=={version('pandas')}" in lines
    assert f"mlflow=={version('mlflow')}" in lines
    pinned = [line for line in lines if not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==\S+", line) for line in pinned)

    def norm(line):
        return re.sub(r"[-_.]+", "-", line.lstrip("# ").split("==")[0]).lower()

    entries = [norm(line) for line in lines[2:]]
    assert entries == sorted(entries)
    # nbcraft itself is an editable install here: not from an index, so a comment
    local = [line for line in lines if line.startswith(f"# nbcraft=={version('nbcraft')} ")]
    assert local and "(local: file://" in local[0], lines[:5]

    # data: the CSV read in the cell before the run, hashed in full
    csv = repo / "data" / "train.csv"
    inputs = json.loads(artifact(mlflow_server, run, "nbcraft/inputs.json"))["inputs"]
    assert inputs == [
        {
            "path": "data/train.csv",
            "location": "repo",
            "size": csv.stat().st_size,
            "mtime": csv.stat().st_mtime,
            "digest": hashlib.sha256(csv.read_bytes()).hexdigest(),
            "digest_kind": "sha256",
            "reader": "open",
        }
    ]
    datasets = run["inputs"]["dataset_inputs"]
    assert len(datasets) == 1
    dataset = datasets[0]["dataset"]
    assert dataset["name"] == "data/train.csv"
    assert dataset["digest"] == inputs[0]["digest"][:32]
    assert json.loads(dataset["source"]) == {"uri": csv.resolve().as_uri()}
    assert datasets[0]["tags"] == [{"key": "mlflow.data.context", "value": "nbcraft.read"}]


def test_start_and_end_in_different_cells_of_a_dirty_tree(project, kernel, mlflow_server, tmp_path):
    repo = project["repo"]
    (repo / "nb" / "helpers.txt").write_text("tracked text, changed\n")
    outside = tmp_path / "features.parquet"
    kernel.ok(f"pd.DataFrame({{'a': [1, 2, 3]}}).to_parquet({str(outside)!r})")
    run_id = run_id_of(kernel.ok("run = mlflow.start_run()\nprint(run.info.run_id)"))
    kernel.ok(f"features = pd.read_parquet({str(outside)!r})")
    kernel.ok("mlflow.log_metric('rows', len(features))\nmlflow.end_run()")
    run = get_run(mlflow_server, run_id, kernel)
    tags = tags_of(run)
    assert run["info"]["status"] == "FINISHED"
    assert tags["nbcraft.git.dirty"] == "true"
    assert "nbcraft.git.diff_truncated" not in tags
    diff = artifact(mlflow_server, run, "nbcraft/git.diff")
    expected = git(repo, "diff", "--binary", "HEAD")
    assert diff.decode().strip() == expected and "tracked text, changed" in expected
    # history: up to the end of the run, the end_run cell included
    history = json.loads(artifact(mlflow_server, run, "nbcraft/history.json"))
    assert (
        history["cells"][-1]["source"]
        == "mlflow.log_metric('rows', len(features))\nmlflow.end_run()"
    )
    # a parquet file outside the Jupyter root: no `open` event, recorded through the reader.
    # The parquet file was written by this kernel before: it is not an input of `open`, but
    # pandas.read_parquet names it explicitly.
    inputs = {
        e["path"]: e
        for e in json.loads(artifact(mlflow_server, run, "nbcraft/inputs.json"))["inputs"]
    }
    entry = inputs[str(outside.resolve())]
    assert entry["location"] == "outside" and entry["reader"] == "pandas.read_parquet"
    assert entry["digest"] == hashlib.sha256(outside.read_bytes()).hexdigest()
    assert inputs["data/train.csv"]["reader"] == "open"
    names = {d["dataset"]["name"] for d in run["inputs"]["dataset_inputs"]}
    assert names == {"data/train.csv", str(outside.resolve())}
    git(repo, "checkout", "--", "nb/helpers.txt")


def test_the_diff_cap_cuts_the_diff_and_says_so(project, kernel, mlflow_server):
    repo = project["repo"]
    (repo / "nb" / "helpers.txt").write_text("".join(f"line {i}\n" for i in range(400)))
    kernel.ok("import os; os.environ['NBCRAFT_PROVENANCE_DIFF_CAP'] = '600'")
    try:
        run_id = run_id_of(
            kernel.ok("with mlflow.start_run() as run: pass\nprint(run.info.run_id)")
        )
    finally:
        kernel.ok("del os.environ['NBCRAFT_PROVENANCE_DIFF_CAP']")
        git(repo, "checkout", "--", "nb/helpers.txt")
    run = get_run(mlflow_server, run_id, kernel)
    tags = tags_of(run)
    assert tags["nbcraft.git.dirty"] == "true"
    assert tags["nbcraft.git.diff_truncated"] == "true"
    diff = artifact(mlflow_server, run, "nbcraft/git.diff")
    assert 0 < len(diff) <= 600 and diff.endswith(b"\n")
    assert tags["nbcraft.provenance"] == "partial"
    assert "git.diff cut at 600 bytes" in tags["nbcraft.provenance.note"]


def test_autolog_runs_and_runs_in_a_loop_are_recorded(project, kernel, mlflow_server):
    out = kernel.ok(
        "ids = []\n"
        "for seed in (1, 2):\n"
        "    with mlflow.start_run() as r:\n"
        "        mlflow.log_param('seed', seed)\n"
        "    ids.append(r.info.run_id)\n"
        "mlflow.sklearn.autolog(log_models=False)\n"
        "from sklearn.linear_model import LinearRegression\n"
        "LinearRegression().fit(df[['x']], df['y'])\n"
        "mlflow.sklearn.autolog(disable=True)\n"
        "ids.append(mlflow.last_active_run().info.run_id)\n"
        "print(' '.join(ids))"
    )
    ids = out.strip().splitlines()[-1].split()
    assert len(set(ids)) == 3
    for run_id in ids:
        run = get_run(mlflow_server, run_id, kernel)
        tags = tags_of(run)
        assert tags["mlflow.source.git.commit"] == git(project["repo"], "rev-parse", "HEAD")
        assert "notebook.ipynb" in artifact_names(mlflow_server, run_id), run_id
        inputs = json.loads(artifact(mlflow_server, run, "nbcraft/inputs.json"))["inputs"]
        assert "data/train.csv" in [e["path"] for e in inputs]


def test_readers_without_an_open_event_are_recorded_by_path(kernel, mlflow_server, tmp_path):
    """pyarrow and Spark read without Python's `open`: their readers are wrapped when imported.
    Spark Connect builds the read's plan without a server (the port here is closed): the record
    is of the call, as it would be with a server, which would do the reading."""
    from record_support import free_port

    from nbcraft.provenance.record.digest import file_digest

    table = tmp_path / "table.parquet"
    dataset = tmp_path / "events"
    dataset.mkdir()
    (dataset / "part-0.parquet").write_bytes(b"PAR1 first part")
    (dataset / "part-1.parquet").write_bytes(b"PAR1 second part")
    kernel.ok(
        f"import mlflow, pandas as pd\npd.DataFrame({{'v': [1.5]}}).to_parquet({str(table)!r})"
    )
    kernel.ok(
        "import pyarrow.parquet as pq\n"
        f"t = pq.read_table({str(table)!r})\n"
        "from pyspark.sql.connect.session import SparkSession\n"
        f"spark = SparkSession.builder.remote('sc://127.0.0.1:{free_port()}').create()\n"
        f"events = spark.read.parquet({str(dataset)!r})\n"
        "raw = spark.read.format('csv').load('dbfs:/mnt/raw/x.csv')"
    )
    run_id = run_id_of(kernel.ok("with mlflow.start_run() as run: pass\nprint(run.info.run_id)"))
    run = get_run(mlflow_server, run_id, kernel)
    inputs = {
        e["path"]: e
        for e in json.loads(artifact(mlflow_server, run, "nbcraft/inputs.json"))["inputs"]
    }
    entry = inputs[str(table.resolve())]
    assert (entry["reader"], entry["location"]) == ("pyarrow", "outside")
    assert entry["digest"] == hashlib.sha256(table.read_bytes()).hexdigest()
    entry = inputs[str(dataset.resolve())]
    assert entry["reader"] == "spark.read" and entry["size"] == 15 + 16
    assert entry["digest"] == file_digest(str(dataset), "sha256")
    remote = inputs["dbfs:/mnt/raw/x.csv"]
    assert remote["reader"] == "spark.read" and remote["digest"] is None
    tags = tags_of(run)
    assert tags["nbcraft.provenance"] == "partial"
    assert "dbfs:/mnt/raw/x.csv (spark.read) is not a local file" in tags["nbcraft.provenance.note"]
    names = {d["dataset"]["name"] for d in run["inputs"]["dataset_inputs"]}
    assert {str(table.resolve()), str(dataset.resolve())} <= names
    assert "dbfs:/mnt/raw/x.csv" not in names
