"""Turn compute targets into kernelspecs ``nbcraft-<target name>``.

Where: the Jupyter user data folder's ``kernels/`` (``jupyter --data-dir``/kernels), the first
folder of ``KernelSpecManager.kernel_dirs``. That one folder makes a spec visible to
``jupyter kernelspec list``, to ``/api/kernelspecs`` (which re-reads the folders on every
call, so a new spec needs no server restart) and to ``jupyter console --kernel``. Each
generated spec records the Jupyter root that made it (``metadata.nbcraft.root``), whether it
came from that root's project file (``project``) and the server that wrote it
(``server``: host and process id), so:
- a server only removes the stale specs it made itself, never another live project's;
- the specs of a root folder that no longer exists, or of a server on this host that is no
  longer running, are removed by the next server that writes specs (a project's
  interpreter never stays in the Launcher after its server is gone);
- a server removes its own specs when it stops, and revoking trust in a project file
  removes the specs made from it (``remove_generated``).
Only trusted targets get a spec (``nbcraft.project_config``).

Secrets never reach these files: credentials stay in Databricks profiles or are written
as ``${VAR}`` references, which jupyter_client fills from the server's environment when it
starts the kernel. The MLflow tracking variables are written the same way, so a kernel
always gets the tracking server the Jupyter server uses at the time it starts.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .config import Target

GENERATED_PREFIX = "nbcraft-"
PROJECT_FILES = ("nbcraft.json", "pyproject.toml")  # a target's source when from the project
STARTUP_FILE = "nbcraft_startup.py"
# What a kernel needs to log to the same tracking server as the Jupyter server.
TRACKING_VARS = (
    "MLFLOW_TRACKING_URI",
    "MLFLOW_TRACKING_USERNAME",
    "MLFLOW_TRACKING_PASSWORD",
    "MLFLOW_TRACKING_TOKEN",
    "MLFLOW_TRACKING_INSECURE_TLS",
    "MLFLOW_EXPERIMENT_NAME",
)


def resolve_python(python: str | None, root: Path | None = None) -> str:
    """The interpreter for a target: ``None`` = the server's own Python; a venv folder =
    its ``bin/python``; a relative path is taken from the Jupyter root."""
    if not python:
        return sys.executable
    path = Path(os.path.expanduser(python))
    if not path.is_absolute() and root is not None:
        path = root / path
    if path.is_dir():
        candidate = path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        return str(candidate)
    return str(path)


def kernel_env(target: Target, environ: Mapping[str, str]) -> dict[str, str]:
    """The ``env`` of the target's kernel.json (values written to disk: no secrets)."""
    env: dict[str, str] = {
        "NBCRAFT_COMPUTE_TARGET": target.name,
        "NBCRAFT_COMPUTE_KIND": target.kind,
    }
    if target.kind == "spark-connect":
        env["SPARK_REMOTE"] = target.url or ""
    elif target.kind == "databricks-connect":
        env["DATABRICKS_CONFIG_PROFILE"] = target.profile or ""
        if target.serverless:
            env["DATABRICKS_SERVERLESS_COMPUTE_ID"] = "auto"
        else:
            env["DATABRICKS_CLUSTER_ID"] = target.cluster_id or ""
    for var in TRACKING_VARS:
        if environ.get(var):
            env[var] = "${" + var + "}"
    env.update(target.env)
    return env


