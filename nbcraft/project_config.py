"""The one reader of the project config at the Jupyter root: ``nbcraft.json``, or else
``[tool.nbcraft]`` of ``pyproject.toml`` (the same keys; ``nbcraft.json`` wins, as in the
linter).

It reads the file's bytes once, hashes exactly those bytes (SHA-256) and parses them, so what
is trusted is what is used. A project file comes with a cloned repository: its privileged
keys (``tracking``, ``compute``, ``pipelines``) act only once the user trusted that exact
content (``nbcraft.trust``); lint and promote options need no trust. Errors name the file and
the key (``nbcraft.json: compute.targets: expected a list``).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

# Keys that make nbcraft run, write or contact something: held back until trusted.
PRIVILEGED_KEYS = ("tracking", "compute", "pipelines")
JSON_NAME = "nbcraft.json"
PYPROJECT_NAME = "pyproject.toml"
TRUST_HINT = "trust it with `jupyter nbcraft trust` in that folder, or the lab's notice"


@dataclass(frozen=True)
class ConfigError:
    """A located problem: ``<file>: <key>: <message>``."""

    source: str  # the file's name at the root, e.g. ``nbcraft.json``
    key: str  # the key path, or ``line 3 column 5`` / ``(file)`` for the file itself
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.key}: {self.message}"


@dataclass(frozen=True)
class ProjectConfig:
    """The project config of one root, as read now."""

    root: Path
    path: Path | None = None  # the file's real path; None when there is no config
    source: str = ""  # its name at the root
    sha256: str | None = None  # of the exact bytes read
    data: dict[str, Any] = field(default_factory=dict)  # the nbcraft settings, parsed
    error: ConfigError | None = None  # the file exists but cannot be used
    trusted: bool = False
    trust_problem: str | None = None  # the trust store could not be read

    @property
    def prefix(self) -> str:
        """Key prefix for errors: ``tool.nbcraft.`` in pyproject.toml."""
        return "tool.nbcraft." if self.source == PYPROJECT_NAME else ""

    def key(self, name: str) -> str:
        return self.prefix + name

    @property
    def requested(self) -> tuple[str, ...]:
        """The privileged keys the file sets, in PRIVILEGED_KEYS order."""
        return tuple(k for k in PRIVILEGED_KEYS if self.data.get(k) is not None)

    @property
    def held_back(self) -> bool:
        """The file asks for something that untrusted config may not do."""
        return bool(self.requested) and not self.trusted

    def section(self, name: str) -> tuple[Any, str | None]:
        """``(value, None)`` for a lint/promote key or a trusted privileged key;
        ``(None, reason)`` when it is held back or the file is broken."""
        if self.error is not None:
            return None, str(self.error)
        value = self.data.get(name)
        if value is None or name not in PRIVILEGED_KEYS or self.trusted:
            return value, None
        reason = f"{self.source}: {self.key(name)}: held back: the file is not trusted; " + (
            TRUST_HINT if self.trust_problem is None else self.trust_problem
        )
        return None, reason

    def untrusted_section(self, name: str) -> Any:
        """The raw value whatever the trust, ONLY to describe what the file would set."""
        return self.data.get(name) if self.error is None else None


def config_path(root: Path) -> Path | None:
    """The file that holds the root's config: nbcraft.json, else a pyproject.toml (which
    may have no [tool.nbcraft]); None when neither exists."""
    for name in (JSON_NAME, PYPROJECT_NAME):
        candidate = Path(root) / name
        if candidate.is_file():
            return candidate
    return None


def find_root(start: Path) -> Path:
    """The nearest folder upwards from ``start`` that holds a project config file (as the
    linter looks upwards from a notebook); ``start`` itself when none does."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if config_path(folder) is not None:
            return folder
    return start


def watched_files(root: Path) -> list[Path]:
    """The files whose change may change the config (existing or not)."""
    return [Path(root) / JSON_NAME, Path(root) / PYPROJECT_NAME]


