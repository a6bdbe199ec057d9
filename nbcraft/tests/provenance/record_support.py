"""Helpers for the recording tests (imported by name: pytest puts this folder on sys.path).

A kernel here is a real IPython kernel started as a Jupyter server with nbcraft starts one:
``PYTHONSTARTUP`` = nbcraft/promote/kernel_paths.py (``nbcraft.promote.export_kernel_startup``),
``NBCRAFT_JUPYTER_ROOT``, ``JPY_SESSION_NAME`` = the notebook, the working folder = the
notebook's folder, ``MLFLOW_TRACKING_URI`` = the session's real ``mlflow server``.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import urllib.request
from pathlib import Path

import nbformat

TIMEOUT = 240
# the recorder is nbcraft's, or loaded from its folder when the kernel has no nbcraft
FLUSH = (
    "import sys as _s\n"
    "_m = _s.modules.get('nbcraft.provenance.record.kernel') or _s.modules['_nbcraft_record.kernel']\n"
    "print('flushed' if _m.current().flush(120) else 'not flushed')\n"
    "del _s, _m"
)


def git(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org",
        GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
    )  # fmt: skip
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def write_notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    for source in cells:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("# Training"))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


class Kernel:
    """A started kernel; ``run(code)`` executes a cell and returns (stdout, stderr, error)."""

    def __init__(self, notebook: Path, root: Path, tracking: str | None, **env: str):
        from jupyter_client.manager import KernelManager

        from nbcraft.promote import export_kernel_startup

        kernel_env = {
            k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "JPY_", "GIT_"))
        }
        kernel_env.pop("PYTHONSTARTUP", None)
        export_kernel_startup(kernel_env)
        kernel_env.update(
            NBCRAFT_JUPYTER_ROOT=str(root),
            JPY_SESSION_NAME=str(notebook),
            MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT="true",
            GIT_CONFIG_GLOBAL="/dev/null",
        )
        if tracking:
            kernel_env["MLFLOW_TRACKING_URI"] = tracking
        kernel_env.update(env)
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(cwd=str(notebook.parent), env=kernel_env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)

    def run(
        self, code: str, timeout: float = TIMEOUT, cell_id: str | None = None,
        store_history: bool = True,
    ) -> tuple[str, str, str | None]:  # fmt: skip
        """``cell_id``: sent as JupyterLab sends it (``metadata.cellId`` of the request)."""
        if cell_id is None:
            msg_id = self.kc.execute(code, store_history=store_history)
        else:
            content = {"code": code, "silent": False, "store_history": store_history,
                       "user_expressions": {}, "allow_stdin": False}  # fmt: skip
            msg = self.kc.session.msg("execute_request", content, metadata={"cellId": cell_id})
            self.kc.shell_channel.send(msg)
            msg_id = msg["header"]["msg_id"]
        out, err, error = [], [], None
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no answer from the kernel for: {code[:200]}") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                (out if content["name"] == "stdout" else err).append(content["text"])
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                break
        return "".join(out), "".join(err), error

    def ok(self, code: str, cell_id: str | None = None) -> str:
        out, err, error = self.run(code, cell_id=cell_id)
        assert error is None, f"{error}\n{err}"
        return out

    def flush(self) -> tuple[str, str]:
        """Wait in the kernel until the recorder has logged what it recorded (it logs in a
        background thread); returns the flush cell's (stdout, stderr). Not kept in the
        kernel's history, as the lab's own requests are not: it is no cell of the notebook."""
        out, err, error = self.run(FLUSH, store_history=False)
        assert error is None and "flushed" in out, f"{error}\n{err}"
        return out, err

    def stop(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)


def other_notes(tags: dict[str, str]) -> str:
    """The provenance note without its parts about code the saved notebook does not hold:
    most tests type their cells into the kernel rather than into the notebook file
    (test_record_executed.py tests those parts)."""
    from nbcraft.provenance.record.executed import MARK

    parts = tags.get("nbcraft.provenance.note", "").split("; ")
    return "; ".join(part for part in parts if part and MARK not in part)


def get_run(uri: str, run_id: str, kernel: Kernel | None = None) -> dict:
    if kernel is not None:
        kernel.flush()
    url = f"{uri}/api/2.0/mlflow/runs/get?run_id={run_id}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)["run"]


def tags_of(run: dict) -> dict[str, str]:
    return {t["key"]: t["value"] for t in run["data"].get("tags", [])}


def artifact(uri: str, run: dict, name: str) -> bytes:
    """An artifact's bytes through the server (``mlflow-artifacts``)."""
    from mlflow.tracking import MlflowClient

    path = MlflowClient(tracking_uri=uri).download_artifacts(run["info"]["run_id"], name)
    return Path(path).read_bytes()


def artifact_names(uri: str, run_id: str, folder: str = "nbcraft") -> list[str]:
    from mlflow.tracking import MlflowClient

    return sorted(
        Path(f.path).name for f in MlflowClient(tracking_uri=uri).list_artifacts(run_id, folder)
    )


def run_job(
    notebook: Path | None, cwd: Path, tracking: str, timeout: float = 300,
    args: tuple[str, ...] = (), **extra_env: str,
):  # fmt: skip
    """``jupyter nbcraft run NOTEBOOK`` (or ``run ARGS``, such as ``--pipeline NAME``) in a
    clean environment (no MLFLOW_*, JPY_* or PYTHONSTARTUP from this process, a Jupyter config
    folder of the test's own)."""
    import shutil
    import sys

    cli = shutil.which("jupyter-nbcraft", path=str(Path(sys.executable).parent))
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MLFLOW_", "JPY_", "GIT_"))
        and k not in ("PYTHONSTARTUP", "PYTHONPATH")
    }
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(cwd / ".no-lab-settings"),
        JUPYTER_CONFIG_DIR=str(cwd / ".jupyter-config"),
        MLFLOW_TRACKING_URI=tracking,
        GIT_CONFIG_GLOBAL="/dev/null",
    )
    env.pop("JUPYTER_CONFIG_PATH", None)
    env.update(extra_env)
    return subprocess.run(
        [cli, "run", *([str(notebook)] if notebook else []), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def best_times(function, texts: list[str], rounds: int = 5) -> list[float]:
    """Each text's best time (s) of ``function`` over ``rounds`` rounds, the texts taken in turn
    within each round (load on a shared machine only ever adds time, and falls on all of them
    alike): what a test of linear growth compares, with a generous ratio (timings themselves
    belong in bench/)."""
    import time

    function(texts[0])  # (warm up: imports, compiled patterns)
    best = [float("inf")] * len(texts)
    for _ in range(rounds):
        for k, text in enumerate(texts):
            start = time.perf_counter()
            function(text)
            best[k] = min(best[k], time.perf_counter() - start)
    return best


def as_cell_and_parameter(text: str) -> list[str]:
    """``text`` redacted as a cell (the history) and as a job's parameter (without its ``!``)."""
    from nbcraft.provenance.record.redact import redact, redact_value

    return [redact(text), str(redact_value("cmd", text.lstrip("!")))]
