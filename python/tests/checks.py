"""What every install of the CLI (wheel, npm tarball) must do on real notebooks, run through a
given `nbcraft` command: lint with findings and a SARIF file whose locations are right, the
rules as JSON, and promote --check on a tagged notebook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from lintpkg_support import CORPUS, FIXTURES, file_line, run

RULE_KEYS = {"code", "id", "category", "description", "fixable", "docsUrl"}


def notebooks_folder(dest: Path) -> Path:
    """The lint fixtures (a clean notebook, one with findings, Databricks and percent sources)
    and three real published notebooks from the corpus shipped in lint-rules/test/corpus, so a
    clone runs the same checks as CI. A missing corpus fails the check: it is part of the repo."""
    dest.mkdir(parents=True)
    for name in ("clean.ipynb", "findings.ipynb", "databricks.py", "percent.py"):
        shutil.copy(FIXTURES / name, dest / name)
    real = sorted((CORPUS / "azureml-examples").glob("*.ipynb"))[:3]
    assert len(real) == 3, (
        f"{CORPUS / 'azureml-examples'}: expected the shipped corpus's notebooks "
        f"(lint-rules/test/corpus/SOURCES.md), found {len(real)}"
    )
    for i, notebook in enumerate(real):
        shutil.copy(notebook, dest / f"corpus-{i}-{notebook.name}")
    return dest


def cell_line(notebook: Path, cell: int, line: int) -> str:
    source = json.loads(notebook.read_text(encoding="utf-8"))["cells"][cell - 1]["source"]
    text = "".join(source) if isinstance(source, list) else source
    return text.split("\n")[line - 1]


def check_lint(nbcraft: list[str | Path], folder: Path, env: dict[str, str]) -> None:
    """exit 1 with findings; the JSON and SARIF outputs place each finding on the file line
    that holds the cell's source line; the stylish output names cell and line."""
    stylish = run([*nbcraft, "lint", "."], cwd=folder, env=env)
    assert stylish.returncode == 1, stylish.stdout + stylish.stderr
    assert "findings.ipynb:cell 4:1:1: NB501 [mlflow-run-not-ended]" in stylish.stdout

    sarif = folder / "nbcraft.sarif"
    result = run(
        [*nbcraft, "lint", "--format", "sarif", "--output-file", sarif, "."], cwd=folder, env=env
    )
    assert result.returncode == 1, result.stdout + result.stderr
    log = json.loads(sarif.read_text())
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert results

    as_json = run([*nbcraft, "lint", "--format", "json", "."], cwd=folder, env=env)
    files = json.loads(as_json.stdout)
    checked = 0
    for entry in files:
        path = folder / entry["filePath"]
        sarif_lines = sorted(
            (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in results
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == entry["filePath"]
        )
        json_lines = sorted((m["ruleCode"], m["file"]["line"]) for m in entry["messages"])
        assert sarif_lines == json_lines, entry["filePath"]
        if path.suffix != ".ipynb":
            continue
        for m in entry["messages"]:
            if m["cell"] is None or m["output"] is not None or m["line"] is None:
                continue
            # the file line is the JSON string of the cell's source line
            text = file_line(path, m["file"]["line"]).strip().rstrip(",")
            assert cell_line(path, m["cell"], m["line"]) in json.loads(text), (path.name, m)
            checked += 1
    assert checked >= 3
    run_call = next(
        r
        for r in results
        if r["ruleId"] == "NB501"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "findings.ipynb"
    )
    line = run_call["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert "mlflow.start_run()" in file_line(folder / "findings.ipynb", line)


def check_clean(nbcraft: list[str | Path], folder: Path, env: dict[str, str]) -> None:
    result = run([*nbcraft, "lint", "clean.ipynb"], cwd=folder, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    usage = run([*nbcraft, "lint", "--format", "nope", "."], cwd=folder, env=env)
    assert usage.returncode == 2


def check_rules(nbcraft: list[str | Path], env: dict[str, str]) -> list[dict]:
    result = run([*nbcraft, "rules", "--format", "json"], env=env)
    assert result.returncode == 0, result.stderr
    rules = json.loads(result.stdout)
    assert len(rules) >= 40
    for rule in rules:
        assert set(rule) >= RULE_KEYS, rule
    assert {"NB110", "NB401"} <= {r["code"] for r in rules}
    return rules


TAGGED = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Raw data"},
        {"cell_type": "code", "metadata": {}, "source": "import numpy as np"},
        {
            "cell_type": "code",
            "metadata": {"tags": ["promote:src/pkg/load.py:load_raw"]},
            "source": "raw = np.arange(4)",
        },
        {"cell_type": "code", "metadata": {}, "source": "print(raw.sum())"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def tagged_notebook(folder: Path, source: str = "raw = np.arange(4)") -> Path:
    nb = json.loads(json.dumps(TAGGED))
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{i}"
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb["cells"][2]["source"] = source
    path = folder / "analysis.ipynb"
    path.write_text(json.dumps(nb, indent=1) + "\n")
    return path


def check_promote(nbcraft: list[str | Path], folder: Path, env: dict[str, str]) -> None:
    """--check: 1 while the module is missing, 0 once promote wrote it from the same cells,
    1 again after the tagged cell changed; --check writes nothing."""
    folder.mkdir(parents=True)
    tagged_notebook(folder)
    stale = run([*nbcraft, "promote", "--check", "analysis.ipynb"], cwd=folder, env=env)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "src/pkg/load.py: `load_raw` is out of date" in stale.stdout
    assert not (folder / "src").exists()

    work = folder / "promoted"
    work.mkdir()
    tagged_notebook(work)
    done = run([*nbcraft, "promote", "analysis.ipynb"], cwd=work, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "def load_raw():" in (work / "src/pkg/load.py").read_text()
    shutil.copytree(work / "src", folder / "src")

    fresh = run([*nbcraft, "promote", "--check", "analysis.ipynb"], cwd=folder, env=env)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "up to date" in fresh.stdout

    # an edited tagged cell: exit 1 (promote words it as a conflict with the module's function)
    tagged_notebook(folder, "raw = np.arange(8)")
    changed = run([*nbcraft, "promote", "--check", "analysis.ipynb"], cwd=folder, env=env)
    assert changed.returncode == 1, changed.stdout + changed.stderr
    assert "`load_raw`" in changed.stdout + changed.stderr
