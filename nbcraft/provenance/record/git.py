"""The notebook's git repository: commit, branch, origin (credentials stripped), dirty, diff.

``git`` is run as a subprocess (a few milliseconds per call), never with the user's hooks or
pager; a missing ``git``, a folder outside any repository or a repository without a commit is
an answer (``GitState.problem``), not an error.
"""

from __future__ import annotations

import os
import re
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
    problem: str | None = None  # why there is no commit to record, or what git could not do
    status_failed: bool = False  # git status failed: the tree's state is unknown
    overrides: list[str] | None = None  # -c options that turn the repository's filters off


# A project folder can ship its own .git/config: nothing it names may run while a run is
# recorded (git status runs core.fsmonitor; git diff runs filters, textconv and external diff
# drivers; index updates run hooks). These go before every command.
# No transport either: a partial clone's promisor remote (``ext::sh ...``) would run when git
# fetches a missing object (P3's finding for the lint CLI).
_SAFE = ("-c", "protocol.allow=never", "-c", "core.fsmonitor=false",
         "-c", "core.hooksPath=/dev/null",
         "-c", "core.untrackedCache=false", "-c", "diff.external=", "-c", "core.pager=cat")  # fmt: skip


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", GIT_CONFIG_NOSYSTEM="1", LC_ALL="C",
        GIT_NO_LAZY_FETCH="1",
    )  # fmt: skip
    return env


_CONFIG_KEYS = r"^(remote\.origin\.url|filter\..*\.(clean|smudge|process|required))$"


def _config(folder: str) -> tuple[str | None, list[str]]:
    """origin's URL, and ``-c filter.<name>.clean=`` ... for every filter driver the
    repository's config names; one ``git config`` call (listing config runs nothing)."""
    found = _git(folder, "config", "-z", "--get-regexp", _CONFIG_KEYS)
    remote, names = None, set()
    for entry in found.stdout.split(b"\0"):
        key, _, value = entry.decode(errors="replace").partition("\n")
        if key == "remote.origin.url":
            remote = value.strip() or None
        elif key.startswith("filter.") and key.count(".") >= 2:
            names.add(key[len("filter.") : key.rindex(".")])
    overrides = []
    for name in sorted(names):
        for option, value in (
            ("clean", ""),
            ("smudge", ""),
            ("process", ""),
            ("required", "false"),
        ):
            overrides += ["-c", f"filter.{name}.{option}={value}"]
    return remote, overrides


def filter_overrides(folder: str) -> list[str]:
    """The ``-c`` options that turn off the filter drivers ``folder``'s repository names."""
    return _config(folder)[1]


_filter_overrides = filter_overrides  # the name nbcraft/provenance/repository.py imports


def _git(folder: str, *args: str, timeout: float = 10, safe: list[str] | None = None):
    return subprocess.run(
        ["git", "-C", folder, "--no-pager", *_SAFE, *(safe or []), *args],
        capture_output=True,
        env=_env(),
        timeout=timeout,
        check=False,
    )


# A plain login name, as ``useradd`` accepts by default (``git``, ``gitolite``, ``alice``): the
# only user-info an ``ssh://`` URL keeps. A token pasted as the login name (``ssh://ghp_…@``:
# upper case, too long, or escaped) is a secret, and is stripped with the rest.
_SSH_LOGIN = re.compile(r"[a-z_][a-z0-9_-]{0,31}")


