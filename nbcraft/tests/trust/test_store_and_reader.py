"""The project config reader (one reader, located errors, SHA-256 of the exact bytes) and the
trust store (real path + hash, 0600, atomic, refused when others could write it). Pure: files
in a temporary folder."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest

from nbcraft.project_config import read_project_config, trusted_section
from nbcraft.trust.store import TrustStore, TrustStoreError

PRIVILEGED = {
    "rules": {"NB101": "off"},
    "promote": {"moduleDir": "src"},
    "tracking": {"uri": "http://127.0.0.1:1"},
    "compute": {"targets": []},
    "pipelines": {"train": {"steps": []}},
}


def test_reader_hashes_the_exact_bytes_and_lists_what_the_file_asks_for(tmp_path):
    raw = json.dumps(PRIVILEGED, indent=3).encode()
    (tmp_path / "nbcraft.json").write_bytes(raw)
    config = read_project_config(tmp_path)
    assert config.path == (tmp_path / "nbcraft.json").resolve()
    assert config.sha256 == hashlib.sha256(raw).hexdigest()
    assert config.requested == ("tracking", "compute", "pipelines")
    assert config.trusted is False and config.held_back is True
    # Lint and promote options act without trust; the privileged keys are held back, and the
    # reason names the file and the key.
    assert config.section("promote") == ({"moduleDir": "src"}, None)
    value, reason = trusted_section(tmp_path, "pipelines")
    assert value is None
    assert reason.startswith("nbcraft.json: pipelines: held back: the file is not trusted")


def test_trust_follows_the_content_and_the_real_path(tmp_path):
    store = TrustStore(tmp_path / "store" / "trusted.json")
    project = tmp_path / "project"
    project.mkdir()
    (project / "nbcraft.json").write_text(json.dumps(PRIVILEGED))
    config = read_project_config(project, store)
    store.trust(config.path, config.sha256)
    assert read_project_config(project, store).trusted is True
    assert trusted_section(project, "pipelines", store) == ({"train": {"steps": []}}, None)
    # The same file through a symlinked folder: one real path, still trusted.
    link = tmp_path / "link"
    link.symlink_to(project)
    assert read_project_config(link, store).trusted is True
    # One byte more: untrusted again.
    (project / "nbcraft.json").write_text(json.dumps(PRIVILEGED) + "\n")
    assert read_project_config(project, store).trusted is False
    # A file with the trusted content at another path is not trusted.
    other = tmp_path / "other"
    other.mkdir()
    (other / "nbcraft.json").write_text(json.dumps(PRIVILEGED))
    assert read_project_config(other, store).trusted is False


def test_pyproject_tool_nbcraft_and_its_keys(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert read_project_config(tmp_path).path is None  # no [tool.nbcraft]: no config
    (tmp_path / "pyproject.toml").write_text('[tool.nbcraft.tracking]\nuri = "http://h:1"\n')
    config = read_project_config(tmp_path)
    assert config.source == "pyproject.toml" and config.requested == ("tracking",)
    assert config.section("tracking")[1].startswith(
        "pyproject.toml: tool.nbcraft.tracking: held back"
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("nbcraft.json", '{"compute": [}', "nbcraft.json: line 1 column 14: invalid JSON"),
        ("nbcraft.json", "[1]", "nbcraft.json: (top level): expected a JSON object"),
        ("pyproject.toml", "[tool.nbcraft\n", "pyproject.toml: (file): invalid TOML"),
        ("pyproject.toml", "[tool]\nnbcraft = 3\n", "pyproject.toml: tool.nbcraft: expected a"),
    ],
)
def test_broken_files_are_located(tmp_path, name, text, expected):
    (tmp_path / name).write_text(text)
    config = read_project_config(tmp_path)
    assert str(config.error).startswith(expected)
    assert config.section("compute") == (None, str(config.error))


def test_store_is_private_atomic_and_revocable(tmp_path):
    store = TrustStore(tmp_path / "data" / "nbcraft" / "trusted.json")
    file = tmp_path / "nbcraft.json"
    file.write_text("{}")
    entry = store.trust(file, "a" * 64)
    assert entry.path == str(file.resolve())
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert [p.name for p in store.path.parent.iterdir() if p.name.startswith(".")] == []
    store.trust(file, "b" * 64)  # a new content replaces the old one
    assert [(e.path, e.sha256) for e in store.entries()] == [(str(file.resolve()), "b" * 64)]
    assert store.revoke(file).sha256 == "b" * 64
    assert store.revoke(file) is None and store.entries() == []


def test_a_store_others_can_write_or_that_is_broken_trusts_nothing(tmp_path):
    store = TrustStore(tmp_path / "trusted.json")
    (tmp_path / "nbcraft.json").write_text(json.dumps(PRIVILEGED))
    config = read_project_config(tmp_path, store)
    store.trust(config.path, config.sha256)
    os.chmod(store.path, 0o666)
    with pytest.raises(TrustStoreError, match="can be written by other users"):
        store.entries()
    again = read_project_config(tmp_path, store)
    assert again.trusted is False and "can be written by other users" in again.trust_problem
    assert "chmod 600" in again.section("compute")[1]
    os.chmod(store.path, 0o600)
    store.path.write_text("{not json")
    with pytest.raises(TrustStoreError, match=str(store.path)):
        store.entries()
    with pytest.raises(TrustStoreError):  # never overwrites what it cannot read
        store.trust(config.path, config.sha256)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,  # json raises RecursionError, not ValueError
        '{"trusted": [], "n": ' + "9" * 5000 + "}",  # int over Python's 4,300-digit limit
    ],
    ids=["nested-too-deeply", "huge-integer"],
)
def test_a_store_json_cannot_take_is_a_located_error_not_a_crash(tmp_path, text):
    store = TrustStore(tmp_path / "trusted.json")
    store.path.write_text(text)
    os.chmod(store.path, 0o600)
    with pytest.raises(TrustStoreError, match="not a valid trust store"):
        store.entries()
    config_dir = tmp_path / "project"
    config_dir.mkdir()
    (config_dir / "nbcraft.json").write_text(json.dumps(PRIVILEGED))
    config = read_project_config(config_dir, store)
    assert config.trusted is False and "not a valid trust store" in config.trust_problem
