"""The folder `make lab` serves (scripts/lab-workspace.sh): a copy of the sample project made
once, a git repository with one commit, never overwritten, and nothing written into the nbcraft
checkout. Real git, real files; each test runs the script with its own HOME, so the user's git
identity is the test's to choose."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "scripts" / "lab-workspace.sh"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(cwd: Path, *args: str, env: dict | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def home(tmp_path):
    """A HOME without a git identity, and no system git config."""
    path = tmp_path / "home"
    path.mkdir()
    return path


def environment(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GIT_CONFIG_NOSYSTEM="1")
    return env


def make_workspace(script: Path, target: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(script), str(target)],
        env=environment(home),
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


def printed_rm(stdout: str) -> str:
    """The folder the printed `rm -rf ...` removes, read as the shell reads it."""
    command = stdout.split("remove it: ", 1)[1].rstrip().removesuffix(")")
    words = shlex.split(command)
    assert words[:2] == ["rm", "-rf"] and len(words) == 3, command
    return words[2]


def test_first_run_copies_the_sample_into_a_git_repository(tmp_path, home):
    before = git(REPO, "status", "--porcelain", "--", "examples")
    target = tmp_path / "lab" / "diabetes-sample"
    done = make_workspace(SCRIPT, target, home)
    assert done.returncode == 0, done.stderr
    assert str(target) in done.stdout and "rm -rf" in done.stdout  # says how to start fresh

    tracked = set(git(REPO, "ls-files", "--", "examples").split())
    assert {f.removeprefix("examples/") for f in tracked} == set(git(target, "ls-files").split())
    sample = "sample-training.ipynb"
    assert (target / sample).read_bytes() == (REPO / "examples" / sample).read_bytes()
    # One commit, nothing left uncommitted, what the lab writes ignored.
    assert git(target, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(target, "status", "--porcelain") == ""
    (target / ".nbcraft").mkdir()
    (target / ".nbcraft" / "mlflow.db").write_text("x")
    assert git(target, "status", "--porcelain") == ""
    # No git identity: one for this repository only, and the commit made with it.
    assert git(target, "config", "--local", "user.name").strip() == "nbcraft lab"
    assert git(target, "log", "-1", "--format=%an <%ae>").strip() == (
        "nbcraft lab <lab@nbcraft.invalid>"
    )
    assert not (home / ".gitconfig").exists()
    # Nothing written beside it, and the checkout's examples/ untouched.
    assert sorted(p.name for p in target.parent.iterdir()) == ["diabetes-sample"]
    assert git(REPO, "status", "--porcelain", "--", "examples") == before


def test_the_users_git_identity_is_used_when_set(tmp_path, home):
    (home / ".gitconfig").write_text("[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n")
    target = tmp_path / "ws"
    done = make_workspace(SCRIPT, target, home)
    assert done.returncode == 0, done.stderr
    assert git(target, "log", "-1", "--format=%an <%ae>").strip() == (
        "Ada Lovelace <ada@example.org>"
    )
    local = subprocess.run(
        ["git", "config", "--local", "--get", "user.name"],
        cwd=target,
        check=False,
        capture_output=True,
    )
    assert local.returncode == 1  # nothing set in the repository itself


def test_an_existing_workspace_is_served_as_it_is(tmp_path, home):
    target = tmp_path / "ws"
    target.mkdir()
    (target / "sample-training.ipynb").write_text("my own changes")
    done = make_workspace(SCRIPT, target, home)
    assert done.returncode == 0, done.stderr
    assert f"serving {target}" in done.stdout and printed_rm(done.stdout) == str(target)
    assert (target / "sample-training.ipynb").read_text() == "my own changes"
    assert sorted(p.name for p in target.iterdir()) == ["sample-training.ipynb"]


def test_a_file_in_the_way_is_a_clear_error(tmp_path, home):
    target = tmp_path / "ws"
    target.write_text("not a folder")
    done = make_workspace(SCRIPT, target, home)
    assert done.returncode == 2
    assert f"{target} exists and is not a folder" in done.stderr
    assert "NBCRAFT_LAB_DIR" in done.stderr
    assert target.read_text() == "not a folder"


def test_only_the_tracked_sample_is_copied(tmp_path, home):
    """What an older `make lab` left in examples/ (outputs, runs, promoted modules) is not part
    of the sample: a checkout with such leftovers still gives a clean copy."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, checkout / "scripts" / SCRIPT.name)
    (checkout / "examples").mkdir()
    (checkout / "examples" / "sample.ipynb").write_text("{}")
    env = environment(home)
    git(checkout, "init", "-q", env=env)
    git(checkout, "add", "-A", env=env)
    git(checkout, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x", env=env)
    (checkout / "examples" / "src" / "examples").mkdir(parents=True)
    (checkout / "examples" / "src" / "examples" / "sample.py").write_text("def f(): ...")
    (checkout / "examples" / "pyproject.toml").write_text("[tool.pytest.ini_options]\n")
    target = tmp_path / "ws"
    done = make_workspace(checkout / "scripts" / SCRIPT.name, target, home)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in target.iterdir()) == [".git", "sample.ipynb"]


