"""``jupyter nbcraft reproduce --env rebuild`` (slow: it installs packages from PyPI, through
uv's cache): a new virtual environment from the run's ``requirements.lock``, exact versions,
and the notebook re-run in a kernel of that environment.

The lock here is small on purpose: ipykernel and what it needs, at the versions this
environment has (a kernel needs no more), so the build stays within a minute or two on CI. A
recorded lock of a whole data-science environment (hundreds of packages) takes the same path,
only longer. The notebook logs through MLflow's REST API with the standard library, since
the small environment has no mlflow. The run itself is a real job; its lock and contract are
set with MLflow's client (reproduce_support.ensure_contract).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from reproduce_support import (
    CLI,
    cli,
    client,
    ensure_contract,
    git,
    make_project,
    requirement_closure,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),  # a cold package cache on a slow machine
    pytest.mark.skipif(CLI is None, reason="pip install -e . puts jupyter-nbcraft here"),
]

NOTEBOOK = "nbs/sum.ipynb"


def sum_notebook() -> dict:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    params = nbformat.v4.new_code_cell("n = 10")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell(
            "import json, os, sys, time, urllib.request\n"
            "def call(path, body):\n"
            "    request = urllib.request.Request(\n"
            "        os.environ['MLFLOW_TRACKING_URI'] + '/api/2.0/mlflow/' + path,\n"
            "        data=json.dumps(body).encode(), headers={'Content-Type': 'application/json'})\n"
            "    urllib.request.urlopen(request, timeout=30).read()\n"
            "run_id = os.environ['MLFLOW_RUN_ID']\n"
            "call('runs/log-metric', {'run_id': run_id, 'key': 'sum_of_squares',\n"
            "     'value': sum(i * i for i in range(n)), 'timestamp': int(time.time() * 1000)})\n"
            "call('runs/set-tag', {'run_id': run_id, 'key': 'kernel_prefix', 'value': sys.prefix})"
        ),
    ]
    return nb


def small_lock(*extra: str) -> bytes:
    lines = ["# python 3.11", "# platform test"]
    lines += [
        f"{name}=={version}" for name, version in sorted(requirement_closure("ipykernel").items())
    ]
    lines += list(extra)
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def recorded(tmp_path, mlflow_server):
    repo = make_project(tmp_path / "project")
    nbformat.write(nbformat.from_dict(sum_notebook()), str(repo / NOTEBOOK))
    git(repo, "add", NOTEBOOK)
    git(repo, "commit", "-q", "-m", "a notebook with no dependencies")
    done = cli("run", NOTEBOOK, "-p", "n", "12", "--experiment", "rebuild", cwd=repo,
               tracking=mlflow_server)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return repo, done.stdout.split()[0]


def test_rebuild_builds_the_lock_and_reproduces(recorded, mlflow_server):
    repo, run_id = recorded
    mlflow = client(mlflow_server)
    local = "# demo-model==0.1 (local: file:///nowhere/demo-model)"
    ensure_contract(mlflow, run_id, repo, notebook=NOTEBOOK, inputs=(),
                    force={"requirements.lock": small_lock(local)})  # fmt: skip

    done = cli("reproduce", run_id, "--env", "rebuild", cwd=repo, tracking=mlflow_server)

    assert done.returncode == 0, done.stderr
    new_run_id = done.stdout.splitlines()[-2]
    new = mlflow.get_run(new_run_id)
    # n = 12 came from the run's parameters: 0 + 1 + 4 + ... + 121
    assert new.data.metrics == {"sum_of_squares": 506.0} == mlflow.get_run(run_id).data.metrics
    assert new.data.tags["nbcraft.reproduces"] == run_id
    prefix = Path(new.data.tags["kernel_prefix"])
    assert prefix.parent.parent == (repo / ".nbcraft" / "reproduce").resolve()
    assert prefix.name == "venv"
    assert not prefix.exists()  # removed afterwards
    assert re.search(r"note: environment of \d+ packages built with uv in [\d.]+ s", done.stderr)
    assert (
        "note: demo-model==0.1 was a local install (file:///nowhere/demo-model) and its source "
        "is not here: not installed" in done.stderr
    )


def test_an_install_failure_names_the_package(recorded, mlflow_server):
    repo, run_id = recorded
    ensure_contract(client(mlflow_server), run_id, repo, notebook=NOTEBOOK, inputs=(),
                    force={"requirements.lock": small_lock("six==0.0.1")})  # fmt: skip

    done = cli("reproduce", run_id, "--env", "rebuild", cwd=repo, tracking=mlflow_server)

    assert done.returncode == 2, (done.stdout, done.stderr)
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(
        "cannot try: the environment could not be built: could not install six==0.0.1: "
    ), last
    assert done.stdout == ""
