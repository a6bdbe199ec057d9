"""``GET /nbcraft/promote/existing`` answers "refused" for a path promote must not write
through, with real symbolic links in a real git repository served by a real Jupyter server.

Contents follows links when it saves (jupyter_server's ``atomic_writing`` writes to a linked
file's target; the folders on the way are followed by the operating system), so a pull
request's ``src/utils.py -> ../.git/hooks/pre-commit`` had the lab's promote append Python
to a git hook that runs on the next commit. Each link is refused, at the path or at a folder
on its way, wherever it leads (into ``.git``, onto a notebook of the project, out of the root,
nowhere), and so is a path below ``.git`` when Jupyter is told to serve hidden files."""

from __future__ import annotations

import json
import os
import subprocess
import types
from pathlib import Path

import pytest

from nbcraft.promote import handlers
from nbcraft.promote.handlers import _real_location


@pytest.fixture
def repo(jp_root_dir) -> Path:
    """The Jupyter root as a git repository with a project ``proj`` in it."""
    root = Path(jp_root_dir)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".git/hooks/pre-commit").write_text("#!/usr/bin/env python3\nimport sys\n")
    (root / "proj/tests").mkdir(parents=True)
    (root / "proj/nb.ipynb").write_text('{"cells": [], "metadata": {}}\n')
    return root


async def existing(jp_fetch, *paths: str) -> dict:
    response = await jp_fetch("nbcraft", "promote", "existing", params=[("path", p) for p in paths])
    return json.loads(response.body)


LINK_ADVICE = (
    "promote writes nothing through a symbolic link, as Jupyter would write where it"
    " leads; replace the link with the file or folder itself"
)


async def test_a_module_linked_to_a_git_hook_is_refused(jp_fetch, repo):
    (repo / "proj/src").mkdir()
    (repo / "proj/src/utils.py").symlink_to("../../.git/hooks/pre-commit")
    answer = await existing(jp_fetch, "proj/src/utils.py", "proj/tests/test_utils.py")
    assert answer == {
        "paths": {"proj/src/utils.py": "refused", "proj/tests/test_utils.py": None},
        "refused": {
            "proj/src/utils.py": "proj/src/utils.py is a symbolic link to"
            f" .git/hooks/pre-commit: {LINK_ADVICE}"
        },
    }


async def test_a_linked_folder_on_the_way_is_refused_and_named(jp_fetch, repo):
    (repo / "proj/src").symlink_to("../.git/hooks", target_is_directory=True)
    answer = await existing(jp_fetch, "proj/src/pre-commit", "proj/src/new/utils.py")
    for path in ("proj/src/pre-commit", "proj/src/new/utils.py"):
        assert answer["paths"][path] == "refused"
        assert answer["refused"][path] == (
            f"proj/src is a symbolic link to .git/hooks: {LINK_ADVICE}"
        )


async def test_a_link_inside_the_project_is_refused_too(jp_fetch, repo):
    # onto another notebook: Contents would append the function to its JSON
    (repo / "proj/src").mkdir()
    (repo / "proj/src/utils.py").symlink_to("../nb.ipynb")
    (repo / "proj/tests/test_utils.py").symlink_to("../nb.ipynb")
    answer = await existing(jp_fetch, "proj/src/utils.py", "proj/tests/test_utils.py")
    assert answer["refused"] == {
        "proj/src/utils.py": f"proj/src/utils.py is a symbolic link to proj/nb.ipynb: {LINK_ADVICE}",
        "proj/tests/test_utils.py": "proj/tests/test_utils.py is a symbolic link to"
        f" proj/nb.ipynb: {LINK_ADVICE}",
    }


async def test_pytest_config_files_linked_into_git_are_refused(jp_fetch, repo):
    (repo / "proj/setup.cfg").symlink_to("../.git/config")
    (repo / "proj/pyproject.toml").write_text("[project]\nname = 'p'\n")
    answer = await existing(jp_fetch, "proj/setup.cfg", "proj/pyproject.toml", "proj/tox.ini")
    assert answer["paths"] == {
        "proj/setup.cfg": "refused",
        "proj/pyproject.toml": "file",
        "proj/tox.ini": None,
    }
    assert answer["refused"] == {
        "proj/setup.cfg": f"proj/setup.cfg is a symbolic link to .git/config: {LINK_ADVICE}"
    }


