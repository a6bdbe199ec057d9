"""``GET /nbcraft/promote/existing`` through a real Jupyter server: a file ``hide_globs`` leaves
out of the listing is found (the preview took it for a new file, and the accept was refused),
a hidden path is answered "hidden" whether or not it exists (jupyter_server's hidden-file rule
kept), and a path leaving the root, a user who may not read contents and an anonymous request
are refused."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
import tornado.httpclient
from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.services.contents.filemanager import FileContentsManager

HIDDEN_CHARACTERS = json.loads(
    (Path(__file__).parents[3] / "lint-rules/test/fixtures/hidden-characters.json").read_text()
)
HIDE_GLOBS = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", "test_*", "__init__.py"]


@pytest.fixture
def jp_server_config(jp_server_config):
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["ContentsManager"] = {"hide_globs": HIDE_GLOBS}
    return config


@pytest.fixture
def project(jp_root_dir) -> Path:
    root = Path(jp_root_dir)
    (root / "proj/tests").mkdir(parents=True)
    (root / "proj/tests/test_feat.py").write_text("MY TESTS\n")
    (root / "proj/src/pkg").mkdir(parents=True)
    (root / "proj/src/pkg/__init__.py").write_text("VERSION = 1\n")
    (root / "proj/.secret").mkdir()
    (root / "proj/.secret/feat.py").write_text("KEY = 1\n")
    return root


async def existing(jp_fetch, *paths: str, **kwargs):
    return await jp_fetch(
        "nbcraft", "promote", "existing", params=[("path", p) for p in paths], **kwargs
    )


async def test_finds_what_the_listing_leaves_out(jp_fetch, project):
    listing = await jp_fetch("api", "contents", "proj", "tests")
    assert json.loads(listing.body)["content"] == []
    response = await existing(
        jp_fetch,
        "proj/tests/test_feat.py",
        "proj/src/pkg/__init__.py",
        "proj/src/pkg",
        "proj/src/pkg/feat.py",
    )
    assert json.loads(response.body) == {
        "paths": {
            "proj/tests/test_feat.py": "file",
            "proj/src/pkg/__init__.py": "file",
            "proj/src/pkg": "directory",
            "proj/src/pkg/feat.py": None,
        },
        "refused": {},
    }


async def test_hidden_paths_are_hidden_whether_or_not_they_exist(jp_fetch, project):
    response = await existing(jp_fetch, "proj/.secret/feat.py", "proj/.secret/other.py")
    assert json.loads(response.body)["paths"] == {
        "proj/.secret/feat.py": "hidden",
        "proj/.secret/other.py": "hidden",
    }


@pytest.mark.parametrize("path", ["../outside.py", "proj/../../x.py", "/etc/passwd", "C:x.py"])
async def test_paths_leaving_the_root_are_refused(jp_fetch, project, path):
    body = json.loads((await existing(jp_fetch, path)).body)
    assert body["paths"] == {path: "refused"}
    assert "relative to the Jupyter root" in body["refused"][path]


async def test_one_refused_path_does_not_hide_the_others(jp_fetch, project):
    """The whole batch was a 400: the lab then previewed the existing (hide_globs-hidden)
    test file as a new file, and the accept was refused."""
    body = json.loads(
        (await existing(jp_fetch, "proj/tests/test_feat.py", "src/a\tb.py", "../x.py")).body
    )
    assert body["paths"] == {
        "proj/tests/test_feat.py": "file",
        "src/a\tb.py": "refused",
        "../x.py": "refused",
    }
    assert body["refused"]["src/a\tb.py"].startswith("a path with a control character")
    assert "proj/tests/test_feat.py" not in body["refused"]


@pytest.mark.parametrize(
    ("path", "kind"),
    [("proj/./tests/test_feat.py", "file"), ("./proj/tests/test_feat.py", "file"),
     (".", "directory"), ("proj/.", "directory")],
)  # fmt: skip
async def test_a_dot_segment_is_no_hidden_name(jp_fetch, project, path, kind):
    body = json.loads((await existing(jp_fetch, path)).body)
    assert body["paths"] == {path: kind}


async def test_anonymous_requests_are_refused(jp_fetch, project):
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        await existing(jp_fetch, "proj/tests/test_feat.py", headers={"Authorization": ""})
    assert refused.value.code == 403


class NoContentsAuthorizer(Authorizer):
    """Allows everything but reading ``contents``."""

    def is_authorized(self, handler, user, action, resource):
        return resource != "contents"


class AsyncNoContentsAuthorizer(Authorizer):
    """The same, answered by a coroutine (jupyter_server 2 allows an awaitable): a check
    that does not await it sees a truthy coroutine and lets everyone through."""

    async def is_authorized(self, handler, user, action, resource):
        return resource != "contents"


class TestAUserWhoMayNotReadContents:
    @pytest.fixture(params=[NoContentsAuthorizer, AsyncNoContentsAuthorizer])
    def jp_server_config(self, jp_server_config, request):
        config = {key: dict(value) for key, value in jp_server_config.items()}
        config["ServerApp"]["authorizer_class"] = request.param
        return config

    async def test_is_refused(self, jp_fetch, project):
        with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
            await existing(jp_fetch, "proj/tests/test_feat.py")
        assert refused.value.code == 403


async def test_a_path_nothing_can_be_at_is_nothing(jp_fetch, project):
    """Under a file (ENOTDIR) or a name too long for the file system (ENAMETOOLONG): the
    manager's own stat raises; the route answered 500 and logged the OS path."""
    long_name = "a" * 300
    response = await existing(jp_fetch, "proj/tests/test_feat.py/x", long_name)
    body = json.loads(response.body)
    assert body["paths"] == {"proj/tests/test_feat.py/x": None, long_name: "refused"}
    assert body["refused"][long_name].startswith("a path (or a part of it) too long")


