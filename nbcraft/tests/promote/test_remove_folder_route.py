"""``POST /nbcraft/promote/remove-folder`` through a real Jupyter server: a refused promotion's
roll-back removes a folder it made only when the folder holds nothing. The contents API's
listing leaves out hidden names (``.gitkeep``, ``.DS_Store``, a checkpoint) and ``hide_globs``
(``__pycache__``), and its DELETE takes a folder with what it holds (send2trash, the default;
``rmtree`` when only checkpoints are in it), so such a folder went with its content."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import tornado.httpclient
from jupyter_server.auth.authorizer import Authorizer


@pytest.fixture
def made(jp_root_dir) -> Path:
    """A folder as promote's roll-back leaves it: its own files deleted, and the empty
    checkpoint folder jupyter_server's deletes make in it."""
    folder = Path(jp_root_dir) / "proj/src/pkg"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    return folder


async def remove(jp_fetch, path: str, **kwargs):
    response = await jp_fetch(
        "nbcraft",
        "promote",
        "remove-folder",
        method="POST",
        body=json.dumps({"path": path}),
        **kwargs,
    )
    return json.loads(response.body)


async def test_removes_a_folder_holding_nothing_but_the_servers_empty_checkpoints(jp_fetch, made):
    assert await remove(jp_fetch, "proj/src/pkg") == {
        "path": "proj/src/pkg",
        "removed": True,
        "missing": False,
    }
    assert not made.exists()
    # its parent, which promote made too, is empty now and goes next
    assert await remove(jp_fetch, "proj/src") == {
        "path": "proj/src",
        "removed": True,
        "missing": False,
    }
    assert sorted(os.listdir(made.parents[1])) == []


@pytest.mark.parametrize(
    "hidden",
    [".gitkeep", ".DS_Store", ".ipynb_checkpoints/scratch-checkpoint.ipynb",
     "__pycache__/feat.cpython-311.pyc", ".venv/bin/python", "visible.txt"],
)  # fmt: skip
async def test_leaves_a_folder_holding_anything_else_as_it_is(jp_fetch, made, hidden):
    (made / hidden).parent.mkdir(parents=True, exist_ok=True)
    (made / hidden).write_text("theirs\n")
    listing = json.loads((await jp_fetch("api", "contents", "proj", "src", "pkg")).body)
    if hidden != "visible.txt":
        # what the lab's roll-back judged by before: nothing there
        assert listing["content"] == []
    assert await remove(jp_fetch, "proj/src/pkg") == {
        "path": "proj/src/pkg",
        "removed": False,
        "missing": False,
    }
    assert (made / hidden).read_text() == "theirs\n"
    assert (made / ".ipynb_checkpoints").is_dir()


async def test_a_folder_not_there_is_told_apart_from_one_removed(jp_fetch, made):
    # a lab drive's folder the server cannot see is not "removed" (it still exists there)
    assert await remove(jp_fetch, "proj/src/gone") == {
        "path": "proj/src/gone",
        "removed": False,
        "missing": True,
    }
    assert (await remove(jp_fetch, "proj/src/pkg"))["missing"] is False


async def test_a_file_or_a_link_is_no_folder_to_remove(jp_fetch, made, jp_root_dir):
    (made / "feat.py").write_text("X = 1\n")
    assert (await remove(jp_fetch, "proj/src/pkg/feat.py"))["removed"] is False
    (Path(jp_root_dir) / "link").symlink_to(made, target_is_directory=True)
    assert (await remove(jp_fetch, "link"))["removed"] is False
    assert (made / "feat.py").read_text() == "X = 1\n"


