"""Attacks on workspace trust found in review, each written before its fix.

Pure: real files, symlinks and a real trust store in a temporary folder."""

from __future__ import annotations

import io
import json

from nbcraft.project_config import read_project_config
from nbcraft.trust import cli
from nbcraft.trust.store import TrustStore

# The user's own project: an interpreter path relative to the project folder.
TRUSTED = {"compute": {"targets": [{"name": "t", "kind": "spark-connect",
                                    "url": "sc://127.0.0.1:15002", "python": "tools/py"}]}}  # fmt: skip


def test_a_symlinked_config_does_not_borrow_the_trust_of_the_file_it_points_to(tmp_path):
    """A cloned repository ships ``nbcraft.json -> ~/mine/nbcraft.json`` (a file the user
    trusted). The bytes and the real path are those of the trusted file, but the config acts
    for the clone's folder: ``tools/py`` would be the clone's script."""
    store = TrustStore(tmp_path / "store" / "trusted.json")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "nbcraft.json").write_text(json.dumps(TRUSTED))
    config = read_project_config(mine, store)
    store.trust(config.path, config.sha256)
    assert read_project_config(mine, store).trusted is True

    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / "nbcraft.json").symlink_to(mine / "nbcraft.json")
    borrowed = read_project_config(clone, store)
    assert borrowed.trusted is False
    assert borrowed.section("compute")[0] is None
    assert "link" in borrowed.trust_problem and str(mine / "nbcraft.json") in borrowed.trust_problem
    # Lint and promote options of a linked file still act (they need no trust).
    assert borrowed.error is None
    # Nor can it be trusted from the clone: the CLI refuses, the store is unchanged.
    before = store.entries()
    err = io.StringIO()
    assert cli._trust(store, str(clone), io.StringIO(), err) == 2
    assert "link" in err.getvalue() and store.entries() == before


def test_a_symlinked_folder_keeps_its_trust(tmp_path):
    """The legitimate case next to it: the whole project reached through a symlinked folder."""
    store = TrustStore(tmp_path / "store" / "trusted.json")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "nbcraft.json").write_text(json.dumps(TRUSTED))
    config = read_project_config(mine, store)
    store.trust(config.path, config.sha256)
    (tmp_path / "alias").symlink_to(mine)
    assert read_project_config(tmp_path / "alias", store).trusted is True
