"""``jupyter nbcraft trust``: exit codes 0 done / 1 nothing to trust / 2 usage, what it
prints, and --revoke removing the kernelspecs made from the file. Through the dispatcher
``nbcraft.app.main`` in-process, and once through the real console script."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nbcraft.app import main as jupyter_nbcraft
from nbcraft.project_config import read_project_config

CONFIG = {
    "rules": {"NB101": "off"},
    "tracking": {"uri": "https://alice:pw@mlflow.example.org"},
    "compute": {
        "targets": [
            {"name": "spark", "kind": "spark-connect", "url": "sc://spark.example.org:15002",
             "python": "tools/py"},
            {"name": "k8s", "kind": "gateway", "url": "https://gw.example.org", "kernel": "k"},
        ]
    },
}  # fmt: skip


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    from nbcraft.trust import cli

    code = cli.main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "nbcraft.json").write_text(json.dumps(CONFIG))
    return folder


def test_trust_prints_what_the_file_sets_and_records_it(project, monkeypatch):
    monkeypatch.chdir(project)
    code, out, err = run()
    assert code == 0, err
    assert out.startswith(f"trusted: {project.resolve() / 'nbcraft.json'} (sha256 ")
    assert "tracking server: https://mlflow.example.org" in out  # userinfo never repeated
    assert "pw" not in out
    assert "compute target spark (spark-connect): sc://spark.example.org:15002, " in out
    assert "interpreter tools/py" in out
    assert "compute target k8s (gateway): https://gw.example.org" in out
    assert read_project_config(project).trusted is True
    sha = read_project_config(project).sha256
    again = run(str(project))[:2]
    assert again == (
        0,
        f"already trusted: {project.resolve() / 'nbcraft.json'} (sha256 {sha[:12]})\n",
    )
    code, listed, _ = run("--list")
    assert code == 0 and f"{project.resolve() / 'nbcraft.json'}  sha256 " in listed
    assert listed.rstrip().endswith("trusted")
    (project / "nbcraft.json").write_text(json.dumps({**CONFIG, "rules": {}}))
    assert run("--list")[1].rstrip().endswith("changed since (untrusted)")
    assert read_project_config(project).trusted is False


def test_nothing_to_trust_is_exit_1(tmp_path):
    code, _, err = run(str(tmp_path))
    assert code == 1 and err.startswith("nothing to trust: no nbcraft.json")
    (tmp_path / "nbcraft.json").write_text('{"rules": {"NB101": "off"}}')
    code, _, err = run(str(tmp_path / "nbcraft.json"))
    assert code == 1 and "sets only lint and promote options" in err
    (tmp_path / "nbcraft.json").unlink()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert run(str(tmp_path / "pyproject.toml"))[0] == 1
    code, _, err = run("--revoke", str(tmp_path))
    assert code == 1 and "is not trusted" in err


@pytest.mark.parametrize(
    "argv",
    [
        ("a", "b"),
        ("--list", "x"),
        ("--revoke",),
        ("--frobnicate",),
        ("/no/such/folder",),
    ],
)
def test_usage_errors_are_exit_2(argv):
    code, out, err = run(*argv)
    assert code == 2 and out == "" and err


def test_a_broken_file_or_another_name_is_exit_2_with_the_place(tmp_path):
    (tmp_path / "nbcraft.json").write_text('{"compute": [}')
    code, _, err = run(str(tmp_path))
    assert code == 2
    assert err.startswith(f"{tmp_path.resolve() / 'nbcraft.json'}: line 1 column 14: invalid JSON")
    (tmp_path / "notes.json").write_text("{}")
    assert run(str(tmp_path / "notes.json"))[0] == 2


def test_revoke_removes_the_kernelspecs_made_from_the_file(project):
    assert run(str(project))[0] == 0
    from jupyter_core.paths import jupyter_data_dir

    kernels = Path(jupyter_data_dir()) / "kernels"

    def spec(name: str, project_flag: bool, root: Path) -> None:
        folder = kernels / name
        folder.mkdir(parents=True)
        meta = {"target": name, "kind": "spark-connect", "root": str(root)}
        if project_flag:
            meta["project"] = True
        (folder / "kernel.json").write_text(
            json.dumps({"argv": ["x"], "metadata": {"nbcraft": meta}})
        )

    spec("nbcraft-spark", True, project.resolve())
    spec("nbcraft-mine", False, project.resolve())  # from the user's own Jupyter config
    spec("nbcraft-else", True, project.parent)  # another project's
    code, out, _ = run("--revoke", str(project))
    assert code == 0
    assert out == (
        f"revoked: {project.resolve() / 'nbcraft.json'}\n  removed kernelspecs: nbcraft-spark\n"
    )
    assert sorted(p.name for p in kernels.iterdir()) == ["nbcraft-else", "nbcraft-mine"]
    assert read_project_config(project).trusted is False


def test_the_console_script_dispatches_to_trust(project):
    assert jupyter_nbcraft(["trust", "--list"]) == 0
    script = Path(sys.executable).parent / "jupyter-nbcraft"
    done = subprocess.run(
        [str(script), "trust", str(project)],
        capture_output=True,
        text=True,
        env={**os.environ},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "trusted:" in done.stdout and read_project_config(project).trusted is True
    again = subprocess.run([str(script), "trust", "--bogus"], capture_output=True, check=False)
    assert again.returncode == 2
