"""Promote's temporary names (``<path>.nbcraft-<random>.tmp``, made in the notebook's folder
and renamed into place) are left out of listings, through a real Jupyter server.

Why: the file browser lists the notebook's folder while promote renames and deletes them.
jupyter_server lists a folder by ``lstat`` then ``get`` of each entry, and an entry gone
between the two answers the whole folder 404: JupyterLab then showed "Directory not found"
on the folder the user was in (a modal dialog: a UI test waited its whole time-out behind
it). A name ``hide_globs`` matches is skipped before that ``get``."""

from __future__ import annotations

import json
from pathlib import Path

from nbcraft.promote import TEMPORARY_GLOB

TEMPORARY = "feat.py.nbcraft-k3v9x0aa.tmp"


async def test_a_temporary_name_renamed_during_a_listing_does_not_fail_it(
    jp_fetch, jp_serverapp, jp_root_dir, monkeypatch
):
    folder = Path(jp_root_dir) / "proj"
    folder.mkdir()
    (folder / "analysis.ipynb").write_text("{}")
    (folder / TEMPORARY).write_text("def feat():\n    return 1\n")
    manager = jp_serverapp.contents_manager
    get = manager.get

    def get_after_the_rename(path, *args, **kwargs):
        # promote's rename lands between the listing's lstat and its get of the entry
        if path.endswith(".tmp") and (folder / TEMPORARY).exists():
            (folder / TEMPORARY).rename(folder / "feat.py")
        return get(path, *args, **kwargs)

    monkeypatch.setattr(manager, "get", get_after_the_rename)
    listing = await jp_fetch("api", "contents", "proj")
    assert listing.code == 200
    names = [entry["name"] for entry in json.loads(listing.body)["content"]]
    assert "analysis.ipynb" in names
    assert TEMPORARY not in names


async def test_a_temporary_name_is_still_written_and_renamed_through_contents(
    jp_fetch, jp_serverapp, jp_root_dir
):
    assert TEMPORARY_GLOB in jp_serverapp.contents_manager.hide_globs
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