@pytest.mark.parametrize(
    ("path", "said"),
    [("../outside", "relative to the Jupyter root"), ("/tmp", "relative to the Jupyter root"),
     ("proj/.hidden", "hidden"), ("proj/a\tb", "a path with a control character"),
     ("", "an empty path"), (".", "the Jupyter root"), ("./", "the Jupyter root"),
     (".//", "the Jupyter root"), ("proj/src/pkg.", "ending in a dot or a space"),
     ("proj/src /pkg", "ending in a dot or a space")],
)  # fmt: skip
async def test_a_path_it_may_not_touch_is_refused(jp_fetch, made, jp_root_dir, path, said):
    (Path(jp_root_dir) / "proj/.hidden").mkdir()
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        await remove(jp_fetch, path)
    assert refused.value.code == 400
    body = json.loads(refused.value.response.body)
    assert said in body["message"]
    assert str(jp_root_dir) not in body["message"]
    assert (Path(jp_root_dir) / "proj/.hidden").is_dir()


async def test_the_root_holding_only_checkpoints_stays(jp_fetch, jp_root_dir):
    # the review's case: the server's state folder elsewhere, so the root looks empty
    for name in os.listdir(jp_root_dir):
        path = Path(jp_root_dir) / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    (Path(jp_root_dir) / ".ipynb_checkpoints").mkdir()
    for path in (".", "./", ".//"):
        with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
            await remove(jp_fetch, path)
        assert refused.value.code == 400
    assert (Path(jp_root_dir) / ".ipynb_checkpoints").is_dir()


