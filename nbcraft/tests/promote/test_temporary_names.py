"""Folder listings while promote renames and deletes in them, through a real Jupyter server.

Why: jupyter_server lists a folder by ``lstat`` then ``get`` of each entry, and an entry gone
between the two answered the whole folder 404 (JupyterLab: a "Directory not found" dialog on
the user's own folder; a UI test waited its whole time-out behind it). That race is not only
promote's temporary names: a refused promotion's roll-back DELETEs real files it created
(``test_rolled.py``), and a kernel deletes files too. Hiding ``*.nbcraft-*.tmp`` with
``hide_globs`` covered only the temporary names, and made a left-over temporary item (a
promote interrupted between its PUT and its PATCH: the user's module text) and a user's own
file of that shape invisible, while the lab's message told the user to delete it. Now every
listing leaves out an entry that vanished mid-listing, and shows everything that is there.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError
from tornado.web import HTTPError

TEMPORARY = "feat.py.nbcraft-k3v9x0aa.tmp"


@pytest.fixture(params=["async", "sync"])
def jp_server_config(jp_server_config, request):
    """Both of jupyter_server's file managers: the default async one and the sync one."""
    if request.param == "sync":
        config = {key: dict(value) for key, value in jp_server_config.items()}
        config["ServerApp"]["contents_manager_class"] = (
            "jupyter_server.services.contents.largefilemanager.LargeFileManager"
        )
        return config
    return jp_server_config


def _vanish_during_listing(monkeypatch, manager, name: str, vanish) -> None:
    """``vanish()`` runs between the listing's ``lstat`` of ``name`` and its ``get``."""
    get = manager.get

    def get_after(path, *args, **kwargs):
        if path.endswith("/" + name):
            vanish()
        return get(path, *args, **kwargs)

    monkeypatch.setattr(manager, "get", get_after)


async def _names(jp_fetch, folder: str) -> list[str]:
    try:
        listing = await jp_fetch("api", "contents", folder)
    except HTTPClientError as error:
        pytest.fail(f"the listing of {folder} answered {error.code}")
    assert listing.code == 200
    return [entry["name"] for entry in json.loads(listing.body)["content"]]


async def test_a_temporary_name_renamed_during_a_listing_does_not_fail_it(
    jp_fetch, jp_serverapp, jp_root_dir, monkeypatch
):
    folder = Path(jp_root_dir) / "proj"
    folder.mkdir()
    (folder / "analysis.ipynb").write_text("{}")
    (folder / TEMPORARY).write_text("def feat():\n    return 1\n")

    def rename():
        if (folder / TEMPORARY).exists():
            (folder / TEMPORARY).rename(folder / "feat.py")

    _vanish_during_listing(monkeypatch, jp_serverapp.contents_manager, TEMPORARY, rename)
    names = await _names(jp_fetch, "proj")
    assert "analysis.ipynb" in names
    assert TEMPORARY not in names


async def test_a_real_file_deleted_by_the_roll_back_during_a_listing_does_not_fail_it(
    jp_fetch, jp_serverapp, jp_root_dir, monkeypatch
):
    folder = Path(jp_root_dir) / "proj"
    folder.mkdir()
    (folder / "analysis.ipynb").write_text("{}")
    (folder / "test_rolled.py").write_text("def test(): pass\n")
    (folder / "src").mkdir()

    def delete():
        if (folder / "test_rolled.py").exists():
            (folder / "test_rolled.py").unlink()
            (folder / "src").rmdir()

    _vanish_during_listing(monkeypatch, jp_serverapp.contents_manager, "test_rolled.py", delete)
    names = await _names(jp_fetch, "proj")
    assert "analysis.ipynb" in names
    assert "test_rolled.py" not in names


async def test_a_left_over_temporary_item_and_a_users_own_tmp_file_stay_visible(
    jp_fetch, jp_serverapp, jp_root_dir
):
    folder = Path(jp_root_dir) / "proj"
    folder.mkdir()
    # a promote interrupted between its PUT and its PATCH (tab closed, network lost) leaves these
    (folder / "features.py.nbcraft-ab12cd34.tmp").write_text("def build_features(df):\n    ...\n")
    (folder / "src.nbcraft-ab12cd34.tmp").mkdir()
    (folder / "run.nbcraft-export.tmp").write_text("user data\n")  # the user's own file
    names = await _names(jp_fetch, "proj")
    assert "features.py.nbcraft-ab12cd34.tmp" in names
    assert "src.nbcraft-ab12cd34.tmp" in names
    assert "run.nbcraft-export.tmp" in names


async def test_a_missing_path_asked_for_directly_still_answers_404(jp_fetch, jp_root_dir):
    (Path(jp_root_dir) / "proj").mkdir()
    with pytest.raises(HTTPClientError) as raised:
        await jp_fetch("api", "contents", "proj", "gone.py", params={"content": "0"})
    assert raised.value.code == 404


async def test_a_temporary_name_is_written_and_renamed_through_contents(
    jp_fetch, jp_serverapp, jp_root_dir
):
    (Path(jp_root_dir) / "proj").mkdir()
    body = json.dumps({"type": "file", "format": "text", "content": "X = 1\n"})
    saved = await jp_fetch("api", "contents", "proj", TEMPORARY, method="PUT", body=body)
    assert saved.code == 201
    moved = await jp_fetch(
        "api",
        "contents",
        "proj",
        TEMPORARY,
        method="PATCH",
        body=json.dumps({"path": "proj/feat.py"}),
    )
    assert moved.code == 200
    assert (Path(jp_root_dir) / "proj/feat.py").read_text() == "X = 1\n"
    assert not (Path(jp_root_dir) / "proj" / TEMPORARY).exists()


async def test_an_entry_failing_otherwise_than_404_still_fails_the_listing(
    jp_fetch, jp_serverapp, jp_root_dir, monkeypatch
):
    # only a vanished entry (404) is left out: any other failure is not hidden behind a listing
    folder = Path(jp_root_dir) / "proj"
    folder.mkdir()
    (folder / "broken.py").write_text("X = 1\n")
    manager = jp_serverapp.contents_manager
    file_model = type(manager)._file_model

    def failing(self, path, *args, **kwargs):
        if path.endswith("broken.py"):
            raise HTTPError(500, "the disk failed")
        return file_model(self, path, *args, **kwargs)

    if inspect.iscoroutinefunction(file_model):

        async def failing_async(self, path, *args, **kwargs):
            return await failing(self, path, *args, **kwargs)

        monkeypatch.setattr(type(manager), "_file_model", failing_async)
    else:
        monkeypatch.setattr(type(manager), "_file_model", failing)
    with pytest.raises(HTTPClientError) as raised:
        await jp_fetch("api", "contents", "proj")
    assert raised.value.code == 500
