"""Helpers for the reproduce and route tests (imported by name: pytest puts this folder on
sys.path): a real git repository holding a notebook that reads an ignored CSV and trains a
seeded scikit-learn model, a real ``jupyter nbcraft run`` to record a run of it, and
``jupyter nbcraft reproduce`` as CI runs it.

``ensure_contract`` fills in the provenance contract's tags and artifacts (docs/provenance.md)
with MLflow's client where the run does not carry them already: the recording side (record/)
writes them in kernels and jobs; these tests need runs that carry them whatever records them,
and each test that relies on the recording itself says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from record_support import git  # the recording tests' git, without the user's config

CLI = shutil.which("jupyter-nbcraft", path=str(Path(sys.executable).parent))
TIMEOUT = 600  # a shared 2-core machine: kernels and sklearn's import are slow

TRAIN_NOTEBOOK = "nbs/train.ipynb"
CSV = "data/train.csv"

# The model lives in a module of the repository (src/model.py) that the environment imports from
# the working copy, as an editable install (`pip install -e .`) does: PYTHONPATH=<repo>/src
# (see ``editable``) stands for that install without changing the shared virtual environment.
MODEL = """from sklearn.linear_model import LogisticRegression


def train(X, y, seed):
    model = LogisticRegression(C={c}, random_state=seed, max_iter=200)
    return model.fit(X, y)
