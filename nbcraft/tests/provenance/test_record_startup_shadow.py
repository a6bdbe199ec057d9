"""Attack: a project folder that holds its own ``nbcraft`` package (a cloned repository, a
shared drive) must not run code when a kernel starts there. IPython puts the kernel's working
folder (the notebook's) first on ``sys.path`` before the start-up file runs, so a plain
``import nbcraft`` at start-up would import the folder's package, with no consent.
A real IPython kernel, started as the server starts one (record_support.Kernel)."""

from __future__ import annotations

from pathlib import Path

from record_support import Kernel, write_notebook


def test_a_project_nbcraft_package_does_not_run_at_kernel_start(tmp_path: Path) -> None:
    project = tmp_path / "project"
    marker = tmp_path / "PWNED"
    (project / "nbcraft").mkdir(parents=True)
    (project / "nbcraft" / "__init__.py").write_text(
        f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8"
    )
    notebook = write_notebook(project / "nb.ipynb", "x = 1")
    kernel = Kernel(notebook, tmp_path, None)
    try:
        out, _err, error = kernel.run(
            "import sys\nprint(sys.modules['nbcraft'].__file__ if 'nbcraft' in sys.modules else 'none')"
        )
    finally:
        kernel.stop()
    assert error is None
    assert not marker.exists(), "the project's nbcraft/__init__.py ran at kernel start"
    loaded = out.strip()
    assert loaded == "none" or not loaded.startswith(str(project)), loaded
