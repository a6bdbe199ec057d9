"""One owner of "does this text name a path under its root?", for paths that come from a
request or a run's record (promote's ``existing`` route, provenance's inputs, a run's
notebook path in its repository); and of the other way: how a server path is named to a
client of the routes (``shown_path``, ``shown_link``), relative to the Jupyter root, never by
its absolute path (the server's home folder and user name), which only the log keeps.

Only the text is judged: symlinks are each caller's to resolve against its root."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

# the limits of Linux and macOS (NAME_MAX, PATH_MAX): past them the file system answers
# ENAMETOOLONG with the server's own absolute path in the message
MAX_PART_BYTES = 255
MAX_PATH_BYTES = 4096

CONTROL_CHARACTER = "a path with a control character"
INVISIBLE_CHARACTER = "a path with an invisible or direction-changing character"


def _has_control_character(text: str) -> bool:
    """Unicode category Cc (C0, DEL and the C1 controls such as NEL, which shows as nothing)
    and the line and paragraph separators: the set promote's preview and the ``nbcraft
    promote`` CLI refuse too (lint-rules/src/promote/controlCharacters.ts; both are tested
    against lint-rules/test/fixtures/hidden-characters.json)."""
    return any(unicodedata.category(char) == "Cc" or char in "\u2028\u2029" for char in text)


def _has_invisible_character(text: str) -> bool:
    """Unicode category Cf: zero-width spaces and joiners, direction marks and overrides
    (U+200B-U+200F, U+202A-U+202E, U+2060-U+2069), U+FEFF, the soft hyphen: ``te\u200bsts``
    shows as ``tests``, and a direction override shows a name in another order."""
    return any(unicodedata.category(char) == "Cf" for char in text)


def refusal(relpath: object) -> str | None:
    """Why ``relpath`` is not a POSIX path relative to a root whose text cannot lead out of
    it or break a file-system call, or None when it is one. The reason names no folder of
    the server's, so a caller may show it."""
    if not isinstance(relpath, str) or not relpath:
        return "an empty path"
    if _has_control_character(relpath):
        return CONTROL_CHARACTER
    if _has_invisible_character(relpath):
        return INVISIBLE_CHARACTER
    pure = PurePosixPath(relpath)
    if pure.is_absolute() or os.path.isabs(relpath):
        return "an absolute path"
    if "\\" in relpath:  # a separator on Windows, where ``..\\x`` climbs
        return "a path with a backslash"
    if PureWindowsPath(relpath).drive:  # ``C:x`` is relative to drive C's folder, not the root
        return "a path naming a drive"
    if ".." in pure.parts:
        return "a path with a '..' part"
    try:
        size = len(relpath.encode("utf-8"))
    except UnicodeEncodeError:
        return "a path that is not valid text"
    if size > MAX_PATH_BYTES or any(len(part.encode()) > MAX_PART_BYTES for part in pure.parts):
        return "a path (or a part of it) too long for a file system"
    return None


def what_to_do(reason: str) -> str:
    """What a user can do about ``refusal``'s ``reason``: said as promote's preview says it
    for the same path (lint-rules/src/promote/texts.ts; both are tested against the
    ``refusals`` of lint-rules/test/fixtures/hidden-characters.json), where giving a path
    relative to the root does not help (a tab pasted into a relative path is still refused)."""
    if reason == CONTROL_CHARACTER:
        return (
            "remove the invisible character (a pasted tab or line break), shown escaped in the path"
        )
    if reason == INVISIBLE_CHARACTER:
        return (
            "remove the character shown escaped in the path"
            " (a zero-width space, a soft hyphen or a direction mark pasted with it)"
        )
    return "give a path relative to the Jupyter root"


def confined(relpath: object) -> bool:
    """True for a non-empty POSIX path relative to a root, whose text cannot lead out of it:
    not absolute, no ``..`` part, no backslash, no drive, no control, invisible or
    direction-changing character, and short
    enough for a file system (see ``refusal``)."""
    return refusal(relpath) is None


def shown_path(path: Path | str, root: Path | None, outside: str = "the job store's folder") -> str:
    """``path`` as a client of the routes sees it: relative to ``root`` (POSIX), else its name
    (``outside`` when it has none)."""
    path = Path(path)
    if root is not None:
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return path.name or outside


def shown_link(link: Path, root: Path | None) -> str:
    """``link`` as a client of the routes sees it (``shown_path``), not followed: the link's
    own name, where ``shown_path`` would name what it points to."""
    where = shown_path(link.parent, root)
    return link.name if where == "." else f"{where}/{link.name}"