def build_kernelspec(
    target: Target,
    root: Path,
    environ: Mapping[str, str],
    base_spec: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """The kernel.json dict for a target, or None when it has no local kernelspec
    (gateway targets: the gateway serves their kernel; a local target whose base
    kernelspec is missing)."""
    meta = {"nbcraft": {"target": target.name, "kind": target.kind, "root": str(root)}}
    if target.source in PROJECT_FILES:
        meta["nbcraft"]["project"] = True
    if target.kind == "gateway":
        return None
    if target.kind == "local":
        if base_spec is None:
            return None
        env = dict(base_spec.get("env") or {})
        env.update(kernel_env(target, environ))
        spec = {k: v for k, v in base_spec.items() if k not in ("env", "metadata")}
        metadata = dict(base_spec.get("metadata") or {})
        metadata.update(meta)
        spec.update(
            env=env,
            metadata=metadata,
            display_name=f"{target.display_name} ({base_spec.get('display_name', '')})",
        )
        return spec
    label = "Spark Connect" if target.kind == "spark-connect" else "Databricks Connect"
    return {
        "argv": [
            resolve_python(target.python, root),
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
            # Defines `spark` and the clear "server went away" message; see kernel_startup.py.
            "--IPKernelApp.exec_files={resource_dir}/" + STARTUP_FILE,
        ],
        "display_name": f"{target.display_name} ({label})",
        "language": "python",
        "interrupt_mode": "signal",
        "env": kernel_env(target, environ),
        "metadata": meta,
    }


def default_kernels_dir() -> Path:
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "kernels"


def write_kernelspecs(
    targets: list[Target],
    kernels_dir: Path,
    root: Path,
    environ: Mapping[str, str],
    base_spec_lookup: Callable[[str], Mapping[str, Any] | None],
) -> dict[str, Path]:
    """Write (or refresh) the kernelspec folder of each target and remove the stale
    ``nbcraft-*`` folders this Jupyter root made earlier. Returns name -> folder.

    Files are rewritten only when their content changed, through a temporary file and a
    rename, so a concurrent ``/api/kernelspecs`` never reads half a file."""
    kernels_dir.mkdir(parents=True, exist_ok=True)
    startup_source = (Path(__file__).parent / "kernel_startup.py").read_text(encoding="utf-8")
    written: dict[str, Path] = {}
    for target in targets:
        base = base_spec_lookup(target.kernel) if target.kind == "local" and target.kernel else None
        if target.kind == "local" and target.kernel and target.kernel.startswith(GENERATED_PREFIX):
            base = None  # never wrap a generated spec in another one
        spec = build_kernelspec(target, root, environ, base)
        if spec is None:
            continue
        spec["metadata"]["nbcraft"]["server"] = this_server()
        folder = kernels_dir / target.kernelspec_name
        folder.mkdir(exist_ok=True)
        _write_if_changed(folder / "kernel.json", json.dumps(spec, indent=1, sort_keys=True) + "\n")
        if target.kind in ("spark-connect", "databricks-connect"):
            _write_if_changed(folder / STARTUP_FILE, startup_source)
        written[target.kernelspec_name] = folder
    for folder in kernels_dir.glob(GENERATED_PREFIX + "*"):
        if folder.name in written or not folder.is_dir():
            continue
        meta = generated_metadata(folder)
        if meta is None:
            continue  # not made by nbcraft
        made_by = meta.get("root")
        # Ours and no longer declared; made for a Jupyter root that no longer exists (a
        # deleted project or temporary folder); or made by a server that is gone.
        if made_by == str(root) or not Path(str(made_by)).is_dir() or _server_gone(meta):
            shutil.rmtree(folder, ignore_errors=True)
    return written


def this_server() -> dict[str, Any]:
    return {"host": socket.gethostname(), "pid": os.getpid()}


def _server_gone(meta: Mapping[str, Any]) -> bool:
    """The spec's server ran on this host and its process is no longer there."""
    server = meta.get("server")
    if not isinstance(server, dict) or server.get("host") != socket.gethostname():
        return False  # older specs, or another host sharing the home folder: cannot tell
    pid = server.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


def remove_generated(
    kernels_dir: Path, root: Path, *, project_only: bool = False, mine_only: bool = False
) -> list[str]:
    """Remove the specs made for ``root``: all of them, only those from its project file
    (``project_only``: trust was revoked), or only those this process wrote (``mine_only``:
    the server stops). Returns the names removed."""
    removed = []
    for folder in Path(kernels_dir).glob(GENERATED_PREFIX + "*"):
        meta = generated_metadata(folder)
        if meta is None or meta.get("root") != str(root):
            continue
        if project_only and not meta.get("project"):
            continue
        if mine_only and meta.get("server") != this_server():
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder.name)
    return sorted(removed)


def generated_metadata(folder: Path) -> dict[str, Any] | None:
    """``metadata.nbcraft`` of a spec nbcraft generated, or None."""
    try:
        spec = json.loads((folder / "kernel.json").read_text(encoding="utf-8"))
        meta = spec["metadata"]["nbcraft"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return meta if isinstance(meta, dict) and "root" in meta else None


def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