def read_file(file: Path, store: Any = None) -> ProjectConfig:
    """Read one config file (nbcraft.json or a pyproject.toml) and look up its trust."""
    file = Path(file)
    root = file.parent
    source = file.name
    try:
        with open(file, "rb") as handle:
            raw = handle.read()
            opened = os.fstat(handle.fileno())
        real = Path(os.path.realpath(file))
        at_real = os.stat(real)
    except OSError as error:
        real = Path(os.path.realpath(file))
        return ProjectConfig(
            root, real, source, error=ConfigError(source, "(file)", f"cannot be read: {error}")
        )
    digest = hashlib.sha256(raw).hexdigest()
    data, error = _parse(raw, source)
    if data is None and error is None:  # a pyproject.toml without [tool.nbcraft]
        return ProjectConfig(root, None, "")
    problem = _placement_problem(root, source, real, opened, at_real)
    trusted = False
    if problem is None:
        trusted, problem = _trusted(real, digest, store)
    return ProjectConfig(
        root, real, source, digest, data or {}, error, trusted=trusted, trust_problem=problem
    )


def read_project_config(root: Path, store: Any = None) -> ProjectConfig:
    """The project config at ``root`` (never raises; a broken file comes back with
    ``error`` set and no data)."""
    file = config_path(Path(root))
    if file is None:
        return ProjectConfig(Path(root))
    return read_file(file, store)


def trusted_section(root: Path, name: str, store: Any = None) -> tuple[Any, str | None]:
    """A section of the root's config: ``(value, None)`` when it may act (a lint/promote
    key, or a privileged key of a trusted file), else ``(None, reason)`` with the file and
    key. For example ``trusted_section(root, "pipelines")``."""
    return read_project_config(root, store).section(name)


def _parse(raw: bytes, source: str) -> tuple[dict[str, Any] | None, ConfigError | None]:
    try:
        # a byte order mark (Windows editors write one) is not part of the text, as in the linter
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, ConfigError(
            source, "(file)", f"not UTF-8 text (first bad byte on line {line})"
        )
    if source == PYPROJECT_NAME:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            return None, ConfigError(source, "(file)", f"invalid TOML: {err}")
        except (ValueError, RecursionError) as err:
            # tomllib lets these through: an integer of more than 4,300 digits, deep nesting
            return None, ConfigError(source, "(file)", f"invalid TOML: {_too_big(err)}")
        tool = data.get("tool")
        nbcraft = tool.get("nbcraft") if isinstance(tool, dict) else None
        if nbcraft is None:
            return None, None
        if not isinstance(nbcraft, dict):
            return None, ConfigError(source, "tool.nbcraft", "expected a table")
        return nbcraft, None
    try:
        data = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except _DuplicateKey as err:
        # json keeps the last silently: a setting written first would be ignored (the linter
        # refuses the same file)
        return None, ConfigError(source, err.key, "appears twice in its object; delete one")
    except json.JSONDecodeError as err:
        key = f"line {err.lineno} column {err.colno}"
        return None, ConfigError(source, key, f"invalid JSON: {err.msg}")
    except (ValueError, RecursionError) as err:
        return None, ConfigError(source, "(file)", f"invalid JSON: {_too_big(err)}")
    if not isinstance(data, dict):
        return None, ConfigError(source, "(top level)", "expected a JSON object")
    return data, None


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _too_big(error: Exception) -> str:
    """What Python's parsers say past their limits, in a sentence."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error).split(":")[
        0
    ]  # "Exceeds the limit (4300 digits) for integer string conversion"


def _placement_problem(
    root: Path, source: str, real: Path, opened: os.stat_result, at_real: os.stat_result
) -> str | None:
    """Why the file read cannot be trusted for ``root`` whatever the store says, or None.

    The trust store is keyed by the real path, but a config acts for the folder it sits in
    (``python: tools/py`` is ``<root>/tools/py``): a cloned repository's ``nbcraft.json``
    that links to a file the user trusted elsewhere must not borrow that trust. And the file
    whose bytes were hashed must be the one at the real path (not swapped in between)."""
    if real.parent != Path(os.path.realpath(root)):
        return (
            f"{source} is a link to {real}, outside the folder it configures: a linked "
            "project config is never trusted; copy the file into the folder instead"
        )
    if (opened.st_dev, opened.st_ino) != (at_real.st_dev, at_real.st_ino):
        return f"{source} changed while it was read: look at it again"
    return None


def _trusted(real: Path, digest: str, store: Any) -> tuple[bool, str | None]:
    from .trust.store import TrustStore, TrustStoreError

    store = store if store is not None else TrustStore()
    try:
        return store.is_trusted(real, digest), None
    except TrustStoreError as error:
        return False, str(error)