async def test_a_folder_through_a_link_out_of_the_root_is_refused(jp_fetch, made, tmp_path):
    outside = tmp_path / "outside"
    (outside / "victim").mkdir(parents=True)
    (Path(jp_root_dir_of(made)) / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        await remove(jp_fetch, "link/victim")
    assert refused.value.code == 400
    assert "outside the Jupyter root" in json.loads(refused.value.response.body)["message"]
    assert str(outside) not in refused.value.response.body.decode()
    assert (outside / "victim").is_dir()


def jp_root_dir_of(made: Path) -> Path:
    return made.parents[2]


@pytest.mark.parametrize("body", ["[]", '{"path": 1}', "[" * 200_000 + "]" * 200_000])
async def test_a_body_without_a_path_is_refused(jp_fetch, made, body):
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        await jp_fetch("nbcraft", "promote", "remove-folder", method="POST", body=body)
    assert refused.value.code == 400


async def test_anonymous_requests_are_refused(jp_fetch, made):
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        await remove(jp_fetch, "proj/src/pkg", headers={"Authorization": ""})
    assert refused.value.code == 403
    assert made.is_dir()


class NoContentsWriteAuthorizer(Authorizer):
    """Allows everything but writing ``contents``."""

    def is_authorized(self, handler, user, action, resource):
        return not (resource == "contents" and action == "write")


class TestAUserWhoMayNotWriteContents:
    @pytest.fixture
    def jp_server_config(self, jp_server_config):
        config = {key: dict(value) for key, value in jp_server_config.items()}
        config["ServerApp"]["authorizer_class"] = NoContentsWriteAuthorizer
        return config

    async def test_is_refused(self, jp_fetch, made):
        with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
            await remove(jp_fetch, "proj/src/pkg")
        assert refused.value.code == 403
        assert made.is_dir()


class TestACheckpointFolderThatIsNoPlainName:
    """``FileCheckpoints.checkpoint_dir`` set to an absolute folder: joined as it is, it
    pointed at that folder itself, so its rmdir removed it (out of the root) or its other
    checkpoints kept every folder promote made."""

    @pytest.fixture
    def checkpoints(self, tmp_path) -> Path:
        return tmp_path / "checkpoints"

    @pytest.fixture
    def jp_server_config(self, jp_server_config, checkpoints):
        config = {key: dict(value) for key, value in jp_server_config.items()}
        config["FileCheckpoints"] = {"checkpoint_dir": str(checkpoints)}
        return config

    async def test_an_empty_one_out_of_the_root_stays(self, jp_fetch, jp_root_dir, checkpoints):
        checkpoints.mkdir()
        (Path(jp_root_dir) / "proj/pkg").mkdir(parents=True)
        assert (await remove(jp_fetch, "proj/pkg"))["removed"] is True
        assert checkpoints.is_dir()

    async def test_one_holding_checkpoints_does_not_keep_the_folder(
        self, jp_fetch, jp_root_dir, checkpoints
    ):
        checkpoints.mkdir()
        (checkpoints / "other-checkpoint.ipynb").write_text("{}")
        (Path(jp_root_dir) / "proj/pkg").mkdir(parents=True)
        assert (await remove(jp_fetch, "proj/pkg"))["removed"] is True
        assert not (Path(jp_root_dir) / "proj/pkg").exists()
        assert (checkpoints / "other-checkpoint.ipynb").read_text() == "{}"


def _swap_for_link(folder: Path, target: Path) -> None:
    """``folder`` becomes a symlink to ``target`` (what another process could do at any time)."""
    folder.rename(folder.with_name(folder.name + "-moved"))
    folder.symlink_to(target, target_is_directory=True)


@pytest.mark.parametrize("by_fd", [True, False], ids=["posix-walk", "path-recheck"])
async def test_a_parent_swapped_for_a_link_after_the_check_leaves_outside_alone(
    jp_fetch, made, tmp_path, monkeypatch, by_fd
):
    """The route checks the parent, then awaits: a parent swapped for a link out of the root in
    between must not let it remove an empty folder out there (``path-recheck`` runs the
    fallback for systems without ``O_NOFOLLOW``/``dir_fd`` here)."""
    from nbcraft.promote import handlers

    if by_fd and not getattr(handlers, "_WALK_BY_FD", True):
        pytest.skip("no O_NOFOLLOW/dir_fd here")
    monkeypatch.setattr(handlers, "_WALK_BY_FD", by_fd, raising=False)

    root = jp_root_dir_of(made)
    outside = tmp_path / "outside"
    (outside / "pkg").mkdir(parents=True)
    checked = handlers._within

    def within_then_swap(os_path: str, root_dir: str) -> bool:
        answer = checked(os_path, root_dir)
        if not (root / "proj/src").is_symlink():  # the handler's check, the first
            _swap_for_link(root / "proj/src", outside)
        return answer

    monkeypatch.setattr(handlers, "_within", within_then_swap)
    answer = await remove(jp_fetch, "proj/src/pkg")
    assert answer["removed"] is False
    assert (outside / "pkg").is_dir()


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="the by-descriptor walk is POSIX")
async def test_a_parent_swapped_while_the_worker_walks_leaves_outside_alone(
    jp_fetch, made, tmp_path, monkeypatch
):
    """Even a swap after every path check (here: right after the last, the git folder's
    realpath of the folder) stays inside: the worker walks down from the root by descriptor,
    following no link."""
    root = jp_root_dir_of(made)
    outside = tmp_path / "outside"
    (outside / "pkg").mkdir(parents=True)
    real_realpath = os.path.realpath
    folder = str(root / "proj/src/pkg")
    calls = []

    def realpath_then_swap(p, *args, **kwargs):
        answer = real_realpath(p, *args, **kwargs)
        if os.fspath(p) == folder:
            calls.append(p)
            _swap_for_link(root / "proj/src", outside)  # the handler's git folder check
        return answer

    monkeypatch.setattr(os.path, "realpath", realpath_then_swap)
    answer = await remove(jp_fetch, "proj/src/pkg")
    assert len(calls) == 1
    assert answer["removed"] is False
    assert (outside / "pkg").is_dir()
    assert (root / "proj/src-moved/pkg").is_dir()


async def post_body(jp_fetch, body: dict):
    response = await jp_fetch(
        "nbcraft", "promote", "remove-folder", method="POST", body=json.dumps(body)
    )
    return json.loads(response.body)


async def test_empty_init_goes_with_its_folder_and_only_with_it(jp_fetch, made):
    """Undo Promote's case: every __init__.py promote makes is empty, so "still as promote
    wrote it" held even after another module joined the package; deleting it alone turned the
    package into a namespace package. With ``empty_init`` it goes only with its folder."""
    (made / "__init__.py").write_text("")
    (made / "other.py").write_text("x = 1\n")
    answer = await post_body(jp_fetch, {"path": "proj/src/pkg", "empty_init": True})
    assert answer == {"path": "proj/src/pkg", "removed": False, "missing": False}
    assert (made / "__init__.py").read_text() == ""
    assert (made / "other.py").read_text() == "x = 1\n"

    (made / "other.py").unlink()
    answer = await post_body(jp_fetch, {"path": "proj/src/pkg", "empty_init": True})
    assert answer == {"path": "proj/src/pkg", "removed": True, "missing": False}
    assert not made.exists()


