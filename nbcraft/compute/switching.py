"""How the UI switches a notebook to a target: rebind the Spark session in the running
kernel (Python variables survive) or change the kernel (in-memory state is lost).

Pure: the caller passes the current kernelspec (as ``/api/kernelspecs`` shows it).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .config import Target
from .kernelspecs import resolve_python


def python_environment(argv0: str) -> str:
    """The Python environment an interpreter belongs to.

    A venv is its folder (the one holding ``pyvenv.cfg``): ``.venv/bin/python`` and
    ``.venv/bin/python3`` are the same environment, while two venvs whose ``bin/python``
    both link to one base Python hold different packages. Outside a venv, the interpreter
    file itself with its links followed (``/usr/bin/python3`` -> ``python3.11``)."""
    import sys

    # jupyter_client starts a spec whose argv[0] is a bare `python`, `python3` or
    # `python3.11` with the server's own interpreter, not the first one on PATH.
    major, minor = sys.version_info[:2]
    if argv0 in ("python", f"python{major}", f"python{major}.{minor}"):
        argv0 = sys.executable
    elif os.sep not in argv0:
        import shutil

        argv0 = shutil.which(argv0) or argv0
    path = os.path.abspath(argv0)
    prefix = os.path.dirname(os.path.dirname(path))
    if os.path.isfile(os.path.join(prefix, "pyvenv.cfg")):
        return prefix
    return os.path.realpath(path)


def plan_switch(
    target: Target, current_name: str | None, current_spec: Mapping[str, Any] | None, root: Path
) -> dict[str, Any]:
    """``{mode, kernelspec, stateLost, reason, code?}`` for switching to ``target``.

    ``rebind`` only for Spark Connect targets when the running kernel uses the same Python
    interpreter as the target (so its pyspark client is the one the target needs)."""
    change = {"mode": "change-kernel", "kernelspec": target.kernelspec_name, "stateLost": True}
    if current_name == target.kernelspec_name:
        return {
            "mode": "none",
            "kernelspec": target.kernelspec_name,
            "stateLost": False,
            "reason": "the notebook already uses this target",
        }
    if target.kind != "spark-connect":
        return {**change, "reason": f"a {target.kind} target runs in its own kernel"}
    if not current_spec:
        return {**change, "reason": "the current kernel is unknown"}
    if (current_spec.get("language") or "").lower() != "python":
        return {**change, "reason": "the current kernel is not a Python kernel"}
    argv = current_spec.get("argv") or []
    if not argv or python_environment(argv[0]) != python_environment(
        resolve_python(target.python, root)
    ):
        return {
            **change,
            "reason": "the current kernel runs another Python environment than the target's",
        }
    return {
        "mode": "rebind",
        "kernelspec": current_name,
        "stateLost": False,
        "reason": "same Python environment: the Spark session is rebound in the running "
        "kernel, Python variables are kept",
        "code": rebind_code(target),
    }


def rebind_code(target: Target) -> str:
    """Python for the running kernel: points ``spark`` at the target's Spark Connect server
    and installs the same clear "server went away" message as the generated kernels.
    The UI runs it with ``kernel.requestExecute({code, silent: false, store_history: false})``.
    """
    done = (
        f"nbcraft: `spark` now uses compute target {target.name!r} ({target.url}); "
        "Python variables kept."
    )
    startup = (Path(__file__).parent / "kernel_startup.py").read_text(encoding="utf-8")
    env = {
        "SPARK_REMOTE": target.url or "",
        "NBCRAFT_COMPUTE_TARGET": target.name,
        "NBCRAFT_COMPUTE_KIND": target.kind,
    }
    # Only the URL goes into the code; a `${VAR}` token reference is filled from the
    # kernel's own environment, so no secret travels through the browser.
    return (
        "import os as _nbcraft_os, string as _nbcraft_string\n"
        f"_nbcraft_env = {json.dumps(env)}\n"
        "_nbcraft_os.environ.update({k: _nbcraft_string.Template(v).safe_substitute("
        "_nbcraft_os.environ) for k, v in _nbcraft_env.items()})\n"
        "del _nbcraft_env, _nbcraft_os, _nbcraft_string\n"
        "_nbcraft_before = globals().get('spark')\n"
        f"exec(compile({startup!r}, 'nbcraft_startup.py', 'exec'), globals())\n"
        "if globals().get('spark') is not _nbcraft_before:\n"
        f"    print({done!r})\n"
        "del _nbcraft_before\n"
    )
