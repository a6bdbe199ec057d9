"""One owner of "does this text name a path under its root?", for paths that come from a
request or a run's record (promote's ``existing`` route, provenance's inputs, a run's
notebook path in its repository).

Only the text is judged: symlinks are each caller's to resolve against its root."""

from __future__ import annotations

import os
from pathlib import PurePosixPath


def confined(relpath: str) -> bool:
    """True for a non-empty POSIX path relative to a root, whose text cannot lead out of it:
    not absolute, no ``..`` part, and no backslash (a separator on Windows, where
    ``..\\x`` climbs)."""
    if not isinstance(relpath, str) or not relpath:
        return False
    pure = PurePosixPath(relpath)
    return not (
        pure.is_absolute() or os.path.isabs(relpath) or "\\" in relpath or ".." in pure.parts
    )