async def test_init_written_to_or_without_empty_init_keeps_the_folder(jp_fetch, made):
    (made / "__init__.py").write_text("")
    # the route's answer for a folder with an __init__.py is unchanged without the flag
    assert (await post_body(jp_fetch, {"path": "proj/src/pkg"}))["removed"] is False
    (made / "__init__.py").write_text("VERSION = 1\n")
    answer = await post_body(jp_fetch, {"path": "proj/src/pkg", "empty_init": True})
    assert answer["removed"] is False
    assert (made / "__init__.py").read_text() == "VERSION = 1\n"


async def test_empty_init_must_be_a_boolean(jp_fetch, made):
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        await post_body(jp_fetch, {"path": "proj/src/pkg", "empty_init": "yes"})
    assert refused.value.code == 400
    assert made.is_dir()


@pytest.mark.parametrize("by_fd", [True, False], ids=["posix-walk", "path-recheck"])
async def test_a_link_already_on_the_way_keeps_the_folder(
    jp_fetch, jp_root_dir, monkeypatch, by_fd
):
    # the review's D2: the parent was resolved before the O_NOFOLLOW walk, so a link met on
    # the way (inside the root) was followed and real/pkg, real/pkg2 and its __init__.py went
    from nbcraft.promote import handlers

    if by_fd and not getattr(handlers, "_WALK_BY_FD", True):
        pytest.skip("no O_NOFOLLOW/dir_fd here")
    monkeypatch.setattr(handlers, "_WALK_BY_FD", by_fd, raising=False)
    root = Path(jp_root_dir)
    (root / "real/pkg").mkdir(parents=True)
    (root / "real/pkg2").mkdir()
    (root / "real/pkg2/__init__.py").write_text("")
    (root / "link").symlink_to("real", target_is_directory=True)
    assert await remove(jp_fetch, "link/pkg") == {
        "path": "link/pkg",
        "removed": False,
        "missing": False,
    }
    answer = await post_body(jp_fetch, {"path": "link/pkg2", "empty_init": True})
    assert answer == {"path": "link/pkg2", "removed": False, "missing": False}
    assert (root / "real/pkg").is_dir()
    assert (root / "real/pkg2/__init__.py").is_file()


def git_folder_at(folder: Path) -> None:
    """What ``git init`` makes, as far as git's is_git_directory looks."""
    (folder / "objects").mkdir(parents=True)
    (folder / "refs/tags").mkdir(parents=True)
    (folder / "HEAD").write_text("ref: refs/heads/main\n")


@pytest.mark.parametrize(
    ("git_folder", "path"),
    [("repo/.git", "repo/gl/refs/tags"), ("meta", "meta/refs/tags"),
     ("sub/GIT~1", "sub/GIT~1/refs/tags")],
)  # fmt: skip
async def test_a_folder_inside_a_git_folder_is_refused(jp_fetch, jp_root_dir, git_folder, path):
    # the review's D3: after ``ln -s .git repo/gl`` or ``git init --separate-git-dir=meta
    # sub``, the route removed the repository's refs/tags (only dot-names were refused)
    root = Path(jp_root_dir)
    git_folder_at(root / git_folder)
    (root / "repo").mkdir(exist_ok=True)
    (root / "repo/gl").symlink_to(".git", target_is_directory=True)
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        await remove(jp_fetch, path)
    assert refused.value.code == 400
    message = json.loads(refused.value.response.body)["message"]
    if git_folder == "meta":  # no .git names it: named by what it holds, as the CLI names it
        assert message == (
            "the folder is inside a git folder (it holds HEAD, objects/ and refs/): promote"
            " removes nothing there (git keeps its refs, hooks and config in it)"
        )
    else:
        assert ".git folder" in message
    assert (root / git_folder / "refs/tags").is_dir()
