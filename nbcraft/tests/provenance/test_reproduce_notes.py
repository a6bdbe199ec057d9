"""What ``reproduce --env current`` says about packages installed from the working copy, and
how a rebuilt environment installs them (pure: this environment's own editable install of
nbcraft, from ``pip install -e .`` in set-up, is the example)."""

from __future__ import annotations

import importlib.metadata as md
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from nbcraft.provenance.rebuild import requirements_text, working_copy_installs
from nbcraft.provenance.record_reader import Lock


@pytest.fixture
def source():
    text = md.distribution("nbcraft").read_text("direct_url.json")
    if not text or not json.loads(text).get("dir_info", {}).get("editable"):
        pytest.skip("nbcraft is not installed in editable mode here")
    return Path(unquote(urlsplit(json.loads(text)["url"]).path))


def test_a_working_copy_install_is_named_for_env_current(source, tmp_path):
    lock = Lock.parse(f"# python 3.11\n# nbcraft==0.1.0 (local: file://{source})\nsix==1.16.0\n")
    [note] = working_copy_installs(lock, source)
    assert note.startswith(f"nbcraft is installed here from the working copy ({source})")
    assert working_copy_installs(lock, tmp_path) == []  # another repository: nothing to say


def test_rebuild_installs_a_repository_package_from_the_worktree(source, tmp_path):
    lock = Lock.parse(f"# nbcraft==0.1.0 (local: file://{source})\nsix==1.16.0\n")
    text, folders, notes = requirements_text(lock, source, tmp_path / "tree")
    assert text.splitlines() == ["six==1.16.0", "ipykernel"]
    assert folders == [tmp_path / "tree"]
    assert f"nbcraft is installed from the run's commit ({tmp_path / 'tree'})" in notes
    assert "ipykernel is not in the lock: the newest was added to start the kernel" in notes


def test_a_lock_line_that_is_not_a_version_is_refused():
    from nbcraft.provenance.rebuild import BuildError

    with pytest.raises(BuildError, match="is not a version"):
        requirements_text(Lock.parse("six==${MLFLOW_TRACKING_PASSWORD}\n"))
    # An option after the version is no requirement at all: nothing of it reaches pip.
    assert Lock.parse("six==1.0 --index-url=http://x\n").requirements == {}
