"""The data files a kernel reads, found without any change to the notebook.

Plain reads (``open()``, so ``pandas.read_csv``, ``numpy.load``, ``json.load``...) are seen by
a Python audit hook on the ``open`` event, kept only under the Jupyter root or the repository.
Readers that raise no ``open`` event (pyarrow, hence ``pandas.read_parquet``; Spark, whose JVM
reads) are wrapped when the user imports them (a ``sys.meta_path`` finder that patches the
module once it has run) and recorded with the reader's name, wherever the path is.

Not inputs: Python code (``.py``, ``.pyc``, extension modules), anything under ``.git``,
``__pycache__``, ``.ipynb_checkpoints``, the Python installation or the user's site-packages,
hidden files and folders (a name starting with ``.``: ``.env``, ``.databrickscfg``,
``.aws/credentials``, ``.netrc``, caches; what SDKs read for credentials is never a run's data,
and a Jupyter root is often a home folder), and files this kernel wrote before reading them
(its own outputs).

The hook is on every open in the process, so its hot path is a type check and a dict lookup;
everything else (stat, digest) happens when a run is logged.
"""

from __future__ import annotations

import functools
import os
import sys
import sysconfig
from threading import get_ident

_CODE_SUFFIXES = (".py", ".pyc", ".pyi", ".pyd", ".so", ".pth", ".dylib")
_SKIP_PARTS = (os.sep + ".git" + os.sep, os.sep + "__pycache__" + os.sep,
               os.sep + ".ipynb_checkpoints" + os.sep)  # fmt: skip


def _hidden(relative: str) -> bool:
    """A path (below a root) with a hidden file or folder in it: ``.env``, ``.aws/...``."""
    return any(part.startswith(".") for part in relative.split(os.sep) if part)


class ReadLog:
    """Paths read in this process, in first-read order, with the reader that read them."""

    def __init__(self, roots: list[str]):
        self.roots = [os.path.realpath(r).rstrip(os.sep) + os.sep for r in roots if r]
        self.reads: dict[str, str] = {}  # absolute path or URL -> reader
        self.written: set[str] = set()
        self.paused = 0
        self.ignored_thread: int | None = None  # the recorder's own worker thread
        self._done: set = set()  # open() arguments already decided (the hot path)
        prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix}
        for name in ("purelib", "platlib", "stdlib"):
            try:
                prefixes.add(sysconfig.get_paths()[name])
            except KeyError:
                pass
        try:
            import site

            prefixes.add(site.getusersitepackages())
        except Exception:  # noqa: BLE001, S110 - no user site (a virtual environment)
            pass
        self._skip = tuple(os.path.realpath(p).rstrip(os.sep) + os.sep for p in prefixes if p)

    def add_root(self, root: str | None) -> None:
        if root:
            mark = os.path.realpath(root).rstrip(os.sep) + os.sep
            if mark not in self.roots:
                self.roots.append(mark)
                self._done.clear()

    # ------------------------------------------------------------------ the audit hook

    def audit(self, event: str, args: tuple) -> None:
        # The hot path: a file opened again with the same arguments is one set lookup.
        if event == "open":
            if args in self._done:
                return
            if self.paused or get_ident() == self.ignored_thread:
                return
            try:
                self._opened(*args)
                self._done.add(args)
            except Exception:  # noqa: BLE001, S110 - an error here would fail the user's open()
                pass
        elif event == "os.chdir":
            self._done.clear()  # relative paths now name other files

    def _opened(self, path, mode, flags) -> None:
        if path.__class__ is not str:
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            elif isinstance(path, os.PathLike):
                path = os.fspath(path)
            else:
                return  # a file descriptor
        if mode is None:  # os.open(): flags only
            access = flags & 3
            writing = access != os.O_RDONLY or bool(flags & (os.O_CREAT | os.O_TRUNC))
            reading = access != os.O_WRONLY
        else:
            writing = "w" in mode or "a" in mode or "x" in mode or "+" in mode
            reading = "r" in mode or "+" in mode
        full = os.path.realpath(path)
        if writing:
            if full not in self.reads:
                self.written.add(full)
            return
        if reading and self._wanted(full) and full not in self.written:
            self.reads.setdefault(full, "open")

    def _wanted(self, full: str) -> bool:
        if full.endswith(_CODE_SUFFIXES) or any(part in full for part in _SKIP_PARTS):
            return False
        mark = full + os.sep
        if any(mark.startswith(prefix) for prefix in self._skip):
            return False
        for root in self.roots:
            if mark.startswith(root):
                return not _hidden(full[len(root) :])
        return False

    # ------------------------------------------------------------------ wrapped readers

    def record(self, target, reader: str) -> None:
        """A path (or a list of them) given to a wrapped reader."""
        if isinstance(target, (list, tuple)):
            for item in target:
                self.record(item, reader)
            return
        if isinstance(target, os.PathLike):
            target = os.fspath(target)
        if isinstance(target, bytes):
            target = os.fsdecode(target)
        if not isinstance(target, str) or not target:
            return  # a buffer, a file object, a table name
        if "://" in target or target.startswith("dbfs:"):
            if target.startswith("file://"):
                target = target[len("file://") :]
            else:
                self.reads[target] = reader
                return
        full = os.path.realpath(target)
        if not _hidden(full):  # a hidden file is never a run's data (see the module's doc)
            self.reads[full] = reader