def sample_checkout(tmp_path: Path, home: Path) -> Path:
    """A git checkout holding the script and a committed examples/ (sample.ipynb, data.csv)."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, checkout / "scripts" / SCRIPT.name)
    (checkout / "examples" / "data").mkdir(parents=True)
    (checkout / "examples" / "sample.ipynb").write_text("{}")
    (checkout / "examples" / "data" / "data.csv").write_text("a,b\n1,2\n")
    env = environment(home)
    git(checkout, "init", "-q", "--template=", env=env)
    git(checkout, "add", "-A", env=env)
    git(checkout, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x", env=env)
    return checkout


def test_the_users_hooks_templates_and_global_excludes_do_not_apply(tmp_path, home):
    """A template dir with hooks (installed by `git init`, run by commit) and a global excludes
    file that ignores notebooks, data and CSVs: the copy holds the whole sample, and no hook of
    the user's ran or stays installed."""
    checkout = sample_checkout(tmp_path, home)
    ran = tmp_path / "hooks-ran"
    template = home / "template"
    (template / "hooks").mkdir(parents=True)
    for hook in ("prepare-commit-msg", "post-commit", "pre-commit", "commit-msg"):
        path = template / "hooks" / hook
        path.write_text(f"#!/bin/sh\necho {hook} >> '{ran}'\n")
        path.chmod(0o755)
    hooks = home / "global-hooks"
    shutil.copytree(template / "hooks", hooks)
    (home / "excludes").write_text("*.ipynb\n*.csv\ndata/\n")
    (home / ".gitconfig").write_text(
        f"[init]\n\ttemplateDir = {template}\n"
        f"[core]\n\texcludesFile = {home / 'excludes'}\n\thooksPath = {hooks}\n"
    )
    target = tmp_path / "ws"
    done = make_workspace(checkout / "scripts" / SCRIPT.name, target, home)
    assert done.returncode == 0, done.stderr
    assert not ran.exists(), ran.read_text()
    installed = target / ".git" / "hooks"
    assert not installed.exists() or not any(installed.iterdir())
    assert sorted(git(target, "ls-files").split()) == ["data/data.csv", "sample.ipynb"]


def test_the_sample_is_copied_as_committed_not_as_edited(tmp_path, home):
    """An older `make lab` served examples/ itself and left edits in its tracked files."""
    checkout = sample_checkout(tmp_path, home)
    (checkout / "examples" / "sample.ipynb").write_text('{"edited": "by an old make lab"}')
    target = tmp_path / "ws"
    done = make_workspace(checkout / "scripts" / SCRIPT.name, target, home)
    assert done.returncode == 0, done.stderr
    assert (target / "sample.ipynb").read_text() == "{}"
    assert git(target, "status", "--porcelain") == ""


@pytest.mark.parametrize("where", ["examples", ".", "scripts", "examples/data", ".."])
def test_a_folder_of_the_checkout_is_refused(tmp_path, home, where):
    """The lab writes into what it serves: never examples/, the checkout, a folder of it git
    tracks, or a folder holding it; nothing is written."""
    checkout = sample_checkout(tmp_path, home)
    before = git(checkout, "status", "--porcelain", "--ignored")
    target = checkout / where
    listing = sorted(p.name for p in target.iterdir())
    done = make_workspace(checkout / "scripts" / SCRIPT.name, target, home)
    assert done.returncode == 2, done.stdout
    assert "NBCRAFT_LAB_DIR" in done.stderr and str(target) in done.stderr
    assert sorted(p.name for p in target.iterdir()) == listing
    assert git(checkout, "status", "--porcelain", "--ignored") == before


def test_an_untracked_folder_inside_the_checkout_is_used(tmp_path, home):
    """The default, workspace/diabetes-sample, is inside the checkout but not tracked."""
    checkout = sample_checkout(tmp_path, home)
    target = checkout / "workspace" / "diabetes-sample"
    done = make_workspace(checkout / "scripts" / SCRIPT.name, target, home)
    assert done.returncode == 0, done.stderr
    assert (target / "sample.ipynb").read_text() == "{}"


def test_an_empty_folder_gets_the_sample_and_odd_names_print_a_usable_rm(tmp_path, home):
    target = tmp_path / "it's my ws"
    target.mkdir()
    done = make_workspace(SCRIPT, target, home)
    assert done.returncode == 0, done.stderr
    assert (target / "sample-training.ipynb").exists()
    assert git(target, "rev-list", "--count", "HEAD").strip() == "1"
    assert printed_rm(done.stdout) == str(target)
    again = make_workspace(SCRIPT, target, home)
    assert again.returncode == 0 and printed_rm(again.stdout) == str(target)


def test_a_folder_that_appears_while_the_copy_is_made_is_left_alone(tmp_path, home):
    """Another `make lab` (or the user) makes the folder while this one commits: the copy is
    not moved into it (plain `mv` would nest it there); a clear error, the folder as it was,
    no staging folder left behind. The race is set off by a `git` on PATH that runs the real
    git, then makes the folder after the commit."""
    target = tmp_path / "ws"
    shim = tmp_path / "bin"
    shim.mkdir()
    real_git = shutil.which("git")
    (shim / "git").write_text(
        "#!/bin/sh\n"
        f'"{real_git}" "$@" || exit $?\n'
        'case " $* " in *" commit "*) '
        f"mkdir -p '{target}' && echo mine > '{target}/mine.txt';; esac\n"
    )
    (shim / "git").chmod(0o755)
    env = environment(home)
    env["PATH"] = f"{shim}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        ["bash", str(SCRIPT), str(target)],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "appeared while the copy was made" in done.stderr
    assert sorted(p.name for p in target.iterdir()) == ["mine.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "home", "ws"]
