"""Finding a running lab's embedded MLflow server from outside the lab (``jupyter nbcraft run``).

Kernels and terminals the Jupyter server starts inherit ``MLFLOW_TRACKING_URI`` and the
embedded server's password through their environment (service.py). A shell that did not get
them (a terminal whose profile resets the environment, a tmux or ssh session, a terminal
opened before the tracking settings changed) would otherwise run jobs with no tracking server,
and MLflow in the job's kernel would write a ``mlflow.db`` into the project. So, beside its
auth config, the embedded server writes ``$(jupyter --runtime-dir)/nbcraft-mlflow-<port>.json``:
the URI, the Jupyter root it serves and the Jupyter server's pid, no secret. The CLI, when
nothing is configured, takes the server of a running Jupyter whose root holds the project,
and its credentials from the 0600 auth config (``embedded_credentials``). Both files must be
the user's own, regular and private (mode 0600, opened without following links, checked on the
open file) in a folder of this user that no one else can write: nothing another local user
wrote is believed; and the port must be listened on by this user, which is checked in Linux's
socket table (elsewhere nothing is discovered: set MLFLOW_TRACKING_URI there). The password only ever goes
into the CLI's environment (the MLflow client's and the job kernels'), never into arguments,
output or files.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "nbcraft-mlflow-"


def discovery_path(auth_config: Path) -> Path:
    """The discovery file beside an embedded server's auth config (same port)."""
    return auth_config.with_suffix(".json")


def write_discovery(auth_config: Path, uri: str, root_dir: Path) -> Path:
    """Written by the Jupyter server that owns the embedded server (its pid), 0600."""
    path = discovery_path(auth_config)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    data = {"uri": uri, "root_dir": str(Path(root_dir).resolve()), "pid": os.getpid()}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out)
    return path


@dataclass(frozen=True)
class RunningEmbedded:
    uri: str
    root_dir: Path
    pid: int
    username: str
    password: str = field(repr=False)


def _this_users(info: os.stat_result, is_type: Callable[[int], bool], others_bits: int) -> bool:
    """Of the given file type, owned by this user, with none of ``others_bits`` set."""
    return (
        is_type(info.st_mode)
        and (not hasattr(os, "getuid") or info.st_uid == os.getuid())
        and info.st_mode & others_bits == 0
    )


def _private_folder(folder: Path) -> bool:
    """The runtime folder is this user's and no one else can write to it: in a folder others
    can write, a file could be renamed or replaced between the checks and the reads."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return _this_users(info, stat.S_ISDIR, 0o022)


def _read_private(path: Path) -> str | None:
    """The text of a regular file of this user that only this user can read, opened without
    following a link and checked on the open file itself (no window between check and read);
    None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        if not _this_users(os.fstat(file.fileno()), stat.S_ISREG, 0o077):
            return None
        try:
            return file.read(65536).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # another user's process: not this user's lab
    return True


def _listener_is_ours(port: int, proc_net_tcp: Path = Path("/proc/net/tcp")) -> bool:
    """Whether 127.0.0.1:``port`` is listened on by a socket of this user. A lab that crashed
    leaves its discovery file, and another local user could have taken the port since: the
    password must not go there. Where the socket table cannot be read (not Linux) nothing can
    be checked, so nothing is believed: set MLFLOW_TRACKING_URI and the credentials there."""
    try:
        lines = proc_net_tcp.read_text().splitlines()[1:]
    except OSError:
        return False
    wanted = f"0100007F:{port:04X}"
    for line in lines:
        fields = line.split()
        if len(fields) > 7 and fields[1] == wanted and fields[3] == "0A":  # LISTEN
            return not hasattr(os, "getuid") or int(fields[7]) == os.getuid()
    return False


def running_embedded_server(
    folder: Path, runtime_dir: Path | None = None
) -> RunningEmbedded | None:
    """The embedded server of this user's running Jupyter server whose root holds ``folder``
    (the innermost root when several do), with its credentials; None when there is none."""
    from .embedded import auth_config_path, credentials_from_auth_config

    if runtime_dir is None:
        from jupyter_core.paths import jupyter_runtime_dir

        runtime_dir = Path(jupyter_runtime_dir())
    folder = Path(folder).resolve()
    if not _private_folder(Path(runtime_dir)):
        return None
    found: list[RunningEmbedded] = []
    for path in sorted(Path(runtime_dir).glob(f"{PREFIX}*.json")):
        try:
            port = int(path.stem[len(PREFIX) :])
            text = _read_private(path)
            ini = _read_private(auth_config_path(port, runtime_dir))
            if text is None or ini is None:
                continue
            data = json.loads(text)
            uri, root, pid = data["uri"], Path(data["root_dir"]), int(data["pid"])
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            continue
        if uri != f"http://127.0.0.1:{port}" or not _alive(pid) or not _listener_is_ours(port):
            continue
        if folder != root and root not in folder.parents:
            continue
        credentials = credentials_from_auth_config(ini)
        if credentials is not None:
            found.append(RunningEmbedded(uri, root, pid, *credentials))
    return max(found, key=lambda server: len(server.root_dir.parts), default=None)