def _path_argument(args: tuple, kwargs: dict, skip_self: bool):
    rest = args[1:] if skip_self else args
    for name in ("path", "paths", "source", "input_file"):
        if name in kwargs:
            return kwargs[name]
    if skip_self and len(rest) > 1:
        return list(rest)  # DataFrameReader.parquet(*paths)
    return rest[0] if rest else None


def _wrap(owner, attribute: str, reader: str, log: ReadLog, method: bool) -> None:
    original = getattr(owner, attribute, None)
    if original is None or getattr(original, "__nbcraft_reader__", False):
        return

    @functools.wraps(original)
    def reading(*args, **kwargs):
        outer = not _depth[0]
        _depth[0] += 1
        try:
            result = original(*args, **kwargs)
        finally:
            _depth[0] -= 1
        if outer:
            try:
                log.record(_path_argument(args, kwargs, method), reader)
            except Exception:  # noqa: BLE001, S110 - recording never breaks the user's read
                pass
        return result

    reading.__nbcraft_reader__ = True  # type: ignore[attr-defined]
    setattr(owner, attribute, reading)


_depth = [0]  # wrapped readers calling each other: the outermost names the read

# module -> [(attribute path, reader name)]; "Class.method" wraps a method
READERS: dict[str, list[tuple[str, str]]] = {
    "pandas": [("read_parquet", "pandas.read_parquet"), ("read_feather", "pandas.read_feather"),
               ("read_orc", "pandas.read_orc")],
    "pyarrow.parquet": [("read_table", "pyarrow"), ("read_pandas", "pyarrow")],
    "pyarrow.dataset": [("dataset", "pyarrow")],
    "pyarrow.feather": [("read_table", "pyarrow"), ("read_feather", "pyarrow")],
    "pyarrow.csv": [("read_csv", "pyarrow")],
    "pyspark.sql.readwriter": [(f"DataFrameReader.{m}", "spark.read")
                               for m in ("load", "parquet", "csv", "json", "orc", "text")],
    "pyspark.sql.connect.readwriter": [(f"DataFrameReader.{m}", "spark.read")
                                       for m in ("load", "parquet", "csv", "json", "orc", "text")],
}  # fmt: skip


def wrap_module(module, log: ReadLog) -> None:
    for attribute, reader in READERS.get(module.__name__, []):
        owner, _, name = attribute.rpartition(".")
        target = getattr(module, owner, None) if owner else module
        if target is not None:
            _wrap(target, name, reader, log, method=bool(owner))


class ReaderFinder:
    """A ``sys.meta_path`` entry that wraps the readers of :data:`READERS` when their module
    is imported (and not before: nothing is imported on the user's behalf)."""

    def __init__(self, log: ReadLog):
        self.log = log

    def find_spec(self, name, path=None, target=None):
        if name not in READERS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module
        log = self.log

        def exec_module(module):
            run(module)
            try:
                wrap_module(module, log)
            except Exception:  # noqa: BLE001, S110 - an unexpected version: reads go unrecorded
                pass

        loader.exec_module = exec_module
        return spec


def install(log: ReadLog) -> None:
    """The audit hook (it cannot be removed: it checks ``log.paused``) and the reader finder;
    readers already imported are wrapped now."""
    sys.addaudithook(log.audit)
    sys.meta_path.insert(0, ReaderFinder(log))
    for name in READERS:
        module = sys.modules.get(name)
        if module is not None:
            wrap_module(module, log)
