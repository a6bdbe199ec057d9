"""The trust store: which project config files the user trusted, by real path and SHA-256.

Like ``direnv allow``: the user trusts one exact content of one file; any change to the
file (another hash) makes it untrusted again. The store lives in the user's Jupyter data
folder (``jupyter --data-dir``/nbcraft/trusted-configs.json), never in a project, so a
cloned repository cannot trust itself.

The file is written atomically (a temporary file in the same folder, then a rename) with
mode 0600 under a lock, so the CLI and a running server never lose each other's changes.
A store that another user could have written (not ours, or group/world-writable) is
ignored: nothing is trusted then, and the reason is given.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "trusted-configs.json"
VERSION = 1


class TrustStoreError(Exception):
    """The store cannot be read or written; the message names the file and what to do."""


@dataclass(frozen=True)
class TrustEntry:
    path: str  # the config file's real path
    sha256: str  # of its exact bytes when the user trusted it
    trusted_at: str  # ISO 8601, UTC


def default_store_path() -> Path:
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "nbcraft" / FILE_NAME


def real_path(path: str | os.PathLike[str]) -> str:
    """The key of a file in the store: absolute, symlinks resolved (also for a file that is
    gone, so a deleted project can still be revoked)."""
    return os.path.realpath(os.path.abspath(os.path.expanduser(os.fspath(path))))


class TrustStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()

    # --- reading ---------------------------------------------------------------------------------

    def stamp(self) -> tuple[int, int] | None:
        """Changes whenever the store is rewritten (cheap change detection for the services)."""
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def entries(self) -> list[TrustEntry]:
        """Every trusted file; raises TrustStoreError when the store is unreadable or unsafe."""
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return []
        except OSError as error:
            raise TrustStoreError(f"{self.path} cannot be read: {error.strerror}.") from None
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            self._check_owner(st)
            raw = handle.read()
        try:
            data = json.loads(raw.decode("utf-8"))
        except RecursionError:
            raise TrustStoreError(
                f"{self.path}: not a valid trust store (nested too deeply). Remove it and trust "
                "your project config files again (`jupyter nbcraft trust PATH`)."
            ) from None
        except ValueError as error:  # bad UTF-8, bad JSON, an integer over Python's digit limit
            raise TrustStoreError(
                f"{self.path}: not a valid trust store ({error}). Remove it and trust your "
                "project config files again (`jupyter nbcraft trust PATH`)."
            ) from None
        items = data.get("trusted") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise TrustStoreError(f"{self.path}: `trusted` must be a list.")
        out = []
        for i, item in enumerate(items):
            if not (
                isinstance(item, dict)
                and isinstance(item.get("path"), str)
                and isinstance(item.get("sha256"), str)
            ):
                raise TrustStoreError(f"{self.path}: trusted[{i}] needs `path` and `sha256`.")
            out.append(TrustEntry(item["path"], item["sha256"], str(item.get("trusted_at", ""))))
        return out

    def _check_owner(self, st: os.stat_result) -> None:
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            raise TrustStoreError(f"{self.path} belongs to another user: it is ignored.")
        if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise TrustStoreError(
                f"{self.path} can be written by other users: it is ignored. "
                f"Run `chmod 600 {self.path}`."
            )

    def is_trusted(self, path: str | os.PathLike[str], sha256: str) -> bool:
        key = real_path(path)
        return any(e.path == key and e.sha256 == sha256 for e in self.entries())

    def entry(self, path: str | os.PathLike[str]) -> TrustEntry | None:
        key = real_path(path)
        return next((e for e in self.entries() if e.path == key), None)

    # --- writing ---------------------------------------------------------------------------------

    def trust(self, path: str | os.PathLike[str], sha256: str) -> TrustEntry:
        """Trust this content of this file (replacing an earlier content of the same file)."""
        key = real_path(path)
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        entry = TrustEntry(key, sha256, now)
        with self._locked():
            kept = [e for e in self.entries() if e.path != key]
            self._write([*kept, entry])
        return entry

    def revoke(self, path: str | os.PathLike[str]) -> TrustEntry | None:
        """Forget the file; returns what was trusted, or None when it was not."""
        key = real_path(path)
        with self._locked():
            entries = self.entries()
            gone = next((e for e in entries if e.path == key), None)
            if gone is not None:
                self._write([e for e in entries if e.path != key])
        return gone

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows: the rename is still atomic
                pass
            yield
        finally:
            os.close(fd)

    def _write(self, entries: list[TrustEntry]) -> None:
        body = {
            "version": VERSION,
            "trusted": [
                {"path": e.path, "sha256": e.sha256, "trusted_at": e.trusted_at} for e in entries
            ],
        }
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(body, handle, indent=1)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
