"""Proof that this user's nbcraft started a job's MLflow run, so that closing a lost job's run
(``JobTracking.close_lost``) never ends anyone else's.

A job store's rows are no proof: the store lives in the project (``.nbcraft/jobs.db``), and a
cloned repository or an archive may ship one whose ``running`` row copies a colleague's live
job from a shared tracking server, its id and run id (the run's ``nbcraft.job`` tag included).
So each job's run is tagged at its start with ``nbcraft.job.proof``: an HMAC-SHA256 of the job
id under a secret that is this user's alone, kept outside any project (the user's Jupyter data
folder, ``nbcraft/job-proof.key``, mode 0600, made on first use). Nobody without the secret can
write a proof that verifies, and the tag shows nothing of the secret. A run without a proof (one
an nbcraft before this started) is never closed (README: closing a stuck run by hand).

When the secret cannot be made or read (a read-only data folder, a key file another user could
read), jobs still run, without the proof, and the log says why once per process.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

PROOF_TAG = "nbcraft.job.proof"
KEY_FILE = "job-proof.key"
_KEY_BYTES = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
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


def proof(key: bytes, job_id: str) -> str:
    """The proof for ``job_id`` under ``key`` (hex)."""
    return hmac.new(key, b"nbcraft.job\0" + str(job_id).encode(), hashlib.sha256).hexdigest()


def proof_tags(job_id: str, log: logging.Logger | None = None) -> dict[str, str]:
    """``{PROOF_TAG: proof}`` for a run starting now; empty (logged once) without a secret."""
    try:
        return {PROOF_TAG: proof(read_key(create=True), job_id)}
    except ProofKeyError as error:
        _tell(str(error), log)
        return {}


def verifies(job_id: str, tagged: object, log: logging.Logger | None = None) -> bool:
    """Whether ``tagged`` (a run's ``PROOF_TAG``) is this user's proof for ``job_id``."""
    if not isinstance(tagged, str) or not tagged:
        return False
    try:
        key = read_key(create=False)
    except ProofKeyError as error:
        _tell(str(error), log)
        return False
    return key is not None and hmac.compare_digest(proof(key, job_id), tagged)


def read_key(create: bool) -> bytes | None:
    """The user's secret; made when missing and ``create`` (else None then)."""
    path = key_path()
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
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
        text = handle.read(4 * _KEY_BYTES)
    try:
        key = bytes.fromhex(text.decode("ascii").strip())
    except ValueError:
        key = b""
    if len(key) < _KEY_BYTES:
        raise ProofKeyError(f"{path} is not a job proof key: remove it (a new one is made)")
    return key


def _make(path: Path) -> None:
    """A new secret at ``path``, whole or not at all (a temporary file linked in place: two
    processes starting together agree on the one that got there first)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
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
