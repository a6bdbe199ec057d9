"""The notebook's git repository: commit, branch, origin (credentials stripped), dirty, diff.

``git`` is run as a subprocess (a few milliseconds per call), never with the user's hooks or
pager; a missing ``git``, a folder outside any repository or a repository without a commit is
an answer (``GitState.problem``), not an error.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

DIFF_CAP = 5 * 1024 * 1024  # bytes of `git diff --binary HEAD` kept; NBCRAFT_PROVENANCE_DIFF_CAP


@dataclass
class GitState:
    root: str | None = None
    commit: str | None = None
    branch: str | None = None  # None on a detached HEAD
    remote_url: str | None = None  # credentials stripped
    dirty: bool = False
    problem: str | None = None  # why there is no commit to record


def _git(folder: str, *args: str, timeout: float = 10) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    return subprocess.run(
        ["git", "-C", folder, "--no-pager", *args],
        capture_output=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def strip_credentials(url: str) -> str:
    """``https://user:token@host/x.git?token=y`` -> ``https://host/x.git``. scp-like addresses
    (``git@host:org/repo``) carry no secret and stay as they are."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    if parts.scheme == "ssh" and parts.username and not parts.password:
        netloc = f"{parts.username}@{netloc}"  # ssh://git@host: a login name, not a secret
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def repo_root(folder: str) -> str | None:
    """The top folder of the repository holding ``folder``, or None."""
    try:
        top = _git(folder, "rev-parse", "--show-toplevel")
    except (OSError, subprocess.SubprocessError):
        return None
    return os.fsdecode(top.stdout.strip()) if top.returncode == 0 else None


def git_state(folder: str) -> GitState:
    """The repository holding ``folder`` (the notebook's folder)."""
    try:
        top = _git(folder, "rev-parse", "--show-toplevel")
    except (OSError, subprocess.SubprocessError) as error:
        return GitState(problem=f"git could not run ({type(error).__name__}: {error})")
    if top.returncode != 0:
        return GitState(problem=f"no git repository at {folder}")
    root = os.fsdecode(top.stdout.strip())
    head = _git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}")
    if head.returncode != 0:
        return GitState(root=root, problem=f"the git repository at {root} has no commit yet")
    state = GitState(root=root, commit=head.stdout.decode().strip())
    branch = _git(root, "symbolic-ref", "-q", "--short", "HEAD")
    if branch.returncode == 0:
        state.branch = branch.stdout.decode(errors="replace").strip() or None
    remote = _git(root, "config", "--get", "remote.origin.url")
    if remote.returncode == 0 and remote.stdout.strip():
        state.remote_url = strip_credentials(remote.stdout.decode(errors="replace").strip())
    status = _git(root, "status", "--porcelain", "--untracked-files=no")
    state.dirty = status.returncode == 0 and bool(status.stdout.strip())
    return state


def diff_cap() -> int:
    try:
        return max(0, int(os.environ.get("NBCRAFT_PROVENANCE_DIFF_CAP", DIFF_CAP)))
    except ValueError:
        return DIFF_CAP


def tracked_diff(root: str, cap: int | None = None) -> tuple[bytes, bool]:
    """``git diff --binary HEAD`` of tracked files, at most ``cap`` bytes, cut at a line end;
    and whether the cap cut it."""
    cap = diff_cap() if cap is None else cap
    with subprocess.Popen(
        ["git", "-C", root, "--no-pager", "diff", "--binary", "--no-ext-diff", "--no-color",
         "HEAD"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
             "GIT_OPTIONAL_LOCKS": "0"},
    ) as process:  # fmt: skip
        assert process.stdout is not None
        data = process.stdout.read(cap + 1)
        truncated = len(data) > cap
        if truncated:
            process.kill()
            data = data[:cap]
            cut = data.rfind(b"\n")
            data = data[: cut + 1] if cut >= 0 else b""
        else:
            process.wait(timeout=60)
    return data, truncated
