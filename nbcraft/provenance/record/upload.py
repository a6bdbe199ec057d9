"""Logging a record to a run through MLflow's client, without ever failing the user's cell.

In a kernel this runs in the recorder's background thread (kernel.py), so MLflow's own retries
never hold up a cell; the kernel probes an http(s) server first, in the cell, so that a server
that is gone is said there. (MLflow's retry settings are environment variables: changing them
here would change them for the user's own calls running at the same time.) What cannot be
logged is said once per kernel, on stderr, and the run goes on.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from typing import Any
from urllib.parse import urlsplit

_warned: set[str] = set()


def warn_once(kind: str, message: str) -> None:
    if kind in _warned:
        return
    _warned.add(kind)
    print(f"nbcraft: {message}", file=sys.stderr, flush=True)


def _scrub(text: str, uri: str) -> str:
    parts = urlsplit(uri)
    if parts.password or parts.username:
        text = text.replace(uri, parts._replace(netloc=parts.hostname or "").geturl())
    return text.splitlines()[0][:300] if text else ""


def reachable(uri: str, timeout: float = 1.0) -> str | None:
    """None when the tracking server answers a TCP connection (http(s) only), else why not."""
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https"):
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return None
    except OSError as error:
        return f"{parts.hostname}:{port} does not answer ({error.strerror or error})"


def log_record(
    run_id: str,
    tags: dict[str, str] | None = None,
    artifacts: dict[str, bytes] | None = None,
    datasets: list | None = None,
) -> bool:
    """Log to ``run_id`` (tracking URI: the one MLflow uses now). True when all went in."""
    try:
        import mlflow
        from mlflow.tracking import MlflowClient
    except ImportError:
        warn_once("no-mlflow", "provenance not recorded: mlflow is not installed in this kernel")
        return False
    uri = mlflow.get_tracking_uri()
    problem = reachable(uri)
    if problem:
        warn_once("down", f"provenance of run {run_id} not recorded: the tracking server "
                          f"{problem}; the run goes on without it")  # fmt: skip
        return False
    try:
        log_to(MlflowClient(tracking_uri=uri), run_id, tags, artifacts, datasets)
        return True
    except Exception as error:  # noqa: BLE001 - whatever the server says, the run goes on
        text = _scrub(str(error), uri) or type(error).__name__
        warn_once("log", f"provenance of run {run_id} not fully recorded: {text}")
        return False


def log_to(
    client: Any,
    run_id: str,
    tags: dict[str, str] | None = None,
    artifacts: dict[str, bytes] | None = None,
    datasets: list | None = None,
) -> None:
    """Log a record to ``run_id`` with ``client``: the tags in one batch, the artifacts under
    ``nbcraft/``, the data inputs. Raises what MLflow raises."""
    if tags:
        from mlflow.entities import RunTag

        client.log_batch(run_id, tags=[RunTag(k, v) for k, v in tags.items()])
    if artifacts:
        with tempfile.TemporaryDirectory(prefix="nbcraft-provenance-") as folder:
            for name, data in artifacts.items():
                with open(os.path.join(folder, name), "wb") as file:
                    file.write(data)
            client.log_artifacts(run_id, folder, artifact_path="nbcraft")
    if datasets:
        client.log_inputs(run_id, datasets=datasets)
