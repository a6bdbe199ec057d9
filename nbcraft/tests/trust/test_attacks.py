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


def test_what_the_file_would_set_is_shown_as_written_not_as_it_renders(tmp_path):
    """The notice and ``jupyter nbcraft trust`` are where the user consents: a terminal
    escape in a target name (clear the line, rewrite it) or a right-to-left override in an
    interpreter path (``tools/\u202eyp.nohtyp`` renders as ``tools/python.py``) must not
    change what they read. Such characters are spelled out."""
    from nbcraft.trust.summary import describe, summary_lines

    hidden = "\x1b\r\u202e\u200b\u2028"
    config = {
        "tracking": {"uri": "http://mlflow.example\u200b.org:5000"},
        "compute": {"targets": [{"name": "gpu\x1b[2K\rsafe", "kind": "spark-connect",
                                 "url": "sc://127.0.0.1:15002", "python": "tools/\u202eyp.nohtyp",
                                 "env": {"TZ\u202e": "UTC"}}]},
        "pipelines": {"train\x1b]0;x\x07": {}},
    }  # fmt: skip
    (tmp_path / "nbcraft.json").write_text(json.dumps(config))
    described = describe(read_project_config(tmp_path, TrustStore(tmp_path / "s.json")))
    text = json.dumps(described, ensure_ascii=False) + "\n".join(summary_lines(described))
    assert [ch for ch in hidden + "\x07" if ch in text] == []
    target = described["targets"][0]
    assert target["python"] == "tools/\\u202eyp.nohtyp"
    assert target["name"] == "gpu\\u001b[2K\\u000dsafe"
    assert described["tracking"]["uri"] == "http://mlflow.example\\u200b.org:5000"
    assert target["envNames"] == ["TZ\\u202e"]
    assert described["pipelines"] == ["train\\u001b]0;x\\u0007"]