def strip_credentials(url: str) -> str:
    """``https://user:token@host/x.git?token=y`` -> ``https://host/x.git``. scp-like addresses
    (``git@host:org/repo``) carry no secret and stay as they are; ``ssh://`` keeps a plain
    login name (``_SSH_LOGIN``) and nothing else. ValueError for a URL whose port is no number."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    # ``h:abc`` is no port (maybe a password): ``parts.port`` raises ValueError, and the callers
    # drop the URL (a remote, a lock line's 'unknown') rather than write another address
    port = parts.port
    netloc = f"{host}:{port}" if port else host
    login = parts.username or ""
    if parts.scheme == "ssh" and parts.password is None and _SSH_LOGIN.fullmatch(login):
        netloc = f"{login}@{netloc}"  # ssh://git@host: a login name, not a secret
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def repo_root(folder: str) -> str | None:
    """The top folder of the repository holding ``folder``, or None."""
    try:
        top = _git(folder, "rev-parse", "--show-toplevel")
    except (OSError, subprocess.SubprocessError):
        return None
    return os.fsdecode(top.stdout.strip()) if top.returncode == 0 else None


def git_state(folder: str) -> GitState:
    """The repository holding ``folder`` (the notebook's folder), in three git calls."""
    try:
        head = _git(folder, "rev-parse", "--show-toplevel", "HEAD", "--symbolic-full-name", "HEAD")
    except (OSError, subprocess.SubprocessError) as error:
        return GitState(problem=f"git could not run ({type(error).__name__}: {error})")
    lines = os.fsdecode(head.stdout).splitlines()
    if not lines:
        return GitState(problem=f"no git repository at {folder}")
    root = lines[0].strip()
    if head.returncode != 0 or len(lines) < 3:
        return GitState(root=root, problem=f"the git repository at {root} has no commit yet")
    ref = lines[2].strip()
    state = GitState(root=root, commit=lines[1].strip())
    if ref.startswith("refs/heads/"):
        state.branch = ref[len("refs/heads/") :]
    remote, state.overrides = _config(root)
    if remote:
        try:
            state.remote_url = strip_credentials(remote)
        except ValueError:  # not a URL urllib can read (a bad port): better none than a secret
            state.remote_url = None
    try:
        status = _git(root, "status", "--porcelain", "--untracked-files=no", safe=state.overrides)
        failed = None if status.returncode == 0 else os.fsdecode(status.stderr or b"").strip()
    except (OSError, subprocess.SubprocessError) as error:
        status, failed = None, f"{type(error).__name__}: {error}"
    if failed is not None or status is None:
        # a tree git cannot read is not a clean tree: say so, and never claim "false"
        state.dirty = True
        state.status_failed = True
        state.problem = f"git status failed in {root} ({(failed or '?')[:300]})"
    else:
        state.dirty = bool(status.stdout.strip())
    return state


# How git sees the notebook file itself (``nbcraft.git.notebook``). `git status` of the tree
# leaves untracked files out, so a tree is "clean" while the notebook is not committed at all.
COMMITTED, MODIFIED, UNTRACKED, IGNORED = "committed", "modified", "untracked", "ignored"


def file_state(root: str, relpath: str, overrides: list[str] | None = None) -> str | None:
    """``relpath`` (under ``root``) as at HEAD (committed), changed or staged since (modified),
    unknown to git (untracked) or ignored; None when git cannot say."""
    try:
        done = _git(root, "status", "--porcelain", "--ignored", "--untracked-files=all", "--",
                    f":(literal){relpath}", safe=overrides)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    code = done.stdout[:2]
    if not code:
        return COMMITTED
    return {b"??": UNTRACKED, b"!!": IGNORED}.get(code, MODIFIED)


def committed_text(
    root: str, relpath: str, overrides: list[str] | None = None, rev: str = "HEAD"
) -> bytes | None:
    """The file ``relpath`` (under ``root``) as ``rev`` holds it; None when git cannot say."""
    try:
        done = _git(root, "show", f"{rev}:{relpath}", safe=overrides)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def diff_cap() -> int:
    try:
        return max(0, int(os.environ.get("NBCRAFT_PROVENANCE_DIFF_CAP", DIFF_CAP)))
    except ValueError:
        return DIFF_CAP


# Every diff in git's default form whatever the user's config (``diff.noprefix``,
# ``diff.mnemonicPrefix``, colour, an external diff or textconv): ``a/`` and ``b/`` prefixes,
# as ``git apply`` (reproduce) and :func:`replace_file_diff` read it.
_DIFF = ("-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "diff", "--binary",
         "--no-ext-diff", "--no-textconv", "--no-color", "--src-prefix=a/", "--dst-prefix=b/")  # fmt: skip


def tracked_diff(
    root: str, cap: int | None = None, overrides: list[str] | None = None
) -> tuple[bytes, bool]:
    """``git diff --binary HEAD`` of tracked files, at most ``cap`` bytes, cut at a line end;
    and whether the cap cut it."""
    return _capped_diff(root, cap, overrides, "HEAD")


def _capped_diff(
    root: str, cap: int | None, overrides: list[str] | None, *args: str
) -> tuple[bytes, bool]:
    """``git diff`` with ``args``, read up to ``cap`` bytes (cut at a line end); and whether
    it was cut or git failed (what it wrote is then not the whole diff)."""
    cap = diff_cap() if cap is None else cap
    with subprocess.Popen(
        ["git", "-C", root, "--no-pager", *_SAFE,
         *(_config(root)[1] if overrides is None else overrides), *_DIFF, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_env(),
    ) as process:  # fmt: skip
        assert process.stdout is not None
        data = process.stdout.read(cap + 1)
        truncated = len(data) > cap
        if truncated:
            process.kill()
            data = data[:cap]
            cut = data.rfind(b"\n")
            data = data[: cut + 1] if cut >= 0 else b""
        elif process.wait(timeout=60) != 0:
            truncated = True  # git diff failed: what it wrote is not the whole diff
    return data, truncated


def file_diff(
    root: str, relpath: str, rev: str, overrides: list[str] | None = None
) -> bytes | None:
    """``git diff --binary rev`` of the one file ``relpath`` as it is now (its part of a
    :func:`tracked_diff`); None when git cannot say or it is over the cap."""
    try:
        data, cut = _capped_diff(root, None, overrides, rev, "--", f":(literal){relpath}")
    except (OSError, subprocess.SubprocessError):
        return None
    return None if cut else data


def replace_file_diff(diff: bytes, relpath: str, section: bytes) -> bytes | None:
    """``diff`` (a :func:`tracked_diff`) with the part about ``relpath`` replaced by
    ``section`` (its :func:`file_diff`; empty: the file is as committed). None for a path git
    writes quoted in a diff's header (``"``, ``\\``, control or non-ASCII characters), and
    for any part whose header is not git's default ``diff --git a/... b/...``."""
    if any(c in relpath for c in '"\\') or not relpath.isascii() or not relpath.isprintable():
        return None
    header = f"diff --git a/{relpath} b/{relpath}".encode()
    parts = [part for part in re.split(rb"(?m)^(?=diff --git )", diff) if part]
    if any(
        not part.startswith(b"diff --git a/") or b" b/" not in part.split(b"\n", 1)[0]
        for part in parts
    ):
        return None  # not the form this reads (another prefix): leave it as it was taken
    if section and section.split(b"\n", 1)[0] != header:
        return None
    kept = [part for part in parts if part.split(b"\n", 1)[0] != header]
    return b"".join([*kept, section])
