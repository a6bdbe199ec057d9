"""``POST /nbcraft/promote/remove-folder`` through a real Jupyter server: a refused promotion's
roll-back removes a folder it made only when the folder holds nothing. The contents API's
listing leaves out hidden names (``.gitkeep``, ``.DS_Store``, a checkpoint) and ``hide_globs``
(``__pycache__``), and its DELETE takes a folder with what it holds (send2trash, the default;
``rmtree`` when only checkpoints are in it), so such a folder went with its content."""

from __future__ import annotations

import json
import os
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
    assert await remove(jp_fetch, "proj/src/pkg") == {"path": "proj/src/pkg", "removed": True}
    assert not made.exists()
    # its parent, which promote made too, is empty now and goes next
    assert await remove(jp_fetch, "proj/src") == {"path": "proj/src", "removed": True}
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
    assert await remove(jp_fetch, "proj/src/pkg") == {"path": "proj/src/pkg", "removed": False}
    assert (made / hidden).read_text() == "theirs\n"
    assert (made / ".ipynb_checkpoints").is_dir()


async def test_a_folder_already_gone_is_removed(jp_fetch, made):
    assert (await remove(jp_fetch, "proj/src/gone"))["removed"] is True


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
     ("", "an empty path")],
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


async def test_a_body_without_a_path_is_refused(jp_fetch, made):
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        await jp_fetch("nbcraft", "promote", "remove-folder", method="POST", body="[]")
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
