"""Digests of data files (and folders, as Spark and pyarrow datasets are), the same at record
time and at reproduce time: :func:`file_digest` is what reproduce calls with the recorded
``digest_kind``, so a later change of the cap does not change the answer.

``sha256``: SHA-256 of the bytes. ``sampled-sha256`` (files beyond the cap, default 64 MB):
SHA-256 of ``size:<n>;mtime:<float repr>;`` followed by 16 blocks of 256 KiB spread evenly over
the file (the first and the last included). A folder: SHA-256 over its files' relative POSIX
paths and their digests, in sorted order, every file with the same kind.
"""

from __future__ import annotations

import hashlib
import os

HASH_CAP = 64 * 1024 * 1024  # NBCRAFT_PROVENANCE_HASH_CAP
SAMPLE_BLOCKS = 16
SAMPLE_SIZE = 256 * 1024
_CHUNK = 1024 * 1024


def hash_cap() -> int:
    try:
        return max(0, int(os.environ.get("NBCRAFT_PROVENANCE_HASH_CAP", HASH_CAP)))
    except ValueError:
        return HASH_CAP


def kind_for(size: int, cap: int | None = None) -> str:
    return "sha256" if size <= (hash_cap() if cap is None else cap) else "sampled-sha256"


def tree_size(path: str) -> int:
    if not os.path.isdir(path):
        return os.stat(path).st_size
    return sum(os.stat(p).st_size for _, p in _files(path))


def _files(folder: str) -> list[tuple[str, str]]:
    found = []
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        for name in names:
            full = os.path.join(base, name)
            found.append((os.path.relpath(full, folder).replace(os.sep, "/"), full))
    return sorted(found)


def file_digest(path: str, kind: str) -> str:
    """The hex digest of ``path`` (a file or a folder) of the given kind. Raises OSError when
    the file is gone or unreadable."""
    if os.path.isdir(path):
        outer = hashlib.sha256()
        for rel, full in _files(path):
            outer.update(f"{rel}\0{file_digest(full, kind)}\n".encode())
        return outer.hexdigest()
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        if kind == "sha256":
            while chunk := file.read(_CHUNK):
                digest.update(chunk)
            return digest.hexdigest()
        if kind != "sampled-sha256":
            raise ValueError(f"unknown digest kind {kind!r}")
        stat = os.fstat(file.fileno())
        digest.update(f"size:{stat.st_size};mtime:{stat.st_mtime!r};".encode())
        last = max(0, stat.st_size - SAMPLE_SIZE)
        for i in range(SAMPLE_BLOCKS):
            file.seek(last * i // (SAMPLE_BLOCKS - 1))
            digest.update(file.read(SAMPLE_SIZE))
    return digest.hexdigest()
