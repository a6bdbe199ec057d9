"""The kernel's Python environment: ``requirements.lock`` from ``importlib.metadata`` (no
``pip freeze`` subprocess), and the project's own lock file.

The distribution list is cached per process and recomputed only when a folder on ``sys.path``
changed (``%pip install`` adds a ``*.dist-info`` folder to site-packages, which changes that
folder's mtime), so a run pays for a few ``stat`` calls, not for reading every METADATA file.
"""

from __future__ import annotations

import glob
import json
import os
import platform
import re
import sys
import threading

from .git import strip_credentials

LOCK_NAMES = ("uv.lock", "poetry.lock", "requirements*.txt", "environment.yml")

_lock = threading.Lock()
_cache: tuple[tuple, str] | None = None


def normalize(name: str) -> str:
    """PEP 503's normalized project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def python_version() -> str:
    return platform.python_version()


_platform: str | None = None


def platform_name() -> str:
    global _platform
    if _platform is None:
        _platform = platform.platform()
    return _platform


def _fingerprint() -> tuple:
    marks = []
    for entry in sys.path:
        try:
            marks.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            marks.append((entry, None))
    return tuple(marks)


def _local_url(dist) -> str | None:
    """The URL of a distribution not installed from an index (PEP 610 ``direct_url.json``),
    without credentials: pip records the URL as it was given (``https://ghp_…@github.com/…``),
    and requirements.lock is an artifact everyone with access to the run reads."""
    try:
        text = dist.read_text("direct_url.json")
    except Exception:  # noqa: BLE001 - an unreadable record is treated as "from an index"
        return None
    if not text:
        return None
    try:
        url = json.loads(text).get("url")
    except (ValueError, AttributeError):
        return "unknown"
    if not isinstance(url, str) or not url:
        return "unknown"
    try:
        return strip_credentials(url)
    except ValueError:  # not a URL urllib can split (``https://[bad@h``): its text is not written
        return "unknown"


def lock_text() -> str:
    """``requirements.lock``: pip's format, sorted by normalized name; distributions that are
    not from an index are comment lines ``# name==version (local: <url>)``."""
    global _cache
    mark = _fingerprint()
    with _lock:
        if _cache is not None and _cache[0] == mark:
            return _cache[1]
    import importlib.metadata

    seen: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        try:
            name = dist.metadata["Name"]
            version = dist.version
        except Exception:  # noqa: BLE001, S112 - a broken dist-info folder: skipped
            continue
        if not name or normalize(name) in seen:
            continue  # the first on sys.path is the one Python imports
        url = _local_url(dist)
        line = f"{name}=={version}"
        seen[normalize(name)] = f"# {line} (local: {url})" if url else line
    lines = [f"# python {python_version()}", f"# platform {platform_name()}"]
    lines += [seen[key] for key in sorted(seen)]
    text = "\n".join(lines) + "\n"
    with _lock:
        _cache = (mark, text)
    return text


def warm_up() -> None:
    """Compute the list in a background thread (kernel start), so the first run is fast."""
    threading.Thread(target=_quiet_lock_text, name="nbcraft-provenance-env", daemon=True).start()


def _quiet_lock_text() -> None:
    try:
        lock_text()
    except Exception:  # noqa: BLE001, S110 - computed again, with its error, when a run needs it
        pass


def find_lockfile(folder: str, repo_root: str) -> str | None:
    """The first lock file from ``folder`` up to ``repo_root``: ``uv.lock``, ``poetry.lock``,
    ``requirements*.txt`` (sorted), ``environment.yml``; its absolute path or None."""
    folder = os.path.realpath(folder)
    top = os.path.realpath(repo_root)
    if folder != top and not folder.startswith(top.rstrip(os.sep) + os.sep):
        return None
    while True:
        for pattern in LOCK_NAMES:
            for path in sorted(glob.glob(os.path.join(glob.escape(folder), pattern))):
                if os.path.isfile(path):
                    return path
        if folder == top:
            return None
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
