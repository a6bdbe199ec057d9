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
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..secret_shapes import is_secret_name
from .record_reader import Lock, Requirement, normalize

INSTALL_TIMEOUT = 1800.0


class BuildError(RuntimeError):
    """The environment could not be built; the message names the package when one failed."""


@dataclass
class Built:
    python: Path
    tool: str  # "uv" or "pip"
    seconds: float = 0.0
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


def working_copy_installs(lock: Lock, repo: Path) -> list[str]:
    """Notes for ``--env current``: the lock's local installs that this environment has from
    the repository's working copy (editable), whose code is today's, not the run's commit."""
    notes = []
    for req in sorted(lock.requirements.values(), key=lambda r: normalize(r.name)):
        folder = local_source(req) if req.local is not None else None
        if folder is not None and folder.resolve().is_relative_to(repo.resolve()):
            notes.append(
                f"{req.name} is installed here from the working copy ({folder}): its code is "
                "today's, not the run's commit (--env rebuild installs it from the commit)"
            )
    return notes


def requirements_text(
    lock: Lock, repo: Path | None = None, tree: Path | None = None
) -> tuple[str, list[Path], list[str]]:
    """(pip requirements of the index packages, local folders to install, notes). A local
    install whose source is in the repository is installed from the worktree (the run's
    commit), not from the working copy."""
    from packaging.version import InvalidVersion, Version

    lines, folders, notes = [], [], []
    for req in sorted(lock.requirements.values(), key=lambda r: normalize(r.name)):
        if req.local is None:
            try:
                Version(req.version)
            except InvalidVersion:
                # pip would expand ${VAR} in it, or read it as an option: refuse the lock
                raise BuildError(f"the lock's line {req.name}=={req.version!r} is not a version")
            lines.append(f"{req.name}=={req.version}")
            continue
        folder = local_source(req)
        if folder is not None and repo is not None and tree is not None:
            try:
                folder = tree / folder.resolve().relative_to(repo)
            except ValueError:
                pass  # outside the repository: today's source, said below
            else:
                notes.append(f"{req.name} is installed from the run's commit ({folder})")
                folders.append(folder)
                continue
        if folder is None:
            notes.append(
                f"{req.name}=={req.version} was a local install ({req.local}) and its source is "
                "not here: not installed"
            )
        else:
            notes.append(f"{req.name} is installed from {folder} as it is now (local install)")
            folders.append(folder)
    if "ipykernel" not in lock.requirements:
        lines.append("ipykernel")
        notes.append("ipykernel is not in the lock: the newest was added to start the kernel")
    return "\n".join(lines) + "\n", folders, notes


# What uv and pip say about the package they could not install.
_NAMED = (
    re.compile(r"you require ([A-Za-z0-9._-]+)==([^\s,]+), we can conclude that your requ"),
    re.compile(r"no (?:matching )?versions? of `?([A-Za-z0-9._-]+)==([^\s`,]+)", re.IGNORECASE),
    re.compile(r"No matching distribution found for ([A-Za-z0-9._-]+)==(\S+)"),
    re.compile(r"Failed to (?:download|build|install|prepare)[^`\n]*`([A-Za-z0-9._-]+)==([^`]+)`"),
    re.compile(r"`?([A-Za-z0-9._-]+)==([^\s`]+)`? was not found"),
)


def failing_package(output: str, lock: Lock) -> str | None:
    """The package the installer says it could not install; else the lock's package its
    message names first."""
    for pattern in _NAMED:
        match = pattern.search(output)
        if match:
            req = lock.requirements.get(normalize(match[1]))
            return f"{req.name}=={req.version}" if req else f"{match[1]}=={match[2]}"
    best: tuple[int, str] | None = None
    low = output.lower()
    for key, req in lock.requirements.items():
        for name in {req.name.lower(), key}:
            match = re.search(rf"(?<![a-z0-9_.-]){re.escape(name)}(?![a-z0-9_-])", low)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), f"{req.name}=={req.version}")
    return best[1] if best else None


def _message(output: str) -> str:
    """The installer's first error line, with its cause when it gives one (uv)."""
    lines = [line.strip(" ×╰─▶│").strip() for line in output.splitlines()]
    lines = [t for t in lines if t and not t.lower().startswith(("using ", "resolved ", "creat"))]
    if not lines:
        return "the installer failed"
    text = lines[0].removeprefix("error: ")
    cause = next((t for t in lines if t.startswith("cause: ")), None)
    if cause:
        text += f" ({cause.removeprefix('cause: ')})"
    return text[:400]


def _run(command: list[str], what: str, lock: Lock) -> None:
    # The installer gets no credential of this process (a lock line could name a host).
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH") and not is_secret_name(k)
    }
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise BuildError(f"{what} took longer than {INSTALL_TIMEOUT:.0f} s") from None
    if done.returncode != 0:
        output = done.stderr + "\n" + done.stdout
        package = failing_package(output, lock)
        from ..tracking.errors import scrub

        where = f"could not install {package}" if package else f"{what} failed"
        raise BuildError(scrub(f"{where}: {_message(done.stderr or done.stdout)}"))


def build_environment(
    lock: Lock,
    where: Path,
    repo: Path | None = None,
    tree: Path | None = None,
    installer: str | None = None,
) -> Built:
    """A virtual environment at ``where`` with the lock's exact versions; ``installer``
    "uv" or "pip" (default: uv when it is installed)."""
    started = time.monotonic()
    base, notes = _interpreter(lock)
    text, folders, more = requirements_text(lock, repo, tree)
    notes += more
    where.parent.mkdir(parents=True, exist_ok=True)
    requirements = where.parent / "requirements.txt"
    requirements.write_text(text, encoding="utf-8")
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    uv = uv_binary() if installer in (None, "uv") else None
    if installer == "uv" and uv is None:
        raise BuildError("uv is not installed")
    if uv:
        _run([uv, "venv", "--quiet", "--python", base, str(where)], "uv venv", lock)
        install = [uv, "pip", "install", "--quiet", "--python", str(python)]
        wheels_only = ["--no-build"]
    else:
        _run([base, "-m", "venv", str(where)], "python -m venv", lock)
        install = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        wheels_only = ["--only-binary", ":all:"]
    # Wheels only: a package from the index runs no build code here.
    _run([*install, *wheels_only, "-r", str(requirements)], "installing the lock", lock)
    for folder in folders:
        try:
            _run([*install, "--no-deps", str(folder)], f"installing {folder}", lock)
        except BuildError as error:
            notes.append(f"{folder} could not be installed ({error}); the run continues without")
    seconds = time.monotonic() - started
    tool = "uv" if uv else "pip"
    notes.append(
        f"environment of {len(lock.requirements)} packages built with {tool} in {seconds:.1f} s"
    )
    return Built(python, tool, seconds, notes)


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