async def test_a_link_out_of_the_root_does_not_say_where(jp_fetch, repo, tmp_path):
    outside = tmp_path / "elsewhere-secret-folder"
    outside.mkdir()
    (outside / "utils.py").write_text("KEY = 1\n")
    (repo / "proj/src").symlink_to(outside, target_is_directory=True)
    answer = await existing(jp_fetch, "proj/src/utils.py")
    reason = answer["refused"]["proj/src/utils.py"]
    assert reason == (
        f"proj/src is a symbolic link that leads out of the Jupyter root: {LINK_ADVICE}"
    )
    assert "elsewhere" not in json.dumps(answer)


async def test_a_dangling_link_is_refused(jp_fetch, repo):
    # git hooks/post-merge does not exist yet: the save would create it
    (repo / "proj/src").mkdir()
    (repo / "proj/src/utils.py").symlink_to("../../.git/hooks/post-merge")
    answer = await existing(jp_fetch, "proj/src/utils.py")
    assert answer["refused"]["proj/src/utils.py"] == (
        f"proj/src/utils.py is a symbolic link to .git/hooks/post-merge: {LINK_ADVICE}"
    )


async def test_below_git_is_refused_when_hidden_files_are_served(jp_fetch, jp_serverapp, repo):
    jp_serverapp.contents_manager.allow_hidden = True
    answer = await existing(jp_fetch, ".git/hooks/pre-commit", "proj/.git/x.py", "proj/a.py")
    assert answer["paths"] == {
        ".git/hooks/pre-commit": "refused",
        "proj/.git/x.py": "refused",
        "proj/a.py": None,
    }
    assert answer["refused"][".git/hooks/pre-commit"] == (
        ".git/hooks/pre-commit is inside a .git folder: promote writes nothing there (git"
        " runs its hooks and reads its config); choose a path outside .git"
    )


async def test_a_link_in_a_hidden_folder_stays_hidden(jp_fetch, repo):
    # Jupyter's hidden-file rule first: the answer says nothing of what is there (a guard:
    # main answered so too, before links were refused)
    (repo / "proj/.cfg").mkdir()
    (repo / "proj/.cfg/utils.py").symlink_to("../../.git/hooks/pre-commit")
    answer = await existing(jp_fetch, "proj/.cfg/utils.py", "proj/.cfg/none.py")
    assert answer == {
        "paths": {"proj/.cfg/utils.py": "hidden", "proj/.cfg/none.py": "hidden"},
        "refused": {},
    }


async def test_a_hard_link_to_a_git_hook_is_refused(jp_fetch, repo):
    # no symbolic link anywhere: the module's name is the hook's second name, and Contents
    # writes in place (atomic_writing), changing the hook
    (repo / "proj/src/pkg").mkdir(parents=True)
    os.link(repo / ".git/hooks/pre-commit", repo / "proj/src/pkg/feat.py")
    (repo / "proj/src/pkg/own.py").write_text("x = 1\n")
    answer = await existing(jp_fetch, "proj/src/pkg/feat.py", "proj/src/pkg/own.py", "proj/src")
    assert answer["paths"] == {
        "proj/src/pkg/feat.py": "refused",
        "proj/src/pkg/own.py": "file",
        "proj/src": "directory",
    }
    assert answer["refused"]["proj/src/pkg/feat.py"] == (
        "proj/src/pkg/feat.py is a file with 2 hard links: promote writes nothing to it, as"
        " Jupyter would change every name it has (a git hook, another notebook); replace it"
        " with a copy of its own"
    )


@pytest.mark.parametrize("name", ["a\nb.py", "nb<img src=x onerror=alert(1)>\u202egpj.py"])
async def test_a_link_target_with_a_name_it_will_not_show_is_not_named(jp_fetch, repo, name):
    (repo / "proj/src").mkdir()
    (repo / "proj/src" / name).write_text("x = 1\n")
    (repo / "proj/src/utils.py").symlink_to(name)
    answer = await existing(jp_fetch, "proj/src/utils.py")
    assert answer["refused"]["proj/src/utils.py"] == (
        f"proj/src/utils.py is a symbolic link to a path with a name it will not show: {LINK_ADVICE}"
    )


def test_the_real_location_is_compared_with_the_names_on_the_way(repo, tmp_path):
    # what lstat does not call a link (a Windows junction, an 8.3 short name) is caught by
    # comparing real locations; on Linux a symbolic link stands in for it
    root = str(repo)
    (repo / "proj/src").mkdir()
    (repo / "proj/elsewhere").symlink_to(repo / ".git/hooks", target_is_directory=True)
    real_root = os.path.realpath(root)
    assert _real_location(root, real_root, ("proj", "src")) == os.path.join(
        real_root, "proj", "src"
    )
    assert _real_location(root, real_root, ()) == real_root
    assert _real_location(root, real_root, ("proj", "elsewhere")) is None
    assert _real_location(root, real_root, ("proj", "elsewhere", "pre-commit")) is None


