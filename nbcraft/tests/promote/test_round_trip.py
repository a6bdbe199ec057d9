"""Promote's round trip: after ``nbcraft promote``, the notebook runs again in a fresh kernel
started by the Jupyter server, and the generated tests pass under plain ``pytest`` from the
project folder, for the default layout and for a configured src layout.

How the module imports: the CLI (and the lab's dialog, with the same defaults) puts the
module's import root on pytest's own ``pythonpath`` in the project's pytest config, and the
kernels this server starts read that same option (``nbcraft/promote/kernel_paths.py``, run
through ``PYTHONSTARTUP``). The notebook sits in a sub-folder, so its kernel's working folder
is not the project folder: nothing imports by accident.

Everything is real: the Node CLI, a Jupyter server with nbcraft, its kernels, a real
``mlflow server`` for the sample's runs, and the ``pytest`` console script in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from promote_support import REPO, needs_cli
from promote_support import promote as run_promote

SAMPLE = REPO / "examples" / "sample-training.ipynb"
PYTEST = Path(sys.executable).parent / "pytest"

pytestmark = needs_cli


@pytest.fixture
def jp_server_config(jp_server_config, mlflow_server):
    """The sample logs to MLflow: a real tracking server, exported to kernels by nbcraft."""
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["NbcraftTracking"] = {**config.get("NbcraftTracking", {}), "uri": mlflow_server}
    return config


@pytest.fixture(autouse=True)
def own_environment(monkeypatch):
    """What the extension exports is undone after each test; no inherited start-up file."""
    for name in (
        "PYTHONSTARTUP",
        "NBCRAFT_USER_PYTHONSTARTUP",
        "NBCRAFT_JUPYTER_ROOT",
        "MLFLOW_TRACKING_URI",
    ):
        monkeypatch.delenv(name, raising=False)


def promote(root: Path, notebook: str, cells: str) -> str:
    return run_promote(root, notebook, "--cells", cells)


async def start_session_kernel(jp_fetch, jp_serverapp, path: str):
    """A kernel started the way JupyterLab starts one for an open notebook."""
    reply = await jp_fetch(
        "api",
        "sessions",
        method="POST",
        body=json.dumps(
            {
                "path": path,
                "name": Path(path).name,
                "type": "notebook",
                "kernel": {"name": "python3"},
            }
        ),
    )
    return jp_serverapp.kernel_manager.get_kernel(json.loads(reply.body)["kernel"]["id"])


async def run_notebook(jp_fetch, jp_serverapp, root: Path, path: str):
    manager = await start_session_kernel(jp_fetch, jp_serverapp, path)
    notebook = nbformat.read(root / path, as_version=4)
    await NotebookClient(notebook, km=manager, timeout=600, startup_timeout=180).async_execute()
    return notebook


def plain_pytest(root: Path) -> subprocess.CompletedProcess:
    """``pytest`` from the project folder, as a user or CI runs it (not ``python -m pytest``,
    which would put the current folder on sys.path and hide a missing pythonpath)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NBCRAFT_"))}
    return subprocess.run(
        [str(PYTEST), "-q", "-p", "no:cacheprovider"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def outputs_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "".join(parts)


LAYOUTS = {
    # no config: src/<project folder name>/<notebook>.py, as the dialog proposes
    "default": (None, None),
    "src-layout": ({"promote": {"moduleDir": "src/mypkg"}}, "mypkg"),
}


@pytest.mark.timeout(1200)  # the sample trains and logs a model, twice, on a loaded machine
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
async def test_promoted_sample_runs_again_and_its_tests_pass(
    layout, jp_fetch, jp_serverapp, jp_root_dir
):
    config, package = LAYOUTS[layout]
    root = Path(jp_root_dir)
    if config is not None:
        (root / "nbcraft.json").write_text(json.dumps(config))
    package = package or re.sub(r"[^a-z0-9]+", "_", root.name.lower()).strip("_")
    (root / "notebooks").mkdir()
    path = "notebooks/sample-training.ipynb"
    shutil.copy(SAMPLE, root / path)
    sources = [c["source"] for c in nbformat.read(root / path, as_version=4).cells]
    evaluate = 1 + next(i for i, s in enumerate(sources) if "test RMSE" in s)
    data = 1 + next(i for i, s in enumerate(sources) if "load_diabetes(" in s and "import" not in s)

    # bottom-up, so the second call's cell numbers are still the notebook's own
    promote(root, path, str(evaluate))
    out = promote(root, path, str(data))
    assert (
        "pytest's pythonpath in pyproject.toml" in out
        or "pythonpath" in (root / "pyproject.toml").read_text()
    )
    module = root / "src" / package / "sample_training.py"
    assert module.is_file(), sorted(str(p.relative_to(root)) for p in root.rglob("*.py"))
    assert (root / "src" / package / "__init__.py").is_file()
    assert 'pythonpath = ["src"]' in (root / "pyproject.toml").read_text()
    text = module.read_text()
    assert "return print(" not in text and '    print(f"test RMSE' in text

    promoted = nbformat.read(root / path, as_version=4)
    imports = promoted.cells[
        next(i for i, s in enumerate(sources) if s.startswith("import mlflow"))
    ]
    assert f"from {package}.sample_training import evaluate" in imports.source
    # the imports only the promoted code used are gone from the notebook
    assert "train_test_split" not in imports.source and "load_diabetes" not in imports.source

    # a fresh kernel of the server, whose working folder is notebooks/, runs it all again
    executed = await run_notebook(jp_fetch, jp_serverapp, root, path)
    assert "test RMSE:" in outputs_text(executed.cells[evaluate - 1])

    result = plain_pytest(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b[2-9]\d* passed", result.stdout), result.stdout


@pytest.fixture
def user_startup(tmp_path, monkeypatch):
    """The user's own PYTHONSTARTUP, set before the server starts: it must still run."""
    script = tmp_path / "user_startup.py"
    script.write_text("user_startup_ran = True\n")
    monkeypatch.setenv("PYTHONSTARTUP", str(script))
    return script


async def test_kernel_paths_stay_inside_the_project_and_run_nothing(
    user_startup, jp_fetch, jp_serverapp, jp_root_dir, tmp_path
):
    root = Path(jp_root_dir)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "src").mkdir()
    (root / "lib").mkdir()
    marker = tmp_path / "sitecustomize-ran"
    # the attack: a project folder on the path carries a sitecustomize.py (PYTHONPATH would
    # run it when the kernel starts, before the user ran anything)
    (root / "src" / "sitecustomize.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    entries = ["src", "lib", "../outside", str(outside), "missing"]
    (root / "pyproject.toml").write_text(
        f"[tool.pytest.ini_options]\npythonpath = {json.dumps(entries)}\n"
    )
    (root / "nb").mkdir()
    (root / "nb" / "probe.ipynb").write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    manager = await start_session_kernel(jp_fetch, jp_serverapp, "nb/probe.ipynb")
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=180)
        out: list[str] = []

        def hook(message):
            if message["msg_type"] == "stream":
                out.append(message["content"]["text"])

        reply = await client.execute_interactive(
            "import json, sys\n"
            "print(json.dumps({'path': sys.path, 'user': globals().get('user_startup_ran'),"
            " 'leaked': sorted(n for n in globals() if n.startswith('_nbcraft'))}))",
            output_hook=hook,
            timeout=180,
        )
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
    seen = json.loads("".join(out).strip().splitlines()[-1])
    real = [os.path.realpath(p) for p in seen["path"] if p]
    assert os.path.realpath(root / "src") in real
    assert os.path.realpath(root / "lib") in real
    assert str(outside) not in real and os.path.realpath(outside) not in real
    assert not marker.exists(), "a project's sitecustomize.py ran at kernel start"
    assert seen["user"] is True, "the user's own PYTHONSTARTUP did not run"
    assert seen["leaked"] == []
