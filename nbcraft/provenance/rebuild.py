"""``reproduce --env rebuild``: a fresh virtual environment from a run's
``nbcraft/requirements.lock`` (exact versions), and a kernelspec that starts it.

uv (``uv venv`` + ``uv pip install``, its cache shared between builds) when it is installed,
else the standard library's venv and pip (pip's cache). Lines recorded as local installs
(``# name==version (local: url)``) are installed from the current environment's source when
that source is a folder here, else reported. An install failure names the package.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .record_reader import Lock, Requirement, normalize

INSTALL_TIMEOUT = 1800.0


class BuildError(RuntimeError):
    """The environment could not be built; the message names the package when one failed."""


@dataclass
class Built:
    python: Path
    tool: str  # "uv" or "pip"
    notes: list[str] = field(default_factory=list)


def uv_binary() -> str | None:
    try:
        from uv import find_uv_bin  # the `uv` wheel (dev extra)

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


def _interpreter(lock: Lock) -> tuple[str, list[str]]:
    """The interpreter to base the environment on: this one when the run's Python had the
    same major.minor, else ``pythonX.Y`` from PATH."""
    notes = []
    if lock.python:
        wanted = ".".join(lock.python.split(".")[:2])
        here = f"{sys.version_info[0]}.{sys.version_info[1]}"
        if wanted != here:
            found = shutil.which(f"python{wanted}")
            if found is None:
                raise BuildError(
                    f"the run used Python {lock.python}; no python{wanted} is on PATH here "
                    f"(this one is {sys.version.split()[0]})"
                )
            return found, notes
        if lock.python != sys.version.split()[0]:
            notes.append(f"Python {sys.version.split()[0]} here, {lock.python} in the run")
    return sys.executable, notes


def local_source(req: Requirement) -> Path | None:
    """The folder the current environment installed ``req`` from (its direct_url.json), if
    that folder is still here."""
    import importlib.metadata as md

    try:
        dist = md.distribution(req.name)
    except md.PackageNotFoundError:
        return None
    text = dist.read_text("direct_url.json")
    if not text:
        return None
    try:
        url = json.loads(text).get("url", "")
    except json.JSONDecodeError:
        return None
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    return path if path.is_dir() else None


def requirements_text(lock: Lock) -> tuple[str, list[Path], list[str]]:
    """(pip requirements of the index packages, local folders to install, notes)."""
    lines, folders, notes = [], [], []
    for req in sorted(lock.requirements.values(), key=lambda r: normalize(r.name)):
        if req.local is None:
            lines.append(f"{req.name}=={req.version}")
            continue
        folder = local_source(req)
        if folder is None:
            notes.append(
                f"{req.name}=={req.version} was a local install ({req.local}) and its source is "
                "not here: not installed"
            )
        else:
            folders.append(folder)
    if "ipykernel" not in lock.requirements:
        lines.append("ipykernel")
        notes.append("ipykernel is not in the lock: the newest was added to start the kernel")
    return "\n".join(lines) + "\n", folders, notes


def failing_package(output: str, lock: Lock) -> str | None:
    """The lock's package that the installer's message names first."""
    best: tuple[int, str] | None = None
    low = output.lower()
    for key, req in lock.requirements.items():
        for name in {req.name.lower(), key}:
            match = re.search(rf"(?<![a-z0-9_.-]){re.escape(name)}(?![a-z0-9_-])", low)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), f"{req.name}=={req.version}")
    return best[1] if best else None


def _message(output: str) -> str:
    for line in output.splitlines():
        text = line.strip(" ×╰─▶│").strip()
        if text and not text.lower().startswith(("using ", "resolved ", "creating ")):
            return text[:300]
    return "the installer failed"


def _run(command: list[str], what: str, lock: Lock) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise BuildError(f"{what} took longer than {INSTALL_TIMEOUT:.0f} s") from None
    if done.returncode != 0:
        output = done.stderr + "\n" + done.stdout
        package = failing_package(output, lock)
        where = f"could not install {package}" if package else f"{what} failed"
        raise BuildError(f"{where}: {_message(done.stderr or done.stdout)}")


def build_environment(lock: Lock, where: Path) -> Built:
    """A virtual environment at ``where`` with the lock's exact versions."""
    base, notes = _interpreter(lock)
    text, folders, more = requirements_text(lock)
    notes += more
    where.parent.mkdir(parents=True, exist_ok=True)
    requirements = where.parent / "requirements.txt"
    requirements.write_text(text, encoding="utf-8")
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    uv = uv_binary()
    if uv:
        _run([uv, "venv", "--quiet", "--python", base, str(where)], "uv venv", lock)
        install = [uv, "pip", "install", "--quiet", "--python", str(python)]
    else:
        _run([base, "-m", "venv", str(where)], "python -m venv", lock)
        install = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run([*install, "-r", str(requirements)], "installing the lock", lock)
    for folder in folders:
        try:
            _run([*install, "--no-deps", str(folder)], f"installing {folder}", lock)
        except BuildError as error:
            notes.append(f"{folder} could not be installed ({error}); the run continues without")
    return Built(python, "uv" if uv else "pip", notes)


def write_kernelspec(kernels_dir: Path, name: str, python: Path, display: str) -> Path:
    """A kernelspec ``name`` starting ipykernel in ``python``; removed by the caller."""
    folder = kernels_dir / name
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": display,
        "language": "python",
        "metadata": {"nbcraft": {"reproduce": True}},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return folder