"""


def _cells(parameters: str, *cells: str) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    first = nbformat.v4.new_code_cell(parameters)
    first.metadata["tags"] = ["parameters"]
    nb.cells.append(first)
    nb.cells.append(nbformat.v4.new_markdown_cell("Train on the CSV."))
    nb.cells.extend(nbformat.v4.new_code_cell(source) for source in cells)
    return nb


TRAIN = _cells(
    "seed = 7",
    "import csv, mlflow\n"
    "from model import train\n"
    "rows = list(csv.reader(open('../data/train.csv')))[1:]\n"
    "X = [[float(a), float(b)] for a, b, _ in rows]\n"
    "y = [int(c) for _, _, c in rows]",
    "model = train(X, y, seed)\n"
    "with mlflow.start_run():\n"
    "    mlflow.log_metric('accuracy', float(model.score(X, y)))\n"
    "    mlflow.log_metric('coef0', float(model.coef_[0][0]))",
)


def csv_text(flip: int = 0) -> str:
    lines = ["a,b,label"]
    for i in range(40):
        a, b = i % 7, (i * 3) % 5
        label = int(a + b > 5)
        if i < flip:
            label = 1 - label
        lines.append(f"{a},{b},{label}")
    return "\n".join(lines) + "\n"


def make_project(repo: Path, c: float = 1.0, track_data: bool = False) -> Path:
    """A git repository: nbcraft.json, src/model.py, nbs/train.ipynb, data/ (ignored unless
    ``track_data``)."""
    repo.mkdir(parents=True, exist_ok=True)
    (repo / "nbcraft.json").write_text("{}\n")
    ignored = ".nbcraft/\n.jupyter-config/\n.no-lab-settings/\n"
    (repo / ".gitignore").write_text(ignored if track_data else "data/\n" + ignored)
    (repo / "src").mkdir(exist_ok=True)
    (repo / "src" / "model.py").write_text(MODEL.format(c=c))
    (repo / "nbs").mkdir(exist_ok=True)
    nbformat.write(nbformat.from_dict(TRAIN), str(repo / TRAIN_NOTEBOOK))
    (repo / "data").mkdir(exist_ok=True)
    (repo / CSV).write_text(csv_text())
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "train on the CSV")
    return repo


def clean_env(cwd: Path, tracking: str | None, **extra: str) -> dict[str, str]:
    """No MLFLOW_*/JPY_* from the test's process, a Jupyter config folder of the test's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "JPY_"))}
    env.pop("PYTHONPATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(Path(cwd) / ".no-lab-settings")
    env["JUPYTER_CONFIG_DIR"] = str(Path(cwd) / ".jupyter-config")
    if tracking:
        env["MLFLOW_TRACKING_URI"] = tracking
    env.update(extra)
    return env


def editable(repo: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(repo / "src")}


def cli(*args: str, cwd: Path, tracking: str | None, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CLI, *args], cwd=cwd, env=clean_env(cwd, tracking, **extra),
        capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip


def record_run(repo: Path, tracking: str, experiment: str) -> str:
    """A real job of the notebook (``jupyter nbcraft run``), its run completed with the
    provenance contract; returns the run id."""
    done = cli(
        "run", TRAIN_NOTEBOOK, "--experiment", experiment, cwd=repo, tracking=tracking,
        **editable(repo),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    run_id = done.stdout.split()[0]
    ensure_contract(client(tracking), run_id, repo)
    return run_id


def server_config(jp_server_config: dict, tracking: str, monkeypatch) -> dict:
    """A Jupyter server with nbcraft, its tracking capability on ``tracking``, no
    MLFLOW_RUN_ID or experiment inherited from the test's process."""
    monkeypatch.delenv("MLFLOW_RUN_ID", raising=False)
    monkeypatch.delenv("MLFLOW_EXPERIMENT_NAME", raising=False)
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["ServerApp"]["jpserver_extensions"] = {"nbcraft": True}
    config["NbcraftTracking"] = {"embedded": False, "uri": tracking}
    config["NbcraftCompute"] = {"watch_interval": 0.0}
    return config


def requirement_closure(root: str) -> dict[str, str]:
    """``root`` and everything it requires (markers evaluated here), at this environment's
    versions: normalized name -> version."""
    import importlib.metadata as md
    import re

    from packaging.requirements import Requirement

    found: dict[str, str] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        found[key] = dist.version
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return found


def client(uri: str):
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=uri)


def snapshot_bytes(path: Path) -> bytes:
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return (nbformat.writes(nb) + "\n").encode()


def ensure_contract(
    mlflow,
    run_id: str,
    repo: Path,
    notebook: str = TRAIN_NOTEBOOK,
    inputs: tuple[str, ...] = (CSV,),
    force: dict[str, bytes] | None = None,
    **overrides,
) -> None:
    """The contract's tags and artifacts on ``run_id``, each only where the run lacks it;
    ``force`` (artifact name -> bytes) replaces an artifact. ``overrides`` (tag -> value, or
    None to leave a tag out; ``artifact:<name>=False`` to leave an artifact out) shape the
    broken records of the cannot-try tests."""
    import tempfile

    run = mlflow.get_run(run_id)
    have = dict(run.data.tags)
    present = {Path(a.path).name for a in mlflow.list_artifacts(run_id, "nbcraft")}
    present -= set(force or {})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "nbcraft"
        folder.mkdir()
        snap = snapshot_bytes(repo / notebook)
        entries = [
            {
                "path": name,
                "location": "repo",
                "size": (repo / name).stat().st_size,
                "mtime": (repo / name).stat().st_mtime,
                "digest": hashlib.sha256((repo / name).read_bytes()).hexdigest(),
                "digest_kind": "sha256",
                "reader": "open",
            }
            for name in inputs
        ]
        files = {
            "notebook.ipynb": snap,
            "inputs.json": json.dumps({"inputs": entries}).encode(),
            "requirements.lock": b"# python 3.11\nscikit-learn==1.0\n",
            **(force or {}),
        }
        for name, data in files.items():
            if name not in present and overrides.get(f"artifact:{name}", True):
                (folder / name).write_bytes(data)
                mlflow.log_artifact(run_id, str(folder / name), artifact_path="nbcraft")
        snapshot_sha = hashlib.sha256(snap).hexdigest()
        if "notebook.ipynb" in present:
            got = mlflow.download_artifacts(run_id, "nbcraft/notebook.ipynb", tmp)
            snapshot_sha = hashlib.sha256(Path(got).read_bytes()).hexdigest()
    tags = {
        "mlflow.source.git.commit": git(repo, "rev-parse", "HEAD"),
        "nbcraft.git.dirty": "false",
        "nbcraft.git.path": notebook,
        "nbcraft.notebook.sha256": snapshot_sha,
        "nbcraft.provenance": "complete",
    }
    tags.update({k: v for k, v in overrides.items() if not k.startswith("artifact:")})
    for key, value in tags.items():
        if value is None:
            if key in have:
                mlflow.delete_tag(run_id, key)
        elif key not in have or key in overrides:
            mlflow.set_tag(run_id, key, value)


def new_run(uri: str, repo: Path, experiment="provenance-routes", status=None, **overrides) -> str:
    """A run carrying the provenance contract (``ensure_contract``) for the notebook of
    ``make_project``; ended with ``status`` (e.g. "FINISHED") when given, else running."""
    mlflow = client(uri)
    found = mlflow.get_experiment_by_name(experiment)
    experiment_id = found.experiment_id if found else mlflow.create_experiment(experiment)
    run_id = mlflow.create_run(experiment_id).info.run_id
    ensure_contract(mlflow, run_id, repo, **overrides)
    mlflow.set_tag(run_id, "nbcraft.notebook", TRAIN_NOTEBOOK)
    if status is not None:
        mlflow.set_terminated(run_id, status)
    return run_id


async def get(jp_fetch, *parts, params=None, raise_error=False, **kwargs):
    """``GET /nbcraft/provenance/<parts>``: (status code, JSON body or None)."""
    response = await jp_fetch(
        "nbcraft", "provenance", *parts, params=params, raise_error=raise_error, **kwargs
    )
    return response.code, json.loads(response.body) if response.body else None