async def test_under_a_hidden_folder_is_hidden_even_below_a_file(jp_fetch, project):
    """A path inside a hidden folder is "hidden" whatever lies below it: under an existing
    file there it was a 500, under a missing one "hidden", telling the two apart."""
    response = await existing(jp_fetch, "proj/.secret/feat.py/x", "proj/.secret/nope.py/x")
    assert json.loads(response.body)["paths"] == {
        "proj/.secret/feat.py/x": "hidden",
        "proj/.secret/nope.py/x": "hidden",
    }


class FlaggedFolderManager(FileContentsManager):
    """The real manager, with ``proj/hid`` hidden by a flag as macOS's UF_HIDDEN hides a
    folder without a dot-name (not settable here): jupyter_server's ``is_hidden`` stats the
    path first, which below a file there raises ENOTDIR; below a missing name, hidden."""

    def is_hidden(self, path):
        if path == "proj/hid" or path.startswith("proj/hid/"):
            try:
                os.stat(self._get_os_path(path))
            except FileNotFoundError:
                pass
            return True
        return super().is_hidden(path)


class TestAFlaggedHiddenFolder:
    @pytest.fixture
    def jp_server_config(self, jp_server_config):
        config = {key: dict(value) for key, value in jp_server_config.items()}
        config["ServerApp"]["contents_manager_class"] = FlaggedFolderManager
        return config

    async def test_below_a_file_there_is_hidden_as_below_a_missing_one(self, jp_fetch, project):
        (project / "proj/hid").mkdir()
        (project / "proj/hid/feat.py").write_text("KEY = 1\n")
        response = await existing(
            jp_fetch, "proj/hid/feat.py/x", "proj/hid/nope.py/x", "proj/tests/test_feat.py/x"
        )
        assert json.loads(response.body)["paths"] == {
            "proj/hid/feat.py/x": "hidden",
            "proj/hid/nope.py/x": "hidden",
            "proj/tests/test_feat.py/x": None,
        }


class LockedFolderManager(FileContentsManager):
    """The real manager, except that stat-ing below ``proj/locked`` fails with EACCES as it
    does for another user: these tests run as root, which reads every folder, so the error
    is raised here instead of by the file system."""

    def is_hidden(self, path):
        if path.startswith("proj/locked/"):
            os_path = self._get_os_path(path)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os_path)
        return super().is_hidden(path)


class TestAnUnreadableFolder:
    @pytest.fixture
    def jp_server_config(self, jp_server_config):
        config = {key: dict(value) for key, value in jp_server_config.items()}
        config["ServerApp"]["contents_manager_class"] = LockedFolderManager
        return config

    async def test_is_a_located_refusal_without_the_servers_path(self, jp_fetch, project):
        response = await existing(jp_fetch, "proj/locked/feat.py", "proj/tests/test_feat.py")
        body = json.loads(response.body)
        assert body["paths"] == {
            "proj/locked/feat.py": "refused",
            "proj/tests/test_feat.py": "file",
        }
        assert "Permission denied" in body["refused"]["proj/locked/feat.py"]
        assert str(project) not in response.body.decode()


@pytest.mark.parametrize("path", ["a\0b.py", "a\x01b.py", "proj/tests/test_feat.py\n"])
async def test_control_characters_are_refused_not_rewritten(jp_fetch, project, path):
    """tornado's ``get_query_arguments`` turns control characters into spaces and strips the
    ends: ``a\\0b.py`` was answered as ``a b.py``, which the lab then did not find."""
    body = json.loads((await existing(jp_fetch, path)).body)
    assert body["paths"] == {path: "refused"}
    # the reason and what to do, as the lab's preview says them for the same path
    # (src/promote/session.ts; test/promote/session.spec.ts): not "relative to the root"
    # (lint-rules/src/promote/texts.ts), worded once in the shared table both are tested with
    control = HIDDEN_CHARACTERS["refusals"]["control"]
    assert body["refused"][path] == f"{control['reason']}: {control['hint']}"


async def test_spaces_at_the_ends_are_kept(jp_fetch, project):
    (project / " a b.py ").write_text("X\n")
    response = await existing(jp_fetch, " a b.py ", "a b.py")
    assert json.loads(response.body)["paths"] == {" a b.py ": "file", "a b.py": None}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
async def test_a_fifo_is_no_regular_file_not_nothing(jp_fetch, project):
    # the review's D6: the preview said "nothing there" for a FIFO (the accept then failed,
    # 409); the CLI refuses it as not a regular file
    (project / "pf").mkdir()
    os.mkfifo(project / "pf/m.py")
    body = json.loads((await existing(jp_fetch, "pf/m.py", "pf/n.py")).body)
    assert body["paths"] == {"pf/m.py": "refused", "pf/n.py": None}
    assert body["refused"]["pf/m.py"].startswith("pf/m.py is not a regular file")
    assert str(project) not in body["refused"]["pf/m.py"]
