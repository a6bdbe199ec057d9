"""Proof that this user's nbcraft started a job's MLflow run, so that closing a lost job's run
(``JobTracking.close_lost``) never ends anyone else's.

A job store's rows are no proof: the store lives in the project (``.nbcraft/jobs.db``), and a
cloned repository or an archive may ship one whose ``running`` row copies a colleague's live
job from a shared tracking server, its id and run id (the run's ``nbcraft.job`` tag included).
So each job's run is tagged at its start with ``nbcraft.job.proof``: ``v2.`` and an HMAC-SHA256
of the job id, the run id and the process that owns the job's row (owner.py, as the row names
it) under a secret that is this user's alone, kept outside any project (the user's Jupyter data
folder, ``nbcraft/job-proof.key``, mode 0600, in a folder of this user's only, made on first
use). Nobody without the secret can write a proof that verifies, and the tag shows nothing of
the secret. The owner is signed because the user's own rows replay too: a copy of a project
(``cp -a``) or a crafted store naming the user's live run (its ids and tags are readable on a
shared tracking server) carries the job id; to verify, a row must name the live process that
started the run, which is then not gone, so its run is not closed (service.py). A run without
a proof, or with the earlier form (the job id only, which any copy replays), is never closed
(README: closing a stuck run by hand).

When the secret cannot be made or read (a read-only data folder, a key file another user could
read), jobs still run, without the proof, and the log says why once per process.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import stat
from pathlib import Path

PROOF_TAG = "nbcraft.job.proof"
KEY_FILE = "job-proof.key"
FORM = "v2."  # (the earlier form, plain hex, signed the job id only)
_KEY_BYTES = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # (a FIFO planted at the key path cannot block)
_told: set[str] = set()  # the problems logged (once each)


_UNPROVEN = (
    "the runs of jobs started now carry no proof, so they are not closed when their job is "
    "lost; set JUPYTER_DATA_DIR to a folder this user can write"
)


class ProofKeyError(Exception):
    """The secret cannot be made or read; the message names the file and what to do."""


def key_path() -> Path:
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "nbcraft" / KEY_FILE


def proof(key: bytes, job_id: str, run_id: str, owner: str) -> str:
    """The proof for the job ``job_id``'s run ``run_id`` started by the process ``owner`` (its
    row's owner text) under ``key``. The three are signed as one JSON array: no two different
    triples sign the same bytes."""
    signed = json.dumps([str(job_id), str(run_id), str(owner)]).encode()
    return FORM + hmac.new(key, b"nbcraft.job\0" + signed, hashlib.sha256).hexdigest()


def proof_tags(
    job_id: str, run_id: str, owner: str, log: logging.Logger | None = None
) -> dict[str, str]:
    """``{PROOF_TAG: proof}`` for a run starting now; empty (logged once) without a secret."""
    try:
        key = read_key(create=True)
    except ProofKeyError as error:
        _tell(str(error), log)
        return {}
    return {PROOF_TAG: proof(key, job_id, run_id, owner)} if key is not None else {}


def unproven(
    job_id: str, run_id: str, owner: object, tagged: object, log: logging.Logger | None = None
) -> str | None:
    """None when ``tagged`` (a run's ``PROOF_TAG``) is this user's proof that the process
    ``owner`` (the row's owner text) started the job ``job_id``'s run ``run_id``; else why not,
    one line. Never raises on what a run's tags or a row hold."""
    if not isinstance(tagged, str) or not tagged:
        return f"no {PROOF_TAG} tag proves this user's nbcraft started it"
    if not tagged.startswith(FORM):
        return (
            f"its {PROOF_TAG} is of the earlier form (it signs the job id only, which a copied "
            "store replays): close it by hand if its job is lost"
        )
    try:
        key = read_key(create=False)
    except ProofKeyError as error:
        _tell(str(error), log)
        key = None
    expected = proof(key, job_id, run_id, owner) if key and isinstance(owner, str) else ""
    # (bytes: compare_digest refuses str with non-ASCII characters, which a tag may hold)
    if not expected or not hmac.compare_digest(expected.encode(), tagged.encode()):
        return f"its {PROOF_TAG} tag does not prove this user's nbcraft started it for this row"
    return None


def verifies(
    job_id: str, run_id: str, owner: object, tagged: object, log: logging.Logger | None = None
) -> bool:
    """Whether ``tagged`` is this user's proof for the job's run and owner (:func:`unproven`)."""
    return unproven(job_id, run_id, owner, tagged, log) is None


def read_key(create: bool) -> bytes | None:
    """The user's secret; made when missing and ``create`` (else None then). Its folder must be
    this user's alone (:func:`_check_folder`), the key a regular file only its owner can read,
    opened without following a link or waiting (a FIFO there would block every job's start)."""
    path = key_path()
    _check_folder(path.parent)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except FileNotFoundError:
        if not create:
            return None
        _make(path)
        return read_key(create=False)
    except OSError as error:
        raise ProofKeyError(f"{path} cannot be read ({error.strerror}): {_UNPROVEN}") from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            raise ProofKeyError(f"{path} belongs to another user: remove it")
        if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077:
            raise ProofKeyError(
                f"{path} is not a file only its owner can read: remove it (a new one is made)"
            )
        text = handle.read(2 * _KEY_BYTES + 3)  # (the hex, a line end, and one more: too long)
    try:
        key = bytes.fromhex(text.decode("ascii").strip())
    except ValueError:
        key = b""
    if len(key) != _KEY_BYTES:
        raise ProofKeyError(f"{path} is not a job proof key: remove it (a new one is made)")
    return key


def _check_folder(folder: Path) -> None:
    """The key's folder, when it exists, must be a real folder (no link), this user's, that no
    one else can write to: whoever can could replace or remove the key, or put a FIFO there."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return
    except OSError as error:
        raise ProofKeyError(f"{folder} cannot be read ({error.strerror}): {_UNPROVEN}") from None
    if stat.S_ISLNK(st.st_mode):
        problem = "is a symbolic link"
    elif not stat.S_ISDIR(st.st_mode):
        problem = "is not a folder"
    elif hasattr(os, "getuid") and st.st_uid != os.getuid():
        problem = "belongs to another user"
    elif hasattr(os, "getuid") and st.st_mode & 0o022:
        problem = f"can be written by others (mode {stat.S_IMODE(st.st_mode):o}: chmod 700 it)"
    else:
        return
    raise ProofKeyError(f"the job proof key's folder {folder} {problem}: {_UNPROVEN}")


def _make(path: Path) -> None:
    """A new secret at ``path``, whole or not at all (a temporary file linked in place: two
    processes starting together agree on the one that got there first)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise ProofKeyError(f"{path} cannot be made ({error.strerror}): {_UNPROVEN}") from None
    _check_folder(path.parent)  # (made by someone else meanwhile, or a link to a folder)
    try:
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(_KEY_BYTES) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # (another process made it first: that one is used)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as error:
        raise ProofKeyError(f"{path} cannot be made ({error.strerror}): {_UNPROVEN}") from None


def _tell(problem: str, log: logging.Logger | None) -> None:
    if problem in _told:
        return
    _told.add(problem)
    (log or logging.getLogger("nbcraft.jobs")).warning("nbcraft jobs: %s", problem)
