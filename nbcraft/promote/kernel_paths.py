"""Kernel start-up: the project's pytest ``pythonpath`` folders go on ``sys.path``.

IPython runs this file in every kernel that a Jupyter server with nbcraft starts (nbcraft
exports ``PYTHONSTARTUP`` pointing here; IPython kernels run that file at start-up). Promote
writes a module's import root (``src`` for a src layout) into pytest's own ``pythonpath``
option; this reads the same option, so a promoted module imports in the notebook exactly as
it does under plain ``pytest`` from the project folder.

The config is found as pytest finds it: from the kernel's working folder (the notebook's)
upwards, never above the Jupyter root (``NBCRAFT_JUPYTER_ROOT``), the first folder holding
``pytest.ini``, ``pyproject.toml`` with ``[tool.pytest.ini_options]``, ``tox.ini`` with
``[pytest]`` or ``setup.cfg`` with ``[tool:pytest]``.

Safety: only folders inside the config file's own folder are added (an absolute path or
``..`` is ignored), and nothing is imported from them here. This runs after Python's own
start-up, so a ``sitecustomize.py`` in a project folder is never run (putting the folders in
``PYTHONPATH`` would run it). The user's own ``PYTHONSTARTUP`` file, which nbcraft keeps in
``NBCRAFT_USER_PYTHONSTARTUP``, runs afterwards.

It must not need nbcraft: a compute target's kernel may run in another environment. The
provenance recorder is imported from nbcraft when it is there, else loaded from its folder.
"""


def _nbcraft_kernel_paths():
    import configparser
    import os
    import sys

    def config_entries(folder):
        """pytest's ``pythonpath`` entries of the config file in ``folder``, or None."""
        ini = os.path.join(folder, "pytest.ini")
        if os.path.isfile(ini):
            return ini_entries(ini, "pytest") or []
        pyproject = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(pyproject):
            entries = toml_entries(pyproject)
            if entries is not None:
                return entries
        for name, section in (("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                entries = ini_entries(path, section)
                if entries is not None:
                    return entries
        return None

    def ini_entries(path, section):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError) as error:
            print(f"nbcraft: {path}: not read ({error})", file=sys.stderr)
            return None
        if not parser.has_section(section):
            return None
        return parser.get(section, "pythonpath", fallback="").split()

    def toml_entries(path):
        try:
            import tomllib
        except ImportError:  # Python 3.10
            try:
                import tomli as tomllib
            except ImportError:
                return None
        try:
            with open(path, "rb") as file:
                doc = tomllib.load(file)
        except (OSError, ValueError, RecursionError) as error:
            print(f"nbcraft: {path}: not read ({error})", file=sys.stderr)
            return None
        options = doc.get("tool", {}).get("pytest", {}).get("ini_options")
        if not isinstance(options, dict):
            return None
        value = options.get("pythonpath", [])
        if isinstance(value, str):
            value = value.split()
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    root = os.environ.get("NBCRAFT_JUPYTER_ROOT")
    root = os.path.realpath(root) if root else None
    folder = os.path.realpath(os.getcwd())
    while True:
        entries = config_entries(folder)
        if entries is not None:
            break
        parent = os.path.dirname(folder)
        if parent == folder or (root is not None and folder == root):
            return
        if root is not None and not (parent + os.sep).startswith(root + os.sep):
            return
        folder = parent
    added = []
    for entry in entries:
        if os.path.isabs(entry):
            continue
        path = os.path.realpath(os.path.join(folder, entry))
        if path != folder and not path.startswith(folder + os.sep):
            continue
        if os.path.isdir(path) and path not in sys.path and path not in added:
            added.append(path)
    # after the working folder's own entry, as pytest puts them ahead of site-packages
    sys.path[1:1] = added


def _nbcraft_provenance():
    """Provenance recording (nbcraft.provenance.record.kernel): the runs this kernel starts
    record their code, notebook, environment and data. Where nbcraft is not installed (a
    compute target's own environment), the same package is loaded from its folder next to
    this file: it needs only the standard library, and MLflow when a run is logged.
    ``NBCRAFT_PROVENANCE=0`` turns it off."""
    import os
    import sys

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # IPython has put the kernel's working folder (the notebook's) first on sys.path: a
    # project's own ``nbcraft`` package there must not be what gets imported (and run) now.
    cwd = os.path.realpath(os.getcwd())
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if p and os.path.realpath(p) != cwd]
    try:
        from nbcraft.provenance import record as package

        if not os.path.abspath(package.__file__).startswith(here + os.sep):
            raise ImportError(f"nbcraft found at {package.__file__}, not beside {__file__}")
        standalone = False
    except ImportError:
        import importlib.util

        for name in [m for m in sys.modules if m == "nbcraft" or m.startswith("nbcraft.")]:
            if not os.path.abspath(getattr(sys.modules[name], "__file__", "") or "").startswith(
                here + os.sep
            ):
                del sys.modules[name]  # not nbcraft's own: never reused
        folder = os.path.join(here, "provenance", "record")
        spec = importlib.util.spec_from_file_location(
            "_nbcraft_record",
            os.path.join(folder, "__init__.py"),
            submodule_search_locations=[folder],
        )
        if spec is None or spec.loader is None:
            return
        package = importlib.util.module_from_spec(spec)
        sys.modules["_nbcraft_record"] = package
        spec.loader.exec_module(package)
        standalone = True
    finally:
        sys.path[:] = saved
    if not package.recording_enabled():
        return None
    import importlib

    kernel = importlib.import_module(f"{package.__name__}.kernel")  # from the package's folder
    return kernel.install(standalone=standalone)


def _nbcraft_user_startup():
    import os

    path = os.environ.get("NBCRAFT_USER_PYTHONSTARTUP")
    if path and os.path.isfile(path):
        with open(path, encoding="utf-8") as file:
            return compile(file.read(), path, "exec")
    return None


# provenance first: it imports nbcraft, which must come from nbcraft's own folder, before the
# project's pytest pythonpath folders are on sys.path
_nbcraft_recorder = None
try:
    _nbcraft_recorder = _nbcraft_provenance()
except Exception as _nbcraft_error:  # noqa: BLE001 - start-up must never stop the kernel
    import sys as _nbcraft_sys

    print(f"nbcraft: provenance not recorded: {_nbcraft_error}", file=_nbcraft_sys.stderr)
    del _nbcraft_sys, _nbcraft_error
try:
    if _nbcraft_recorder is not None:  # the config files read here are not the run's data
        _nbcraft_recorder.reads.paused += 1
    _nbcraft_kernel_paths()
except Exception as _nbcraft_error:  # noqa: BLE001 - start-up must never stop the kernel
    import sys as _nbcraft_sys

    print(f"nbcraft: pythonpath not set up: {_nbcraft_error}", file=_nbcraft_sys.stderr)
    del _nbcraft_sys, _nbcraft_error
finally:
    if _nbcraft_recorder is not None:
        _nbcraft_recorder.reads.paused -= 1
del _nbcraft_recorder
_nbcraft_code = _nbcraft_user_startup()
del _nbcraft_kernel_paths, _nbcraft_user_startup, _nbcraft_provenance
if _nbcraft_code is not None:
    exec(_nbcraft_code)  # noqa: S102 - the user's own PYTHONSTARTUP, as Python would run it
del _nbcraft_code