GIT_REASON = (
    " is inside a .git folder: promote writes nothing there (git runs its hooks and reads its"
    " config); choose a path outside .git"
)


@pytest.mark.parametrize(
    ("dot_git", "asked"),
    [
        # a .git file's gitdir: (a worktree's, a submodule's, git init --separate-git-dir)
        ("gitdir: meta/gd\n", "proj/meta/gd/hooks/x.py"),
        # a .git symbolic link, as the CLI takes it
        (None, "proj/meta/gd/hooks/x.py"),
        # a gitdir: through a link, compared by real location
        ("gitdir: meta/link/gd\n", "proj/meta/real/gd/hooks/x.py"),
    ],
    ids=["gitdir-file", "dot-git-link", "gitdir-through-a-link"],
)
async def test_the_git_folder_a_dot_git_names_is_refused(jp_fetch, repo, dot_git, asked):
    meta = repo / "proj/meta"
    if "real" in asked:
        (meta / "real/gd/hooks").mkdir(parents=True)
        (meta / "link").symlink_to("real", target_is_directory=True)
    else:
        (meta / "gd/hooks").mkdir(parents=True)
    if dot_git is None:
        (repo / "proj/.git").symlink_to("meta/gd", target_is_directory=True)
    else:
        (repo / "proj/.git").write_text(dot_git)
    answer = await existing(jp_fetch, asked, "proj/meta/m.py")
    assert answer["paths"] == {asked: "refused", "proj/meta/m.py": None}
    assert answer["refused"] == {asked: asked + GIT_REASON}


@pytest.mark.skipif(not handlers._WALK_BY_FD, reason="the by-descriptor walk is POSIX")
def test_a_deep_path_is_looked_at_in_linear_time(tmp_path, monkeypatch):
    """The review's D7: ``lstat`` of every prefix from the root down, then ``realpath``, then
    a ``lstat`` of each folder's ``.git`` walking up: each names the whole path again, so a
    path 1,000 folders deep cost a million names looked up (0.6 s; 20 such paths 12.5 s).
    Counted here as the characters of every path handed to the system, which a slower
    machine does not change: linear in the depth now."""
    depth = 400
    fd = os.open(tmp_path, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        below = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = below
    os.close(fd)
    path = "/".join(["d"] * depth + ["m.py"])
    cm = types.SimpleNamespace(root_dir=str(tmp_path), _get_os_path=lambda p: p)
    looked_up = [0]

    def counting(call):
        def counted(p, *args, **kwargs):
            looked_up[0] += len(os.fsencode(p)) if isinstance(p, (str, bytes)) else 0
            return call(p, *args, **kwargs)

        return counted

    for name in ("lstat", "stat", "open", "readlink"):
        monkeypatch.setattr(os, name, counting(getattr(os, name)))
    assert handlers._link_refusal(cm, path) is None
    # the path itself is 2 * depth characters; every prefix of it would be depth ** 2
    assert looked_up[0] < 20 * (len(str(tmp_path)) + 2 * depth)


async def test_a_git_folder_found_by_what_it_holds_is_named_so(jp_fetch, repo):
    # ``git init --separate-git-dir=meta``: no .git names meta on the way, so the reason
    # does not call it one (the CLI says the same); a folder whose HEAD is no ref is none
    (repo / "proj/meta/objects").mkdir(parents=True)
    (repo / "proj/meta/refs").mkdir()
    (repo / "proj/meta/HEAD").write_text("ref: refs/heads/main\n")
    (repo / "proj/data/objects").mkdir(parents=True)
    (repo / "proj/data/refs").mkdir()
    (repo / "proj/data/HEAD").write_text("not a ref\n")
    answer = await existing(jp_fetch, "proj/meta/hooks/x.py", "proj/data/m.py")
    assert answer["paths"] == {"proj/meta/hooks/x.py": "refused", "proj/data/m.py": None}
    assert answer["refused"] == {
        "proj/meta/hooks/x.py": "proj/meta/hooks/x.py is inside a git folder (it holds HEAD,"
        " objects/ and refs/): promote writes nothing there (git runs its hooks and reads its"
        " config); choose a path outside it"
    }
